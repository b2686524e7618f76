"""The province's dossier for the CRDH: PDF (French or Arabic, A4: a cover with the meeting, the year's programming,
the progress figures, the requests and the CRDH's decisions, the Governor's signature; « PROJET » until the chef
validates it) and Excel (one sheet per section with formula totals, and « Paramètres »). Every figure comes from
coordination.crdh_selectors.dossier_content, the same as the page.

The PDF is an official document: its fixed wording lives here per language, so the Arabic dossier reads in Arabic
whatever the state of the catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communication.pdf import latin, pdf_language, place_name
from coordination.crdh_selectors import DossierContent, dossier_content
from coordination.models import CrdhDossier, CrdhRequest
from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money
from projects.models import Project

Status = CrdhDossier.Status
PStatus = Project.Status
Kind = CrdhRequest.Kind

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Dossier de la province pour le Comité Régional de Développement Humain",
        "draft": "PROJET",
        "draft_note": "Projet — dossier non validé",
        "committee": "Comité",
        "meeting": "Réunion",
        "date": "Date",
        "place": "Lieu",
        "reference": "Référence",
        "year": "Année de programmation",
        "status": "Statut",
        "statuses": {Status.DRAFT: "Brouillon", Status.VALIDATED: "Validé", Status.SENT: "Transmis à la région"},
        "introduction": "Note de présentation",
        "figures_on": "Chiffres arrêtés au {date}, lus sur les données des projets.",
        "unit": "Montants en dirhams (DH)",
        "section_a": "1. Programmation de l'année {year}",
        "section_b": "2. État d'avancement",
        "section_c": "3. Demandes de la province au CRDH",
        "programme": "Programme",
        "no_programme": "Sans programme",
        "projects": "Projets",
        "cost": "Coût global",
        "indh": "Part INDH",
        "holder": "Contribution du porteur",
        "partners": "Partenaires",
        "total": "Total",
        "code": "Code",
        "project": "Projet",
        "commune": "Commune",
        "holder_name": "Porteur",
        "project_status": "Statut",
        "applications": "Dossiers présélectionnés en attente du CPDH",
        "application": "Dossier",
        "indh_asked": "Part INDH demandée",
        "awaiting": "en attente du CPDH",
        "preselected": "présélection à valider",
        "no_project": "Aucun projet validé cette année.",
        "by_status": "Projets par statut",
        "progress": "Avancement physique moyen",
        "committed": "Engagé",
        "paid": "Payé",
        "engagement": "Taux d'engagement",
        "late": "Projets en retard",
        "late_count": "En retard",
        "planned_end": "Achèvement prévu",
        "no_late": "Aucun projet en retard.",
        "number": "N°",
        "kind": "Nature",
        "subject": "Objet",
        "amount": "Montant demandé",
        "decision": "Décision du CRDH",
        "amended": "Montant retenu",
        "reserves": "Réserves",
        "actions": "Actions d'exécution",
        "pending": "En attente",
        "no_request": "Le dossier ne compte aucune demande.",
        "due": "échéance",
        "governor": ["Le Gouverneur de la {province}"],
        "kinds": {
            Kind.PROGRAMMING: "Validation de la programmation",
            Kind.CREDITS: "Crédits complémentaires",
            Kind.REALLOCATION: "Réaffectation de crédits",
            Kind.DEROGATION: "Dérogation",
            Kind.ARBITRATION: "Arbitrage",
            Kind.OTHER: "Autre demande",
        },
        "outcomes": {
            "approuve": "Approuvé",
            "approuve_reserves": "Approuvé avec réserves",
            "rejete": "Rejeté",
            "ajourne": "Ajourné",
        },
        "action_statuses": {"ouverte": "En cours", "realisee": "Réalisée"},
        "project_statuses": {
            PStatus.VALIDATED: "Validé",
            PStatus.CONVENTIONED: "Conventionné",
            PStatus.IN_PROGRESS: "En cours",
            PStatus.COMPLETED: "Achevé",
            PStatus.CLOSED: "Clôturé",
            PStatus.SUSPENDED: "Suspendu",
            PStatus.ABANDONED: "Abandonné",
        },
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "ملف العمالة المقدم إلى اللجنة الجهوية للتنمية البشرية",
        "draft": "مشروع",
        "draft_note": "مشروع — ملف غير مصادق عليه",
        "committee": "اللجنة",
        "meeting": "الاجتماع",
        "date": "التاريخ",
        "place": "المكان",
        "reference": "المرجع",
        "year": "سنة البرمجة",
        "status": "الوضعية",
        "statuses": {Status.DRAFT: "مسودة", Status.VALIDATED: "مصادق عليه", Status.SENT: "مرسل إلى الجهة"},
        "introduction": "مذكرة تقديمية",
        "figures_on": "الأرقام محصورة بتاريخ {date} من معطيات المشاريع.",
        "unit": "المبالغ بالدرهم",
        "section_a": "1. برمجة سنة {year}",
        "section_b": "2. وضعية التقدم",
        "section_c": "3. طلبات العمالة إلى اللجنة الجهوية",
        "programme": "البرنامج",
        "no_programme": "بدون برنامج",
        "projects": "المشاريع",
        "cost": "الكلفة الإجمالية",
        "indh": "مساهمة المبادرة",
        "holder": "مساهمة حامل المشروع",
        "partners": "الشركاء",
        "total": "المجموع",
        "code": "الرمز",
        "project": "المشروع",
        "commune": "الجماعة",
        "holder_name": "حامل المشروع",
        "project_status": "الوضعية",
        "applications": "الملفات المنتقاة أوليا في انتظار اللجنة الإقليمية",
        "application": "الملف",
        "indh_asked": "مساهمة المبادرة المطلوبة",
        "awaiting": "في انتظار اللجنة الإقليمية",
        "preselected": "انتقاء أولي في انتظار المصادقة",
        "no_project": "لا يوجد أي مشروع مصادق عليه هذه السنة.",
        "by_status": "المشاريع حسب الوضعية",
        "progress": "متوسط نسبة الإنجاز المادي",
        "committed": "الملتزم به",
        "paid": "المؤدى",
        "engagement": "نسبة الالتزام",
        "late": "المشاريع المتأخرة",
        "late_count": "متأخرة",
        "planned_end": "تاريخ الإنجاز المتوقع",
        "no_late": "لا يوجد أي مشروع متأخر.",
        "number": "ر.ت",
        "kind": "الطبيعة",
        "subject": "الموضوع",
        "amount": "المبلغ المطلوب",
        "decision": "قرار اللجنة الجهوية",
        "amended": "المبلغ المحتفظ به",
        "reserves": "التحفظات",
        "actions": "إجراءات التنفيذ",
        "pending": "في الانتظار",
        "no_request": "لا يتضمن الملف أي طلب.",
        "due": "الأجل",
        "governor": ["عامل {province}"],
        "kinds": {
            Kind.PROGRAMMING: "المصادقة على البرمجة",
            Kind.CREDITS: "اعتمادات إضافية",
            Kind.REALLOCATION: "إعادة تخصيص الاعتمادات",
            Kind.DEROGATION: "استثناء",
            Kind.ARBITRATION: "تحكيم",
            Kind.OTHER: "طلب آخر",
        },
        "outcomes": {
            "approuve": "موافقة",
            "approuve_reserves": "موافقة بتحفظات",
            "rejete": "رفض",
            "ajourne": "تأجيل",
        },
        "action_statuses": {"ouverte": "في طور الإنجاز", "realisee": "منجزة"},
        "project_statuses": {
            PStatus.VALIDATED: "مصادق عليه",
            PStatus.CONVENTIONED: "موقعة اتفاقيته",
            PStatus.IN_PROGRESS: "في طور الإنجاز",
            PStatus.COMPLETED: "منجز",
            PStatus.CLOSED: "مختتم",
            PStatus.SUSPENDED: "متوقف",
            PStatus.ABANDONED: "متخلى عنه",
        },
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _money(value) -> str:
    """An amount without its unit (the caption gives it); the mark keeps it left to right in Arabic."""
    return "\u200e" + format_money(value or 0, unit="").strip()


def _rate(value) -> str:
    """A percentage with the decimal comma of both documents (36,7 %)."""
    return "—" if value is None else "\u200e" + f"{value} %".replace(".", ",")


def _programme_name(programme, labels, language) -> str:
    if programme is None:
        return labels["no_programme"]
    name = (getattr(programme, "name_ar", "") if language == "ar" else "") or programme.name_fr
    return f"{programme.code} — {name}"


def _totals(totals) -> dict:
    return {
        "count": totals.count,
        "cost": _money(totals.cost),
        "indh": _money(totals.indh),
        "holder": _money(totals.holder),
        "partners": _money(totals.partners),
        "committed": _money(totals.committed),
        "paid": _money(totals.paid),
        "engagement": _rate(totals.engagement_rate),
        "progress": _rate(totals.physical_progress),
        "late": totals.late,
    }


def dossier_context(dossier: CrdhDossier, language: str, content: DossierContent | None = None) -> dict:
    """What the dossier's PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    content = content or dossier_content(dossier)
    meeting = dossier.meeting
    committee = meeting.committee
    context = pdf_context(labels["title"], user=labels["division"], subtitle=dossier.title)
    province = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    statuses = labels["project_statuses"]
    blocks = []
    for block in content.blocks:
        blocks.append(
            {
                "name": _programme_name(block.programme, labels, language),
                "totals": _totals(block.totals),
                "projects": [
                    {
                        "code": p.code,
                        "title": p.title,
                        "title_fb": latin(p.title, language),
                        "commune": place_name(p.commune, language),
                        "holder": str(p.holder),
                        "indh": _money(p.indh_share),
                        "status": statuses.get(p.status, p.status),
                    }
                    for p in block.projects
                ],
                "applications": [
                    {
                        "reference": d.reference,
                        "title": d.title,
                        "title_fb": latin(d.title, language),
                        "commune": place_name(d.commune, language),
                        "cost": _money(d.estimated_cost),
                        "indh": _money(d.indh_share),
                        "state": labels["awaiting"] if d.awaiting_cpdh else labels["preselected"],
                    }
                    for d in block.applications
                ],
                "applications_indh": _money(block.applications_indh),
                "applications_cost": _money(block.applications_cost),
                "statuses": [(statuses.get(s, s), n) for s, _l, n in block.statuses],
                "late": [
                    {
                        "code": p.code,
                        "title": p.title,
                        "title_fb": latin(p.title, language),
                        "end": _date(p.planned_end),
                    }
                    for p in block.late
                ],
            }
        )
    requests = []
    for r in content.requests:
        decision = r.decision
        requests.append(
            {
                "position": r.position,
                "kind": labels["kinds"].get(r.kind, r.kind),
                "subject": r.subject,
                "subject_fb": latin(r.subject, language),
                "justification": r.justification,
                "amount": _money(r.amount) if r.amount is not None else "—",
                "projects": ", ".join(p.code for p in r.projects.all()),
                "decision": labels["outcomes"].get(decision.outcome, decision.outcome)
                if decision
                else labels["pending"],
                "amended": _money(decision.amended_amount) if decision and decision.amended_amount is not None else "",
                "reserves": (decision.reserves or decision.reason) if decision else "",
                "actions": [
                    {
                        "description": a.description,
                        "due": _date(a.due_on),
                        "status": labels["action_statuses"].get(a.status, a.status),
                    }
                    for a in (decision.actions.all() if decision else [])
                ],
            }
        )
    context.update(
        {
            "language": language,
            "labels": labels,
            "dossier": dossier,
            "draft": dossier.status == Status.DRAFT,
            "status_label": labels["statuses"][dossier.status],
            "committee_name": (committee.name_ar if language == "ar" and committee.name_ar else committee.name),
            "meeting_date": _date(meeting.date),
            "meeting_time": meeting.time.strftime("%H:%M") if meeting.time else "",
            "meeting_place": meeting.place,
            "meeting_place_fb": latin(meeting.place, language),
            "introduction_fb": latin(dossier.introduction, language),
            "figures_on": labels["figures_on"].format(date=_date(content.on)),
            "section_a": labels["section_a"].format(year=dossier.year),
            "blocks": blocks,
            "totals": _totals(content.totals),
            "statuses": [(statuses.get(s, s), n) for s, _l, n in content.statuses],
            "requests": requests,
            "requests_amount": _money(content.requests_amount),
            "signature": [line.format(province=province) for line in labels["governor"]],
        }
    )
    return context


def render_dossier_pdf(dossier: CrdhDossier, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("coordination/crdh/dossier_pdf.html", dossier_context(dossier, language))


def file_stem(dossier: CrdhDossier) -> str:
    return f"dossier-{dossier.reference.lower()}"


# --- Excel ------------------------------------------------------------------------------------------------------------
def _sheet(workbook, title, columns, styles, first=False):
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    xlsx_header(sheet, 1, [label for label, _w in columns], styles)
    for index, (_label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _total_row(sheet, row, first, last, letters, count_letter, styles, width, label_letter="B"):
    sheet[f"{label_letter}{row}"] = _("Total")
    if count_letter:
        sheet[f"{count_letter}{row}"] = f"=COUNTA({count_letter}{first}:{count_letter}{last})" if last >= first else 0
    for letter in letters:
        sheet[f"{letter}{row}"] = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        sheet[f"{letter}{row}"].number_format = MONEY_FORMAT
    xlsx_total_row(sheet, row, width, styles)


def dossier_workbook(dossier: CrdhDossier, user, content: DossierContent | None = None):
    """Sheets « Programmation » (the projects per programme, SUM totals), « Dossiers présélectionnés », « Avancement »
    (per programme), « Demandes » (with the CRDH's decisions) and « Paramètres »."""
    from openpyxl import Workbook

    content = content or dossier_content(dossier)
    styles = xlsx_styles()
    workbook = Workbook()

    # Programming: one row per project, grouped by programme.
    sheet = _sheet(
        workbook,
        _("Programmation"),
        [
            (_("Programme"), 30),
            (_("Code"), 16),
            (_("Intitulé"), 40),
            (_("Commune"), 20),
            (_("Porteur"), 30),
            (_("Statut"), 16),
            (_("Coût global"), 16),
            (_("Part INDH"), 16),
            (_("Contribution du porteur"), 16),
            (_("Partenaires"), 16),
        ],
        styles,
        first=True,
    )
    r = 1
    for block in content.blocks:
        for p in block.projects:
            r += 1
            values = [
                block.label,
                p.code,
                p.title,
                p.commune.name_fr if p.commune_id else "",
                str(p.holder),
                str(p.get_status_display()),
                p.estimated_cost,
                p.indh_share,
                p.holder_contribution,
                p.partners_amount,
            ]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=column, value=value)
                if column >= 7:
                    cell.number_format = MONEY_FORMAT
    _total_row(sheet, r + 1, 2, r, "GHIJ", "B", styles, 10, label_letter="A")

    sheet = _sheet(
        workbook,
        _("Dossiers présélectionnés"),
        [
            (_("Programme"), 30),
            (_("Référence"), 22),
            (_("Intitulé"), 40),
            (_("Commune"), 20),
            (_("État"), 26),
            (_("Coût estimatif"), 16),
            (_("Part INDH demandée"), 16),
        ],
        styles,
    )
    r = 1
    for block in content.blocks:
        for d in block.applications:
            r += 1
            state = _("En attente du CPDH") if d.awaiting_cpdh else _("Présélection à valider")
            values = [block.label, d.reference, d.title, d.commune.name_fr, str(state), d.estimated_cost, d.indh_share]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=column, value=value)
                if column >= 6:
                    cell.number_format = MONEY_FORMAT
    _total_row(sheet, r + 1, 2, r, "FG", "B", styles, 7, label_letter="A")

    sheet = _sheet(
        workbook,
        _("Avancement"),
        [
            (_("Programme"), 30),
            (_("Projets"), 10),
            *[(str(label), 12) for _value, label in Project.Status.choices],
            (_("Part INDH"), 16),
            (_("Engagé"), 16),
            (_("Payé"), 16),
            (_("Taux d'engagement"), 12),
            (_("Avancement physique moyen (%)"), 14),
            (_("Projets en retard"), 12),
        ],
        styles,
    )
    from openpyxl.utils import get_column_letter

    n_status = len(Project.Status.choices)
    r = 1
    for block in content.blocks:
        r += 1
        counts = {s: n for s, _l, n in block.statuses}
        values = [block.label, block.totals.count]
        values += [counts.get(value, 0) for value, _label in Project.Status.choices]
        values += [block.totals.indh, block.totals.committed, block.totals.paid]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
        indh_col = 3 + n_status
        for column in range(indh_col, indh_col + 3):
            sheet.cell(row=r, column=column).number_format = MONEY_FORMAT
        indh, committed = get_column_letter(indh_col), get_column_letter(indh_col + 1)
        rate_cell = sheet.cell(row=r, column=indh_col + 3, value=f'=IF({indh}{r}=0,"",{committed}{r}/{indh}{r})')
        rate_cell.number_format = "0.0%"
        progress = block.totals.physical_progress
        sheet.cell(row=r, column=indh_col + 4, value=progress)
        sheet.cell(row=r, column=indh_col + 5, value=block.totals.late)
    last = r
    r += 1
    sheet[f"A{r}"] = _("Total")
    for column in list(range(2, 3 + n_status)) + [3 + n_status + k for k in range(3)] + [8 + n_status]:
        letter = get_column_letter(column)
        sheet[f"{letter}{r}"] = f"=SUM({letter}2:{letter}{last})" if last >= 2 else 0
        if 3 + n_status <= column <= 5 + n_status:
            sheet[f"{letter}{r}"].number_format = MONEY_FORMAT
    indh, committed = get_column_letter(3 + n_status), get_column_letter(4 + n_status)
    sheet.cell(row=r, column=6 + n_status, value=f'=IF({indh}{r}=0,"",{committed}{r}/{indh}{r})').number_format = "0.0%"
    sheet.cell(row=r, column=7 + n_status, value=content.totals.physical_progress)
    xlsx_total_row(sheet, r, 8 + n_status, styles)

    sheet = _sheet(
        workbook,
        _("Demandes"),
        [
            (_("N°"), 6),
            (_("Nature"), 24),
            (_("Objet"), 40),
            (_("Programme"), 24),
            (_("Projets concernés"), 24),
            (_("Montant demandé"), 16),
            (_("Décision du CRDH"), 20),
            (_("Montant retenu"), 16),
            (_("Réserves ou motif"), 30),
            (_("Actions (ouvertes / total)"), 14),
        ],
        styles,
    )
    r = 1
    for req in content.requests:
        r += 1
        decision = req.decision
        actions = list(decision.actions.all()) if decision else []
        values = [
            req.position,
            str(req.get_kind_display()),
            req.subject,
            str(req.programme) if req.programme_id else "",
            ", ".join(p.code for p in req.projects.all()),
            req.amount,
            str(decision.get_outcome_display()) if decision else str(_("En attente")),
            decision.amended_amount if decision else None,
            (decision.reserves or decision.reason) if decision else "",
            f"{sum(1 for a in actions if a.status == 'ouverte')} / {len(actions)}" if decision else "",
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=column, value=value)
            if column in (6, 8):
                cell.number_format = MONEY_FORMAT
    _total_row(sheet, r + 1, 2, r, "FH", "", styles, 10)

    params = workbook.create_sheet(title=_("Paramètres"))
    params.column_dimensions["A"].width = 30
    params.column_dimensions["B"].width = 80
    meeting = dossier.meeting
    pairs = [
        (_("Référence"), dossier.reference),
        (_("Intitulé"), dossier.title),
        (_("Statut"), dossier.get_status_display()),
        (_("Réunion du CRDH"), f"{meeting.committee.name} — {_date(meeting.date)} — {meeting.place}"),
        (_("Année de programmation"), dossier.year),
        (_("Projets retenus"), _("validés (par le CPDH ou enregistrés) pendant l'année de programmation")),
        (_("Chiffres arrêtés au"), _date(content.on)),
        (_("Province"), settings.DAS_PROVINCE_NAME),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        params.cell(row=number, column=1, value=str(label)).font = styles["bold"]
        params.cell(row=number, column=2, value=value if isinstance(value, int) else str(value))
    return workbook
