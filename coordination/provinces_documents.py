"""Documents of the provinces area, in French or Arabic (WeasyPrint through das.exports.render_pdf): the joint project
sheet (facts and each province's share) and the procès-verbal of a coordination meeting (participants, agenda,
minutes, actions decided, signatures). The fixed wording lives here per language, so the Arabic document reads in
Arabic whatever the state of the catalogue."""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import date_format

from communication.pdf import count_text, latin, pdf_language, place_name
from coordination.models import CoordinationAction, CoordinationMeeting, JointProject
from coordination.provinces_selectors import is_late, shares_summary
from das.exports import pdf_context, render_pdf
from das.formatting import format_money

Status = JointProject.Status
MeetingStatus = CoordinationMeeting.Status
ActionStatus = CoordinationAction.Status

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "sheet_title": "Fiche du projet commun {reference}",
        "minutes_title": "Procès-verbal de la réunion de coordination {reference}",
        "subtitle": "Coordination sociale inter-préfectorale et inter-provinciale",
        "title": "Intitulé",
        "programme": "Programme",
        "lead": "Province chef de file",
        "total_cost": "Coût global",
        "dates": "Période prévue",
        "status": "Statut",
        "status_note": "Motif ou observation",
        "description": "Description",
        "shares": "Parts des préfectures et provinces",
        "province": "Préfecture / province",
        "amount": "Part (DH)",
        "percent": "% du coût",
        "project": "Projet de la province",
        "communes": "Communes concernées",
        "beneficiaries": "Bénéficiaires visés",
        "total": "Total réparti",
        "remaining": "Reste à répartir",
        "no_share": "Aucune part n'est encore saisie.",
        "meetings": "Réunions de coordination qui l'ont examiné",
        "statuses": {
            Status.PREPARATION: "En préparation",
            Status.AGREED: "Convenu entre les provinces",
            Status.IN_PROGRESS: "En cours",
            Status.COMPLETED: "Achevé",
            Status.ABANDONED: "Abandonné",
        },
        "meeting_statuses": {
            MeetingStatus.PLANNED: "Planifiée",
            MeetingStatus.HELD: "Tenue",
            MeetingStatus.CANCELLED: "Annulée",
        },
        "action_statuses": {ActionStatus.OPEN: "En cours", ActionStatus.DONE: "Réalisée"},
        "late": "en retard",
        "subject": "Objet",
        "date": "Date et heure",
        "place": "Lieu",
        "host": "Province hôte",
        "participants": "Préfectures et provinces participantes",
        "projects_examined": "Projets communs examinés",
        "agenda": "Ordre du jour",
        "attendees": "Participants",
        "minutes": "Délibérations et conclusions",
        "actions": "Actions décidées",
        "number": "N°",
        "action": "Action à mener",
        "responsible": "Province chargée / responsable",
        "due": "Échéance",
        "progress": "Avancement",
        "no_action": "Aucune action n'a été décidée.",
        "draft": "Réunion non encore tenue : projet de procès-verbal.",
        "cancelled": "Réunion annulée : {reason}",
        "for": "Pour {province}",
        "signatures": "Signatures des représentants",
        "head": "Le Chef de la Division de l'Action Sociale",
        "none": "—",
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "sheet_title": "بطاقة المشروع المشترك {reference}",
        "minutes_title": "محضر اجتماع التنسيق {reference}",
        "subtitle": "التنسيق الاجتماعي بين العمالات والأقاليم",
        "title": "العنوان",
        "programme": "البرنامج",
        "lead": "الإقليم المنسق",
        "total_cost": "الكلفة الإجمالية",
        "dates": "الفترة المتوقعة",
        "status": "الوضعية",
        "status_note": "السبب أو الملاحظة",
        "description": "الوصف",
        "shares": "حصص العمالات والأقاليم",
        "province": "العمالة / الإقليم",
        "amount": "الحصة (درهم)",
        "percent": "% من الكلفة",
        "project": "مشروع الإقليم",
        "communes": "الجماعات المعنية",
        "beneficiaries": "المستفيدون المستهدفون",
        "total": "مجموع الحصص",
        "remaining": "الباقي للتوزيع",
        "no_share": "لم تسجل أي حصة بعد.",
        "meetings": "اجتماعات التنسيق التي درسته",
        "statuses": {
            Status.PREPARATION: "في طور الإعداد",
            Status.AGREED: "متفق عليه بين الأقاليم",
            Status.IN_PROGRESS: "في طور الإنجاز",
            Status.COMPLETED: "منجز",
            Status.ABANDONED: "متخلى عنه",
        },
        "meeting_statuses": {
            MeetingStatus.PLANNED: "مبرمج",
            MeetingStatus.HELD: "منعقد",
            MeetingStatus.CANCELLED: "ملغى",
        },
        "action_statuses": {ActionStatus.OPEN: "في طور الإنجاز", ActionStatus.DONE: "منجز"},
        "late": "متأخر",
        "subject": "الموضوع",
        "date": "التاريخ والساعة",
        "place": "المكان",
        "host": "الإقليم المضيف",
        "participants": "العمالات والأقاليم المشاركة",
        "projects_examined": "المشاريع المشتركة المدروسة",
        "agenda": "جدول الأعمال",
        "attendees": "الحاضرون",
        "minutes": "المداولات والخلاصات",
        "actions": "الإجراءات المقررة",
        "number": "رقم",
        "action": "الإجراء",
        "responsible": "الإقليم المكلف / المسؤول",
        "due": "الأجل",
        "progress": "نسبة التقدم",
        "no_action": "لم يتقرر أي إجراء.",
        "draft": "اجتماع لم ينعقد بعد: مشروع محضر.",
        "cancelled": "اجتماع ملغى: {reason}",
        "for": "عن {province}",
        "signatures": "توقيعات الممثلين",
        "head": "رئيس قسم العمل الاجتماعي",
        "none": "—",
    },
}


def _date(value) -> str:
    return "\u200e" + date_format(value, "d/m/Y") if value else "—"


def _money(value, language: str) -> str:
    text = format_money(value)
    return text.replace("DH", "درهم") if language == "ar" else text


def _percent(value, language: str) -> str:
    text = f"{value} %"
    return "\u200e" + (text if language == "ar" else text.replace(".", ","))


def _text(value: str, language: str) -> dict:
    return {"text": value or "—", "fb": latin(value or "", language)}


# --- Joint project sheet --------------------------------------------------------------------------------------------
def joint_project_context(project: JointProject, language: str) -> dict:
    labels = LABELS[language]
    summary = shares_summary(project)
    context = pdf_context(
        labels["sheet_title"].format(reference=project.reference), user=labels["division"], subtitle=labels["subtitle"]
    )
    programme = project.programme
    context.update(
        {
            "labels": labels,
            "project": project,
            "facts": [
                (labels["title"], _text(project.title, language)),
                (labels["programme"], _text(place_name(programme, language) if programme else "", language)),
                (labels["lead"], _text(place_name(project.lead_province, language), language)),
                (labels["total_cost"], {"text": _money(project.total_cost, language), "fb": False}),
                (
                    labels["dates"],
                    {"text": f"{_date(project.start_on)} – {_date(project.end_on)}", "fb": False},
                ),
                (labels["status"], {"text": labels["statuses"][project.status], "fb": False}),
            ]
            + ([(labels["status_note"], _text(project.status_note, language))] if project.status_note else []),
            "description": _text(project.description, language),
            "rows": [
                {
                    "province": place_name(share.province, language),
                    "amount": _money(share.amount, language),
                    "percent": _percent(share.percent, language),
                    "project": share.project.code if share.project else "—",
                    "communes": _text(share.communes, language),
                    "beneficiaries": count_text(share.beneficiaries),
                }
                for share in summary.shares
            ],
            "total": _money(summary.total, language),
            "total_percent": _percent(summary.percent, language),
            "remaining_nonzero": bool(summary.remaining),
            "remaining": _money(summary.remaining, language),
            "meetings": [
                {
                    "reference": meeting.reference,
                    "date": _date(meeting.date),
                    "subject": _text(meeting.subject, language),
                    "status": labels["meeting_statuses"][meeting.status],
                }
                for meeting in project.meetings.all()
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_joint_project_pdf(project: JointProject, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("coordination/provinces/joint_project_pdf.html", joint_project_context(project, language))


# --- Minutes of a coordination meeting ------------------------------------------------------------------------------
def minutes_context(meeting: CoordinationMeeting, language: str) -> dict:
    labels = LABELS[language]
    context = pdf_context(
        labels["minutes_title"].format(reference=meeting.reference),
        user=labels["division"],
        subtitle=labels["subtitle"],
    )
    when = _date(meeting.date) + (f" — {meeting.time:%H:%M}" if meeting.time else "")
    provinces = list(meeting.provinces.all())
    actions = list(meeting.actions.all())
    context.update(
        {
            "labels": labels,
            "meeting": meeting,
            "draft": meeting.status == MeetingStatus.PLANNED,
            "cancelled": (
                labels["cancelled"].format(reason=meeting.cancel_reason)
                if meeting.status == MeetingStatus.CANCELLED
                else ""
            ),
            "facts": [
                (labels["subject"], _text(meeting.subject, language)),
                (labels["date"], {"text": when, "fb": False}),
                (labels["place"], _text(meeting.place, language)),
                (labels["host"], _text(place_name(meeting.host_province, language), language)),
                (
                    labels["participants"],
                    {
                        "text": "، ".join(place_name(p, language) for p in provinces)
                        if language == "ar"
                        else ", ".join(place_name(p, language) for p in provinces),
                        "fb": False,
                    },
                ),
                (
                    labels["projects_examined"],
                    _text("\n".join(str(p) for p in meeting.joint_projects.all()), language),
                ),
            ],
            "agenda": _text(meeting.agenda, language),
            "attendees": _text(meeting.attendees, language),
            "minutes": _text(meeting.minutes, language),
            "actions": [
                {
                    "number": number,
                    "description": _text(action.description, language),
                    "province": place_name(action.responsible_province, language),
                    "responsible": action.responsible,
                    "due": _date(action.due_on),
                    "progress": f"\u200e{action.progress} %",
                    "status": labels["action_statuses"][action.status]
                    + (f" ({labels['late']})" if is_late(action) else ""),
                    "late": is_late(action),
                }
                for number, action in enumerate(actions, start=1)
            ],
            "signatures": [labels["for"].format(province=place_name(p, language)) for p in provinces],
        }
    )
    return context


def render_minutes_pdf(meeting: CoordinationMeeting, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("coordination/provinces/minutes_pdf.html", minutes_context(meeting, language))
