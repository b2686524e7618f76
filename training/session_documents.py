"""The session's official documents, as PDF in French or in Arabic: the feuille de présence (printed before the
session, signed by each participant each day, then scanned back) and the attestations de participation (one page
each, numbered by training.services.sessions.certificate_issue).

As in projects.documents, the fixed wording lives here per language, so that the Arabic document reads in Arabic
whatever the state of the catalogue; what was typed in French only (a place, a name) is laid out left to right in
the Arabic document (projects.documents.Text).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from das.exports import pdf_context, render_pdf
from projects.documents import Text, _free, _language, _text
from training import session_selectors as selectors
from training.models import SessionEvaluation, Sex, TrainingSession

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "sheet_title": "Feuille de présence",
        "session": "Session",
        "module": "Module",
        "action": "Action du plan",
        "dates": "Dates",
        "place": "Lieu",
        "trainer": "Formateur",
        "provider": "Organisme formateur",
        "hours": "Durée",
        "number": "N°",
        "name": "Nom et prénom",
        "organisation": "Organisation / fonction",
        "commune": "Commune",
        "phone": "Téléphone",
        "signature_of": "Signature",
        "hours_unit": "h",
        "none": "Aucun participant invité.",
        "blank_rows": "Lignes libres pour les participants non inscrits.",
        "visa_trainer": "Visa du formateur",
        "visa_service": "Visa du Service de la Formation",
        "from_to": "du {start} au {end}",
        "on": "le {date}",
        "total_hours": "{hours} heures",
        "certificate_title": "Attestation de participation",
        "certificate_number": "N° {number}",
        "mr": "M.",
        "mrs": "Mme",
        "certificate_text": (
            "Le Chef de la Division de l'Action Sociale de la {province} atteste que {civility} {name} a participé "
            "à la session de formation «\u00a0{module}\u00a0» organisée {dates} à {place}, d'une durée de "
            "{hours} heures."
        ),
        "certificate_use": (
            "La présente attestation est délivrée à l'intéressé(e) pour servir et valoir ce que de droit."
        ),
        "done_at": "Fait à {city}, le {date}",
        "city": "Agadir",
        "signatory": "Le Chef de la Division de l'Action Sociale",
        "reference_line": "Session {reference} — {organisation}",
        "evaluation": "Évaluation",
        "summary_title": "Fiche de session",
        "status": "Statut",
        "days_title": "Journées et présences",
        "present": "Présents",
        "participants_title": "Participants",
        "days_present": "Jours de présence",
        "certificate": "Attestation",
        "evaluation_title": "Évaluation des participants",
        "criterion": "Critère",
        "average": "Moyenne / 5",
        "overall": "Moyenne générale",
        "responses": "Grilles saisies : {count}",
        "no_evaluation": "Aucune grille d'évaluation saisie.",
        "report_title": "Rapport du formateur",
        "no_report": "Rapport non saisi.",
        "cost": "Coût réel",
        "planned_cost": "Coût prévu de l'action",
        "criteria": {
            "content": "Contenu",
            "trainer": "Animation du formateur",
            "organisation": "Organisation et logistique",
            "materials": "Supports",
            "usefulness": "Utilité pour la fonction",
        },
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "sheet_title": "ورقة الحضور",
        "session": "الدورة",
        "module": "الوحدة التكوينية",
        "action": "عملية المخطط",
        "dates": "التواريخ",
        "place": "المكان",
        "trainer": "المكوِّن",
        "provider": "الهيئة المكوِّنة",
        "hours": "المدة",
        "number": "ر.ت",
        "name": "الاسم الكامل",
        "organisation": "الهيئة / الصفة",
        "commune": "الجماعة",
        "phone": "الهاتف",
        "signature_of": "التوقيع",
        "hours_unit": "س",
        "none": "لا يوجد أي مشارك مدعو.",
        "blank_rows": "أسطر فارغة للمشاركين غير المسجلين.",
        "visa_trainer": "تأشيرة المكوِّن",
        "visa_service": "تأشيرة مصلحة التكوين",
        "from_to": "من {start} إلى {end}",
        "on": "يوم {date}",
        "total_hours": "{hours} ساعة",
        "certificate_title": "شهادة المشاركة",
        "certificate_number": "رقم {number}",
        "mr": "السيد",
        "mrs": "السيدة",
        "certificate_text": (
            "يشهد رئيس قسم العمل الاجتماعي ب{province} أن {civility} {name} {participated} في الدورة التكوينية "
            "«\u00a0{module}\u00a0» المنظمة {dates} في {place}، لمدة {hours} ساعة."
        ),
        "participated_m": "قد شارك",
        "participated_f": "قد شاركت",
        "certificate_use": "سلمت هذه الشهادة للمعني(ة) بالأمر للإدلاء بها عند الحاجة.",
        "done_at": "حرر ب{city}، في {date}",
        "city": "أكادير",
        "signatory": "رئيس قسم العمل الاجتماعي",
        "reference_line": "الدورة {reference} — {organisation}",
        "evaluation": "التقييم",
        "summary_title": "بطاقة الدورة",
        "status": "الوضعية",
        "days_title": "الأيام والحضور",
        "present": "الحاضرون",
        "participants_title": "المشاركون",
        "days_present": "أيام الحضور",
        "certificate": "الشهادة",
        "evaluation_title": "تقييم المشاركين",
        "criterion": "المعيار",
        "average": "المعدل / 5",
        "overall": "المعدل العام",
        "responses": "عدد الشبكات المدخلة: {count}",
        "no_evaluation": "لم تدخل أي شبكة تقييم.",
        "report_title": "تقرير المكوِّن",
        "no_report": "التقرير غير مدخل.",
        "cost": "الكلفة الفعلية",
        "planned_cost": "الكلفة المتوقعة للعملية",
        "criteria": {
            "content": "المحتوى",
            "trainer": "تنشيط المكوِّن",
            "organisation": "التنظيم واللوجستيك",
            "materials": "الدعامات",
            "usefulness": "الفائدة بالنسبة للمهمة",
        },
    },
}

BLANK_ROWS = 3


def _date(value) -> str:
    return value.strftime("%d/%m/%Y")


def _hours(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _dates(session: TrainingSession, labels: dict) -> str:
    if session.start_date == session.end_date:
        return labels["on"].format(date=_date(session.start_date))
    return labels["from_to"].format(start=_date(session.start_date), end=_date(session.end_date))


def _module(session, language) -> Text:
    module = session.action.module
    return _text(language, module.title_fr, module.title_ar)


def _provider(session: TrainingSession, language: str) -> Text:
    """The external body when there is one, else who runs the action (DAS, Ministère), as the session page says."""
    partner = session.provider_partner
    if partner:
        return _text(language, partner.name, partner.name_ar)
    with translation.override(language):
        return Text(str(session.action.get_provider_display()))


def _common(session: TrainingSession, language: str, labels: dict, hours: Decimal) -> dict:
    return {
        "language": language,
        "labels": labels,
        "session": session,
        "module": _module(session, language),
        "dates": _dates(session, labels),
        "place": _free(session.place, language),
        "trainer": _free(session.trainer, language),
        "provider": _provider(session, language),
        "hours": labels["total_hours"].format(hours=_hours(hours)),
    }


def sheet_context(page: selectors.SessionPage, language: str) -> dict:
    """The attendance sheet: one row per invited participant and a signature column per day."""
    labels = LABELS[language]
    session = page.session
    context = pdf_context(
        labels["sheet_title"], user=labels["division"], subtitle=f"{labels['session']} {session.reference}"
    )
    rows = []
    for row in page.rows:
        person = row.participant.person
        organisation = person.organisation_display
        function = " — ".join(part for part in (organisation, person.function) if part)
        rows.append(
            {
                "name": _text(language, person.full_name, person.full_name_ar),
                "organisation": _free(function, language),
                "commune": _text(language, person.commune.name_fr, person.commune.name_ar) if person.commune else "",
                "phone": person.phone,
            }
        )
    context.update(_common(session, language, labels, page.hours))
    context.update(
        {
            "days": [{"date": _date(day.date), "hours": _hours(day.hours)} for day in page.days],
            "rows": rows,
            "blank_rows": range(BLANK_ROWS),
            "action_label": f"{session.action.plan.year}-{session.action.number:02d}",
            "criteria": [],
        }
    )
    return context


def render_sheet(page: selectors.SessionPage, language: str) -> bytes:
    language = _language(language)
    with translation.override(language):
        return render_pdf("training/sessions/pdf/sheet.html", sheet_context(page, language))


def certificate_items(session: TrainingSession, participants, language: str, hours: Decimal) -> list[dict]:
    labels = LABELS[language]
    province = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    module = _module(session, language)
    place = _free(session.place, language)
    items = []
    for participant in participants:
        person = participant.person
        woman = person.sex == Sex.WOMAN
        name = _text(language, person.full_name, person.full_name_ar)
        values = {
            "province": province,
            "civility": labels["mrs"] if woman else labels["mr"],
            "name": name.inline,
            "module": module.inline,
            "dates": _dates(session, labels),
            "place": place.inline,
            "hours": _hours(hours),
        }
        if language == "ar":
            values["participated"] = labels["participated_f"] if woman else labels["participated_m"]
        issued = timezone.localtime(participant.certificate_issued_at) if participant.certificate_issued_at else None
        items.append(
            {
                "participant": participant,
                "number": labels["certificate_number"].format(number=participant.certificate_number),
                "text": labels["certificate_text"].format(**values),
                "done_at": labels["done_at"].format(
                    city=labels["city"], date=_date(issued.date() if issued else timezone.localdate())
                ),
            }
        )
    return items


def certificates_context(session: TrainingSession, participants, language: str) -> dict:
    labels = LABELS[language]
    context = pdf_context("", user=labels["division"])
    hours = selectors.session_hours(session)
    context.update(_common(session, language, labels, hours))
    context["items"] = certificate_items(session, participants, language, hours)
    return context


def render_certificates(session: TrainingSession, participants, language: str) -> bytes:
    """One page per attestation already issued (the caller passes numbered participants only)."""
    language = _language(language)
    with translation.override(language):
        context = certificates_context(session, participants, language)
        return render_pdf("training/sessions/pdf/certificate.html", context)


STATUS = {
    "fr": {"planifiee": "Planifiée", "tenue": "Tenue", "cloturee": "Clôturée", "annulee": "Annulée"},
    "ar": {"planifiee": "مبرمجة", "tenue": "منعقدة", "cloturee": "مختتمة", "annulee": "ملغاة"},
}


def _money(value, language) -> str:
    from das.formatting import format_money

    if value is None:
        return "—"
    return format_money(value, unit="").strip() + " درهم" if language == "ar" else format_money(value)


def summary_context(page: selectors.SessionPage, language: str) -> dict:
    """The session's record: facts, days with their attendance, participants, evaluation averages, report."""
    context = sheet_context(page, language)
    labels = LABELS[language]
    session = page.session
    context["title"] = labels["summary_title"]
    for item, row in zip(context["rows"], page.rows, strict=True):
        item["present"] = f"{row.present_count}/{len(page.days)}"
        item["certificate"] = row.participant.certificate_number
    evaluation = page.evaluation
    context.update(
        {
            "status": STATUS[language][session.status],
            "day_rows": [
                {"date": _date(day.date), "hours": _hours(day.hours), "present": present}
                for day, present in page.day_rows
            ],
            "averages": [
                (labels["criteria"][name], _hours(value) if value is not None else "—")
                for name, value in evaluation.averages
            ],
            "overall": _hours(evaluation.overall) if evaluation.overall is not None else "—",
            "responses": labels["responses"].format(count=evaluation.count),
            "evaluation_count": evaluation.count,
            "report": _free(session.trainer_report, language),
            "cost": _money(session.actual_cost, language),
            "planned_cost": _money(session.action.planned_cost, language),
        }
    )
    return context


def render_summary(page: selectors.SessionPage, language: str) -> bytes:
    language = _language(language)
    with translation.override(language):
        return render_pdf("training/sessions/pdf/summary.html", summary_context(page, language))


def criteria_labels() -> list[tuple[str, str]]:
    from django.utils.text import capfirst

    return [
        (name, capfirst(SessionEvaluation._meta.get_field(name).verbose_name)) for name in SessionEvaluation.CRITERIA
    ]
