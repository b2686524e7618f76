"""The convention de partenariat as a PDF, in French or in Arabic, with the parties, their contributions, the
articles and one signature block per party.

As for the call's notice (projects/documents.py), the fixed wording lives here per language; the articles come from
the convention's own ``*_fr`` / ``*_ar`` texts, the Arabic document falling back to French (laid out left to right)
where an article has no Arabic version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import translation

from das.exports import pdf_context, render_pdf
from projects.documents import Text, _amount, _count_ar, _free, _language, _share_of, _text
from projects.models import ConventionParty

LABELS = {
    "fr": {
        "title": "Convention de partenariat",
        "number": "Convention n° {reference}",
        "division": "Division de l'Action Sociale",
        "preamble": (
            "Dans le cadre de l'Initiative Nationale pour le Développement Humain (INDH), et en exécution de la "
            "décision du Comité Provincial de Développement Humain de la {province} validant le projet {code}, "
            "il est convenu ce qui suit entre les parties ci\u2011après désignées."
        ),
        "between": "Entre les soussignés",
        "governor": "Le Gouverneur de la {province}, président du Comité Provincial de Développement Humain",
        "holder": "Porteur du projet",
        "partner": "Partenaire",
        "represented_by": "représenté par {name}",
        "project": "Le projet",
        "project_title": "Intitulé",
        "commune": "Commune",
        "duration": "Durée de réalisation",
        "months": "{months} mois",
        "contributions": "Parties et contributions",
        "party": "Partie",
        "quality": "Qualité",
        "contribution": "Contribution",
        "share": "Part",
        "total": "Total (coût du projet)",
        "articles": "Articles",
        "article": "Article {number}",
        "made_at": "Fait à {place}, le ……………………, en autant d'exemplaires originaux que de parties.",
        "signed_at": "Fait à {place}, le {date}.",
        "signatures": "Signatures",
        "for": "Pour {name}",
        "kinds": {
            ConventionParty.Kind.GOVERNOR: "Gouverneur, président du CPDH (INDH)",
            ConventionParty.Kind.HOLDER: "Porteur du projet",
            ConventionParty.Kind.PARTNER: "Partenaire",
        },
        "governor_short": "Le Gouverneur, président du CPDH",
        "draft": "Projet de convention — document non signé",
    },
    "ar": {
        "title": "اتفاقية شراكة",
        "number": "اتفاقية رقم {reference}",
        "division": "قسم العمل الاجتماعي",
        "preamble": (
            "في إطار المبادرة الوطنية للتنمية البشرية، وتنفيذا لقرار اللجنة الإقليمية للتنمية البشرية ب{province} "
            "القاضي بالمصادقة على المشروع {code}، تم الاتفاق بين الأطراف المشار إليها بعده على ما يلي."
        ),
        "between": "بين الموقعين أسفله",
        "governor": "عامل {province}، رئيس اللجنة الإقليمية للتنمية البشرية",
        "holder": "حامل المشروع",
        "partner": "شريك",
        "represented_by": "ويمثله {name}",
        "project": "المشروع",
        "project_title": "الاسم",
        "commune": "الجماعة",
        "duration": "مدة الإنجاز",
        "months": "{months}",
        "contributions": "الأطراف والمساهمات",
        "party": "الطرف",
        "quality": "الصفة",
        "contribution": "المساهمة",
        "share": "النسبة",
        "total": "المجموع (كلفة المشروع)",
        "articles": "المواد",
        "article": "المادة {number}",
        "made_at": "حرر ب{place}، بتاريخ ……………………، في نظائر أصلية بعدد الأطراف.",
        "signed_at": "حرر ب{place}، بتاريخ {date}.",
        "signatures": "التوقيعات",
        "for": "عن {name}",
        "kinds": {
            ConventionParty.Kind.GOVERNOR: "العامل، رئيس اللجنة الإقليمية (المبادرة الوطنية للتنمية البشرية)",
            ConventionParty.Kind.HOLDER: "حامل المشروع",
            ConventionParty.Kind.PARTNER: "شريك",
        },
        "governor_short": "العامل، رئيس اللجنة الإقليمية للتنمية البشرية",
        "draft": "مشروع اتفاقية — وثيقة غير موقعة",
    },
}


def _party(party, language: str, labels: dict, province: str) -> dict:
    if party.kind == ConventionParty.Kind.GOVERNOR:
        name = Text(labels["governor"].format(province=province))
        representative = Text("")
    else:
        partner = party.partner
        name = _text(language, partner.name, partner.name_ar)
        representative = _free(partner.representative_name, language)
    return {
        "kind": labels["kinds"][party.kind],
        "name": name,
        "represented": labels["represented_by"].format(name=representative.inline) if representative.text else "",
        "signer": labels["governor_short"] if party.kind == ConventionParty.Kind.GOVERNOR else None,
    }


def convention_context(convention, language: str) -> dict:
    """What the convention's PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    project = convention.project
    province = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    reference = Text(convention.reference, fallback=language == "ar").inline
    title = _free(convention.title, language)
    context = pdf_context(
        labels["title"], user=labels["division"], subtitle=labels["number"].format(reference=reference)
    )
    cost = project.estimated_cost
    parties = list(convention.parties.select_related("partner").order_by("position", "pk"))
    rows = []
    for party in parties:
        described = _party(party, language, labels, province)
        described["amount"] = _amount(party.contribution, language)
        described["share"] = _share_of(party.contribution, cost, language)
        rows.append(described)
    total = sum((p.contribution for p in parties), Decimal("0"))
    articles = []
    for article in convention.articles.order_by("number", "pk"):
        heading = _text(language, article.title_fr, article.title_ar)
        body = _text(language, article.body_fr, article.body_ar)
        articles.append(
            {
                "number": labels["article"].format(number=article.number),
                "title": heading,
                "paragraphs": [Text(p, fallback=body.fallback) for p in body.text.splitlines() if p.strip()],
            }
        )
    place = province
    if convention.signed_on:
        closing = labels["signed_at"].format(place=place, date=convention.signed_on.strftime("%d/%m/%Y"))
    else:
        closing = labels["made_at"].format(place=place)
    duration = (
        _count_ar(project.duration_months, "شهر واحد", "شهران", "أشهر", "شهرا")
        if language == "ar"
        else labels["months"].format(months=project.duration_months)
    )
    context.update(
        {
            "language": language,
            "labels": labels,
            "convention": convention,
            "convention_title": title,
            "preamble": labels["preamble"].format(province=province, code=Text(project.code, language == "ar").inline),
            "project_title": _free(project.title, language),
            "commune": _text(language, project.commune.name_fr, project.commune.name_ar),
            "duration": duration,
            "parties": rows,
            "total": _amount(total, language),
            "total_share": _share_of(total, cost, language),
            "articles": articles,
            "closing": closing,
            "unsigned": convention.signed_on is None,
        }
    )
    return context


def render_convention(convention, language: str) -> bytes:
    """The convention, A4 PDF, in French or in Arabic (right to left), with a signature block per party."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("projects/pdf/convention.html", convention_context(convention, language))
