"""Conventions: drafting from the template, parties = cost plan, articles, numbering, and every transition allowed
and refused (by role and by state)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from das.models import Attachment
from das.workflow import TransitionRefused
from projects.models import Convention, ConventionParty, ConventionTemplate
from projects.services import conventions as services
from projects.services.conventions import PartyLine
from tests.committees.test_meeting_services import approved_project
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
Status = Convention.Status
Kind = ConventionParty.Kind
ROLES = [
    "administrateur",
    "chef",
    "suivi_evaluation",
    "communication",
    "formation",
    "coordination",
    "secretariat_cpdh",
    "cabinet",
    "dbm",
    "auditeur",
]


def tiny_pdf(name="convention-signee.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


@pytest.fixture
def project(role_users):
    """Cost 500 000: INDH 300 000, holder 50 000, one partner 150 000."""
    return approved_project(role_users)


@pytest.fixture
def draft(project, role_users):
    return services.convention_create(project=project, by=role_users["suivi_evaluation"])


def at(convention, status, role_users):
    """The convention brought to ``status`` through the services."""
    agent, head, cabinet = role_users["suivi_evaluation"], role_users["chef"], role_users["cabinet"]
    steps = [
        (Status.VALIDATED, lambda c: services.convention_validate(convention=c, by=head)),
        (Status.TRANSMITTED, lambda c: services.convention_transmit(convention=c, by=agent)),
        (
            Status.SIGNED,
            lambda c: services.convention_sign(
                convention=c, by=cabinet, signed_on=timezone.localdate(), scan=tiny_pdf()
            ),
        ),
        (Status.EXECUTING, lambda c: services.convention_start(convention=c, by=agent, on=timezone.localdate())),
    ]
    for target, step in steps:
        if convention.status == status:
            break
        convention = step(convention)
        assert convention.status == target
    assert convention.status == status
    return convention


# --- Drafting -----------------------------------------------------------------------------------------------------


def test_a_draft_takes_its_parties_from_the_cost_plan_and_its_articles_from_the_template(draft, project):
    assert draft.status == Status.DRAFT and draft.title == project.title
    parties = [(p.kind, p.partner, p.contribution) for p in draft.parties.all()]
    funding = project.fundings.get()
    assert parties == [
        (Kind.GOVERNOR, None, Decimal("300000")),
        (Kind.HOLDER, project.holder, Decimal("50000")),
        (Kind.PARTNER, funding.partner, Decimal("150000")),
    ]
    template = ConventionTemplate.objects.get(is_default=True)
    assert draft.template == template
    assert [a.number for a in draft.articles.all()] == [a.number for a in template.articles.all()]
    first = draft.articles.get(number=1)
    assert project.title in first.body_fr and project.code in first.body_fr and "{" not in first.body_fr
    assert project.title in first.body_ar
    contributions = draft.articles.get(title_fr="Contributions financières")
    assert "500\u202f000,00\u00a0DH" in contributions.body_fr


def test_the_template_edited_by_the_head_is_what_the_next_draft_copies(project, role_users):
    head = role_users["chef"]
    template = services.template_ensure_default(by=head)
    rows = [
        {"id": a.pk, "delete": a.number > 2, **{f: getattr(a, f) for f in services.ARTICLE_FIELDS}}
        for a in template.articles.all()
    ]
    rows[0]["body_fr"] = "Objet : {projet}, pour {duree} mois."
    rows.append(
        {"id": None, "number": 3, "title_fr": "Litiges", "title_ar": "", "body_fr": "À l'amiable.", "body_ar": ""}
    )
    services.template_articles_save(template=template, by=head, rows=rows)
    assert template.articles.count() == 3
    with pytest.raises(PermissionDenied):
        services.template_articles_save(template=template, by=role_users["suivi_evaluation"], rows=rows[:1])
    convention = services.convention_create(project=project, by=role_users["suivi_evaluation"])
    assert [a.number for a in convention.articles.all()] == [1, 2, 3]
    assert convention.articles.get(number=1).body_fr == f"Objet : {project.title}, pour {project.duration_months} mois."


def test_template_articles_must_keep_distinct_numbers(role_users):
    head = role_users["chef"]
    template = services.template_ensure_default(by=head)
    rows = [{"id": a.pk, **{f: getattr(a, f) for f in services.ARTICLE_FIELDS}} for a in template.articles.all()]
    rows[1]["number"] = rows[0]["number"]
    with pytest.raises(ValidationError, match="même numéro"):
        services.template_articles_save(template=template, by=head, rows=rows)


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"suivi_evaluation"}))
def test_only_the_dossier_managers_draft_a_convention(project, role_users, role):
    with pytest.raises(PermissionDenied):
        services.convention_create(project=project, by=role_users[role])


def test_one_live_convention_per_project(draft, project, role_users):
    with pytest.raises(TransitionRefused, match="déjà une convention"):
        services.convention_create(project=project, by=role_users["suivi_evaluation"])


def test_conventions_are_numbered_per_year(role_users):
    agent = role_users["suivi_evaluation"]
    first = services.convention_create(project=approved_project(role_users), by=agent, today=dt.date(2026, 3, 1))
    second = services.convention_create(project=approved_project(role_users), by=agent, today=dt.date(2026, 9, 1))
    next_year = services.convention_create(project=approved_project(role_users), by=agent, today=dt.date(2027, 1, 5))
    assert (first.reference, second.reference, next_year.reference) == (
        "CONV-2026-0001",
        "CONV-2026-0002",
        "CONV-2027-0001",
    )
    assert (first.year, next_year.year) == (2026, 2027)


# --- Parties ------------------------------------------------------------------------------------------------------


def test_parties_must_bring_the_cost_plan(draft, project, role_users):
    agent = role_users["suivi_evaluation"]
    funding = project.fundings.get()
    other = PartnerFactory()
    lines = [
        PartyLine(Kind.GOVERNOR, None, Decimal("300000")),
        PartyLine(Kind.HOLDER, project.holder, Decimal("50000")),
        PartyLine(Kind.PARTNER, funding.partner, Decimal("100000")),
    ]
    with pytest.raises(ValidationError) as refused:
        services.convention_set_parties(convention=draft, by=agent, parties=lines)
    assert "doit égaler le coût du projet (500\u202f000,00\u00a0DH)" in " ".join(refused.value.messages)
    # Another partner brings the missing 50 000: accepted.
    lines.append(PartyLine(Kind.PARTNER, other, Decimal("50000")))
    services.convention_set_parties(convention=draft, by=agent, parties=lines)
    assert draft.parties.count() == 4
    # The INDH share is the CPDH's: moving 10 000 from the holder to the INDH is refused, though the total is right.
    lines[0].contribution, lines[1].contribution = Decimal("310000"), Decimal("40000")
    with pytest.raises(ValidationError, match="part INDH décidée par le CPDH"):
        services.convention_set_parties(convention=draft, by=agent, parties=lines)
    # The holder is always a party.
    with pytest.raises(ValidationError, match="porteur du projet"):
        services.convention_set_parties(
            convention=draft,
            by=agent,
            parties=[
                PartyLine(Kind.GOVERNOR, None, Decimal("300000")),
                PartyLine(Kind.PARTNER, funding.partner, Decimal("200000")),
            ],
        )


def test_parties_change_only_in_draft_and_by_the_dossier_managers(draft, project, role_users):
    lines = services.parties_from_cost_plan(project)
    with pytest.raises(PermissionDenied):
        services.convention_set_parties(convention=draft, by=role_users["chef"], parties=lines)
    validated = at(draft, Status.VALIDATED, role_users)
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.convention_set_parties(convention=validated, by=role_users["suivi_evaluation"], parties=lines)


def test_validation_checks_the_totals_again(draft, project, role_users):
    """The cost plan may have changed since the draft (a rectified CPDH decision): validation checks again."""
    project.indh_share = Decimal("250000")
    project.estimated_cost = Decimal("450000")
    project.save()
    with pytest.raises(TransitionRefused, match="coût du projet"):
        services.convention_validate(convention=draft, by=role_users["chef"])


# --- Articles -----------------------------------------------------------------------------------------------------


def article_rows(convention):
    return [{"id": a.pk, **{f: getattr(a, f) for f in services.ARTICLE_FIELDS}} for a in convention.articles.all()]


def test_articles_are_editable_in_draft_only(draft, role_users):
    agent = role_users["suivi_evaluation"]
    rows = article_rows(draft)
    rows[0]["body_fr"] = "Objet amendé pour ce projet."
    rows[0]["number"], rows[1]["number"] = rows[1]["number"], rows[0]["number"]  # swap two numbers
    services.convention_edit(convention=draft, by=agent, title="Convention argan", rows=rows)
    draft.refresh_from_db()
    assert draft.title == "Convention argan"
    assert draft.articles.get(number=2).body_fr == "Objet amendé pour ce projet."
    template_first = ConventionTemplate.objects.get().articles.get(number=1)
    assert template_first.body_fr != "Objet amendé pour ce projet."  # the template keeps its text
    with pytest.raises(PermissionDenied):
        services.convention_edit(convention=draft, by=role_users["auditeur"], title="x", rows=rows)
    validated = at(draft, Status.VALIDATED, role_users)
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.convention_edit(convention=validated, by=agent, title="Autre", rows=article_rows(validated))


# --- Transitions --------------------------------------------------------------------------------------------------

TRANSITIONS = {
    # name: (state it starts from, who may, service call)
    "validate": (Status.DRAFT, "chef", lambda c, u: services.convention_validate(convention=c, by=u)),
    "reopen": (Status.VALIDATED, "chef", lambda c, u: services.convention_reopen(convention=c, by=u)),
    "transmit": (Status.VALIDATED, "suivi_evaluation", lambda c, u: services.convention_transmit(convention=c, by=u)),
    "sign": (
        Status.TRANSMITTED,
        "cabinet",
        lambda c, u: services.convention_sign(convention=c, by=u, signed_on=timezone.localdate(), scan=tiny_pdf()),
    ),
    "return": (
        Status.TRANSMITTED,
        "cabinet",
        lambda c, u: services.convention_return(convention=c, by=u, observations="Revoir l'article 6."),
    ),
    "start": (
        Status.SIGNED,
        "suivi_evaluation",
        lambda c, u: services.convention_start(convention=c, by=u, on=timezone.localdate()),
    ),
    "close": (
        Status.EXECUTING,
        "suivi_evaluation",
        lambda c, u: services.convention_close(convention=c, by=u, on=timezone.localdate()),
    ),
    "terminate": (
        Status.EXECUTING,
        "chef",
        lambda c, u: services.convention_terminate(convention=c, by=u, on=timezone.localdate(), reason="Abandon"),
    ),
}
TARGETS = {
    "validate": Status.VALIDATED,
    "reopen": Status.DRAFT,
    "transmit": Status.TRANSMITTED,
    "sign": Status.SIGNED,
    "return": Status.DRAFT,
    "start": Status.EXECUTING,
    "close": Status.CLOSED,
    "terminate": Status.TERMINATED,
}


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_by_its_role_from_its_state(draft, role_users, name):
    source, role, call = TRANSITIONS[name]
    convention = at(draft, source, role_users)
    done = call(convention, role_users[role])
    assert done.status == TARGETS[name]


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_refused_to_the_other_roles(draft, role_users, name):
    source, role, call = TRANSITIONS[name]
    convention = at(draft, source, role_users)
    for other in sorted(set(ROLES) - {role}):
        with pytest.raises(PermissionDenied):
            call(convention, role_users[other])
    convention.refresh_from_db()
    assert convention.status == source


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_refused_from_the_other_states(draft, role_users, name):
    source, role, call = TRANSITIONS[name]
    allowed = services.CONVENTION_WORKFLOW.by_name[name].sources
    for state in [Status.DRAFT, Status.VALIDATED, Status.TRANSMITTED, Status.SIGNED, Status.EXECUTING]:
        if state in allowed:
            continue
        Convention.objects.filter(pk=draft.pk).update(status=state)
        draft.refresh_from_db()
        with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
            call(draft, role_users[role])


def test_a_terminated_project_may_get_a_new_convention(draft, project, role_users):
    signed = at(draft, Status.SIGNED, role_users)
    with pytest.raises(TransitionRefused, match="motif"):
        services.convention_terminate(convention=signed, by=role_users["chef"], on=timezone.localdate(), reason=" ")
    services.convention_terminate(
        convention=signed, by=role_users["chef"], on=timezone.localdate(), reason="Porteur défaillant"
    )
    signed.refresh_from_db()
    assert signed.termination_reason == "Porteur défaillant" and signed.terminated_on == timezone.localdate()
    again = services.convention_create(project=project, by=role_users["suivi_evaluation"])
    assert again.status == Status.DRAFT and again.reference != signed.reference


# --- The Governor's office ----------------------------------------------------------------------------------------


def test_signature_needs_a_date_and_a_scan(draft, role_users):
    cabinet = role_users["cabinet"]
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    with pytest.raises(TransitionRefused) as refused:
        services.convention_sign(convention=transmitted, by=cabinet, signed_on=None, scan=None)
    assert set(refused.value.messages) == {"Indiquez la date de signature.", "Joignez le scan de la convention signée."}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(TransitionRefused, match="futur"):
        services.convention_sign(convention=transmitted, by=cabinet, signed_on=tomorrow, scan=tiny_pdf())
    before = timezone.localdate() - dt.timedelta(days=3)
    with pytest.raises(TransitionRefused, match="précède la transmission"):
        services.convention_sign(convention=transmitted, by=cabinet, signed_on=before, scan=tiny_pdf())
    assert not Attachment.objects.exists()
    with pytest.raises(ValidationError, match="Type de fichier refusé"):
        services.convention_sign(
            convention=transmitted,
            by=cabinet,
            signed_on=timezone.localdate(),
            scan=SimpleUploadedFile("x.pdf", b"not a pdf at all"),
        )
    signed = services.convention_sign(
        convention=transmitted, by=cabinet, signed_on=timezone.localdate(), scan=tiny_pdf()
    )
    assert signed.status == Status.SIGNED and signed.signed_on == timezone.localdate()
    assert signed.signed_scan.original_name == "convention-signee.pdf"
    assert signed.signed_scan.uploaded_by == cabinet


def test_a_return_keeps_the_observations_and_goes_back_to_draft(draft, role_users):
    cabinet = role_users["cabinet"]
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    with pytest.raises(TransitionRefused, match="observations"):
        services.convention_return(convention=transmitted, by=cabinet, observations="  ")
    returned = services.convention_return(convention=transmitted, by=cabinet, observations="Préciser les tranches.")
    assert returned.status == Status.DRAFT
    assert returned.validated_at is None and returned.transmitted_at is None
    # Corrected, validated and transmitted again, then returned again: both observations are kept.
    again = at(returned, Status.TRANSMITTED, role_users)
    services.convention_return(convention=again, by=cabinet, observations="Signature du partenaire manquante.")
    assert [(r.observations, r.returned_by) for r in again.returns.all()] == [
        ("Signature du partenaire manquante.", cabinet),
        ("Préciser les tranches.", cabinet),
    ]


def test_may_sign_is_the_cabinet_role(role_users):
    assert [role for role in ROLES if services.may_sign(role_users[role])] == ["cabinet"]
    assert services.can_read(role_users["cabinet"]) and services.can_read(role_users["chef"])
    assert not services.can_read(role_users["dbm"])


def test_the_queue_lists_the_transmitted_conventions_longest_waiting_first(role_users):
    agent = role_users["suivi_evaluation"]
    older = at(
        services.convention_create(project=approved_project(role_users), by=agent), Status.TRANSMITTED, role_users
    )
    newer = at(
        services.convention_create(project=approved_project(role_users), by=agent), Status.TRANSMITTED, role_users
    )
    services.convention_create(project=approved_project(role_users), by=agent)  # a draft: not in the queue
    Convention.objects.filter(pk=older.pk).update(transmitted_at=timezone.now() - dt.timedelta(days=12, hours=1))
    assert list(services.awaiting_signature()) == [Convention.objects.get(pk=older.pk), newer]
    assert services.waiting_days(Convention.objects.get(pk=older.pk)) == 12
    assert services.waiting_days(newer) == 0
