"""The evaluation pages: evaluators, scoring by two evaluators, ranking and its exports, preselection."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from das.models import DownloadRecord
from projects.models import CallForProjects, Dossier, Evaluation
from projects.services import calls as call_services
from projects.services import dossiers as services
from tests.factories import user_with_role
from tests.projects.test_call_services import draft_call
from tests.projects.test_call_views import message_texts
from tests.projects.test_dossier_services import eligible, scored

pytestmark = pytest.mark.django_db
Status = Dossier.Status


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def call(agent):
    return call_services.call_publish(call=draft_call(agent, weights=(60, 40)), by=agent)


def score_url(evaluation):
    return reverse("projects:evaluation_score", args=[evaluation.pk])


def score_data(call, values, action="save", comments=()):
    data = {"action": action}
    for index, (criterion, value) in enumerate(zip(call.selection_criteria.all(), values, strict=True)):
        data[f"value_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comments[index] if index < len(comments) else ""
    return data


def test_two_evaluators_score_a_dossier_through_the_pages(client, call, agent):
    dossier = eligible(call, agent)
    second = user_with_role("suivi_evaluation", username="eval2")
    client.force_login(agent)
    assign_url = reverse("projects:evaluators_assign", args=[call.pk])
    page = client.get(assign_url).content.decode()
    assert dossier.reference in page and str(second) in page
    response = client.post(assign_url, {"dossiers": [dossier.pk], "evaluators": [agent.pk, second.pk]})
    assert response.status_code == 302
    mine = Evaluation.objects.get(dossier=dossier, evaluator=agent)
    theirs = Evaluation.objects.get(dossier=dossier, evaluator=second)

    # The declaration comes first; unticked, it is refused.
    page = client.get(score_url(mine)).content.decode()
    assert 'data-testid="declaration-form"' in page and 'data-testid="scores-form"' not in page
    assert "Unité de valorisation" in page and "250\u202f000,00\u00a0DH" in page
    page = client.post(score_url(mine), {"action": "declare"}).content.decode()
    assert "Cochez la déclaration pour continuer." in page
    assert client.post(score_url(mine), {"action": "declare", "confirm": "on"}).status_code == 302

    # A note above the scale is refused with its reason, and what was typed stays on the page.
    response = client.post(score_url(mine), score_data(call, ["12", "5"], comments=["Très pertinent"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Notes hors barème (0 à 10) : Critère 0." in page
    assert 'value="12"' in page and "Très pertinent" in page
    assert not mine.scores.exists()
    assert client.post(score_url(mine), score_data(call, ["8", "5"])).status_code == 302
    assert mine.scores.count() == 2

    # The second evaluator scores and hands in; the first, still in draft, does not see those notes.
    client.force_login(second)
    client.post(score_url(theirs), {"action": "declare", "confirm": "on"})
    page = client.get(score_url(theirs)).content.decode()
    assert 'value="8"' not in page  # the other's draft is not shown
    response = client.post(score_url(theirs), score_data(call, ["7", "9"], action="submit"))
    assert response.status_code == 302
    page = client.get(score_url(theirs)).content.decode()
    assert 'data-testid="weighted-total">78,00 / 100' in page
    assert 'data-testid="scores-form"' not in page  # read-only once handed in
    client.force_login(agent)
    page = client.get(score_url(mine)).content.decode()
    assert "78,00" not in page
    assert 'value="8"' in page  # the draft is back in the form

    response = client.post(score_url(mine), score_data(call, ["8", "5"], action="submit"))
    assert response.status_code == 302
    assert "note pondérée 68,00 / 100" in " ".join(message_texts(response))
    page = client.get(score_url(mine)).content.decode()
    assert 'data-testid="weighted-total">68,00 / 100' in page
    assert "78,00 / 100" in page
    assert 'data-testid="average">73,00 / 100' in page
    dossier.refresh_from_db()
    assert dossier.status == Status.SCORED
    page = client.get(reverse("projects:my_evaluations")).content.decode()
    assert dossier.reference in page and "68,00 / 100" in page


def test_an_evaluator_cannot_open_someone_elses_scoring_page(client, call, agent, role_users):
    dossier = eligible(call, agent)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    evaluation = dossier.evaluations.get()
    for user in (role_users["chef"], user_with_role("suivi_evaluation", username="eval3"), role_users["dbm"]):
        client.force_login(user)
        assert client.get(score_url(evaluation)).status_code == 403
        response = client.post(score_url(evaluation), {"action": "declare", "confirm": "on"})
        assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.no_conflict_declared_at is None


def test_the_evaluation_sheet_waits_for_the_readers_own_notes(client, call, agent):
    dossier = eligible(call, agent)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    client.force_login(agent)
    url = reverse("projects:dossier_evaluation_sheet", args=[dossier.pk, "fr"])
    assert client.get(url).status_code == 403
    evaluation = dossier.evaluations.get()
    client.post(score_url(evaluation), {"action": "declare", "confirm": "on"})
    client.post(score_url(evaluation), score_data(call, ["6", "6"], action="submit"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def ranked_call(agent):
    """Envelope 1 000 000 DH; three dossiers of 400 000 DH filed from the weakest to the best."""
    call = call_services.call_publish(call=draft_call(agent), by=agent)
    CallForProjects.objects.filter(pk=call.pk).update(envelope=Decimal("1000000"))
    call.refresh_from_db()
    plan = {"cost": "600000", "indh": "400000", "holder_part": "200000"}
    weak = scored(call, agent, ["5", "5"], **plan)
    best = scored(call, agent, ["9", "9"], **plan)
    middle = scored(call, agent, ["7", "7"], **plan)
    return call, [best, middle, weak]


def test_the_ranking_orders_dossiers_and_marks_where_the_envelope_runs_out(client, agent):
    call, (best, middle, weak) = ranked_call(agent)
    client.force_login(agent)
    page = client.get(reverse("projects:call_ranking", args=[call.pk])).content.decode()
    assert page.index(best.reference) < page.index(middle.reference) < page.index("envelope-limit")
    assert page.index("envelope-limit") < page.index(weak.reference)
    assert "90,00" in page and "1\u202f200\u202f000,00\u00a0DH" in page  # average and cumulative
    assert "hors enveloppe" in page


def test_the_ranking_exports_typed_excel_and_journaled_pdf(client, agent, role_users):
    call, (best, _middle, _weak) = ranked_call(agent)
    client.force_login(role_users["auditeur"])
    response = client.get(reverse("projects:call_ranking", args=[call.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if row[0].value == "Rang")
    first = rows[header + 1]
    assert first[0].value == 1 and first[0].number_format == "#,##0"
    assert first[1].value == best.reference
    assert first[5].value == 90 and first[5].number_format == "#,##0.00"
    assert first[6].value == 400000 and "DH" in first[6].number_format
    assert rows[header + 3][7].value == 1200000

    response = client.get(reverse("projects:call_ranking_pdf", args=[call.pk, "ar"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert DownloadRecord.objects.filter(user=role_users["auditeur"], kind="classement").exists()
    assert client.get(reverse("projects:call_ranking_pdf", args=[call.pk, "en"])).status_code == 404


def test_preselection_over_the_envelope_is_refused_then_validated_by_the_head(client, agent, role_users):
    call, (best, middle, weak) = ranked_call(agent)
    call_services.call_close(call=call, by=agent)
    client.force_login(agent)
    url = reverse("projects:preselection_propose", args=[call.pk])
    page = client.get(url).content.decode()
    assert f'value="{best.pk}" id="dossier-{best.pk}" checked' in page
    assert f'value="{weak.pk}" id="dossier-{weak.pk}">' in page  # beyond the envelope: not ticked

    response = client.post(url, {"dossiers": [best.pk, middle.pk, weak.pk], "not_retained_reason": "Rang"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "dépassent l&#x27;enveloppe" in page
    assert f'value="{weak.pk}" id="dossier-{weak.pk}" checked' in page and ">Rang</textarea>" in page
    page = client.post(url, {"dossiers": [best.pk, middle.pk], "not_retained_reason": " "}).content.decode()
    assert "Indiquez le motif pour les dossiers non retenus." in page

    response = client.post(url, {"dossiers": [best.pk, middle.pk], "not_retained_reason": "Enveloppe épuisée"})
    assert response.status_code == 302
    ranking_url = reverse("projects:call_ranking", args=[call.pk])
    page = client.get(ranking_url).content.decode()
    assert "proposée, à valider" in page
    assert reverse("projects:preselection_validate", args=[call.pk]) not in page  # not the agent's decision
    assert client.post(reverse("projects:preselection_validate", args=[call.pk])).status_code == 403

    client.force_login(role_users["chef"])
    page = client.get(ranking_url).content.decode()
    assert reverse("projects:preselection_validate", args=[call.pk]) in page
    response = client.post(reverse("projects:preselection_validate", args=[call.pk]))
    assert response.status_code == 302
    assert {d.pk: d.status for d in Dossier.objects.filter(call=call)} == {
        best.pk: Status.PRESELECTED,
        middle.pk: Status.PRESELECTED,
        weak.pk: Status.NOT_RETAINED,
    }
    assert Dossier.objects.get(pk=weak.pk).status_reason == "Enveloppe épuisée"
    call.refresh_from_db()
    assert call.status == CallForProjects.Status.EVALUATED
    page = client.get(ranking_url).content.decode()
    assert "validée" in page and "Présélectionné" in page and "Non retenu" in page


def test_dbm_is_refused(client, role_users, agent):
    call, _dossiers = ranked_call(agent)
    client.force_login(role_users["dbm"])
    for url in (
        reverse("projects:call_ranking", args=[call.pk]),
        reverse("projects:my_evaluations"),
        reverse("projects:evaluators_assign", args=[call.pk]),
        reverse("projects:preselection_propose", args=[call.pk]),
    ):
        assert client.get(url).status_code == 403


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_ranking_page_does_a_fixed_number_of_queries(client, agent):
    counts = []
    for size in (3, 20):
        call = call_services.call_publish(call=draft_call(agent), by=agent)
        for _index in range(size):
            scored(call, agent, ["8", "6"])
        call_services.call_close(call=call, by=agent)
        client.force_login(agent)
        counts.append(count_queries(client, reverse("projects:call_ranking", args=[call.pk])))
    assert counts[0] == counts[1]


def test_the_scoring_page_does_a_fixed_number_of_queries(client, agent):
    counts = []
    for weights in ((40, 30, 30), (5,) * 20):
        call = call_services.call_publish(call=draft_call(agent, weights=weights), by=agent)
        dossier = eligible(call, agent)
        services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
        evaluation = dossier.evaluations.get()
        services.evaluation_declare_no_conflict(evaluation=evaluation, by=agent)
        services.evaluation_save_scores(
            evaluation=evaluation, by=agent, scores=dict.fromkeys(call.selection_criteria.all(), ("7", "Correct"))
        )
        client.force_login(agent)
        counts.append(count_queries(client, score_url(evaluation)))
    assert counts[0] == counts[1]
