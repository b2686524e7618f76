"""The avenant to a convention de partenariat as a PDF, in French or in Arabic: what it changes (before → after),
the clause keeping the rest of the convention, and one signature block per party (as projects.convention_documents).

A signed avenant prints what its signature changed (frozen on it); an avenant under way prints what it would change
against the convention as it stands.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation

from das.exports import pdf_context, render_pdf
from projects.convention_documents import LABELS as CONVENTION_LABELS
from projects.convention_documents import _party
from projects.documents import Text, _amount, _free, _language
from projects.models import ConventionParty
from projects.services import amendments as services

LABELS = {
    "fr": {
        "title": "Avenant à la convention de partenariat",
        "number": "Avenant n° {number} à la convention n° {reference}",
        "preamble": (
            "Les parties à la convention de partenariat n° {reference}, conclue dans le cadre de l'Initiative "
            "Nationale pour le Développement Humain pour le projet {code}, conviennent du présent avenant."
        ),
        "object": "Objet de l'avenant",
        "article_changes": "Article 1 — Modifications",
        "intro_changes": "La convention est modifiée comme suit :",
        "item": "Élément",
        "before": "Avant",
        "after": "Après",
        "article_rest": "Article 2 — Autres clauses",
        "rest": "Les autres clauses de la convention demeurent inchangées. Le présent avenant prend effet à sa "
        "signature.",
        "cost": "Coût du projet",
        "duration": "Durée de réalisation",
        "months": "{months} mois",
        "contribution": "Contribution — {party}",
        "tranche": "Tranche {number}",
        "tranche_terms": "Tranche {number} : conditions",
        "absent": "(absente)",
        "removed": "(supprimée)",
        "due": "échéance {date}",
        "threshold": "seuil {threshold} %",
        "none": "Aucune modification.",
        "draft": "Projet d'avenant — document non signé",
    },
    "ar": {
        "title": "ملحق اتفاقية الشراكة",
        "number": "الملحق رقم {number} للاتفاقية رقم {reference}",
        "preamble": (
            "اتفقت أطراف اتفاقية الشراكة رقم {reference}، المبرمة في إطار المبادرة الوطنية للتنمية البشرية "
            "بخصوص المشروع {code}، على هذا الملحق."
        ),
        "object": "موضوع الملحق",
        "article_changes": "المادة 1 — التعديلات",
        "intro_changes": "تعدل الاتفاقية على النحو التالي:",
        "item": "العنصر",
        "before": "قبل",
        "after": "بعد",
        "article_rest": "المادة 2 — باقي البنود",
        "rest": "تبقى باقي بنود الاتفاقية دون تغيير. ويدخل هذا الملحق حيز التنفيذ ابتداء من تاريخ توقيعه.",
        "cost": "كلفة المشروع",
        "duration": "مدة الإنجاز",
        "months": "{months} شهرا",
        "contribution": "مساهمة — {party}",
        "tranche": "الشطر {number}",
        "tranche_terms": "الشطر {number}: الشروط",
        "absent": "(غير موجود)",
        "removed": "(محذوف)",
        "due": "الأجل {date}",
        "threshold": "عتبة {threshold} %",
        "none": "لا تعديل.",
        "draft": "مشروع ملحق — وثيقة غير موقعة",
    },
}


def _figure(value, language: str) -> str:
    if value is None:
        return ""
    amount = _amount(value, language)
    return f"{amount['figure']} {amount['unit']}".strip()


def _terms(terms, labels: dict) -> str:
    if not terms:
        return "—"
    parts = [terms["conditions"]] if terms.get("conditions") else []
    if terms.get("due_on"):
        parts.append(labels["due"].format(date=dt.date.fromisoformat(terms["due_on"]).strftime("%d/%m/%Y")))
    if terms.get("threshold") is not None:
        parts.append(labels["threshold"].format(threshold=terms["threshold"]))
    return " ; ".join(parts) or "—"


def change_rows(changes: list[dict], language: str) -> list[tuple[str, str, str]]:
    labels, kinds = LABELS[language], CONVENTION_LABELS[language]["kinds"]
    rows = []
    for change in changes:
        item = change["item"]
        if item == "cost":
            rows.append((labels["cost"], _figure(change["before"], language), _figure(change["after"], language)))
        elif item == "duration":
            months = labels["months"]
            rows.append(
                (labels["duration"], months.format(months=change["before"]), months.format(months=change["after"]))
            )
        elif item == "party":
            party = kinds.get(change["kind"], change["kind"]) + (f" : {change['name']}" if change.get("name") else "")
            rows.append(
                (
                    labels["contribution"].format(party=party),
                    _figure(change["before"], language),
                    _figure(change["after"], language),
                )
            )
        elif item == "tranche":
            rows.append(
                (
                    labels["tranche"].format(number=change["number"]),
                    _figure(change["before"], language) or labels["absent"],
                    _figure(change["after"], language) or labels["removed"],
                )
            )
        elif item == "tranche_terms":
            rows.append(
                (
                    labels["tranche_terms"].format(number=change["number"]),
                    _terms(change["before"], labels),
                    _terms(change["after"], labels),
                )
            )
    return rows


def amendment_context(amendment, language: str) -> dict:
    labels, convention_labels = LABELS[language], CONVENTION_LABELS[language]
    convention = amendment.convention
    project = convention.project
    province = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    reference = Text(convention.reference, fallback=language == "ar").inline
    context = pdf_context(
        labels["title"],
        user=convention_labels["division"],
        subtitle=labels["number"].format(number=amendment.number, reference=reference),
    )
    changes = amendment.changes if amendment.signed_on else services.pending_changes(amendment, convention)
    parties = [
        _party(p, language, convention_labels, province)
        for p in convention.parties.select_related("partner").order_by("position", "pk")
    ]
    if amendment.signed_on:
        closing = convention_labels["signed_at"].format(place=province, date=amendment.signed_on.strftime("%d/%m/%Y"))
    else:
        closing = convention_labels["made_at"].format(place=province)
    context.update(
        {
            "language": language,
            "labels": labels,
            "convention_labels": convention_labels,
            "amendment": amendment,
            "preamble": labels["preamble"].format(
                reference=reference, code=Text(project.code, language == "ar").inline
            ),
            "reason": _free(amendment.reason, language),
            "parties": parties,
            "changes": change_rows(changes, language),
            "closing": closing,
            "unsigned": amendment.signed_on is None,
            "governor_kind": ConventionParty.Kind.GOVERNOR,
        }
    )
    return context


def render_amendment(amendment, language: str) -> bytes:
    """The avenant, A4 PDF, in French or in Arabic (right to left), with a signature block per party."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("projects/pdf/amendment.html", amendment_context(amendment, language))
