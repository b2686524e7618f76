"""The credits pages: what each role sees, the grid editor (French amounts, ceilings, stale grids), the way of a
version to the DBM, the notifications' list and its exports, and the query counts of the grid pages."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import AllocationLine, CreditAllocation, CreditNotification
from tests.projects.credit_builders import transmitted, year_with_versions
from tests.projects.matrix_credits import CREDIT_READERS

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


@pytest.fixture
def credits(role_users):
    return year_with_versions(role_users, year=YEAR)


def grid_post(allocation, values, *, stamp=None, note=""):
    data = {"expected_stamp": (stamp or allocation.updated_at).isoformat(), "note": note}
    data.update(values)
    return data


def text(response) -> str:
    return html.unescape(response.content.decode())


def cell(programme, line):
    return f"cell-{programme.pk}-{line.pk}"


def test_pages_render_for_every_reader(client, role_users, credits):
    notification = CreditNotification.objects.filter(fiscal_year=credits["fiscal_year"]).first()
    urls = [
        reverse("projects:credit_index"),
        reverse("projects:credit_year", args=[YEAR]),
        reverse("projects:credit_notification_list"),
        reverse("projects:credit_notification_detail", args=[notification.pk]),
        reverse("projects:credit_allocation_detail", args=[credits["sent"].pk]),
    ]
    for role in CREDIT_READERS:
        client.force_login(role_users[role])
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)


def test_year_page_lists_notifications_versions_and_offers_the_agent_buttons(client, role_users, credits):
    client.force_login(role_users["suivi_evaluation"])
    page = text(client.get(reverse("projects:credit_year", args=[YEAR])))
    assert page.count('data-testid="notified-row"') == 2
    assert page.count('data-testid="version-row"') == 2
    assert "Saisir une notification" in page
    # Version 2 is being prepared: no second one can start, the page links to it instead.
    assert 'data-testid="allocation-create"' not in page
    assert 'data-testid="open-version"' in page
    assert credits["sent"].transmittal_number in page


def test_year_page_as_dbm_shows_only_versions_sent_and_no_buttons(client, role_users, credits):
    client.force_login(role_users["dbm"])
    page = text(client.get(reverse("projects:credit_year", args=[YEAR])))
    assert page.count('data-testid="version-row"') == 1
    assert "Saisir une notification" not in page
    assert "Nouvelle version de la répartition" not in page


def test_current_year_without_fiscal_year_says_so(client, role_users):
    client.force_login(role_users["suivi_evaluation"])
    year = timezone.localdate().year + 5
    page = text(client.get(reverse("projects:credit_year", args=[year])))
    assert 'data-testid="no-fiscal-year"' in page
    assert "Saisir une notification" not in page


def test_notification_create_and_correct(client, role_users, credits):
    client.force_login(role_users["suivi_evaluation"])
    programme = credits["programmes"][0]
    response = client.post(
        reverse("projects:credit_notification_create", args=[YEAR]),
        {
            "programme": programme.pk,
            "amount": "500 000,00",
            "reference": "N-COMPLEMENT",
            "notified_on": timezone.localdate().isoformat(),
            "source": "fonds",
            "note": "",
        },
    )
    assert response.status_code == 302
    added = CreditNotification.objects.get(reference="N-COMPLEMENT")
    assert added.amount == Decimal("500000.00")
    response = client.post(
        reverse("projects:credit_notification_correct", args=[added.pk]),
        {
            "amount": "-100 000",
            "reference": "N-COMPLEMENT-C1",
            "notified_on": timezone.localdate().isoformat(),
            "note": "Erreur de saisie de la CN",
        },
    )
    assert response.status_code == 302
    correction = CreditNotification.objects.get(reference="N-COMPLEMENT-C1")
    assert correction.corrects == added and correction.amount == Decimal("-100000")
    page = text(client.get(reverse("projects:credit_notification_detail", args=[added.pk])))
    assert "N-COMPLEMENT-C1" in page and 'data-testid="net"' in page


def test_partner_source_needs_the_partner(client, role_users, credits):
    client.force_login(role_users["suivi_evaluation"])
    response = client.post(
        reverse("projects:credit_notification_create", args=[YEAR]),
        {
            "programme": credits["programmes"][0].pk,
            "amount": "10 000",
            "reference": "N-PART",
            "notified_on": timezone.localdate().isoformat(),
            "source": "partenaire",
        },
    )
    assert response.status_code == 200
    assert "Indiquez le partenaire" in text(response)
    assert not CreditNotification.objects.filter(reference="N-PART").exists()


def test_grid_saves_french_amounts(client, role_users, credits):
    draft, (first, second), lines = credits["draft"], credits["programmes"], credits["lines"]
    client.force_login(role_users["suivi_evaluation"])
    url = reverse("projects:credit_allocation_grid", args=[draft.pk])
    page = text(client.get(url))
    assert f'name="{cell(first, lines[0])}"' in page and "js/credits.js" in page
    response = client.post(
        url,
        grid_post(
            draft, {cell(first, lines[0]): "300 000,50", cell(second, lines[3]): "", cell(second, lines[1]): "1 000"}
        ),
    )
    assert response.status_code == 302
    saved = {(line.programme_id, line.budget_line_id): line.amount for line in draft.lines.all()}
    assert saved[(first.pk, lines[0].pk)] == Decimal("300000.50")
    assert (second.pk, lines[3].pk) not in saved  # an empty cell is zero: no line
    assert saved[(second.pk, lines[1].pk)] == Decimal("1000")


def test_grid_over_the_ceiling_keeps_what_was_typed_and_saves_nothing(client, role_users, credits):
    draft, first, line = credits["draft"], credits["programmes"][0], credits["lines"][1]
    before = list(AllocationLine.objects.filter(allocation=draft).values_list("programme", "budget_line", "amount"))
    client.force_login(role_users["suivi_evaluation"])
    response = client.post(
        reverse("projects:credit_allocation_grid", args=[draft.pk]),
        grid_post(draft, {cell(first, line): "2 000 000,00"}),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Rien n'a été enregistré" in page
    assert "dépassement de" in page
    assert 'data-testid="row-error"' in page
    assert 'value="2 000 000,00"' in page
    after = list(AllocationLine.objects.filter(allocation=draft).values_list("programme", "budget_line", "amount"))
    assert after == before
    draft_now = CreditAllocation.objects.get(pk=draft.pk)
    assert draft_now.updated_at == draft.updated_at


def test_grid_refuses_a_wrong_amount_next_to_its_cell(client, role_users, credits):
    draft, first, line = credits["draft"], credits["programmes"][0], credits["lines"][2]
    client.force_login(role_users["suivi_evaluation"])
    response = client.post(
        reverse("projects:credit_allocation_grid", args=[draft.pk]), grid_post(draft, {cell(first, line): "douze"})
    )
    assert response.status_code == 200
    page = text(response)
    assert "is-invalid" in page and 'value="douze"' in page
    assert "Saisissez un montant en dirhams" in page


def test_grid_refuses_a_stale_stamp(client, role_users, credits):
    draft, first, line = credits["draft"], credits["programmes"][0], credits["lines"][1]
    stale = draft.updated_at
    client.force_login(role_users["suivi_evaluation"])
    url = reverse("projects:credit_allocation_grid", args=[draft.pk])
    assert client.post(url, grid_post(draft, {cell(first, line): "10 000"})).status_code == 302
    response = client.post(url, grid_post(draft, {cell(first, line): "20 000"}, stamp=stale))
    assert response.status_code == 200
    assert "enregistrée par quelqu'un d'autre" in text(response)
    assert draft.lines.get(programme=first, budget_line=line).amount == Decimal("10000")


def test_grid_of_a_version_sent_is_not_editable(client, role_users, credits):
    client.force_login(role_users["suivi_evaluation"])
    response = client.get(reverse("projects:credit_allocation_grid", args=[credits["sent"].pk]))
    assert response.status_code == 302
    assert response["Location"] == credits["sent"].get_absolute_url()


def test_allocation_create_opens_a_draft_and_goes_to_the_grid(client, role_users, credits):
    client.force_login(role_users["suivi_evaluation"])
    url = reverse("projects:credit_allocation_create", args=[YEAR])
    assert client.get(url).status_code == 405
    # Version 2 is still a draft: the service refuses a third, the year page says why.
    response = client.post(url, follow=True)
    assert "encore en préparation" in text(response)
    transmitted(credits["draft"], role_users)
    response = client.post(url)
    third = CreditAllocation.objects.get(fiscal_year=credits["fiscal_year"], number=3)
    assert response["Location"] == reverse("projects:credit_allocation_grid", args=[third.pk])


def test_dbm_cannot_read_a_draft_but_reads_a_version_sent_and_its_changes(client, role_users, credits):
    client.force_login(role_users["dbm"])
    draft = credits["draft"]
    assert client.get(reverse("projects:credit_allocation_detail", args=[draft.pk])).status_code == 403
    transmitted(draft, role_users)
    page = text(client.get(reverse("projects:credit_allocation_detail", args=[draft.pk])))
    assert page.count('data-testid="change-row"') == 1
    assert "250\u202f000,00" in page and "150\u202f000,00" in page  # after, and the écart
    assert 'data-testid="page-acknowledge"' in page
    assert 'data-testid="grid-link"' not in page


def test_detail_offers_the_head_validation_and_the_agent_the_grid(client, role_users, credits):
    url = reverse("projects:credit_allocation_detail", args=[credits["draft"].pk])
    client.force_login(role_users["chef"])
    page = text(client.get(url))
    assert 'data-testid="button-validate"' in page and 'data-testid="grid-link"' not in page
    client.force_login(role_users["suivi_evaluation"])
    page = text(client.get(url))
    assert 'data-testid="grid-link"' in page and 'data-testid="button-validate"' not in page


def test_validate_then_transmit_through_the_pages(client, role_users, credits):
    draft = credits["draft"]
    client.force_login(role_users["chef"])
    response = client.post(reverse("projects:credit_allocation_transition", args=[draft.pk, "validate"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CreditAllocation.Status.VALIDATED
    client.force_login(role_users["suivi_evaluation"])
    url = reverse("projects:credit_allocation_transmit", args=[draft.pk])
    page = text(client.get(url))
    assert timezone.localdate().isoformat() in page  # today by default
    response = client.post(url, {"on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CreditAllocation.Status.TRANSMITTED and draft.transmittal_number


def test_transmit_date_in_the_future_is_refused_on_the_form(client, role_users, credits):
    draft = credits["draft"]
    client.force_login(role_users["chef"])
    client.post(reverse("projects:credit_allocation_transition", args=[draft.pk, "validate"]))
    client.force_login(role_users["suivi_evaluation"])
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(
        reverse("projects:credit_allocation_transmit", args=[draft.pk]), {"on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in text(response)


def test_dbm_acknowledges_a_version_sent(client, role_users, credits):
    sent = credits["sent"]
    client.force_login(role_users["dbm"])
    url = reverse("projects:credit_allocation_acknowledge", args=[sent.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": timezone.localdate().isoformat(), "note": "Reçu, conforme."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == CreditAllocation.Status.ACKNOWLEDGED
    assert sent.acknowledgement_note == "Reçu, conforme." and sent.acknowledged_by == role_users["dbm"]
    # Once acknowledged, the page has nothing more to offer.
    assert client.get(url).status_code == 302


def test_dbm_cannot_open_the_acknowledgement_of_a_draft(client, role_users, credits):
    client.force_login(role_users["dbm"])
    url = reverse("projects:credit_allocation_acknowledge", args=[credits["draft"].pk])
    assert client.get(url).status_code == 403


def test_notification_list_filters_and_exports(client, role_users, credits):
    client.force_login(role_users["dbm"])
    url = reverse("projects:credit_notification_list")
    page = text(client.get(url, {"year": YEAR}))
    assert f"N-{YEAR}-{credits['programmes'][0].code}" in page
    xlsx = client.get(url, {"year": YEAR, "export": "xlsx"})
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]
    pdf = client.get(url, {"programme": credits["programmes"][0].pk, "export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_home_shows_each_role_what_waits(client, role_users, credits):
    client.force_login(role_users["dbm"])
    page = text(client.get(reverse("home")))
    assert "Répartitions transmises à accuser réception" in page
    assert credits["sent"].get_absolute_url() in page
    client.force_login(role_users["chef"])
    assert "Répartitions à valider" in text(client.get(reverse("home")))
    client.force_login(role_users["suivi_evaluation"])
    page = text(client.get(reverse("home")))
    assert "Répartitions en préparation" in page and credits["draft"].get_absolute_url() in page
    client.force_login(role_users["cabinet"])
    assert reverse("projects:credit_year", args=[timezone.localdate().year]) in text(client.get(reverse("home")))


@pytest.mark.parametrize("programmes", [2, 10])
def test_grid_pages_query_counts_do_not_grow(client, role_users, django_assert_max_num_queries, programmes):
    built = year_with_versions(role_users, year=YEAR, programmes=programmes, lines=4)
    client.force_login(role_users["suivi_evaluation"])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(reverse("projects:credit_allocation_detail", args=[built["draft"].pk])).status_code == 200
    with django_assert_max_num_queries(GRID_QUERIES):
        assert client.get(reverse("projects:credit_allocation_grid", args=[built["draft"].pk])).status_code == 200


# Session, user and permissions, the version, then one query per kind of row (notified, cells, programmes, budget
# lines) and the diff with the previous version: the same for 2 or 10 programmes.
DETAIL_QUERIES = 18
GRID_QUERIES = 15


def test_after_a_phase_planned_end_its_programmes_are_still_offered(client, role_users):
    from das.models import FiscalYear, Phase
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    later = (programme.phase.end_year or programme.phase.start_year) + 3
    assert not Phase.objects.filter(start_year__lte=later, start_year__gt=programme.phase.start_year).exists()
    FiscalYear.objects.get_or_create(year=later)
    client.force_login(role_users["suivi_evaluation"])
    page = text(client.get(reverse("projects:credit_notification_create", args=[later])))
    assert f'value="{programme.pk}"' in page
