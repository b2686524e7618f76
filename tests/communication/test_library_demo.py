"""The library's demo: eight documents published through the services with real PDFs (one withdrawn), two packs to
the EAQ teams, and nothing more on a second run."""

import pytest

from communication import demo_library
from communication.models import DocumentationPack, LibraryDocument
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_library_once(role_users):
    TeamFactory(name="Al Massira")
    TeamFactory(name="Tamraght")
    agent = role_users["communication"]
    assert demo_library.seed(by=agent, head=role_users["chef"]) > 0
    assert LibraryDocument.objects.count() == 8
    assert LibraryDocument.objects.filter(status=LibraryDocument.Status.WITHDRAWN).count() == 1
    manual = LibraryDocument.objects.get(title="Manuel de procédures INDH phase III")
    assert sorted(manual.versions.values_list("language", "number")) == [("ar", 1), ("fr", 1), ("fr", 2)]
    assert manual.versions.get(language="ar").attachment.file.read(5) == b"%PDF-"
    packs = DocumentationPack.objects.order_by("reference")
    assert packs.count() == 2 and {pack.versions.first().language for pack in packs} == {"fr", "ar"}
    assert demo_library.seed(by=agent, head=role_users["chef"]) == 0
