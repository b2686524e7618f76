"""The pages of the calls for projects: what the preparer does, what the readers see, and what is refused."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from das.models import Partner
from projects.forms import DATETIME_INPUT
from projects.models import CallAmendment, CallForProjects
from projects.services.calls import AMENDABLE_FIELDS, call_amend, call_publish, call_save, call_set_items
from tests.factories import CommuneFactory, PhaseFactory, ProgrammeFactory

Status = CallForProjects.Status


def build_call(by, *, weights=("60", "40"), criteria=None, publish=False, communes=(), **fields):
    """A call built as production builds it: call_save, then call_set_items (then call_publish if asked)."""
    programme = fields.pop("programme", None) or ProgrammeFactory(phase=PhaseFactory())
    opens = timezone.now().replace(microsecond=0, second=0) - dt.timedelta(days=1)  # the filing window is open
    values = {
        "phase": programme.phase,
        "programme": programme,
        "year": 2026,
        "title_fr": "Appel à projets AGR des jeunes",
        "title_ar": "طلب مشاريع الأنشطة المدرة للدخل للشباب",
        "description_fr": "Soutien aux projets générateurs de revenus portés par des jeunes.",
        "envelope": Decimal("2000000.00"),
        "min_amount": Decimal("50000.00"),
        "max_amount": Decimal("400000.00"),
        "max_indh_share": Decimal("70.00"),
        "eligible_holder_types": [Partner.Kind.ASSOCIATION, Partner.Kind.COOPERATIVE],
        "opens_at": opens,
        "closes_at": opens + dt.timedelta(days=30),
        **fields,
    }
    call = CallForProjects(**values)
    call_save(call=call, by=by, communes=list(communes))
    count = criteria or len(weights)
    if criteria:
        weights = [Decimal("100") / count] * count
    call_set_items(
        call=call,
        by=by,
        documents=[(f"Pièce {n}", "القانون الأساسي", n % 2 == 0) for n in range(count)],
        eligibility=[(f"Critère d'éligibilité {n}", "") for n in range(count)],
        selection=[(f"Critère de sélection {n}", "", Decimal(w)) for n, w in enumerate(weights)],
    )
    if publish:
        call = call_publish(call=call, by=by)
    return CallForProjects.objects.get(pk=call.pk)


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def local_input(moment):
    return timezone.localtime(moment).strftime(DATETIME_INPUT)


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def agent_client(client_as, agent):
    return client_as(agent)


@pytest.mark.django_db
class TestCreateAndEdit:
    def form_data(self, programme, commune, **overrides):
        data = {
            "phase": programme.phase.pk,
            "programme": programme.pk,
            "year": "2026",
            "title_fr": "Appel à projets 2026 — programme 3",
            "title_ar": "طلب مشاريع 2026",
            "description_fr": "Projets d'inclusion économique des jeunes.",
            "description_ar": "",
            "communes": [commune.pk],
            "envelope": "1 500 000,00",
            "min_amount": "50 000,00",
            "max_amount": "300 000 DH",
            "max_indh_share": "62,5",
            "eligible_holder_types": ["association", "cooperative"],
            "opens_at": "2026-03-02T09:00",
            "closes_at": "2026-04-02T16:30",
            "scoring_scale": "20",
            "reference_pattern": "AAP-{year}-{programme}-{number:04d}",
        }
        data.update(overrides)
        return data

    def test_the_preparer_creates_a_call_with_french_amounts(self, agent_client):
        programme, commune = ProgrammeFactory(phase=PhaseFactory()), CommuneFactory()
        response = agent_client.post(reverse("projects:call_create"), self.form_data(programme, commune))
        call = CallForProjects.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("projects:call_items", args=[call.pk])
        assert call.status == Status.DRAFT
        assert call.envelope == Decimal("1500000.00")
        assert call.max_amount == Decimal("300000.00")
        assert call.max_indh_share == Decimal("62.5")
        assert call.eligible_holder_types == ["association", "cooperative"]
        assert list(call.communes.all()) == [commune]
        assert timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M") == "02/04/2026 16:30"

        page = agent_client.get(reverse("projects:call_detail", args=[call.pk])).content.decode()
        assert "1\u202f500\u202f000,00\u00a0DH" in page
        assert "62,50 %" in page
        assert "Coopérative" in page
        assert "02/04/2026 16:30" in page

    def test_a_refused_form_keeps_what_was_typed(self, agent_client):
        programme, commune = ProgrammeFactory(phase=PhaseFactory()), CommuneFactory()
        data = self.form_data(programme, commune, min_amount="500 000,00", title_fr="Titre à garder")
        response = agent_client.post(reverse("projects:call_create"), data)
        assert response.status_code == 200
        assert not CallForProjects.objects.exists()
        page = response.content.decode()
        assert "Le montant minimum dépasse le montant maximum." in page
        assert 'value="Titre à garder"' in page
        assert 'value="500 000,00"' in page

    def test_a_draft_is_edited_through_the_form(self, agent_client, agent):
        call = build_call(agent)
        url = reverse("projects:call_update", args=[call.pk])
        page = agent_client.get(url).content.decode()
        assert f'value="{local_input(call.opens_at)}"' in page
        assert 'value="2\u202f000\u202f000,00"' in page  # stored amounts shown as people type them
        assert 'value="70"' in page
        data = self.form_data(call.programme, CommuneFactory(), title_fr="Titre corrigé")
        response = agent_client.post(url, data)
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.title_fr == "Titre corrigé"

    def test_a_published_call_is_not_edited_but_amended(self, agent_client, agent):
        call = build_call(agent, publish=True)
        response = agent_client.get(reverse("projects:call_update", args=[call.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("projects:call_detail", args=[call.pk])
        assert "avenant" in message_texts(response)[0]


@pytest.mark.django_db
class TestItems:
    def items_data(self, selection, documents=(), eligibility=()):
        data = {}
        for prefix, rows, names in [
            ("documents", documents, ["label_fr", "label_ar", "required"]),
            ("eligibility", eligibility, ["label_fr", "label_ar"]),
            ("selection", selection, ["label_fr", "label_ar", "weight"]),
        ]:
            rows = [*rows, *[("",) * len(names)] * 2]  # two empty lines, as the page sends them
            data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
            data[f"{prefix}-INITIAL_FORMS"] = "0"
            for index, row in enumerate(rows):
                for name, value in zip(names, row, strict=True):
                    if name == "required":
                        if value:
                            data[f"{prefix}-{index}-required"] = "on"
                    else:
                        data[f"{prefix}-{index}-{name}"] = value
        return data

    def test_items_are_saved_in_order_and_empty_lines_ignored(self, agent_client, agent):
        call = build_call(agent, weights=("100",))
        url = reverse("projects:call_items", args=[call.pk])
        assert agent_client.get(url).status_code == 200
        data = self.items_data(
            selection=[("Pertinence", "الملاءمة", "50"), ("Bénéficiaires", "", "30,5"), ("Durabilité", "", "19,5")],
            documents=[("Statuts", "", True), ("Devis", "", False)],
            eligibility=[("Association de plus d'un an", "")],
        )
        response = agent_client.post(url, data)
        assert response.status_code == 302, response.content.decode()
        assert [(c.label_fr, c.weight) for c in call.selection_criteria.all()] == [
            ("Pertinence", Decimal("50.00")),
            ("Bénéficiaires", Decimal("30.50")),
            ("Durabilité", Decimal("19.50")),
        ]
        assert [(d.label_fr, d.is_required) for d in call.documents.all()] == [("Statuts", True), ("Devis", False)]
        assert call.eligibility_criteria.count() == 1
        page = agent_client.get(reverse("projects:call_detail", args=[call.pk])).content.decode()
        total_row = page.split('data-testid="weight-total"')[1].split("</tr>")[0]
        assert "100 %" in total_row
        assert "text-danger" not in total_row

    def test_a_total_other_than_100_is_allowed_while_drafting(self, agent_client, agent):
        call = build_call(agent)
        data = self.items_data(selection=[("Pertinence", "", "50"), ("Bénéficiaires", "", "40")])
        response = agent_client.post(reverse("projects:call_items", args=[call.pk]), data, follow=True)
        assert call.selection_criteria.count() == 2
        assert any("90 %" in text for text in message_texts(response))
        page = response.content.decode()
        assert "Le total doit faire 100 % pour publier l'appel." in page
        total_row = page.split('data-testid="weight-total"')[1].split("</tr>")[0]
        assert "90 %" in total_row
        assert "text-danger" in total_row

    def test_a_wrong_line_is_shown_and_nothing_typed_is_lost(self, agent_client, agent):
        call = build_call(agent)
        data = self.items_data(selection=[("Pertinence", "", "beaucoup"), ("", "", "20")])
        response = agent_client.post(reverse("projects:call_items", args=[call.pk]), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Saisissez un pourcentage" in page
        assert "Indiquez le libellé en français." in page
        assert 'value="beaucoup"' in page
        assert [c.weight for c in call.selection_criteria.all()] == [Decimal("60.00"), Decimal("40.00")]


@pytest.mark.django_db
class TestLifecycle:
    def test_publishing_with_weights_of_90_is_refused_with_its_reason(self, agent_client, agent):
        call = build_call(agent, weights=("50", "40"))
        response = agent_client.post(reverse("projects:call_transition", args=[call.pk, "publish"]), follow=True)
        call.refresh_from_db()
        assert call.status == Status.DRAFT
        texts = message_texts(response)
        assert len(texts) == 1
        assert texts[0].startswith("« Publier » refusé :")
        assert "Les pondérations des critères de sélection totalisent 90" in texts[0]
        assert "au lieu de 100 %" in texts[0]
        assert "totalisent 90" in response.content.decode()

    def test_the_preparer_publishes_then_closes(self, agent_client, agent):
        call = build_call(agent)
        response = agent_client.post(reverse("projects:call_transition", args=[call.pk, "publish"]), follow=True)
        call.refresh_from_db()
        assert call.status == Status.PUBLISHED
        assert message_texts(response) == ["L'appel est maintenant « Publié »."]
        page = response.content.decode()
        assert 'data-testid="time-left"' in page
        assert reverse("projects:call_transition", args=[call.pk, "close"]) in page
        assert reverse("projects:call_amend", args=[call.pk]) in page
        assert reverse("projects:call_items", args=[call.pk]) not in page

        agent_client.post(reverse("projects:call_transition", args=[call.pk, "close"]))
        call.refresh_from_db()
        assert call.status == Status.CLOSED

    def test_an_unknown_transition_is_not_found(self, agent_client, agent):
        call = build_call(agent)
        assert agent_client.post(reverse("projects:call_transition", args=[call.pk, "cancel"])).status_code == 404
        assert agent_client.post(reverse("projects:call_transition", args=[call.pk, "supprimer"])).status_code == 404

    def test_the_closing_date_is_amended_with_a_reason(self, agent_client, agent):
        call = build_call(agent, publish=True)
        url = reverse("projects:call_amend", args=[call.pk])
        form = agent_client.get(url).context["form"]
        data = {name: form[name].value() for name in AMENDABLE_FIELDS}
        data["opens_at"], data["closes_at"] = local_input(call.opens_at), local_input(call.closes_at)
        data["description_ar"] = data["description_ar"] or ""
        new_close = timezone.localtime(call.closes_at) + dt.timedelta(days=15)
        data["closes_at"] = new_close.strftime(DATETIME_INPUT)

        refused = agent_client.post(url, {**data, "reason": ""})
        assert refused.status_code == 200
        assert refused.context["form"].errors["reason"]
        assert f'value="{data["closes_at"]}"' in refused.content.decode()

        response = agent_client.post(url, {**data, "reason": "Prorogation à la demande du CPDH"}, follow=True)
        amendment = CallAmendment.objects.get()
        assert set(amendment.changes) == {"closes_at"}
        assert amendment.made_by == agent
        page = response.content.decode()
        old = timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M")
        assert "Prorogation à la demande du CPDH" in page
        assert f'<del class="text-muted">{old}</del> → <ins>{new_close:%d/%m/%Y %H:%M}</ins>' in page

    def test_an_amendment_that_changes_nothing_is_refused(self, agent_client, agent):
        call = build_call(agent, publish=True)
        url = reverse("projects:call_amend", args=[call.pk])
        form = agent_client.get(url).context["form"]
        data = {name: form[name].value() for name in AMENDABLE_FIELDS}
        data["opens_at"], data["closes_at"] = local_input(call.opens_at), local_input(call.closes_at)
        data["description_ar"] = data["description_ar"] or ""
        response = agent_client.post(url, {**data, "reason": "Rien"})
        assert response.status_code == 200
        assert "L'avenant ne change rien" in response.context["form"].non_field_errors()[0]
        assert not CallAmendment.objects.exists()

    def test_a_draft_has_no_amendment_page(self, agent_client, agent):
        call = build_call(agent)
        response = agent_client.get(reverse("projects:call_amend", args=[call.pk]))
        assert response["Location"] == reverse("projects:call_detail", args=[call.pk])

    def test_duplicating_opens_next_years_draft(self, agent_client, agent):
        call = build_call(agent, publish=True, communes=[CommuneFactory()])
        response = agent_client.post(reverse("projects:call_duplicate", args=[call.pk]))
        copy = CallForProjects.objects.exclude(pk=call.pk).get()
        assert response["Location"] == reverse("projects:call_detail", args=[copy.pk])
        assert (copy.year, copy.status, copy.duplicated_from) == (2027, Status.DRAFT, call)
        assert copy.selection_criteria.count() == 2
        assert list(copy.communes.all()) == list(call.communes.all())

    def test_cancelling_needs_a_reason(self, agent_client, agent):
        call = build_call(agent, publish=True)
        url = reverse("projects:call_cancel", args=[call.pk])
        refused = agent_client.post(url, {"reason": "  "})
        assert refused.status_code == 200
        assert refused.context["form"].errors["reason"]
        call.refresh_from_db()
        assert call.status == Status.PUBLISHED

        response = agent_client.post(url, {"reason": "Enveloppe réaffectée par la CN"}, follow=True)
        call.refresh_from_db()
        assert call.status == Status.CANCELLED
        assert call.cancel_reason == "Enveloppe réaffectée par la CN"
        page = response.content.decode()
        assert "Enveloppe réaffectée par la CN" in page
        assert "Annulé" in page

    def test_the_notice_is_downloaded_as_pdf(self, agent_client, agent, monkeypatch):
        calls = []

        def fake_notice(call, language):
            calls.append((call.pk, language))
            return b"%PDF-1.4 avis"

        monkeypatch.setattr("projects.documents.render_call_notice", fake_notice)
        call = build_call(agent, publish=True)
        response = agent_client.get(reverse("projects:call_notice", args=[call.pk, "ar"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].endswith('-ar.pdf"')
        assert calls == [(call.pk, "ar")]
        assert agent_client.get(reverse("projects:call_notice", args=[call.pk, "en"])).status_code == 404


@pytest.mark.django_db
class TestReaders:
    @pytest.mark.parametrize("role", ["chef", "auditeur"])
    def test_readers_see_the_call_without_any_action(self, client_as, role_users, agent, role):
        call = build_call(agent, publish=True)
        response = client_as(role_users[role]).get(reverse("projects:call_detail", args=[call.pk]))
        assert response.status_code == 200
        page = response.content.decode()
        assert response.context["transitions"] == []
        assert not response.context["can_cancel"]
        actions = page.split('data-testid="call-actions">')[1].split("</div>")[0]
        assert actions.strip() == ""
        for name in ["call_update", "call_items", "call_amend", "call_cancel", "call_duplicate"]:
            assert reverse(f"projects:{name}", args=[call.pk]) not in page
        assert reverse("projects:call_notice", args=[call.pk, "fr"]) in page
        assert "Nouvel appel" not in client_as(role_users[role]).get(reverse("projects:call_list")).content.decode()

    @pytest.mark.parametrize("name", ["projects:call_list", "projects:call_detail"])
    def test_the_budget_division_is_refused(self, client_as, role_users, agent, name):
        call = build_call(agent)
        args = [call.pk] if name.endswith("detail") else []
        assert client_as(role_users["dbm"]).get(reverse(name, args=args)).status_code == 403

    def test_a_reader_cannot_publish(self, client_as, role_users, agent):
        call = build_call(agent)
        response = client_as(role_users["chef"]).post(reverse("projects:call_transition", args=[call.pk, "publish"]))
        assert response.status_code == 403
        call.refresh_from_db()
        assert call.status == Status.DRAFT


@pytest.mark.django_db
class TestList:
    @pytest.fixture
    def calls(self, agent):
        programme = ProgrammeFactory(phase=PhaseFactory(), code="P3")
        return [
            build_call(agent, programme=programme, title_fr="Appel AGR 2025", year=2025, publish=True),
            build_call(agent, title_fr="Appel préscolaire 2026", year=2026),
        ]

    def test_filters(self, agent_client, calls):
        url = reverse("projects:call_list")
        assert len(agent_client.get(url).context["object_list"]) == 2
        for params, expected in [
            ({"year": "2025"}, ["Appel AGR 2025"]),
            ({"status": "brouillon"}, ["Appel préscolaire 2026"]),
            ({"programme": calls[0].programme_id}, ["Appel AGR 2025"]),
            ({"q": "présco"}, ["Appel préscolaire 2026"]),
        ]:
            response = agent_client.get(url, params)
            assert [c.title_fr for c in response.context["object_list"]] == expected, params
        page = agent_client.get(url).content.decode()
        assert "Nouvel appel" in page
        assert "2\u202f000\u202f000,00\u00a0DH" in page

    def test_xlsx_export(self, agent_client, calls):
        response = agent_client.get(reverse("projects:call_list"), {"year": "2025", "export": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        assert ("Intitulé", "Année", "Programme", "Statut", "Enveloppe", "Ouverture", "Clôture") in rows
        data = [row for row in rows if row[0] == "Appel AGR 2025"]
        assert len(data) == 1
        assert data[0][3] == "Publié"
        assert data[0][4] == 2000000

    def test_the_space_page_counts_calls_by_status(self, agent_client, calls):
        response = agent_client.get(reverse("projects:index"))
        counts = {card["status"]: card["value"] for card in response.context["call_counts"]}
        assert counts[Status.PUBLISHED] == 1
        assert counts[Status.DRAFT] == 1
        assert reverse("projects:call_list") in response.content.decode()


@pytest.mark.django_db
def test_the_call_page_does_not_query_per_criterion(client_as, role_users, agent):
    client = client_as(agent)
    communes = [CommuneFactory() for _ in range(3)]

    def count(criteria):
        call = build_call(agent, criteria=criteria, communes=communes)
        call_publish(call=call, by=agent)
        for day in range(criteria // 2):
            call_amend(
                call=call,
                by=agent,
                reason=f"Prorogation {day}",
                changes={"closes_at": call.closes_at + dt.timedelta(days=day + 1)},
            )
        url = reverse("projects:call_detail", args=[call.pk])
        client.get(url)  # warm-up: session, content types, permissions cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["selection"]) == criteria
        return len(captured)

    small, large = count(2), count(20)
    print(f"call page: {small} queries with 2 criteria, {large} with 20")
    assert small == large
