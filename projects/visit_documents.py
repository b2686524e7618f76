"""The PV of a commission's visit to a project, as a PDF in French or in Arabic: the project, the commission, the
members present and other attendees, findings, reserves, recommendations, and a signature block per member present.

As in projects.convention_documents, the fixed wording lives here per language; what was typed in one language
(findings, names) is laid out left to right in the Arabic document. A PV not closed yet is marked as a draft.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from das.exports import pdf_context, render_pdf
from projects.documents import Text, _free, _language, _text
from projects.models import CommissionVisit

Kind = CommissionVisit.Kind

LABELS = {
    "fr": {
        "title": "Procès-verbal de visite",
        "number": "PV n° {reference}",
        "draft_number": "Projet de PV (non clos)",
        "division": "Division de l'Action Sociale",
        "kinds": {
            Kind.LAUNCH: "Visite de lancement",
            Kind.FOLLOW_UP: "Visite de suivi",
            Kind.PROVISIONAL: "Réception provisoire",
            Kind.FINAL: "Réception définitive",
        },
        "opening": "Le {date}, la {commission} s'est rendue sur le site du projet ci\u2011après ({kind}).",
        "project": "Le projet",
        "code": "Code",
        "project_title": "Intitulé",
        "holder": "Porteur",
        "commune": "Commune",
        "progress": "Avancement physique constaté",
        "attendance": "Présences",
        "members": "Membres de la commission présents",
        "others": "Autres participants",
        "name": "Nom et prénom",
        "quality": "Qualité",
        "number_column": "N°",
        "none": "Néant",
        "findings": "Constats",
        "reserves": "Réserves",
        "recommendations": "Recommandations",
        "previous_reserves": "Réserves de la réception provisoire",
        "previous_reserve": "PV {reference} du {date}",
        "closing": "Fait à {place}, le {date}.",
        "signatures": "Signatures des membres présents",
        "draft": "Projet de procès-verbal — document non clos",
    },
    "ar": {
        "title": "محضر زيارة",
        "number": "محضر رقم {reference}",
        "draft_number": "مشروع محضر (غير مختوم)",
        "division": "قسم العمل الاجتماعي",
        "kinds": {
            Kind.LAUNCH: "زيارة الانطلاق",
            Kind.FOLLOW_UP: "زيارة التتبع",
            Kind.PROVISIONAL: "التسلم المؤقت",
            Kind.FINAL: "التسلم النهائي",
        },
        "opening": "بتاريخ {date}، انتقلت {commission} إلى موقع المشروع المبين بعده ({kind}).",
        "project": "المشروع",
        "code": "الرمز",
        "project_title": "الاسم",
        "holder": "حامل المشروع",
        "commune": "الجماعة",
        "progress": "نسبة الإنجاز المادي المعاينة",
        "attendance": "الحضور",
        "members": "أعضاء اللجنة الحاضرون",
        "others": "مشاركون آخرون",
        "name": "الاسم الكامل",
        "quality": "الصفة",
        "number_column": "ر.ت",
        "none": "لا شيء",
        "findings": "المعاينات",
        "reserves": "التحفظات",
        "recommendations": "التوصيات",
        "previous_reserves": "تحفظات التسلم المؤقت",
        "previous_reserve": "المحضر {reference} بتاريخ {date}",
        "closing": "حرر ب{place}، بتاريخ {date}.",
        "signatures": "توقيعات الأعضاء الحاضرين",
        "draft": "مشروع محضر — وثيقة غير مختومة",
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y")


def visit_context(visit: CommissionVisit, language: str, *, previous_reserves=()) -> dict:
    """What the PV shows; ``visit`` as projects.execution_selectors.visit_page loads it."""
    labels = LABELS[language]
    project = visit.project
    commission = _text(language, visit.commission.name, visit.commission.name_ar)
    reference = Text(visit.reference, fallback=language == "ar").inline
    subtitle = labels["number"].format(reference=reference) if visit.reference else labels["draft_number"]
    context = pdf_context(labels["title"], user=labels["division"], subtitle=subtitle)
    members = []
    for row in visit.present.all():
        member = row.member
        members.append(
            {
                "name": _text(language, member.full_name, member.full_name_ar),
                "quality": _free(member.title or member.institution or member.get_function_display(), language),
            }
        )
    others = [_free(line, language) for line in visit.other_attendees.splitlines() if line.strip()]
    place = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    context.update(
        {
            "language": language,
            "labels": labels,
            "visit": visit,
            "kind": labels["kinds"][visit.kind],
            "opening": labels["opening"].format(
                date=_date(visit.visited_on), commission=commission.inline, kind=labels["kinds"][visit.kind]
            ),
            "project_title": _free(project.title, language),
            "holder": _text(language, project.holder.name, project.holder.name_ar),
            "commune": _text(language, project.commune.name_fr, project.commune.name_ar),
            "progress": f"{project.physical_progress}%" if language == "ar" else f"{project.physical_progress}\u00a0%",
            "members": members,
            "others": others,
            "findings": _free(visit.findings, language),
            "reserves": _free(visit.reserves, language),
            "recommendations": _free(visit.recommendations, language),
            "previous_reserves": [
                {
                    "heading": labels["previous_reserve"].format(
                        reference=Text(v.reference, fallback=language == "ar").inline, date=_date(v.visited_on)
                    ),
                    "text": _free(v.reserves, language),
                }
                for v in previous_reserves
            ],
            "closing": labels["closing"].format(place=place, date=_date(visit.closed_on or visit.visited_on)),
            "draft": visit.status == CommissionVisit.Status.DRAFT,
        }
    )
    return context


def render_visit_pv(visit: CommissionVisit, language: str) -> bytes:
    from projects.execution_selectors import provisional_reserves

    language = _language(language)
    previous = provisional_reserves(visit.project) if visit.kind == Kind.FINAL else []
    with translation.override(language):
        return render_pdf("projects/pdf/visit_pv.html", visit_context(visit, language, previous_reserves=previous))
