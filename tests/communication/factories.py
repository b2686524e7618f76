"""Factories for the communication service's records, built directly (the services are exercised by their own tests;
other areas' tests use these to stand up the records they start from)."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from communication.models import (
    AchievementSheet,
    ActionRealisation,
    Audience,
    CommunicationAction,
    CommunicationPlan,
    CommunicationRequest,
    DocumentationPack,
    DocumentVersion,
    Language,
    LibraryDocument,
    RealisationAttendance,
)
from das.models import BudgetLine
from das.services.documents import attachment_add
from tests.factories import CommuneFactory, PartnerFactory, UserFactory
from tests.training.factories import TeamFactory


class CommunicationBudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine
        django_get_or_create = ["code"]

    code = "R-COM"
    name_fr = "Communication"


class CommunicationPlanFactory(DjangoModelFactory):
    class Meta:
        model = CommunicationPlan

    year = factory.Sequence(lambda n: 2040 + n)
    title = factory.LazyAttribute(lambda o: f"Plan de communication de proximité {o.year}")
    objectives = "Faire connaître les appels à projets et les réalisations de l'INDH."
    target_audiences = "Associations, coopératives, jeunes, femmes."
    created_by = factory.SubFactory(UserFactory)


class CommunicationActionFactory(DjangoModelFactory):
    class Meta:
        model = CommunicationAction

    plan = factory.SubFactory(CommunicationPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Caravane de sensibilisation n° {n}")
    kind = CommunicationAction.Kind.CARAVAN
    channel = CommunicationAction.Channel.FACE_TO_FACE
    audience = Audience.ASSOCIATIONS
    commune = factory.SubFactory(CommuneFactory)
    planned_on = factory.LazyAttribute(lambda o: datetime.date(o.plan.year, 5, 15))
    budget_line = factory.SubFactory(CommunicationBudgetLineFactory)
    planned_budget = Decimal("25000.00")
    responsible = factory.SubFactory(UserFactory)
    expected_reach = 200


class ActionRealisationFactory(DjangoModelFactory):
    class Meta:
        model = ActionRealisation

    action = factory.SubFactory(CommunicationActionFactory, status=CommunicationAction.Status.DONE)
    carried_out_on = factory.LazyAttribute(lambda o: o.action.planned_on)
    place = "Maison des jeunes"
    commune = factory.LazyAttribute(lambda o: o.action.commune)
    reach = 150
    actual_cost = Decimal("23000.00")
    recorded_by = factory.SubFactory(UserFactory)


class RealisationAttendanceFactory(DjangoModelFactory):
    class Meta:
        model = RealisationAttendance

    realisation = factory.SubFactory(ActionRealisationFactory)
    audience = Audience.ASSOCIATIONS
    women = 20
    men = 15


def pdf_upload(name="document.pdf"):
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def photo_upload(name="photo.png", color=(200, 120, 40)):
    """A real PNG (its type is read from its bytes)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class LibraryDocumentFactory(DjangoModelFactory):
    class Meta:
        model = LibraryDocument

    title = factory.Sequence(lambda n: f"Manuel de procédures n° {n}")
    category = LibraryDocument.Category.MANUAL
    audience = LibraryDocument.Audience.ACTORS
    created_by = factory.SubFactory(UserFactory)


def document_version(document, by, *, language=Language.FRENCH, number=None, name="manuel.pdf"):
    """A version of ``document`` in ``language`` with a real (tiny) PDF attached."""
    if number is None:
        number = document.versions.filter(language=language).count() + 1
    attachment = attachment_add(parent=document, uploaded=pdf_upload(name), by=by)
    return DocumentVersion.objects.create(
        document=document, language=language, number=number, attachment=attachment, uploaded_by=by
    )


class DocumentationPackFactory(DjangoModelFactory):
    class Meta:
        model = DocumentationPack

    reference = factory.Sequence(lambda n: f"PD-2040-{n + 1}")
    team = factory.SubFactory(TeamFactory)
    sent_on = datetime.date(2040, 3, 1)
    channel = DocumentationPack.Channel.HAND
    sent_by = factory.SubFactory(UserFactory)


class AchievementSheetFactory(DjangoModelFactory):
    """A fiche for ``project`` (required: build the project with the projects' builders)."""

    class Meta:
        model = AchievementSheet

    title = factory.LazyAttribute(lambda o: o.project.title)
    summary = "Un projet qui améliore l'accès des habitants aux services sociaux de base."
    beneficiaries = 120
    beneficiaries_women = 60
    cost = Decimal("400000.00")
    indh_share = Decimal("300000.00")
    prepared_by = factory.SubFactory(UserFactory)


class CommunicationRequestFactory(DjangoModelFactory):
    class Meta:
        model = CommunicationRequest

    reference = factory.Sequence(lambda n: f"DAC-2040-{n + 1}")
    requester_kind = CommunicationRequest.RequesterKind.HOLDER
    holder = factory.SubFactory(PartnerFactory)
    kind = CommunicationRequest.Kind.EVENT
    subject = factory.Sequence(lambda n: f"Couverture de l'inauguration n° {n}")
    request = "Nous souhaitons une couverture photo et presse de l'inauguration."
    received_on = datetime.date(2040, 2, 10)
