"""Official documents of the committees, as PDF: convocations, ordre du jour, dossier de séance, procès-verbal and
the letter that carries a remontée's answer back to the CLDH.

As in projects.documents, the fixed wording lives here per language (``LABELS``) rather than in the translation
catalogue: an Arabic convocation must read in Arabic now, whatever the state of the catalogue. What was typed in one
language only (a place, a member's quality, a point's title, a reserve) is laid out left to right in an Arabic
document, framed by direction marks inside an Arabic sentence (WeasyPrint does not isolate inline boxes).

Every ``render_*`` takes a meeting as ``committees.selectors.meeting_page`` loads it (committee and its members,
attendance, items with their decisions, actions and rectifications): the documents read no further row, except the
dossier de séance, which loads each agenda kind's records in one query (``selectors.agenda_of``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees import agenda
from committees.models import Attendance, Committee, Decision, DecisionAction, Feedback, Meeting, Member
from committees.selectors import decision_of
from committees.services.meetings import compute_quorum, sitting_members
from das.exports import pdf_context, render_pdf
from das.formatting import format_money, format_number
from projects.documents import Text

LANGUAGES = ("fr", "ar")
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
FR_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "head": "Le Chef de la Division de l'Action Sociale",
        "colon": "\u00a0:",
        "comma": ", ",
        "none": "Néant",
        "number_column": "N°",
        "meeting": "Réunion n° {number} ({kind})",
        "of_committee": "du {name}",
        "of_commission": "de la {name}",
        "committee": "Comité",
        "date": "Date",
        "time": "Heure",
        "place": "Lieu",
        "chair": "Présidence",
        "second_convocation": (
            "Cette réunion se tient sur seconde convocation, la précédente n'ayant pas réuni le quorum requis."
        ),
        "without_quorum": " Elle délibère valablement quel que soit le nombre des membres présents.",
        "date_line": "Le {date}",
        "to": "à",
        "object": "Objet",
        "madam": "Madame",
        "sir": "Monsieur",
        "point": "Point",
        "nature": "Nature",
        "text_point": "Point divers",
        # convocation
        "convocation_title": "Convocation",
        "convocation_object": "convocation à la réunion n° {number} ({kind}) {of_committee}",
        "convocation_body": (
            "J'ai l'honneur de vous inviter à prendre part à la réunion n° {number} ({kind}) {of_committee}, "
            "qui se tiendra aux date, heure et lieu suivants\u00a0:"
        ),
        "agenda_intro": "L'ordre du jour de cette réunion est le suivant\u00a0:",
        "represent": (
            "En cas d'empêchement, je vous prie de bien vouloir vous faire représenter et d'en aviser le "
            "secrétariat du comité."
        ),
        "closing": "Veuillez agréer, {civility}, l'expression de ma haute considération.",
        # ordre du jour
        "agenda_title": "Ordre du jour",
        "no_point": "Aucun point n'est inscrit à l'ordre du jour.",
        # procès-verbal
        "minutes_title": "Procès-verbal",
        "draft_mark": "PROJET",
        "draft_note": (
            "Projet de procès-verbal établi avant la clôture de la réunion : il peut encore changer et n'a pas de "
            "valeur officielle."
        ),
        "closed_note": "Réunion clôturée le {date} à {time}.",
        "opening": (
            "Le {date}, à {time}, s'est tenue la réunion n° {number} ({kind}) {of_committee}, sous la présidence "
            "de {chair}. Lieu de la réunion\u00a0: {place}."
        ),
        "opening_no_chair": (
            "Le {date}, à {time}, s'est tenue la réunion n° {number} ({kind}) {of_committee}. Lieu de la "
            "réunion\u00a0: {place}."
        ),
        "attendance": "Présences",
        "attendance_missing": "Les présences n'ont pas été saisies.",
        "name": "Nom et prénom",
        "quality": "Qualité",
        "represented_by": "Représenté(e) par",
        "advisory": "voix consultative",
        "groups": {
            Attendance.Presence.PRESENT: "Membres présents",
            Attendance.Presence.REPRESENTED: "Membres représentés",
            Attendance.Presence.EXCUSED: "Membres excusés",
            Attendance.Presence.ABSENT: "Membres absents",
        },
        "quorum": "Quorum",
        "quorum_line": (
            "Membres à voix délibérative en exercice\u00a0: {voting}\u00a0; quorum requis\u00a0: {required}\u00a0; "
            "membres {counted_kind}\u00a0: {counted}."
        ),
        "counted_with_proxies": "présents ou représentés",
        "counted_present": "présents",
        "quorum_reached": "Le quorum est atteint : le comité peut valablement délibérer.",
        "quorum_not_reached": "Le quorum n'est pas atteint.",
        "quorum_second": (
            "Réunion tenue sur seconde convocation : le comité délibère valablement sans condition de quorum."
        ),
        "decision_rule": "Mode de décision",
        "deliberations": "Examen des points de l'ordre du jour",
        "point_heading": "Point n° {number} : {title}",
        "decision": "Décision",
        "reserves": "Réserves",
        "amended_amount": "Montant INDH retenu",
        "reason": "Motif",
        "votes": "Vote",
        "votes_line": "pour\u00a0: {votes_for}\u00a0; contre\u00a0: {against}\u00a0; abstentions\u00a0: {abstentions}",
        "no_decision": "Aucune décision n'est encore enregistrée sur ce point.",
        "actions": "Actions décidées",
        "action": "Action à mener",
        "service": "Service chargé",
        "due_on": "Échéance",
        "rectifications": "Rectifications postérieures à la clôture",
        "rectified_on": "Date",
        "change": "Modification",
        "notes": "Observations",
        "adjourned": "L'ordre du jour étant épuisé, la séance a été levée.",
        "sign_chair": "Le Président de séance",
        "sign_secretary": "Le Secrétaire du comité",
        "fields": {
            "reserves": "Réserves",
            "amended_amount": "Montant INDH retenu",
            "reason": "Motif",
            "votes_for": "Voix pour",
            "votes_against": "Voix contre",
            "abstentions": "Abstentions",
        },
        # letter to the CLDH
        "letter_title": "Réponse à une remontée",
        "cldh_addressee": "{civility} {role} du {name}",
        "president_f": "la Présidente",
        "president_m": "le Président",
        "cldh_fallback": "Monsieur le Président du CLDH de {commune}",
        "letter_object": "réponse à la remontée n° {reference}",
        "ref": "Réf.",
        "letter_ref": "{kind} reçue le {date} : «\u00a0{subject}\u00a0»",
        "title_f": "Madame la Présidente",
        "title_m": "Monsieur le Président",
        "letter_body": (
            "J'ai l'honneur de vous transmettre ci\u2011après la réponse apportée à la remontée enregistrée sous la "
            "référence {reference} ({kind}), reçue le {date} et relative à la commune de {commune}, ayant pour "
            "objet «\u00a0{subject}\u00a0»."
        ),
        "from_source": "Émetteur",
        "received_on": "Reçue le",
        "subject": "Objet",
        "answer": "Réponse",
        "answered_on": "Réponse arrêtée le {date}.",
        "letter_inform": "Je vous saurais gré de bien vouloir en informer les intéressés.",
        "letter_closing": "Veuillez agréer, {title}, l'expression de mes salutations distinguées.",
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "head": "رئيس قسم العمل الاجتماعي",
        "colon": ":",
        "comma": "، ",
        "none": "لا شيء",
        "number_column": "ر.ت",
        "meeting": "الاجتماع رقم {number} ({kind})",
        "of_committee": "{name}",
        "of_commission": "{name}",
        "committee": "اللجنة",
        "date": "التاريخ",
        "time": "الساعة",
        "place": "المكان",
        "chair": "الرئاسة",
        "second_convocation": (
            "ينعقد هذا الاجتماع بناء على استدعاء ثان، بعد عدم اكتمال النصاب القانوني في الاجتماع السابق."
        ),
        "without_quorum": " وتكون مداولاته صحيحة كيفما كان عدد الأعضاء الحاضرين.",
        "date_line": "بتاريخ {date}",
        "to": "إلى",
        "object": "الموضوع",
        "madam": "السيدة",
        "sir": "السيد",
        "point": "النقطة",
        "nature": "الطبيعة",
        "text_point": "نقطة عامة",
        "convocation_title": "استدعاء",
        "convocation_object": "استدعاء لحضور اجتماع {of_committee} رقم {number} ({kind})",
        "convocation_body": (
            "وبعد، يشرفني أن أدعوكم لحضور اجتماع {of_committee} رقم {number} ({kind})، الذي سينعقد وفق التاريخ "
            "والساعة والمكان التالية:"
        ),
        "agenda_intro": "ويتضمن جدول أعمال هذا الاجتماع النقط التالية:",
        "represent": "وفي حالة تعذر حضوركم، المرجو إنابة من يمثلكم وإخبار كتابة اللجنة بذلك.",
        "closing": "والسلام.",
        "salutation": "سلام تام بوجود مولانا الإمام المؤيد بالله،",
        "agenda_title": "جدول الأعمال",
        "no_point": "لم تدرج أي نقطة في جدول الأعمال.",
        "minutes_title": "محضر اجتماع",
        "draft_mark": "مسودة",
        "draft_note": "مسودة محضر أعدت قبل اختتام الاجتماع: قابلة للتغيير وليست لها أي صفة رسمية.",
        "closed_note": "اختتم الاجتماع بتاريخ {date} على الساعة {time}.",
        "opening": (
            "بتاريخ {date}، على الساعة {time}، انعقد اجتماع {of_committee} رقم {number} ({kind})، تحت رئاسة "
            "{chair}. مكان الاجتماع: {place}."
        ),
        "opening_no_chair": (
            "بتاريخ {date}، على الساعة {time}، انعقد اجتماع {of_committee} رقم {number} ({kind}). "
            "مكان الاجتماع: {place}."
        ),
        "attendance": "الحضور",
        "attendance_missing": "لم يتم تسجيل الحضور.",
        "name": "الاسم الكامل",
        "quality": "الصفة",
        "represented_by": "ممثل(ة) من طرف",
        "advisory": "صوت استشاري",
        "groups": {
            Attendance.Presence.PRESENT: "الأعضاء الحاضرون",
            Attendance.Presence.REPRESENTED: "الأعضاء الممثلون",
            Attendance.Presence.EXCUSED: "الأعضاء المعتذرون",
            Attendance.Presence.ABSENT: "الأعضاء الغائبون",
        },
        "quorum": "النصاب القانوني",
        "quorum_line": (
            "عدد الأعضاء المزاولين ذوي الصوت التقريري: {voting}؛ النصاب المطلوب: {required}؛ "
            "عدد الأعضاء {counted_kind}: {counted}."
        ),
        "counted_with_proxies": "الحاضرين أو الممثلين",
        "counted_present": "الحاضرين",
        "quorum_reached": "النصاب القانوني مكتمل: مداولات اللجنة صحيحة.",
        "quorum_not_reached": "النصاب القانوني غير مكتمل.",
        "quorum_second": "اجتماع منعقد بناء على استدعاء ثان: مداولات اللجنة صحيحة دون اشتراط النصاب.",
        "decision_rule": "طريقة اتخاذ القرار",
        "deliberations": "دراسة نقط جدول الأعمال",
        "point_heading": "النقطة رقم {number}: {title}",
        "decision": "القرار",
        "reserves": "التحفظات",
        "amended_amount": "مبلغ مساهمة المبادرة المعتمد",
        "reason": "التعليل",
        "votes": "التصويت",
        "votes_line": "مع: {votes_for}؛ ضد: {against}؛ امتناع: {abstentions}",
        "no_decision": "لم يسجل بعد أي قرار بشأن هذه النقطة.",
        "actions": "الإجراءات المقررة",
        "action": "الإجراء",
        "service": "المصلحة المكلفة",
        "due_on": "الأجل",
        "rectifications": "التصحيحات اللاحقة لاختتام الاجتماع",
        "rectified_on": "التاريخ",
        "change": "التعديل",
        "notes": "ملاحظات",
        "adjourned": "وبعد استنفاد نقط جدول الأعمال، رفعت الجلسة.",
        "sign_chair": "رئيس الجلسة",
        "sign_secretary": "كاتب اللجنة",
        "fields": {
            "reserves": "التحفظات",
            "amended_amount": "مبلغ مساهمة المبادرة المعتمد",
            "reason": "التعليل",
            "votes_for": "الأصوات المؤيدة",
            "votes_against": "الأصوات المعارضة",
            "abstentions": "الممتنعون",
        },
        "letter_title": "جواب على مراسلة",
        "cldh_addressee": "{civility} {role} {name}",
        "president_f": "رئيسة",
        "president_m": "رئيس",
        "cldh_fallback": "السيد رئيس اللجنة المحلية للتنمية البشرية لجماعة {commune}",
        "cldh_name": "اللجنة المحلية للتنمية البشرية لجماعة {commune}",
        "letter_object": "الجواب على المراسلة رقم {reference}",
        "ref": "المرجع",
        "letter_ref": "{kind} توصلنا بها بتاريخ {date}: «{subject}»",
        "letter_body": (
            "وبعد، يشرفني أن أوافيكم أسفله بالجواب المخصص للمراسلة المسجلة تحت المرجع {reference} ({kind})، "
            "التي تم التوصل بها بتاريخ {date} والمتعلقة بجماعة {commune}، في موضوع «{subject}»."
        ),
        "from_source": "المرسل",
        "received_on": "تاريخ التوصل",
        "subject": "الموضوع",
        "answer": "الجواب",
        "answered_on": "حرر الجواب بتاريخ {date}.",
        "letter_inform": "وأرجو منكم إخبار المعنيين بالأمر بذلك.",
        "letter_closing": "والسلام.",
    },
}

COMMITTEE_KINDS_AR = {
    Committee.Kind.CPDH: "اللجنة الإقليمية للتنمية البشرية",
    Committee.Kind.CLDH: "اللجنة المحلية للتنمية البشرية",
    Committee.Kind.CRDH: "اللجنة الجهوية للتنمية البشرية",
    Committee.Kind.LAUNCH: "لجنة إطلاق المشاريع",
    Committee.Kind.FOLLOW_UP: "لجنة تتبع المشاريع",
    Committee.Kind.RECEPTION: "لجنة تسلم المشاريع",
}
COMMISSIONS = {Committee.Kind.LAUNCH, Committee.Kind.FOLLOW_UP, Committee.Kind.RECEPTION}
# Who signs a convocation when the committee does not say (``Committee.chaired_by``), or in Arabic when it says so
# in French only.
CHAIR_TITLES = {
    "fr": {
        Committee.Kind.CPDH: ["Le Gouverneur,", "Président du Comité Provincial de Développement Humain"],
        Committee.Kind.CLDH: ["Le Président du Comité Local de Développement Humain"],
        Committee.Kind.CRDH: ["Le Wali,", "Président du Comité Régional de Développement Humain"],
    },
    "ar": {
        Committee.Kind.CPDH: ["العامل،", "رئيس اللجنة الإقليمية للتنمية البشرية"],
        Committee.Kind.CLDH: ["رئيس اللجنة المحلية للتنمية البشرية"],
        Committee.Kind.CRDH: ["الوالي،", "رئيس اللجنة الجهوية للتنمية البشرية"],
    },
}
DEFAULT_CHAIR_TITLE = {"fr": ["Le Président de la commission"], "ar": ["رئيس اللجنة"]}
MEETING_KINDS_AR = {
    Meeting.Kind.PRESELECTION: "الانتقاء الأولي",
    Meeting.Kind.VALIDATION: "المصادقة",
    Meeting.Kind.FOLLOW_UP: "التتبع",
    Meeting.Kind.EXTRAORDINARY: "اجتماع استثنائي",
}
OUTCOMES_AR = {
    Decision.Outcome.APPROVED: "مصادق عليه",
    Decision.Outcome.APPROVED_WITH_RESERVES: "مصادق عليه مع تحفظات",
    Decision.Outcome.REJECTED: "مرفوض",
    Decision.Outcome.ADJOURNED: "مؤجل",
}
DECISION_RULES_AR = {
    Committee.DecisionRule.CONSENSUS: "بالتوافق",
    Committee.DecisionRule.SIMPLE_MAJORITY: "بالأغلبية البسيطة للأعضاء المصوتين الحاضرين",
    Committee.DecisionRule.ABSOLUTE_MAJORITY: "بالأغلبية المطلقة للأعضاء ذوي الصوت التقريري",
}
SERVICES_AR = {
    DecisionAction.Service.MONITORING: "مصلحة التتبع والتقييم",
    DecisionAction.Service.TRAINING: "مصلحة التكوين وتقوية القدرات",
    DecisionAction.Service.COMMUNICATION: "مصلحة التواصل",
    DecisionAction.Service.COORDINATION: "مصلحة التنسيق الاجتماعي",
    DecisionAction.Service.SECRETARIAT: "كتابة اللجنة الإقليمية للتنمية البشرية",
    DecisionAction.Service.OTHER: "مصلحة أخرى",
}
FEEDBACK_KINDS_AR = {
    Feedback.Kind.PROPOSAL: "مقترح",
    Feedback.Kind.COMMENT: "ملاحظة",
    Feedback.Kind.COMPLAINT: "شكاية",
    Feedback.Kind.QUESTION: "طلب معلومات",
}
FEEDBACK_SOURCES_AR = {
    Feedback.Source.BENEFICIARY: "مستفيد",
    Feedback.Source.EAQ: "فريق التنشيط",
    Feedback.Source.CLDH: "اللجنة المحلية للتنمية البشرية",
    Feedback.Source.HOLDER: "حامل مشروع",
    Feedback.Source.OTHER: "جهة أخرى",
}
AGENDA_KINDS_AR = {
    "dossier": "ملف منتقى أوليا",
    "remontee": "مراسلة واردة",
    "repartition": "توزيع الاعتمادات",
    agenda.TEXT: "نقطة عامة",
}
OUTCOME_STYLES = {
    Decision.Outcome.APPROVED: "ok",
    Decision.Outcome.APPROVED_WITH_RESERVES: "warn",
    Decision.Outcome.REJECTED: "ko",
    Decision.Outcome.ADJOURNED: "adjourned",
}
FUNCTION_ORDER = {
    Member.Function.CHAIR: 0,
    Member.Function.MEMBER: 1,
    Member.Function.SECRETARY: 2,
    Member.Function.OBSERVER: 3,
}
PRESENCE_ORDER = [
    Attendance.Presence.PRESENT,
    Attendance.Presence.REPRESENTED,
    Attendance.Presence.EXCUSED,
    Attendance.Presence.ABSENT,
]


# --- Helpers ---------------------------------------------------------------------------------------------------------


def _language(language: str) -> str:
    return "ar" if (language or "fr").startswith("ar") else "fr"


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def _free(text, language: str) -> Text:
    """A text typed in one language only: in the Arabic document it reads left to right unless written in Arabic."""
    text = str(text or "").strip()
    return Text(text, fallback=language == "ar" and bool(text) and not _is_arabic(text))


def _pair(language: str, text_fr: str, text_ar: str) -> Text:
    """A text known in French and maybe Arabic: the Arabic document falls back to the French one, left to right."""
    if language == "ar" and (text_ar or "").strip():
        return Text(text_ar.strip())
    return _free(text_fr, language)


def _choice(language: str, value, enum, arabic: dict) -> str:
    if language == "ar":
        return arabic.get(value, str(enum(value).label))
    return str(enum(value).label)


def _short_date(day) -> str:
    return day.strftime("%d/%m/%Y")


def _long_date(day, language: str) -> str:
    """« mardi 12 mai 2026 », « الثلاثاء 12 ماي 2026 » (the Moroccan month names)."""
    if language == "ar":
        return f"{AR_WEEKDAYS[day.weekday()]} {day.day} {AR_MONTHS[day.month - 1]} {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{FR_WEEKDAYS[day.weekday()]} {number} {FR_MONTHS[day.month - 1]} {day.year}"


def _moment(value) -> tuple[str, str]:
    local = timezone.localtime(value, timezone.get_default_timezone())
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def _amount(value, language: str) -> str:
    if language == "ar":
        return f"{format_money(value, unit='').strip()} درهم"
    return format_money(value)


def _fixed(value) -> str:
    """``76,00``: a score to the hundredth, as the fiche d'évaluation writes it."""
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):f}".replace(".", ",")


def _percent(value: Decimal) -> str:
    return f"{format_number(Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP))}\u00a0%"


def _person(member: Member | None, language: str) -> Text:
    if member is None:
        return Text("")
    return _pair(language, member.full_name, member.full_name_ar)


def _committee_name(committee: Committee, language: str) -> Text:
    return _pair(language, committee.name, committee.name_ar)


def _of_committee(committee: Committee, language: str) -> str:
    labels = LABELS[language]
    template = labels["of_commission" if committee.kind in COMMISSIONS else "of_committee"]
    return template.format(name=_committee_name(committee, language).inline)


def chair_title(committee: Committee, language: str) -> list[str]:
    """Who signs for the committee: ``Committee.chaired_by`` (« Le Gouverneur de la préfecture… »), or in Arabic,
    unless it is written in Arabic, the usual title of the committee's chair."""
    language = _language(language)
    said = (committee.chaired_by or "").strip()
    if said and (language == "fr" or _is_arabic(said)):
        return [said]
    return CHAIR_TITLES[language].get(committee.kind, DEFAULT_CHAIR_TITLE[language])


def _meeting_kind(meeting: Meeting, language: str) -> str:
    if language == "ar":
        return MEETING_KINDS_AR.get(meeting.kind, meeting.get_kind_display())
    return str(meeting.get_kind_display()).lower()


def _nature(item, language: str) -> str:
    if language == "ar":
        return AGENDA_KINDS_AR.get(item.kind, AGENDA_KINDS_AR[agenda.TEXT])
    kind = agenda.get(item.kind)
    return str(kind.label) if kind is not None else LABELS["fr"]["text_point"]


def _points(meeting: Meeting, language: str) -> list[dict]:
    return [
        {
            "number": item.position,
            "title": _free(item.title, language),
            "nature": _nature(item, language),
            "description": _free(item.description, language) if item.kind == agenda.TEXT else Text(""),
        }
        for item in sorted(meeting.items.all(), key=lambda item: item.position)
    ]


def _meeting_context(meeting: Meeting, language: str, title: str, *, subtitle: str = "") -> dict:
    """What every meeting document shows: the committee, the meeting, its date, time, place and chair, its agenda;
    call inside ``translation.override(language)``."""
    labels = LABELS[language]
    committee = meeting.committee
    heading = labels["meeting"].format(number=meeting.number, kind=_meeting_kind(meeting, language))
    committee_name = _committee_name(committee, language)
    context = pdf_context(title, user=labels["division"], subtitle=subtitle or f"{committee_name.inline} — {heading}")
    second = ""
    if meeting.is_second_convocation:
        second = labels["second_convocation"]
        if committee.second_convocation_without_quorum:
            second += labels["without_quorum"]
    chair = meeting.chair
    context.update(
        {
            "language": language,
            "labels": labels,
            "meeting": meeting,
            "committee": committee,
            "committee_name": committee_name,
            "of_committee": _of_committee(committee, language),
            "meeting_heading": heading,
            "meeting_kind": _meeting_kind(meeting, language),
            "long_date": _long_date(meeting.date, language),
            "short_date": _short_date(meeting.date),
            "time": meeting.time.strftime("%H:%M"),
            "place": _free(meeting.place, language),
            "chair": _person(chair, language),
            "chair_quality": _free(chair.title, language) if chair else Text(""),
            "chair_title": chair_title(committee, language),
            "second_convocation": second,
            "points": _points(meeting, language),
        }
    )
    return context


def _civility(member: Member, language: str) -> str:
    return LABELS[language]["madam" if member.sex == Member.Sex.WOMAN else "sir"]


def _by_function(members):
    return sorted(members, key=lambda m: (FUNCTION_ORDER.get(m.function, 9), m.full_name))


# --- Convocations ----------------------------------------------------------------------------------------------------


def convocations_context(meeting: Meeting, language: str, members) -> dict:
    labels = LABELS[language]
    context = _meeting_context(meeting, language, labels["convocation_title"])
    issued = timezone.localtime(meeting.convened_at).date() if meeting.convened_at else timezone.localdate()
    facts = {
        "number": meeting.number,
        "kind": context["meeting_kind"],
        "of_committee": context["of_committee"],
    }
    letters = []
    for member in members:
        civility = _civility(member, language)
        quality = _free(member.title, language)
        institution = _free(member.institution, language)
        letters.append(
            {
                "member": member,
                "civility": civility,
                "name": _person(member, language),
                "quality": quality,
                "institution": institution if institution.text and institution.text != quality.text else Text(""),
                "salutation": labels.get("salutation") or f"{civility},",
                "closing": labels["closing"].format(civility=civility),
            }
        )
    context.update(
        {
            "letters": letters,
            "date_line": labels["date_line"].format(date=_short_date(issued)),
            "object_text": labels["convocation_object"].format(**facts),
            "body": labels["convocation_body"].format(**facts),
            "signature": [],  # each letter is signed at its foot
        }
    )
    return context


def convened_members(meeting: Meeting) -> list[Member]:
    """Who receives a convocation: the members sitting on the meeting's date, but the committee's president, who
    convenes them (and signs the letters)."""
    return [m for m in _by_function(sitting_members(meeting)) if m.function != Member.Function.CHAIR]


def render_convocations(meeting: Meeting, language: str, *, member: Member | None = None) -> bytes:
    """One A4 letter per convened member (``convened_members``), or for ``member`` only, page after page, in French
    or in Arabic (right to left), signed by the committee's chair."""
    language = _language(language)
    members = [member] if member is not None else convened_members(meeting)
    with translation.override(language):
        return render_pdf("committees/pdf/convocations.html", convocations_context(meeting, language, members))


# --- Ordre du jour ---------------------------------------------------------------------------------------------------


def agenda_context(meeting: Meeting, language: str) -> dict:
    labels = LABELS[language]
    context = _meeting_context(meeting, language, labels["agenda_title"])
    context["signature"] = context["chair_title"]
    return context


def render_agenda(meeting: Meeting, language: str) -> bytes:
    """The meeting's ordre du jour, A4 PDF, in French or in Arabic."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("committees/pdf/agenda.html", agenda_context(meeting, language))


# --- Dossier de séance -----------------------------------------------------------------------------------------------


def session_context(meeting: Meeting, items) -> dict:
    """French only: the committee reads its dossier de séance in French."""
    context = _meeting_context(meeting, "fr", _("Dossier de séance"))
    sections = []
    for item in sorted(items, key=lambda item: item.position):
        kind = getattr(item, "agenda_kind", None)
        record = getattr(item, "record", None)
        extra = kind.session_context if kind else None
        sections.append(
            {
                "item": item,
                "nature": _nature(item, "fr"),
                "record": record,
                "template": kind.session_template if kind and record is not None and kind.session_template else "",
                "session": extra(record) if extra and record is not None else {},
                "linked": item.object_id is not None,
            }
        )
    context.update({"sections": sections, "signature": []})
    return context


def render_session(meeting: Meeting, items) -> bytes:
    """The dossier de séance, A4 PDF in French: a cover with the points, then each point's section — a dossier's
    summary, financing plan and scores, a remontée's content, a free point's description. ``items`` come from
    ``committees.selectors.agenda_of`` (records attached)."""
    with translation.override("fr"):
        return render_pdf("committees/pdf/session.html", session_context(meeting, items))


# --- Procès-verbal ---------------------------------------------------------------------------------------------------


def _field_value(name: str, value, language: str) -> str:
    if value in (None, ""):
        return "—"
    if name == "amended_amount":
        return _amount(Decimal(value), language)
    return str(value)


def _decision_context(decision: Decision | None, language: str) -> dict | None:
    if decision is None:
        return None
    labels = LABELS[language]
    votes = ""
    if any(v is not None for v in (decision.votes_for, decision.votes_against, decision.abstentions)):
        votes = labels["votes_line"].format(
            votes_for=decision.votes_for if decision.votes_for is not None else "—",
            against=decision.votes_against if decision.votes_against is not None else "—",
            abstentions=decision.abstentions if decision.abstentions is not None else "—",
        )
    return {
        "outcome": _choice(language, decision.outcome, Decision.Outcome, OUTCOMES_AR),
        "style": OUTCOME_STYLES.get(decision.outcome, ""),
        "reserves": _free(decision.reserves, language),
        "amended_amount": _amount(decision.amended_amount, language) if decision.amended_amount is not None else "",
        "reason": _free(decision.reason, language),
        "votes": votes,
        "actions": [
            {
                "description": _free(action.description, language),
                "service": _choice(language, action.service, DecisionAction.Service, SERVICES_AR),
                "due_on": _short_date(action.due_on),
            }
            for action in sorted(decision.actions.all(), key=lambda a: (a.due_on, a.pk))
        ],
    }


def _attendance_groups(meeting: Meeting, language: str) -> list[dict]:
    labels = LABELS[language]
    rows = {presence: [] for presence in PRESENCE_ORDER}
    attendances = sorted(
        meeting.attendances.all(), key=lambda a: (FUNCTION_ORDER.get(a.member.function, 9), a.member.full_name)
    )
    for attendance in attendances:
        member = attendance.member
        rows.setdefault(attendance.presence, []).append(
            {
                "name": _person(member, language),
                "quality": _free(member.title or member.institution, language),
                "advisory": not member.is_voting,
                "represented_by": _free(attendance.represented_by, language),
            }
        )
    return [
        {"label": labels["groups"][presence], "presence": presence, "rows": rows[presence]}
        for presence in PRESENCE_ORDER
        if rows[presence]
    ]


def _quorum_context(meeting: Meeting, language: str) -> dict | None:
    if not meeting.attendance_recorded:
        return None
    labels = LABELS[language]
    committee = meeting.committee
    quorum = compute_quorum(meeting, list(committee.members.all()), list(meeting.attendances.all()))
    line = labels["quorum_line"].format(
        voting=quorum.voting_members,
        required=quorum.required,
        counted=quorum.counted,
        counted_kind=labels["counted_with_proxies" if committee.proxies_count else "counted_present"],
    )
    if quorum.second_convocation:
        verdict = labels["quorum_second"]
    else:
        verdict = labels["quorum_reached" if quorum.reached else "quorum_not_reached"]
    return {"line": line, "verdict": verdict, "reached": quorum.reached}


def minutes_context(meeting: Meeting, language: str) -> dict:
    labels = LABELS[language]
    context = _meeting_context(meeting, language, labels["minutes_title"])
    committee = meeting.committee
    draft = meeting.status != Meeting.Status.CLOSED
    chair = context["chair"]
    if meeting.chair is not None:
        chair_text = f"{_civility(meeting.chair, language)} {chair.inline}"
        if context["chair_quality"].text:
            chair_text = f"{chair_text}{labels['comma']}{context['chair_quality'].inline}"
        opening = labels["opening"]
    else:
        chair_text, opening = "", labels["opening_no_chair"]
    points = []
    rectifications = []
    for item in sorted(meeting.items.all(), key=lambda item: item.position):
        decision = decision_of(item)
        points.append(
            {
                "number": item.position,
                "heading": labels["point_heading"].format(
                    number=item.position, title=_free(item.title, language).inline
                ),
                "description": _free(item.description, language) if item.kind == agenda.TEXT else Text(""),
                "decision": _decision_context(decision, language),
            }
        )
        if decision is not None:
            for rectification in sorted(decision.rectifications.all(), key=lambda r: (r.made_at, r.pk)):
                changes = [
                    f"{labels['fields'].get(name, name)}{labels['colon']} {_field_value(name, old, language)} → "
                    f"{_field_value(name, new, language)}"
                    for name, (old, new) in rectification.changes.items()
                ]
                rectifications.append(
                    {
                        "date": _moment(rectification.made_at)[0],
                        "point": item.position,
                        "changes": changes,
                        "reason": _free(rectification.reason, language),
                        "by": _free(rectification.made_by, language),
                    }
                )
    secretary = next(
        (m for m in _by_function(sitting_members(meeting)) if m.function == Member.Function.SECRETARY), None
    )
    closed = _moment(meeting.closed_at) if meeting.closed_at else None
    context.update(
        {
            "draft": draft,
            "opening": opening.format(
                date=context["long_date"],
                time=context["time"],
                place=context["place"].inline,
                number=meeting.number,
                kind=context["meeting_kind"],
                of_committee=context["of_committee"],
                chair=chair_text,
            ),
            "closed_note": labels["closed_note"].format(date=closed[0], time=closed[1]) if closed else "",
            "attendance_recorded": meeting.attendance_recorded,
            "attendance": _attendance_groups(meeting, language),
            "quorum": _quorum_context(meeting, language),
            "decision_rule": _choice(language, committee.decision_rule, Committee.DecisionRule, DECISION_RULES_AR),
            "minutes_points": points,
            "rectifications": rectifications,
            "notes": _free(meeting.notes, language),
            "signatories": [
                (labels["sign_chair"], chair),
                (labels["sign_secretary"], _person(secretary, language)),
            ],
            "signature": [],
        }
    )
    return context


def render_minutes(meeting: Meeting, language: str) -> bytes:
    """The procès-verbal generated from what was recorded, A4 PDF, in French or in Arabic. Until the meeting is
    closed every page carries a « PROJET » (مسودة) mark."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("committees/pdf/minutes.html", minutes_context(meeting, language))


# --- Letter to the CLDH -----------------------------------------------------------------------------------------------

ANSWERED = (Feedback.Status.ANSWERED, Feedback.Status.SENT)


def has_answer(feedback: Feedback) -> bool:
    return feedback.status in ANSWERED and bool(feedback.answer.strip())


def cldh_of(commune) -> Committee | None:
    """The CLDH of the commune (the active one first), with its members."""
    return (
        Committee.objects.filter(kind=Committee.Kind.CLDH, commune=commune)
        .prefetch_related("members")
        .order_by("-is_active", "pk")
        .first()
    )


def feedback_letter_context(feedback: Feedback, language: str, cldh: Committee | None) -> dict:
    labels = LABELS[language]
    commune = _pair(language, feedback.commune.name_fr, feedback.commune.name_ar)
    reference = Text(feedback.reference, fallback=language == "ar")
    kind = _choice(language, feedback.kind, Feedback.Kind, FEEDBACK_KINDS_AR)
    received = _short_date(feedback.received_on)
    subject = _free(feedback.subject, language)
    context = pdf_context(labels["letter_title"], user=labels["division"])
    letter_day = feedback.sent_on if feedback.status == Feedback.Status.SENT and feedback.sent_on else None
    president = None
    if cldh is not None:
        today = letter_day or timezone.localdate()
        president = next(
            (m for m in cldh.members.all() if m.function == Member.Function.CHAIR and m.sits_on(today)), None
        )
        woman = president is not None and president.sex == Member.Sex.WOMAN
        if language == "ar" and not cldh.name_ar.strip():
            cldh_name = labels["cldh_name"].format(commune=commune.inline)
        else:
            cldh_name = _committee_name(cldh, language).inline
        addressee = labels["cldh_addressee"].format(
            civility=labels["madam" if woman else "sir"],
            role=labels["president_f" if woman else "president_m"],
            name=cldh_name,
        )
    else:
        woman = False
        addressee = labels["cldh_fallback"].format(commune=commune.inline)
    title = labels.get("title_f" if woman else "title_m", "")
    source = _choice(language, feedback.source, Feedback.Source, FEEDBACK_SOURCES_AR)
    if feedback.source_name:
        source = f"{source} — {_free(feedback.source_name, language).inline}"
    context.update(
        {
            "language": language,
            "labels": labels,
            "feedback": feedback,
            "date_line": labels["date_line"].format(date=_short_date(letter_day or timezone.localdate())),
            "addressee": addressee,
            "president": _person(president, language),
            "object_text": labels["letter_object"].format(reference=reference.inline),
            "ref_text": labels["letter_ref"].format(kind=kind, date=received, subject=subject.inline),
            "salutation": labels.get("salutation") or f"{title},",
            "body": labels["letter_body"].format(
                reference=reference.inline, kind=kind, date=received, commune=commune.inline, subject=subject.inline
            ),
            "facts": [
                (labels["received_on"], Text(received)),
                (labels["from_source"], Text(source)),
                (labels["subject"], subject),
            ],
            "answer": [_free(paragraph, language) for paragraph in feedback.answer.strip().splitlines() if paragraph],
            "answered_on": (
                labels["answered_on"].format(date=_short_date(feedback.answered_on)) if feedback.answered_on else ""
            ),
            "closing": labels["letter_closing"].format(title=title),
            "signature": [labels["head"]],
        }
    )
    return context


def render_feedback_letter(feedback: Feedback, language: str) -> bytes:
    """The letter carrying a remontée's answer to the CLDH of its commune (to « Monsieur le Président du CLDH de
    <commune> » when the commune has none on record), A4 PDF, in French or in Arabic. Raises ValueError while the
    remontée has no answer."""
    language = _language(language)
    if not has_answer(feedback):
        raise ValueError(f"La remontée {feedback.reference} n'a pas encore de réponse.")
    cldh = cldh_of(feedback.commune_id)
    with translation.override(language):
        return render_pdf("committees/pdf/feedback_letter.html", feedback_letter_context(feedback, language, cldh))
