"""Demo sessions of the current year's plan (run after the people, needs and plans demo data): three sessions held
— presences on every day for most participants, evaluations, the trainer's report, two of them closed with their
attestations issued — and one planned. Built through training.services.sessions; running it again adds nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from training import session_selectors as selectors
from training.models import Person, TrainingPlan, TrainingSession
from training.services import sessions as services

# (action rank in the plan, days before today it starts (negative: in the future), days, place, trainer, cost, closed)
SESSIONS = [
    (0, 75, 2, "Salle de réunion de la Préfecture, Agadir", "Karim Benali", Decimal("18500.00"), True),
    (1, 45, 3, "Maison de la jeunesse d'Aourir", "Naima El Idrissi", Decimal("24000.00"), True),
    (2, 20, 2, "Centre socio-éducatif de Tikiouine", "Youssef Amrani", Decimal("15200.00"), False),
    (3, -21, 2, "Salle de réunion de la Préfecture, Agadir", "Khadija Ouhammou", None, False),
]
PARTICIPANTS = 8
EVALUATIONS = [
    {"content": 4, "trainer": 5, "organisation": 4, "materials": 3, "usefulness": 5},
    {"content": 5, "trainer": 4, "organisation": 3, "materials": 4, "usefulness": 4},
    {"content": 4, "trainer": 4, "organisation": 4, "materials": 4, "usefulness": 5},
]
COMMENTS = ["Contenu très utile pour le montage des projets.", "Prévoir plus d'exercices pratiques.", ""]
REPORT = (
    "La session s'est déroulée dans de bonnes conditions. Les participants ont travaillé en groupes sur des cas "
    "réels de leur commune. Points à renforcer : le suivi financier et la rédaction des comptes rendus."
)


def seed(*, by, **_kw) -> int:
    """Records created (sessions, invitations, presences, evaluations). Needs the current year's plan « en
    exécution » with at least four actions, and people in the register."""
    today = timezone.localdate()
    plan = TrainingPlan.objects.filter(year=today.year).first()
    if plan is None or plan.status != TrainingPlan.Status.IN_PROGRESS:
        raise RuntimeError(
            f"demo_sessions: the {today.year} training plan « en_execution » is missing "
            "(run the plans demo data first: training.demo_plans)."
        )
    actions = list(plan.actions.select_related("module", "provider_partner").order_by("number"))
    if len(actions) < len(SESSIONS):
        raise RuntimeError(f"demo_sessions: the {today.year} plan needs at least {len(SESSIONS)} actions.")
    people = list(Person.objects.filter(is_active=True).order_by("pk"))
    if len(people) < PARTICIPANTS:
        raise RuntimeError(f"demo_sessions: the register needs at least {PARTICIPANTS} people (training.demo_people).")
    created = 0
    for number, (rank, before, length, place, trainer, cost, closed) in enumerate(SESSIONS):
        action = actions[rank]
        start = today - datetime.timedelta(days=before)
        if TrainingSession.objects.filter(action=action, start_date=start).exists():
            continue
        if TrainingSession.objects.filter(action=action, place=place, trainer=trainer).exists():
            continue  # seeded on another day: the same session
        session = services.session_create(
            by=by,
            action=action,
            start_date=start,
            end_date=start + datetime.timedelta(days=length - 1),
            place=place,
            trainer=trainer,
            commune=action.commune,
            provider_partner=action.provider_partner,
        )
        created += 1
        # Participants of the action's target group first, then others, a different group per session.
        chosen = sorted(people, key=lambda p: (p.actor_type != action.target_group, (p.pk + number * 3) % 17))
        for person in chosen[:PARTICIPANTS]:
            services.participant_invite(by=by, session=session, person=person)
            created += 1
        if before <= 0:
            continue
        page = selectors.session_page(session)
        present = set()
        for index, row in enumerate(page.rows):
            # Most attend every day; the last one missed the last day (no attestation for them).
            days = page.days[:-1] if index == len(page.rows) - 1 else page.days
            present |= {(row.participant.pk, day.pk) for day in days}
        services.attendance_save(by=by, session=session, present=present, expected_stamp=page.stamp)
        created += len(present)
        session = services.session_hold(session=session, by=by)
        for index, scores in enumerate(EVALUATIONS):
            participant = page.rows[index].participant if index < 2 else None
            services.evaluation_add(
                by=by, session=session, participant=participant, scores=scores, comment=COMMENTS[index]
            )
            created += 1
        services.report_save(by=by, session=session, trainer_report=REPORT, actual_cost=cost)
        if closed:
            session = services.session_close(session=session, by=by)
            services.certificates_issue_all(by=by, session=session)
    return created
