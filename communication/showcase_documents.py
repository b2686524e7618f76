"""The fiches de réalisation in print: one fiche on one A4 page (French or Arabic) and the brochure of the published
fiches (cover, contents by programme or by commune, one fiche a page, totals). Photos are embedded as data URIs,
scaled down (projects.project_sheet.photo_source).

The wording is fixed here per language (as training.plan_documents does), so the Arabic brochure reads in Arabic
whatever the state of the catalogue; texts typed in French show left to right in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils import translation

from communication.models import AchievementSheet, SheetPhoto
from communication.pdf import latin, pdf_language
from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from projects.project_sheet import photo_source

Status = AchievementSheet.Status
Moment = SheetPhoto.Moment
ZERO = Decimal("0")

LABELS = {
    "fr": {
        "initiative": "Initiative Nationale pour le Développement Humain",
        "division": "Division de l'Action Sociale",
        "sheet": "Fiche de réalisation",
        "brochure": "Les réalisations de l'INDH",
        "code": "Projet",
        "programme": "Programme",
        "commune": "Commune",
        "holder": "Porteur",
        "year": "Année d'achèvement",
        "before": "Avant",
        "after": "Après",
        "no_photo": "Pas de photo",
        "summary": "Présentation",
        "results": "Résultats et impact",
        "figures": "Chiffres clés",
        "beneficiaries": "Bénéficiaires",
        "women": "dont femmes",
        "cost": "Coût global",
        "indh_share": "Part INDH",
        "partners": "Partenaires",
        "draft": "Fiche non publiée — {status}",
        "toc": "Sommaire",
        "by_programme": "Par programme",
        "by_commune": "Par commune",
        "all": "Toute la préfecture",
        "period": "Projets achevés de {start} à {end}",
        "since": "Projets achevés depuis {start}",
        "until": "Projets achevés jusqu'en {end}",
        "count_line": "Réalisations publiées : {count}",
        "totals": "Bilan des réalisations",
        "projects": "Projets",
        "total": "Total",
        "unit": "DH",
        "none": "—",
        "statuses": {
            Status.DRAFT: "brouillon",
            Status.SUBMITTED: "soumise au chef",
            Status.PUBLISHED: "publiée",
            Status.WITHDRAWN: "retirée",
        },
    },
    "ar": {
        "initiative": "المبادرة الوطنية للتنمية البشرية",
        "division": "قسم العمل الاجتماعي",
        "sheet": "بطاقة إنجاز",
        "brochure": "إنجازات المبادرة الوطنية للتنمية البشرية",
        "code": "المشروع",
        "programme": "البرنامج",
        "commune": "الجماعة",
        "holder": "حامل المشروع",
        "year": "سنة الإنجاز",
        "before": "قبل",
        "after": "بعد",
        "no_photo": "لا توجد صورة",
        "summary": "تقديم",
        "results": "النتائج والأثر",
        "figures": "أرقام رئيسية",
        "beneficiaries": "المستفيدون",
        "women": "منهم نساء",
        "cost": "الكلفة الإجمالية",
        "indh_share": "مساهمة المبادرة",
        "partners": "الشركاء",
        "draft": "بطاقة غير منشورة — {status}",
        "toc": "الفهرس",
        "by_programme": "حسب البرنامج",
        "by_commune": "حسب الجماعة",
        "all": "مجموع العمالة",
        "period": "المشاريع المنجزة من {start} إلى {end}",
        "since": "المشاريع المنجزة منذ {start}",
        "until": "المشاريع المنجزة إلى غاية {end}",
        "count_line": "عدد الإنجازات المنشورة: {count}",
        "totals": "حصيلة الإنجازات",
        "projects": "المشاريع",
        "total": "المجموع",
        "unit": "درهم",
        "none": "—",
        "statuses": {
            Status.DRAFT: "مسودة",
            Status.SUBMITTED: "معروضة على رئيس القسم",
            Status.PUBLISHED: "منشورة",
            Status.WITHDRAWN: "مسحوبة",
        },
    },
}


def money(value, language: str) -> str:
    """``1 234 567,89 DH`` (درهم in Arabic); the mark keeps the figure left to right in an Arabic line."""
    text = format_money(value, unit=LABELS[language]["unit"])
    return ("\u200e" + text) if language == "ar" else text


def _name(obj, language: str) -> str:
    if obj is None:
        return "—"
    arabic = getattr(obj, "name_ar", "") if language == "ar" else ""
    return arabic or getattr(obj, "name_fr", None) or getattr(obj, "name", "") or str(obj)


def _programme(programme, language: str) -> str:
    return f"{programme.code} – {_name(programme, language)}"


def _photo(photos, moment):
    """The first photo of ``moment`` (the photos are prefetched in their order), as a data URI with its caption."""
    for photo in photos:
        if photo.moment == moment:
            try:
                path = Path(photo.attachment.file.path)
            except (NotImplementedError, ValueError):
                return None
            return {"src": photo_source(path), "caption": photo.caption}
    return None


def sheet_block(sheet: AchievementSheet, language: str) -> dict:
    """What one printed fiche shows (in the fiche's PDF and as a page of the brochure)."""
    labels = LABELS[language]
    project = sheet.project
    photos = list(sheet.photos.all())
    title = (sheet.title_ar if language == "ar" else "") or sheet.title
    summary = (sheet.summary_ar if language == "ar" else "") or sheet.summary
    partners = [_name(partner, language) for partner in sheet.partners.all()]
    return {
        "pk": sheet.pk,
        "title": title,
        "title_fb": latin(title, language),
        "summary": summary,
        "summary_fb": latin(summary, language),
        "results": sheet.results,
        "results_fb": latin(sheet.results, language),
        "code": project.code,
        "programme": _programme(project.programme, language),
        "commune": _name(project.commune, language),
        "year": getattr(sheet, "year", None) or "—",
        "before": _photo(photos, Moment.BEFORE),
        "after": _photo(photos, Moment.AFTER),
        "beneficiaries": sheet.beneficiaries,
        "women": sheet.beneficiaries_women,
        "cost": money(sheet.cost, language),
        "indh_share": money(sheet.indh_share, language),
        "partners": partners,
        "draft": labels["draft"].format(status=labels["statuses"][sheet.status])
        if sheet.status != Status.PUBLISHED
        else "",
    }


def sheet_file_stem(sheet: AchievementSheet) -> str:
    return f"fiche-realisation-{sheet.project.code}"


def render_sheet_pdf(sheet: AchievementSheet, language: str) -> bytes:
    language = pdf_language(language)
    labels = LABELS[language]
    with translation.override(language):
        context = pdf_context(labels["sheet"], user=labels["division"])
        context.update({"labels": labels, "language": language, "sheet": sheet_block(sheet, language)})
        return render_pdf("communication/showcase/sheet_pdf.html", context)


# --- The brochure ---------------------------------------------------------------------------------------------------
@dataclass
class Totals:
    label: str = ""
    projects: int = 0
    beneficiaries: int = 0
    women: int = 0
    cost: Decimal = ZERO
    indh_share: Decimal = ZERO

    def add(self, sheet: AchievementSheet) -> None:
        self.projects += 1
        self.beneficiaries += sheet.beneficiaries
        self.women += sheet.beneficiaries_women
        self.cost += sheet.cost
        self.indh_share += sheet.indh_share

    def printed(self, language: str) -> dict:
        return {
            "label": self.label,
            "projects": self.projects,
            "beneficiaries": self.beneficiaries,
            "women": self.women,
            "cost": money(self.cost, language),
            "indh_share": money(self.indh_share, language),
        }


@dataclass
class Group:
    key: object
    label: str
    sheets: list = field(default_factory=list)


def brochure_totals(sheets) -> Totals:
    totals = Totals()
    for sheet in sheets:
        totals.add(sheet)
    return totals


def group_sheets(sheets, group: str, language: str) -> list[Group]:
    """The fiches by programme (in code order) or by commune (in name order), each group's in project code order."""
    groups: dict = {}
    for sheet in sheets:
        project = sheet.project
        if group == "commune":
            key, label = (project.commune.name_fr, project.commune_id), _name(project.commune, language)
        else:
            key, label = (project.programme.code, project.programme_id), _programme(project.programme, language)
        groups.setdefault(key, Group(key, label)).sheets.append(sheet)
    ordered = [groups[key] for key in sorted(groups)]
    for item in ordered:
        item.sheets.sort(key=lambda sheet: sheet.project.code)
    return ordered


def _period(year_from, year_to, labels) -> str:
    if year_from and year_to:
        return labels["period"].format(start=year_from, end=year_to)
    if year_from:
        return labels["since"].format(start=year_from)
    if year_to:
        return labels["until"].format(end=year_to)
    return ""


def render_brochure_pdf(
    sheets, *, group: str, language: str, programme=None, commune=None, year_from=None, year_to=None
) -> bytes:
    """``sheets``: the published fiches selected (communication.showcase_selectors.published_sheets)."""
    language = pdf_language(language)
    labels = LABELS[language]
    sheets = list(sheets)
    groups = group_sheets(sheets, group, language)
    with translation.override(language):
        context = pdf_context(labels["brochure"], user=labels["division"])
        scope = [labels["by_commune"] if group == "commune" else labels["by_programme"]]
        if programme is not None:
            scope.append(_programme(programme, language))
        if commune is not None:
            scope.append(_name(commune, language))
        if programme is None and commune is None:
            scope.append(labels["all"])
        group_totals = []
        for item in groups:
            totals = brochure_totals(item.sheets)
            totals.label = item.label
            group_totals.append(totals.printed(language))
        context.update(
            {
                "labels": labels,
                "language": language,
                "scope": " — ".join(scope),
                "period": _period(year_from, year_to, labels),
                "count_line": labels["count_line"].format(count=len(sheets)),
                "groups": [
                    {"label": item.label, "sheets": [sheet_block(sheet, language) for sheet in item.sheets]}
                    for item in groups
                ],
                "group_totals": group_totals,
                "totals": brochure_totals(sheets).printed(language),
                "group_heading": labels["commune"] if group == "commune" else labels["programme"],
            }
        )
        return render_pdf("communication/showcase/brochure_pdf.html", context)


def brochure_file_stem(group: str, language: str) -> str:
    return f"brochure-realisations-{group}-{pdf_language(language)}"
