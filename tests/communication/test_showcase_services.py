"""The fiches de réalisation's services: creation from an achieved project, edits while a draft, photos, and each
transition allowed and refused (permission, state, guard)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communication import showcase_selectors as selectors
from communication.models import AchievementSheet, SheetPhoto
from communication.services import showcase as services
from das.services.documents import attachment_add
from das.workflow import TransitionRefused
from projects.models import ProgressEntry, ProgressPhoto, Project, ProjectBeneficiaries, ProjectFunding
from tests.communication.factories import photo_upload
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = AchievementSheet.Status
Moment = SheetPhoto.Moment
CODES = itertools.count(1)


def achieved_project(*, status=Project.Status.COMPLETED, programme=None, commune=None, cost="800000", **overrides):
    """A project at ``status`` written directly (the projects' own services are tested in tests/projects)."""
    number = next(CODES)
    programme = programme or ProgrammeFactory(phase=PhaseFactory())
    commune = commune or CommuneFactory()
    fields = {
        "code": f"PRJ-SC-{number:04d}",
        "title": f"Centre socio-éducatif n° {number}",
        "summary": "Un centre pour les jeunes du quartier : salles de cours, bibliothèque, terrain de sport.",
        "phase": programme.phase,
        "programme": programme,
        "holder": PartnerFactory(commune=commune),
        "commune": commune,
        "estimated_cost": Decimal(cost),
        "indh_share": Decimal(cost) / 2,
        "holder_contribution": Decimal(cost) / 2,
        "beneficiaries_total": 300,
        "beneficiaries_women": 140,
        "duration_months": 12,
        "validated_on": datetime.date(2024, 3, 1),
        "provisional_reception_on": datetime.date(2025, 6, 30) if status in selectors.ACHIEVED else None,
        "status": status,
    }
    fields.update(overrides)
    return Project.objects.create(**fields)


def sheet_fields(project, **overrides):
    defaults = selectors.project_defaults(project)
    defaults.update(overrides)
    return defaults


def draft_sheet(agent, project=None, *, photos=(Moment.BEFORE, Moment.AFTER), **overrides):
    project = project or achieved_project()
    sheet = services.sheet_create(project=project, by=agent, **sheet_fields(project, **overrides))
    for index, moment in enumerate(photos):
        services.photo_add(
            sheet=sheet, by=agent, uploaded=photo_upload(f"p{index}.png"), moment=moment, caption=f"Vue {index}"
        )
    return sheet


def submitted_sheet(role_users, project=None, **overrides):
    sheet = draft_sheet(role_users["communication"], project, **overrides)
    return services.sheet_submit(sheet=sheet, by=role_users["communication"])


def published_sheet(role_users, project=None, **overrides):
    sheet = submitted_sheet(role_users, project, **overrides)
    return services.sheet_approve(sheet=sheet, by=role_users["chef"])


# --- Creation -------------------------------------------------------------------------------------------------------
def test_the_form_starts_from_the_project_reached_beneficiaries_and_partners(role_users):
    project = achieved_project()
    funder = PartnerFactory(name="Conseil provincial")
    ProjectFunding.objects.create(project=project, partner=funder, amount=Decimal("100000"))
    defaults = selectors.project_defaults(project)
    assert (defaults["beneficiaries"], defaults["beneficiaries_women"]) == (300, 140)  # no « atteints » line yet
    assert defaults["cost"] == Decimal("800000") and defaults["indh_share"] == Decimal("400000")
    assert {p.pk for p in defaults["partners"]} == {project.holder_id, funder.pk}
    Reached = ProjectBeneficiaries
    for sex, age, count in (("F", "jeune", 120), ("M", "jeune", 90), ("F", "adulte", 30)):
        Reached.objects.create(project=project, kind=Reached.Kind.REACHED, sex=sex, age_group=age, count=count)
    Reached.objects.create(project=project, kind=Reached.Kind.TARGETED, sex="M", age_group="adulte", count=999)
    defaults = selectors.project_defaults(project)
    assert (defaults["beneficiaries"], defaults["beneficiaries_women"]) == (240, 150)


def test_the_service_creates_a_draft_fiche_with_its_partners(role_users):
    agent = role_users["communication"]
    project = achieved_project(status=Project.Status.CLOSED)
    sheet = services.sheet_create(project=project, by=agent, **sheet_fields(project, results="Ouvert en 2025."))
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT and sheet.prepared_by == agent
    assert list(sheet.partners.all()) == [project.holder]
    assert sheet.results == "Ouvert en 2025."


@pytest.mark.parametrize("status", [Project.Status.IN_PROGRESS, Project.Status.VALIDATED, Project.Status.ABANDONED])
def test_a_project_not_achieved_has_no_fiche(role_users, status):
    project = achieved_project(status=status)
    with pytest.raises(ValidationError) as refused:
        services.sheet_create(project=project, by=role_users["communication"], **sheet_fields(project))
    assert "achevé (réception provisoire) ou clôturé" in str(refused.value.message_dict["project"])
    assert not AchievementSheet.objects.exists()


def test_a_project_has_one_fiche(role_users):
    agent = role_users["communication"]
    project = achieved_project()
    draft_sheet(agent, project, photos=())
    with pytest.raises(ValidationError) as refused:
        services.sheet_create(project=project, by=agent, **sheet_fields(project))
    assert "a déjà sa fiche" in str(refused.value.message_dict["project"])
    assert AchievementSheet.objects.count() == 1


@pytest.mark.parametrize("role", ["chef", "auditeur", "suivi_evaluation"])
def test_only_the_service_prepares_a_fiche(role_users, role):
    project = achieved_project()
    with pytest.raises(PermissionDenied):
        services.sheet_create(project=project, by=role_users[role], **sheet_fields(project))


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"indh_share": Decimal("900000")}, "indh_share", "dépasse le coût"),
        ({"beneficiaries_women": 400}, "beneficiaries_women", "dépasse le nombre"),
        ({"summary": "  "}, "summary", "présentation"),
        ({"title": ""}, "title", "titre"),
    ],
)
def test_bad_figures_are_refused_by_field(role_users, overrides, field, words):
    project = achieved_project()
    with pytest.raises(ValidationError) as refused:
        services.sheet_create(project=project, by=role_users["communication"], **sheet_fields(project, **overrides))
    assert words in str(refused.value.message_dict[field])
    assert not AchievementSheet.objects.exists()


# --- Edits and photos -----------------------------------------------------------------------------------------------
def test_the_draft_is_edited_then_frozen_once_submitted(role_users):
    agent = role_users["communication"]
    sheet = draft_sheet(agent, photos=(Moment.AFTER,))
    fields = sheet_fields(sheet.project, title="Le centre des jeunes de Tikiouine", partners=[])
    sheet = services.sheet_update(sheet=sheet, by=agent, **fields)
    assert sheet.title == "Le centre des jeunes de Tikiouine" and not sheet.partners.exists()
    services.sheet_submit(sheet=sheet, by=agent)
    with pytest.raises(ValidationError, match="ne se modifie qu'en brouillon"):
        services.sheet_update(sheet=sheet, by=agent, **fields)
    with pytest.raises(ValidationError, match="ne se modifie qu'en brouillon"):
        services.photo_add(sheet=sheet, by=agent, uploaded=photo_upload(), moment=Moment.OTHER)
    with pytest.raises(ValidationError, match="ne se modifie qu'en brouillon"):
        services.photo_delete(photo=sheet.photos.get(), by=agent)
    assert sheet.photos.count() == 1


def test_a_photo_must_be_an_image_and_at_most_eight(role_users):
    agent = role_users["communication"]
    sheet = draft_sheet(agent, photos=())
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.photo_add(sheet=sheet, by=agent, uploaded=fake, moment=Moment.AFTER)
    assert "n'est pas une photo JPEG ou PNG" in str(refused.value.message_dict["photo"])
    with pytest.raises(ValidationError) as refused:
        services.photo_add(sheet=sheet, by=agent, uploaded=photo_upload(), moment="pendant")
    assert "moment" in refused.value.message_dict
    for index in range(services.MAX_PHOTOS):
        services.photo_add(sheet=sheet, by=agent, uploaded=photo_upload(f"{index}.png"), moment=Moment.OTHER)
    with pytest.raises(ValidationError, match="Au plus 8 photos"):
        services.photo_add(sheet=sheet, by=agent, uploaded=photo_upload(), moment=Moment.AFTER)
    assert sheet.photos.count() == services.MAX_PHOTOS


def test_a_photo_is_removed_with_its_file_record(role_users):
    agent = role_users["communication"]
    sheet = draft_sheet(agent, photos=(Moment.AFTER,))
    photo = sheet.photos.get()
    with pytest.raises(PermissionDenied):
        services.photo_delete(photo=photo, by=role_users["chef"])
    services.photo_delete(photo=photo, by=agent)
    assert not sheet.photos.exists()


def progress_photo(project, by, day, color):
    entry = ProgressEntry.objects.create(
        project=project, recorded_on=day, percent=50, narrative="Gros œuvre", recorded_by=by
    )
    attachment = attachment_add(parent=entry, uploaded=photo_upload(f"chantier-{day}.png", color), by=by)
    return ProgressPhoto.objects.create(entry=entry, attachment=attachment)


def test_the_works_photos_become_before_and_after(role_users):
    agent = role_users["communication"]
    project = achieved_project()
    sheet = draft_sheet(agent, project, photos=())
    with pytest.raises(ValidationError, match="aucune photo de chantier"):
        services.photos_from_progress(sheet=sheet, by=agent)
    suivi = role_users["suivi_evaluation"]
    latest = progress_photo(project, suivi, datetime.date(2025, 5, 1), (10, 200, 10))
    earliest = progress_photo(project, suivi, datetime.date(2024, 5, 1), (200, 10, 10))
    copied = services.photos_from_progress(sheet=sheet, by=agent)
    assert [(photo.moment, photo.caption) for photo in copied] == [
        (Moment.BEFORE, "Chantier, constat du 01/05/2024"),
        (Moment.AFTER, "Chantier, constat du 01/05/2025"),
    ]
    assert copied[0].attachment.pk != earliest.attachment.pk  # the fiche keeps its own copy
    assert copied[0].attachment.file.read() == earliest.attachment.file.read()
    other = progress_photo(achieved_project(), suivi, datetime.date(2024, 1, 1), (0, 0, 0))
    with pytest.raises(ValidationError) as refused:
        services.photos_from_progress(sheet=sheet, by=agent, before=latest, after=other)
    assert "after" in refused.value.message_dict


# --- Lifecycle ------------------------------------------------------------------------------------------------------
def test_submission_needs_an_after_photo_and_a_presentation(role_users):
    agent = role_users["communication"]
    sheet = draft_sheet(agent, photos=(Moment.BEFORE,))
    with pytest.raises(TransitionRefused, match="photo « après »"):
        services.sheet_submit(sheet=sheet, by=agent)
    AchievementSheet.objects.filter(pk=sheet.pk).update(summary="")
    with pytest.raises(TransitionRefused) as refused:
        services.sheet_submit(sheet=sheet, by=agent)
    assert len(refused.value.messages) == 2
    with pytest.raises(PermissionDenied):
        services.sheet_submit(sheet=sheet, by=role_users["chef"])
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT and sheet.submitted_at is None


def test_the_chef_approves_and_publishes(role_users):
    sheet = submitted_sheet(role_users)
    assert sheet.status == Status.SUBMITTED and sheet.submitted_at
    with pytest.raises(PermissionDenied):
        services.sheet_approve(sheet=sheet, by=role_users["communication"])
    with pytest.raises(PermissionDenied):
        services.sheet_approve(sheet=sheet, by=role_users["auditeur"])
    sheet = services.sheet_approve(sheet=sheet, by=role_users["chef"])
    assert sheet.status == Status.PUBLISHED and sheet.approved_by == role_users["chef"] and sheet.approved_at
    with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
        services.sheet_approve(sheet=sheet, by=role_users["chef"])
    assert list(selectors.published_sheets()) == [sheet]


def test_the_chef_sends_back_with_a_reason(role_users):
    sheet = submitted_sheet(role_users)
    chef = role_users["chef"]
    with pytest.raises(TransitionRefused, match="Indiquez le motif"):
        services.sheet_return(sheet=sheet, by=chef, reason="  ")
    with pytest.raises(PermissionDenied):
        services.sheet_return(sheet=sheet, by=role_users["communication"], reason="Non")
    sheet = services.sheet_return(sheet=sheet, by=chef, reason="La photo après est floue.")
    assert sheet.status == Status.DRAFT and sheet.return_reason == "La photo après est floue."
    sheet = services.sheet_submit(sheet=sheet, by=role_users["communication"])
    assert sheet.return_reason == ""


@pytest.mark.parametrize("role", ["communication", "chef"])
def test_a_published_fiche_is_withdrawn_with_a_reason_then_redrafted(role_users, role):
    sheet = published_sheet(role_users)
    with pytest.raises(TransitionRefused, match="Indiquez le motif"):
        services.sheet_withdraw(sheet=sheet, by=role_users[role], reason="")
    with pytest.raises(PermissionDenied):
        services.sheet_withdraw(sheet=sheet, by=role_users["auditeur"], reason="Erreur")
    sheet = services.sheet_withdraw(sheet=sheet, by=role_users[role], reason="Chiffres à corriger.")
    assert sheet.status == Status.WITHDRAWN and sheet.withdrawn_at and sheet.withdrawal_reason
    assert not selectors.published_sheets().exists()
    with pytest.raises(PermissionDenied):
        services.sheet_redraft(sheet=sheet, by=role_users["chef"])
    sheet = services.sheet_redraft(sheet=sheet, by=role_users["communication"])
    assert sheet.status == Status.DRAFT and sheet.approved_at is None


def test_a_draft_cannot_be_withdrawn_nor_redrafted(role_users):
    sheet = draft_sheet(role_users["communication"])
    with pytest.raises(TransitionRefused):
        services.sheet_withdraw(sheet=sheet, by=role_users["chef"], reason="Non")
    with pytest.raises(TransitionRefused):
        services.sheet_redraft(sheet=sheet, by=role_users["communication"])


def test_each_change_is_journaled_under_its_author(role_users):
    from das.models import JournalEntry

    sheet = published_sheet(role_users)
    entries = JournalEntry.objects.filter(pgh_obj_model="communication.AchievementSheet", pgh_obj_id=str(sheet.pk))
    changes = [(entry.user_id, (entry.pgh_diff or {}).get("status")) for entry in entries.order_by("pk")]
    assert (role_users["communication"].pk, ["brouillon", "soumise"]) in changes
    assert changes[-1] == (role_users["chef"].pk, ["soumise", "publiee"])


def test_published_sheets_filter_by_programme_commune_and_year(role_users):
    programme = ProgrammeFactory(phase=PhaseFactory())
    commune = CommuneFactory()
    one = published_sheet(role_users, achieved_project(programme=programme))
    two = published_sheet(role_users, achieved_project(commune=commune))
    three = published_sheet(
        role_users,
        achieved_project(programme=programme, commune=commune, provisional_reception_on=datetime.date(2023, 1, 1)),
    )
    submitted_sheet(role_users, achieved_project(programme=programme, commune=commune))
    assert set(selectors.published_sheets(programme=programme)) == {one, three}
    assert set(selectors.published_sheets(commune=commune)) == {two, three}
    assert set(selectors.published_sheets(programme=programme, commune=commune)) == {three}
    assert set(selectors.published_sheets(year_from=2024)) == {one, two}
    assert set(selectors.published_sheets(year_to=2023)) == {three}
