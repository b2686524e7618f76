"""The convention pages: list, drafting, the convention's page and its buttons, parties and articles, the template,
the Governor's office's queue (waiting time, signature, return) and the PDF in French and in Arabic."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Convention, ConventionTemplate
from projects.services import conventions as services
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_call_notice import as_extracted, pdf_text
from tests.projects.test_convention_services import at, tiny_pdf

pytestmark = pytest.mark.django_db
Status = Convention.Status


@pytest.fixture
def project(role_users):
    return approved_project(role_users)


@pytest.fixture
def draft(project, role_users):
    return services.convention_create(project=project, by=role_users["suivi_evaluation"])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_agent_drafts_a_convention_from_a_project(client_as, role_users, project):
    client = client_as(role_users["suivi_evaluation"])
    page = client.get(reverse("projects:convention_create"), {"project": project.pk})
    assert page.status_code == 200 and project.code in page.content.decode()
    response = client.post(reverse("projects:convention_create"), {"project": project.pk})
    convention = Convention.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == convention.get_absolute_url()
    # The project has its convention now: it is no longer offered.
    assert project.code not in client.get(reverse("projects:convention_create")).content.decode()


def test_the_list_and_the_page_of_a_convention(client_as, role_users, draft):
    chef = client_as(role_users["chef"])
    html = chef.get(reverse("projects:convention_list")).content.decode()
    assert draft.reference in html and reverse("projects:convention_template") in html
    response = chef.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert [t.name for t, _reasons in response.context["buttons"]] == ["validate"]
    assert "Article 1 – Objet" in html and "500\u202f000,00\u00a0DH" in html
    assert response.context["gaps"] == []


def test_the_buttons_run_the_transitions_and_say_why_they_are_refused(client, client_as, role_users, draft):
    url = reverse("projects:convention_transition", args=[draft.pk, "validate"])
    agent = client_as(role_users["suivi_evaluation"])
    response = agent.post(url, follow=True)
    assert any("refusé" in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    client.force_login(role_users["chef"])
    client.post(url)
    draft.refresh_from_db()
    assert draft.status == Status.VALIDATED
    client.force_login(role_users["suivi_evaluation"])
    client.post(reverse("projects:convention_transition", args=[draft.pk, "transmit"]))
    draft.refresh_from_db()
    assert draft.status == Status.TRANSMITTED and draft.transmitted_at is not None
    assert client.post(reverse("projects:convention_transition", args=[draft.pk, "unknown"])).status_code == 404


def party_post(project, partner_amount):
    funding = project.fundings.get()
    rows = [
        ("gouverneur", "", "300 000,00"),
        ("porteur", project.holder.pk, "50 000"),
        ("partenaire", funding.partner.pk, partner_amount),
    ]
    data = {
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "3",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, partner, amount) in enumerate(rows):
        data.update(
            {
                f"parties-{index}-kind": kind,
                f"parties-{index}-partner": partner,
                f"parties-{index}-contribution": amount,
            }
        )
    return data


def test_parties_page_refuses_totals_other_than_the_cost_plan(client_as, role_users, draft, project):
    client = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:convention_parties", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, party_post(project, "100 000"))
    assert response.status_code == 200
    assert any("doit égaler le coût du projet" in e for e in response.context["errors"])
    assert draft.parties.get(kind="partenaire").contribution == Decimal("150000")
    response = client.post(url, party_post(project, "150 000,00"))
    assert response.status_code == 302


def test_parties_page_saves_as_displayed(client_as, role_users, draft, project):
    """The spare line under the parties is left blank: saving the page as a browser posts it is accepted."""
    client = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:convention_parties", args=[draft.pk])
    page = client.get(url).content.decode()
    assert '<select name="parties-3-kind"' in page
    spare = page.split('name="parties-3-kind"')[1].split("</select>")[0]
    assert '<option value="" selected>' in spare
    data = party_post(project, "150 000,00")
    data.update({"parties-3-kind": "", "parties-3-partner": "", "parties-3-contribution": ""})
    assert client.post(url, data).status_code == 302


def article_post(convention, **changes):
    articles = list(convention.articles.all())
    data = {
        "title": changes.pop("title", convention.title),
        "articles-TOTAL_FORMS": str(len(articles) + 1),
        "articles-INITIAL_FORMS": str(len(articles)),
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "1000",
    }
    for index, article in enumerate(articles):
        for name in ("number", "title_fr", "title_ar", "body_fr", "body_ar"):
            data[f"articles-{index}-{name}"] = getattr(article, name)
        data[f"articles-{index}-id"] = article.pk
    data.update(changes)
    return data


def test_articles_are_edited_in_draft_and_not_after(client_as, role_users, draft):
    client = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:convention_articles", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        article_post(
            draft,
            title="Convention argan 2026",
            **{"articles-0-body_fr": "Objet propre à cette convention.", "articles-1-DELETE": "on"},
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Convention argan 2026"
    assert draft.articles.get(number=1).body_fr == "Objet propre à cette convention."
    assert not draft.articles.filter(number=2).exists()
    at(draft, Status.VALIDATED, role_users)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    response = client.post(url, article_post(draft, title="Autre"))
    assert response.status_code == 200 and "brouillon" in response.content.decode()


def test_the_head_edits_the_template(client_as, role_users):
    client = client_as(role_users["chef"])
    url = reverse("projects:convention_template")
    response = client.get(url)
    assert response.status_code == 200 and "Règlement des litiges" in response.content.decode()
    assert not ConventionTemplate.objects.exists()  # showing it writes nothing
    data = {
        "articles-TOTAL_FORMS": "2",
        "articles-INITIAL_FORMS": "0",
        "articles-MIN_NUM_FORMS": "0",
        "articles-MAX_NUM_FORMS": "1000",
        "articles-0-number": "1",
        "articles-0-title_fr": "Objet",
        "articles-0-body_fr": "Réaliser {projet}.",
        "articles-1-number": "2",
        "articles-1-title_fr": "Durée",
        "articles-1-body_fr": "{duree} mois.",
    }
    assert client.post(url, data).status_code == 302
    template = ConventionTemplate.objects.get()
    assert [(a.number, a.title_fr) for a in template.articles.all()] == [(1, "Objet"), (2, "Durée")]


# --- The Governor's office ----------------------------------------------------------------------------------------


def test_the_queue_shows_what_waits_and_for_how_long(client_as, role_users, draft):
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    Convention.objects.filter(pk=transmitted.pk).update(transmitted_at=timezone.now() - dt.timedelta(days=9, hours=2))
    cabinet = client_as(role_users["cabinet"])
    response = cabinet.get(reverse("projects:convention_queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert [(c.pk, days) for c, days in response.context["rows"]] == [(transmitted.pk, 9)]
    assert "9 jours" in html and transmitted.reference in html
    assert reverse("projects:convention_pdf", args=[transmitted.pk, "fr"]) in html
    assert reverse("projects:convention_sign", args=[transmitted.pk]) in html
    detail = cabinet.get(transmitted.get_absolute_url())
    assert detail.status_code == 200 and "en attente depuis 9 jours" in detail.content.decode()


def test_the_cabinet_records_the_signature_with_its_date_and_scan(client_as, role_users, draft):
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    cabinet = client_as(role_users["cabinet"])
    url = reverse("projects:convention_sign", args=[transmitted.pk])
    assert cabinet.get(url).status_code == 200
    response = cabinet.post(url, {"signed_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and response.context["form"].errors["scan"]
    response = cabinet.post(url, {"signed_on": timezone.localdate().isoformat(), "scan": tiny_pdf()})
    assert response.status_code == 302 and response["Location"] == reverse("projects:convention_queue")
    transmitted.refresh_from_db()
    assert transmitted.status == Status.SIGNED and transmitted.signed_scan is not None
    scan = client_as(role_users["chef"]).get(reverse("projects:convention_scan", args=[transmitted.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF")
    # Signed: the page is no longer offered.
    assert client_as(role_users["cabinet"]).get(url).status_code == 302


def test_the_cabinet_returns_with_observations_kept_on_the_page(client_as, role_users, draft):
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    cabinet = client_as(role_users["cabinet"])
    url = reverse("projects:convention_return", args=[transmitted.pk])
    response = cabinet.post(url, {"observations": ""})
    assert response.status_code == 200
    response = cabinet.post(url, {"observations": "Préciser les conditions de la deuxième tranche."})
    assert response.status_code == 302
    transmitted.refresh_from_db()
    assert transmitted.status == Status.DRAFT
    html = client_as(role_users["suivi_evaluation"]).get(transmitted.get_absolute_url()).content.decode()
    assert "Préciser les conditions de la deuxième tranche." in html


def test_the_cabinet_pages_are_the_cabinets(client_as, role_users, draft):
    transmitted = at(draft, Status.TRANSMITTED, role_users)
    chef = client_as(role_users["chef"])
    assert chef.get(reverse("projects:convention_queue")).status_code == 403
    response = chef.post(
        reverse("projects:convention_sign", args=[transmitted.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scan": tiny_pdf()},
    )
    assert response.status_code == 403
    transmitted.refresh_from_db()
    assert transmitted.status == Status.TRANSMITTED


def test_start_close_and_terminate_pages(client_as, role_users, draft):
    signed = at(draft, Status.SIGNED, role_users)
    agent = client_as(role_users["suivi_evaluation"])
    today = timezone.localdate().isoformat()
    assert agent.post(reverse("projects:convention_start", args=[signed.pk]), {"on": today}).status_code == 302
    signed.refresh_from_db()
    assert signed.status == Status.EXECUTING
    chef = client_as(role_users["chef"])
    url = reverse("projects:convention_terminate", args=[signed.pk])
    assert chef.post(url, {"on": today, "reason": ""}).status_code == 200
    assert chef.post(url, {"on": today, "reason": "Projet abandonné par le porteur"}).status_code == 302
    signed.refresh_from_db()
    assert signed.status == Status.TERMINATED
    assert "Projet abandonné par le porteur" in chef.get(signed.get_absolute_url()).content.decode()


# --- PDF ----------------------------------------------------------------------------------------------------------


def test_the_convention_pdf_in_french(client_as, role_users, draft, tmp_path):
    response = client_as(role_users["cabinet"]).get(reverse("projects:convention_pdf", args=[draft.pk, "fr"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path, "fr.pdf")
    assert "Convention de partenariat" in text and draft.reference in text
    assert "Article 1 — Objet" in text and "Article 11 — Règlement des litiges" in text
    assert "500 000,00 DH" in text and "300 000,00 DH" in text and "60 %" in text
    assert "Le Gouverneur, président du CPDH" in text and "Signatures" in text
    assert "document non signé" in text


def test_the_convention_pdf_in_arabic(client_as, role_users, draft, tmp_path):
    response = client_as(role_users["chef"]).get(reverse("projects:convention_pdf", args=[draft.pk, "ar"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path, "ar.pdf")
    for arabic in ("اتفاقية شراكة", "المادة", "الموضوع", "التوقيعات", "الأطراف والمساهمات", "تسوية النزاعات"):
        assert as_extracted(arabic) in text, arabic
    assert "500 000,00" in text
    assert (
        client_as(role_users["chef"]).get(reverse("projects:convention_pdf", args=[draft.pk, "en"])).status_code == 404
    )


def test_signed_pdf_carries_the_date_of_signature(client_as, role_users, draft, tmp_path):
    signed = at(draft, Status.SIGNED, role_users)
    response = client_as(role_users["chef"]).get(reverse("projects:convention_pdf", args=[signed.pk, "fr"]))
    text = pdf_text(response.content, tmp_path, "signed.pdf")
    assert f"le {timezone.localdate():%d/%m/%Y}" in text and "document non signé" not in text
