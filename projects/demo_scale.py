"""Many projects at once, to measure the dashboards and reports from 50 to 5,000 projects (``seed_demo --scale N``
builds N × 50) and to let tests build a province of any size in a few seconds.

    seed_scaled_projects(count, *, by, rng_seed="das-agadir-demo") -> int

builds the projects numbered 1 to ``count`` (codes DEMO-00001…) with what the dashboards and reports read: the cost
plan (INDH, holder, partners' fundings), beneficiary lines (targeted and reached by sex and age group), jobs, the
budget line, declared territories (one project in five is split between two communes), ILDH membership, a signed
convention with its parties (the Governor bringing the INDH share) and its tranches, payments and progress entries on
dates spread over the last quarters, a few marchés, and late projects (planned end past, not received). Each block
of 50 has the same mix of statuses (validated, conventionné, in progress, completed, closed, two suspended, one
abandoned); projects are validated over the last three years.

Rows are written with ``bulk_create`` (a few queries per table for the whole set, not one service call per
project): the audit triggers still record every row, under the caller's ``pghistory.context``. The values follow
the services' rules (cost = INDH + holder + partners, tranches sum to the INDH share, payments within their tranche,
the project's progress is its last entry's), so pages read them as they read projects entered by hand.

Idempotent and deterministic: a project is recognised by its code and only missing numbers are built; every value
comes from ``random.Random`` seeded with ``rng_seed`` and the project's number (dates are counted back from today),
so project n is the same whatever ``count`` is. ``by`` is the monitoring agent the payments and progress entries
are recorded by (and the ILDH created by); the head of division (the first active user with the « chef » role, else
``by``) validates. It needs the demo's reference data (phase III programmes, communes, partners with a RIB): call it
after ``seed_demo``, e.g. in a test ``call_command("seed_demo")`` then ``seed_scaled_projects(2000, by=agent)``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from das.models import Axis, BudgetLine, Commune, Locality, Partner, Programme, Sector, User
from projects.models import (
    ILDH,
    Convention,
    ConventionParty,
    Payment,
    Procurement,
    ProgressEntry,
    Project,
    ProjectBeneficiaries,
    ProjectFunding,
    ProjectTerritory,
    Tranche,
)
from projects.models.procurement import add_months

PER_SCALE = 50  # projects per --scale unit
CODE = "DEMO-{number:05d}"
S = Project.Status
# The mix of every block of 50 projects (position in the block → status).
STATUS_MIX = [S.VALIDATED] * 7 + [S.CONVENTIONED] * 8 + [S.IN_PROGRESS] * 20 + [S.COMPLETED] * 7 + [S.CLOSED] * 5
STATUS_MIX += [S.SUSPENDED, S.SUSPENDED, S.ABANDONED]
# How many days before today a project of this status was validated (the three last years at most).
AGE_DAYS = {
    S.VALIDATED: (15, 330),
    S.CONVENTIONED: (60, 600),
    S.IN_PROGRESS: (200, 1000),
    S.COMPLETED: (450, 1040),
    S.CLOSED: (700, 1050),
    S.SUSPENDED: (250, 900),
    S.ABANDONED: (250, 900),
}
K = Partner.Kind
# programme code → holder kinds, sectors, title stems
PROGRAMMES = {
    "P1": (
        (K.COMMUNE, K.COMMUNE_GROUP, K.ASSOCIATION),
        ("EDU", "SANTE", "EAU", "ASSAIN", "ROUTES", "ELEC"),
        ["Construction d'une école", "Aménagement d'une piste rurale", "Adduction d'eau potable", "Centre de santé"],
    ),
    "P2": (
        (K.ASSOCIATION,),
        ("SOCIAL", "SANTE"),
        ["Centre d'accueil pour personnes âgées", "Prise en charge des enfants en situation de rue", "Foyer féminin"],
    ),
    "P3": (
        (K.ASSOCIATION, K.COOPERATIVE, K.GIE),
        ("AGR", "AGRI", "ARTIS", "PECHE", "TOUR", "FORM"),
        ["Unité de valorisation de l'argane", "Atelier de couture", "Rucher collectif", "Gîte rural"],
    ),
    "P4": (
        (K.ASSOCIATION, K.COMMUNE),
        ("EDU", "SANTE", "SPORT", "CULT", "JEUN", "ALPHA"),
        ["Unité de préscolaire", "Transport scolaire", "Maison de jeunes", "Cantine scolaire"],
    ),
}
FUNDERS = (K.COMMUNE, K.PUBLIC_BODY, K.CHAMBER, K.INTERNATIONAL_NGO, K.COMPANY)
PUBLIC_OWNERS = (K.COMMUNE, K.COMMUNE_GROUP)  # holders that run marchés
TRAINING_SECTORS = ("FORM", "ALPHA")
GENERATED_NAME = re.compile(r" \d+$")  # partners and localities added by --scale (left out: see the docstring)
ILDHS = [
    # title, commune, locality (quartier) or "", start year
    ("ILDH de la commune de Tamri 2024–2028", "Tamri", "", 2024),
    ("ILDH de la commune d'Imouzzer Ida Outanane 2024–2028", "Imouzzer Ida Outanane", "", 2024),
    ("ILDH du quartier Tikiouine 2024–2028", "Agadir", "Tikiouine", 2024),
]
ILDH_TEAM = [("Animatrice locale", "F", "Animatrice"), ("Coordinateur local", "M", "Coordinateur local")]
NARRATIVES = [
    ("Installation du chantier et terrassements.", ""),
    ("Fondations et gros œuvre en cours.", ""),
    ("Gros œuvre achevé, second œuvre en cours.", "Retard de livraison des menuiseries."),
    ("Second œuvre et équipements en cours.", ""),
    ("Finitions et essais.", ""),
]
TWO = Decimal("0.01")
BATCH = 1000
BATCH_PROJECTS = 100


def seed_scaled_projects(count: int, *, by, rng_seed: str = "das-agadir-demo") -> int:
    """Build the projects numbered 1 to ``count`` that do not exist yet (see the module's docstring). Returns how
    many were created."""
    codes = {CODE.format(number=n): n for n in range(1, count + 1)}
    existing = set(Project.objects.filter(code__in=codes).values_list("code", flat=True))
    numbers = [n for code, n in codes.items() if code not in existing]
    if not numbers:
        return 0
    world = _World(by, rng_seed)
    # In batches, each its own transaction when the caller has none: the audit chain seals every entry at commit
    # under one head row, and sealing grows with the square of the entries one transaction holds.
    for start in range(0, len(numbers), BATCH_PROJECTS):
        with transaction.atomic():
            _write([world.plan(number) for number in numbers[start : start + BATCH_PROJECTS]], by=by)
    return len(numbers)


class _World:
    """The reference rows the projects pick from, loaded once (base demo data only: its order does not depend on
    --scale, so project n gets the same values at every scale)."""

    def __init__(self, by, rng_seed):
        self.by, self.seed, self.today = by, rng_seed, timezone.localdate()
        self.head = (
            User.objects.filter(is_active=True, role_assignments__role__code="chef").order_by("pk").first() or by
        )
        self.programmes = {
            p.code: p for p in Programme.objects.select_related("phase").filter(phase__code="III", code__in=PROGRAMMES)
        }
        self.axes = {}
        for axis in Axis.objects.filter(programme__in=self.programmes.values()).order_by("code"):
            self.axes.setdefault(axis.programme_id, []).append(axis)
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.lines = {line.code: line for line in BudgetLine.objects.all()}
        self.communes = list(Commune.objects.order_by("code"))
        base = ~Q(name__regex=GENERATED_NAME.pattern)
        partners = list(Partner.objects.filter(base, is_active=True).order_by("name"))
        self.holders = {kind: [p for p in partners if p.kind == kind and p.rib] for kind in K.values}
        self.funders = [p for p in partners if p.kind in FUNDERS]
        self.localities = {}
        for locality in Locality.objects.filter(~Q(name_fr__regex=GENERATED_NAME.pattern)).order_by("name_fr"):
            self.localities.setdefault(locality.commune_id, []).append(locality)
        if not self.programmes or not self.communes or not any(self.holders.values()):
            raise ValueError("seed_scaled_projects needs the demo's reference data (phase III, communes, partners).")
        self.ildhs = self._ildhs()

    def _ildhs(self) -> dict[int, list[ILDH]]:
        """The two or three ILDH projects join (created through the service when missing), by commune."""
        from projects.services.record import MemberLine, ildh_create

        by_commune = {}
        for title, commune_name, locality_name, start in ILDHS:
            ildh = ILDH.objects.filter(title=title).first()
            commune = next((c for c in self.communes if c.name_fr == commune_name), None)
            if ildh is None and commune is not None:
                locality = Locality.objects.filter(commune=commune, name_fr=locality_name).first()
                if locality_name and locality is None:
                    continue
                ildh = ildh_create(
                    by=self.by,
                    title=title,
                    commune=commune,
                    locality=locality,
                    start_year=start,
                    end_year=start + 4,
                    diagnostic_summary="Diagnostic participatif avec le comité local de développement humain.",
                    members=[
                        MemberLine(f"{name} {commune_name}", sex, function, "") for name, sex, function in ILDH_TEAM
                    ],
                )
            if ildh is not None:
                by_commune.setdefault(ildh.commune_id, []).append(ildh)
        return by_commune

    def rng(self, number) -> random.Random:
        return random.Random(f"{self.seed}:scaled-project:{number}")  # noqa: S311 (demo values, not secrets)

    def before_today(self, day: dt.date, days: int = 1) -> dt.date:
        return min(day, self.today - dt.timedelta(days=days))

    def plan(self, number: int) -> dict:
        """Everything about project ``number``: the project and its lines, unsaved."""
        rng = self.rng(number)
        today = self.today
        status = STATUS_MIX[(number - 1) % PER_SCALE]
        code = rng.choice(sorted(self.programmes))
        programme = self.programmes[code]
        kinds, sector_codes, stems = PROGRAMMES[code]
        holders = [p for kind in kinds for p in self.holders[kind]] or [p for ps in self.holders.values() for p in ps]
        holder = rng.choice(holders)
        commune = next((c for c in self.communes if c.pk == holder.commune_id), None)
        if commune is None or (holder.kind not in PUBLIC_OWNERS and rng.random() < 0.4):
            commune = rng.choice(self.communes)
        localities = self.localities.get(commune.pk, [])
        locality = rng.choice(localities) if localities and rng.random() < 0.6 else None
        sector = self.sectors.get(rng.choice(sector_codes))
        axes = self.axes.get(programme.pk, [])

        low, high = AGE_DAYS[status]
        earliest = dt.date(today.year - 2, 1, 1)
        validated_on = max(today - dt.timedelta(days=rng.randint(low, high)), earliest)
        duration = rng.choice([6, 9, 12, 18, 24])
        cost = Decimal(rng.randrange(150, 4000)) * 1000
        indh = (cost * Decimal(rng.choice(["0.5", "0.6", "0.7", "0.8"]))).quantize(Decimal("1000"))
        funders = [p for p in self.funders if p.pk != holder.pk]
        fundings = []
        for partner in rng.sample(funders, k=min(len(funders), rng.choice([0, 0, 1, 1, 2]))):
            fundings.append((partner, (cost * Decimal(rng.choice(["0.05", "0.1", "0.15"]))).quantize(Decimal("1000"))))
        holder_part = cost - indh - sum((amount for _p, amount in fundings), Decimal(0))
        if holder_part < 0:  # partners would pass the cost: keep one
            fundings, holder_part = fundings[:0], cost - indh

        signed = status not in (S.VALIDATED,) and not (status == S.ABANDONED and rng.random() < 0.5)
        signed_on = self.before_today(validated_on + dt.timedelta(days=rng.randint(20, 90)), 3) if signed else None
        planned_start = (signed_on or validated_on) + dt.timedelta(days=rng.randint(15, 60))
        if status in (S.VALIDATED, S.CONVENTIONED) and rng.random() < 0.75:  # most not due to start yet
            planned_start = max(planned_start, today + dt.timedelta(days=rng.randint(10, 120)))
        elif status == S.IN_PROGRESS and rng.random() < 0.7:  # most within their planned duration
            months_done = (today.year - planned_start.year) * 12 + today.month - planned_start.month
            duration = min(max(duration, months_done + rng.randint(1, 8)), 48)
        planned_end = add_months(planned_start, duration)
        started = status in (S.IN_PROGRESS, S.COMPLETED, S.CLOSED, S.SUSPENDED) and signed
        actual_start = (
            max(self.before_today(planned_start + dt.timedelta(days=rng.randint(0, 45)), 2), signed_on)
            if started
            else None
        )
        provisional = final = None
        if status in (S.COMPLETED, S.CLOSED):
            provisional = self.before_today(
                add_months(actual_start, duration) + dt.timedelta(days=rng.randint(-20, 90))
            )
            provisional = max(provisional, actual_start + dt.timedelta(days=1))
            if status == S.CLOSED:
                final = max(self.before_today(provisional + dt.timedelta(days=rng.randint(180, 365))), provisional)

        is_agr = code == "P3" and rng.random() < 0.5
        line_code = "R02" if is_agr or code == "P3" else "R03" if sector and sector.code in TRAINING_SECTORS else "R01"
        ildhs = self.ildhs.get(commune.pk, [])
        ildh = rng.choice(ildhs) if ildhs and rng.random() < 0.6 else None
        jobs_planned = rng.randrange(0, 40) if code in ("P3", "P2") else rng.randrange(0, 8)
        project = Project(
            code=CODE.format(number=number),
            title=f"{rng.choice(stems)} – {commune.name_fr} ({number})",
            summary="Projet de démonstration (jeu de données à grande échelle).",
            origin=Project.Origin.DIRECT,
            phase=programme.phase,
            programme=programme,
            axis=rng.choice(axes) if axes else None,
            holder=holder,
            commune=commune,
            locality=locality,
            sector=sector,
            budget_line=self.lines.get(line_code),
            ildh=ildh,
            latitude=Decimal(f"{rng.uniform(30.35, 30.85):.6f}"),
            longitude=Decimal(f"{rng.uniform(-9.85, -9.25):.6f}"),
            estimated_cost=cost,
            indh_share=indh,
            holder_contribution=holder_part,
            duration_months=duration,
            validated_on=validated_on,
            status=status,
            planned_start=planned_start,
            planned_end=planned_end,
            actual_start=actual_start,
            provisional_reception_on=provisional,
            final_reception_on=final,
            jobs_planned=jobs_planned,
            jobs_created=0 if not started else min(jobs_planned, rng.randrange(0, jobs_planned + 1) + 1),
            is_agr=is_agr,
            agr_feasibility_done=is_agr,
            agr_feasibility_on=validated_on - dt.timedelta(days=rng.randint(30, 120)) if is_agr else None,
        )
        if status in (S.SUSPENDED, S.ABANDONED):
            project.suspended_from_status = S.IN_PROGRESS if started else S.CONVENTIONED if signed else ""
            project.status_reason = rng.choice(
                ["Litige foncier sur le terrain d'assiette.", "Défaillance du porteur.", "Étude technique à reprendre."]
            )
            if status == S.ABANDONED:
                project.suspended_from_status = ""

        plan = {"project": project, "fundings": fundings, "rng": rng}
        plan["territories"] = self._territories(rng, commune, locality)
        plan["progress"] = self._progress(rng, project) if started else []
        if plan["progress"]:
            last_on, last_percent, *_ = plan["progress"][-1]
            project.physical_progress, project.progress_updated_on = last_percent, last_on
        plan["beneficiaries"] = self._beneficiaries(rng, project, started)
        plan["convention"] = self._convention(rng, project, signed_on, fundings, plan["progress"]) if signed else None
        plan["procurement"] = (
            self._procurement(rng, number, project) if holder.kind in PUBLIC_OWNERS and started else None
        )
        return plan

    def _territories(self, rng, commune, locality):
        """One project in five covers two communes, 60 / 40 (the main commune keeps the larger share)."""
        if rng.random() >= 0.2:
            return []
        other = rng.choice([c for c in self.communes if c.pk != commune.pk])
        return [(commune, locality, Decimal("60")), (other, None, Decimal("40"))]

    def _beneficiaries(self, rng, project, started):
        """Targeted lines (the project's totals follow them, as the record's service does), reached ones once
        started."""
        B = ProjectBeneficiaries
        groups = rng.sample(list(B.AgeGroup.values), k=rng.randint(1, 3))
        lines = []
        for age in groups:
            for sex in (B.Sex.FEMALE, B.Sex.MALE):
                if rng.random() < 0.85:
                    lines.append((B.Kind.TARGETED, sex, age, rng.randint(5, 400)))
        if not lines:
            lines.append((B.Kind.TARGETED, B.Sex.FEMALE, groups[0], rng.randint(5, 400)))
        if started:
            share = project.physical_progress or rng.randint(30, 100)
            reached = [(B.Kind.REACHED, sex, age, max(1, count * share // 100)) for _kind, sex, age, count in lines[:]]
            lines += reached
        targeted = [line for line in lines if line[0] == B.Kind.TARGETED]
        project.beneficiaries_total = sum(line[3] for line in targeted)
        project.beneficiaries_women = sum(line[3] for line in targeted if line[1] == B.Sex.FEMALE)
        project.beneficiaries_youth = sum(line[3] for line in targeted if line[2] == B.AgeGroup.YOUTH)
        project.beneficiaries_disabled = min(project.beneficiaries_total, rng.randrange(0, 12))
        return lines

    def _progress(self, rng, project):
        """Entries about every quarter from the start to the reception (or today), rising to the last percent."""
        end = project.provisional_reception_on or project.final_reception_on or self.today
        if project.status == S.SUSPENDED:
            end = self.before_today(project.actual_start + dt.timedelta(days=rng.randint(60, 300)))
        span = max((end - project.actual_start).days, 1)
        steps = max(1, min(8, span // 90))
        if project.status in (S.COMPLETED, S.CLOSED):
            final = 100
        elif project.status == S.SUSPENDED:
            final = rng.randint(10, 60)
        else:
            elapsed = (self.today - project.actual_start).days / max(
                (project.planned_end - project.actual_start).days, 1
            )
            final = max(5, min(95, int(elapsed * 100 * rng.uniform(0.55, 1.0))))
        entries, previous = [], 0
        for step in range(1, steps + 1):
            on = project.actual_start + dt.timedelta(days=span * step // steps)
            on = self.before_today(on)
            if entries and on <= entries[-1][0]:
                continue
            percent = max(previous, final * step // steps)
            narrative, problems = NARRATIVES[min(len(NARRATIVES) - 1, (percent * len(NARRATIVES)) // 101)]
            entries.append((on, percent, narrative, problems if rng.random() < 0.5 else ""))
            previous = percent
        return entries

    def _convention(self, rng, project, signed_on, fundings, progress):
        status = project.status
        convention_status = {
            S.IN_PROGRESS: Convention.Status.EXECUTING,
            S.COMPLETED: Convention.Status.EXECUTING,
            S.CLOSED: Convention.Status.CLOSED,
            S.SUSPENDED: Convention.Status.EXECUTING if project.actual_start else Convention.Status.SIGNED,
        }.get(status, Convention.Status.SIGNED)
        validated_at = timezone.make_aware(dt.datetime.combine(signed_on - dt.timedelta(days=12), dt.time(10)))
        convention = Convention(
            reference=f"CONV-{project.code}",
            year=signed_on.year,
            title=project.title,
            status=convention_status,
            validated_at=validated_at,
            validated_by=self.head,
            transmitted_at=validated_at + dt.timedelta(days=2),
            signed_on=signed_on,
            execution_started_on=project.actual_start if convention_status != Convention.Status.SIGNED else None,
            closed_on=project.final_reception_on if convention_status == Convention.Status.CLOSED else None,
        )
        parties = [(ConventionParty.Kind.GOVERNOR, None, project.indh_share)]
        parties.append((ConventionParty.Kind.HOLDER, project.holder, project.holder_contribution))
        parties += [(ConventionParty.Kind.PARTNER, partner, amount) for partner, amount in fundings]
        shares = rng.choice(
            [[Decimal("1")], [Decimal("0.5"), Decimal("0.5")], [Decimal("0.4"), Decimal("0.4"), Decimal("0.2")]]
        )
        amounts = [(project.indh_share * share).quantize(TWO) for share in shares[:-1]]
        amounts.append(project.indh_share - sum(amounts, Decimal(0)))
        # Payments follow progress: the first tranche after the start, the next ones once the works reached their share
        # of the whole (a closed project was paid in full, the last tranche after the reception).
        tranches, reached = [], Decimal(0)
        for number, amount in enumerate(amounts, start=1):
            threshold = int(reached * 100 / project.indh_share) if number > 1 else None
            paid_on = None
            if project.actual_start and number == 1:
                paid_on = project.actual_start + dt.timedelta(days=rng.randint(10, 60))
            elif project.actual_start:
                entry = next((on for on, percent, *_ in progress if percent >= threshold), None)
                if entry is not None:
                    paid_on = entry + dt.timedelta(days=rng.randint(10, 45))
                elif status == S.CLOSED:
                    paid_on = project.provisional_reception_on + dt.timedelta(days=rng.randint(20, 60))
            if paid_on is not None:
                paid_on = max(self.before_today(paid_on), signed_on)
            tranches.append(
                {
                    "tranche": Tranche(
                        number=number,
                        amount=amount,
                        conditions="Ordre de service notifié."
                        if number == 1
                        else "Justification de la tranche précédente et avancement physique atteint.",
                        due_on=signed_on + dt.timedelta(days=30 + (number - 1) * 150),
                        progress_threshold=threshold,
                        conditions_met_on=paid_on,
                        conditions_met_by=self.head if paid_on else None,
                        released=paid_on is not None,
                        released_on=paid_on,
                    ),
                    "paid_on": paid_on,
                }
            )
            reached += amount
        return {"convention": convention, "parties": parties, "tranches": tranches}

    def _procurement(self, rng, number, project):
        """A marché of works awarded by the public holder; one in three is past its contractual end, not received."""
        published = self.before_today(project.actual_start - dt.timedelta(days=rng.randint(60, 120)), 60)
        awarded_on = self.before_today(published + dt.timedelta(days=40), 30)
        service_order = max(awarded_on, self.before_today(project.actual_start, 20))
        months = rng.choice([4, 6, 8])
        received = project.provisional_reception_on if rng.random() < 0.67 else None
        estimate = (project.estimated_cost * Decimal("0.6")).quantize(Decimal("1000"))
        return Procurement(
            reference=f"M-{project.code}",
            procedure=Procurement.Procedure.OPEN_TENDER,
            subject=f"Travaux — {project.title}",
            estimated_amount=estimate,
            published_on=published,
            bids_opened_on=published + dt.timedelta(days=25),
            awarded_on=awarded_on,
            contractor_name=rng.choice(["Souss Bâtiment SARL", "Entreprise Atlas Travaux", "Argana BTP"]),
            awarded_amount=(estimate * Decimal(rng.choice(["0.92", "0.97", "1.03"]))).quantize(Decimal("100")),
            service_order_on=service_order,
            duration=months,
            duration_unit=Procurement.DurationUnit.MONTHS,
            planned_end_on=add_months(service_order, months),
            provisional_reception_on=received,
        )


def _write(plans: list[dict], *, by) -> None:
    """One bulk insert per table for the whole set (projects first, so that their lines get their keys)."""
    projects = Project.objects.bulk_create([plan["project"] for plan in plans], batch_size=BATCH)
    for plan, project in zip(plans, projects, strict=True):
        plan["project"] = project

    def bulk(model, rows):
        model.objects.bulk_create(rows, batch_size=BATCH)

    bulk(
        ProjectFunding,
        [
            ProjectFunding(project=p["project"], partner=partner, amount=amount)
            for p in plans
            for partner, amount in p["fundings"]
        ],
    )
    bulk(
        ProjectTerritory,
        [
            ProjectTerritory(project=p["project"], commune=commune, locality=locality, share=share)
            for p in plans
            for commune, locality, share in p["territories"]
        ],
    )
    bulk(
        ProjectBeneficiaries,
        [
            ProjectBeneficiaries(project=p["project"], kind=kind, sex=sex, age_group=age, count=count)
            for p in plans
            for kind, sex, age, count in p["beneficiaries"]
        ],
    )
    bulk(
        ProgressEntry,
        [
            ProgressEntry(
                project=p["project"],
                recorded_on=on,
                percent=percent,
                narrative=narrative,
                problems=problems,
                recorded_by=by,
            )
            for p in plans
            for on, percent, narrative, problems in p["progress"]
        ],
    )
    procurements = [p["procurement"] for p in plans if p["procurement"] is not None]
    for plan in plans:
        if plan["procurement"] is not None:
            plan["procurement"].project = plan["project"]
    bulk(Procurement, procurements)

    signed = [p for p in plans if p["convention"] is not None]
    for plan in signed:
        plan["convention"]["convention"].project = plan["project"]
    conventions = Convention.objects.bulk_create([p["convention"]["convention"] for p in signed], batch_size=BATCH)
    parties, tranches = [], []
    for plan, convention in zip(signed, conventions, strict=True):
        for position, (kind, partner, amount) in enumerate(plan["convention"]["parties"]):
            parties.append(
                ConventionParty(
                    convention=convention, kind=kind, partner=partner, contribution=amount, position=position
                )
            )
        for row in plan["convention"]["tranches"]:
            row["tranche"].convention = convention
            tranches.append(row)
    bulk(ConventionParty, parties)
    Tranche.objects.bulk_create([row["tranche"] for row in tranches], batch_size=BATCH)
    bulk(
        Payment,
        [
            Payment(
                tranche=row["tranche"],
                paid_on=row["paid_on"],
                amount=row["tranche"].amount,
                payment_order=f"OP-{row['tranche'].convention.reference}-{row['tranche'].number}",
                rib=row["tranche"].convention.project.holder.rib,
                recorded_by=by,
            )
            for row in tranches
            if row["paid_on"] is not None
        ],
    )
