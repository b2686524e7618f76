"""Official documents of the calls for projects, as PDF: the avis d'appel à projets, in French or in Arabic.

The notice's fixed wording lives here, per language, rather than in the translation catalogue: the Arabic notice
must read in Arabic now, whatever the state of the catalogue. The call's own texts come from its ``*_fr`` and ``*_ar``
fields, the Arabic notice falling back to French where a text has no Arabic version.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext

from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from das.models import Partner
from projects.models import Dossier

NOTICE_LABELS = {
    "fr": {
        "title": "Avis d'appel à projets",
        "number": "n°",
        "division": "Division de l'Action Sociale",
        "intro": (
            "Dans le cadre de la mise en œuvre de l'Initiative Nationale pour le Développement Humain (INDH), "
            "le Comité Provincial de Développement Humain de la {province} lance un appel à projets "
            "au titre du programme «\u00a0{programme}\u00a0» ({phase}), selon les conditions ci\u2011après."
        ),
        "framework": "Cadre de l'appel",
        "phase": "Phase de l'INDH",
        "programme": "Programme",
        "axis": "Axe",
        "territories": "Territoires ciblés",
        "communes": "Communes",
        "localities": "Quartiers et douars",
        "whole_territory": "Ensemble du territoire de la {province}",
        "subject": "Objet de l'appel",
        "funding": "Financement",
        "envelope": "Enveloppe financière globale",
        "min_amount": "Montant minimum par projet",
        "max_amount": "Montant maximum par projet",
        "max_indh_share": "Contribution maximale de l'INDH",
        "of_project_cost": "du coût global du projet",
        "holders": "Porteurs de projets éligibles",
        "eligibility": "Critères d'éligibilité",
        "documents": "Dossier de candidature : pièces exigées",
        "number_column": "N°",
        "document": "Pièce",
        "nature": "Caractère",
        "required": "Obligatoire",
        "optional": "Facultative",
        "selection": "Critères de sélection et pondération",
        "criterion": "Critère",
        "weight": "Pondération",
        "total": "Total",
        "scale": (
            "Chaque critère est noté de 0 à {scale} ; la note globale du projet, sur {scale}, est la moyenne "
            "des notes pondérée selon le tableau ci\u2011dessus."
        ),
        "filing": "Dépôt des dossiers",
        "opens_at": "Ouverture du dépôt",
        "closes_at": "Date limite de dépôt des dossiers",
        "at_time": "à",
        "filing_text": (
            "Les dossiers de candidature sont déposés, contre accusé de réception, auprès de la Division de "
            "l'Action Sociale de la {province}, sur support papier ou par courrier électronique, dans les délais "
            "fixés ci\u2011dessus. Les dossiers parvenus après la date et l'heure de clôture ne seront pas recevables."
        ),
        "amendments": "Avenants au présent avis",
        "amendment": "Avenant du {date} : {reason}",
        "none": "Néant",
        "colon": "\u00a0:",
        "signature": "Le Gouverneur,\nPrésident du Comité Provincial de Développement Humain",
    },
    "ar": {
        "title": "إعلان عن طلب مشاريع",
        "number": "رقم",
        "division": "قسم العمل الاجتماعي",
        "intro": (
            "في إطار تنزيل المبادرة الوطنية للتنمية البشرية، تعلن اللجنة الإقليمية للتنمية البشرية ب{province} "
            "عن طلب مشاريع برسم برنامج «{programme}» ({phase})، وفق الشروط المبينة بعده."
        ),
        "framework": "الإطار العام لطلب المشاريع",
        "phase": "مرحلة المبادرة الوطنية للتنمية البشرية",
        "programme": "البرنامج",
        "axis": "المحور",
        "territories": "المجال الترابي المستهدف",
        "communes": "الجماعات",
        "localities": "الأحياء والدواوير",
        "whole_territory": "كافة تراب {province}",
        "subject": "موضوع طلب المشاريع",
        "funding": "التمويل",
        "envelope": "الغلاف المالي الإجمالي",
        "min_amount": "الحد الأدنى لمبلغ المشروع الواحد",
        "max_amount": "الحد الأقصى لمبلغ المشروع الواحد",
        "max_indh_share": "الحد الأقصى لمساهمة المبادرة الوطنية للتنمية البشرية",
        "of_project_cost": "من الكلفة الإجمالية للمشروع",
        "holders": "حاملو المشاريع المؤهلون",
        "eligibility": "معايير الأهلية",
        "documents": "ملف الترشيح: الوثائق المطلوبة",
        "number_column": "ر.ت",
        "document": "الوثيقة",
        "nature": "الصفة",
        "required": "إجبارية",
        "optional": "اختيارية",
        "selection": "معايير الانتقاء والترجيح",
        "criterion": "المعيار",
        "weight": "الترجيح",
        "total": "المجموع",
        "scale": (
            "يُنقَّط كل معيار من 0 إلى {scale}، وتُحتسب النقطة الإجمالية للمشروع من أصل {scale} "
            "على أساس المعدل المرجح للنقط حسب الجدول أعلاه."
        ),
        "filing": "إيداع الملفات",
        "opens_at": "تاريخ فتح باب الإيداع",
        "closes_at": "آخر أجل لإيداع الملفات",
        "at_time": "على الساعة",
        "filing_text": (
            "تودع ملفات الترشيح مقابل وصل بقسم العمل الاجتماعي ب{province}، ورقيا أو عبر البريد الإلكتروني، "
            "داخل الآجال المحددة أعلاه. ولن تقبل الملفات الواردة بعد تاريخ وساعة اختتام الإيداع."
        ),
        "amendments": "الملاحق التعديلية لهذا الإعلان",
        "amendment": "ملحق تعديلي بتاريخ {date}: {reason}",
        "none": "لا شيء",
        "colon": ":",
        "signature": "العامل،\nرئيس اللجنة الإقليمية للتنمية البشرية",
    },
}

HOLDER_KINDS_AR = {
    Partner.Kind.ASSOCIATION: "الجمعيات",
    Partner.Kind.COOPERATIVE: "التعاونيات",
    Partner.Kind.GIE: "المجموعات ذات النفع الاقتصادي",
    Partner.Kind.COMMUNE: "الجماعات الترابية",
    Partner.Kind.COMMUNE_GROUP: "مجموعات الجماعات الترابية",
    Partner.Kind.CHAMBER: "الغرف المهنية",
    Partner.Kind.STATE_SERVICE: "المصالح اللاممركزة",
    Partner.Kind.PUBLIC_BODY: "المؤسسات العمومية",
    Partner.Kind.INTERNATIONAL_NGO: "المنظمات غير الحكومية الدولية",
    Partner.Kind.COMPANY: "المقاولات",
}


@dataclass
class Text:
    """A text of the call in the notice's language, or in French when it has no Arabic (then laid out left to right)."""

    text: str
    fallback: bool = False

    def __str__(self):
        return self.text

    @property
    def inline(self) -> str:
        """The text inside an Arabic sentence. French text there is framed by bidi marks (WeasyPrint does not isolate
        inline boxes): a right-to-left mark before and after keeps the surrounding «», () and commas in the Arabic
        order, a left-to-right mark at its end keeps the text's own final punctuation with it."""
        return f"\u200f{self.text}\u200e\u200f" if self.fallback else self.text


def _text(language: str, text_fr: str, text_ar: str) -> Text:
    if language == "ar":
        return Text(text_ar) if text_ar.strip() else Text(text_fr, fallback=bool(text_fr.strip()))
    return Text(text_fr)


def _percent(value: Decimal, language: str) -> str:
    """``70 %``, ``12,5 %``: no useless decimals, a decimal comma. Arabic writes ``70%``: glued to the number, the
    sign stays on its right in a right-to-left line (the bidi algorithm keeps a terminator with its number only when
    they touch; WeasyPrint does not isolate inline boxes, so this is how the figure reads left to right)."""
    number = f"{Decimal(value).normalize():f}".replace(".", ",")
    return f"{number}%" if language == "ar" else f"{number}\u00a0%"


def _moment(value) -> tuple[str, str]:
    local = timezone.localtime(value, timezone.get_default_timezone())
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def _amount(value, language: str) -> dict:
    """The figure reads left to right in both languages; the Arabic notice writes the unit in Arabic after it."""
    if language == "ar":
        return {"figure": format_money(value, unit="").strip(), "unit": "درهم"}
    return {"figure": format_money(value), "unit": ""}


def _territories(call, language: str, labels: dict) -> list[tuple[str, list[Text]]]:
    groups = []
    communes = [_text(language, c.name_fr, c.name_ar) for c in call.communes.order_by("name_fr")]
    if communes:
        groups.append((labels["communes"], communes))
    localities = []
    for locality in call.localities.select_related("commune").order_by("commune__name_fr", "name_fr"):
        name = _text(language, locality.name_fr, locality.name_ar)
        commune = _text(language, locality.commune.name_fr, locality.commune.name_ar)
        localities.append(Text(f"{name.inline} ({commune.inline})"))
    if localities:
        groups.append((labels["localities"], localities))
    return groups


def call_notice_context(call, language: str) -> dict:
    """What the notice shows; call inside ``translation.override(language)``."""
    labels = NOTICE_LABELS[language]
    province = settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME
    title = f"{labels['title']} {labels['number']} {call.year}/{call.pk}"
    phase = _text(language, call.phase.name_fr, call.phase.name_ar)
    programme = _text(language, call.programme.name_fr, call.programme.name_ar)
    axis = _text(language, call.axis.name_fr, call.axis.name_ar) if call.axis_id else None
    call_title = _text(language, call.title_fr, call.title_ar)
    context = pdf_context(title, user=labels["division"], subtitle=call_title.inline)
    opens_on, opens_time = _moment(call.opens_at)
    closes_on, closes_time = _moment(call.closes_at)
    holder_kinds = [
        HOLDER_KINDS_AR.get(kind, Partner.Kind(kind).label) if language == "ar" else str(Partner.Kind(kind).label)
        for kind in call.eligible_holder_types
        if kind in Partner.Kind.values
    ]
    selection = list(call.selection_criteria.all())
    context.update(
        {
            "language": language,
            "labels": labels,
            "call": call,
            "call_title": call_title,
            "intro": labels["intro"].format(
                province=province,
                programme=Text(f"{call.programme.code} – {programme}", fallback=programme.fallback).inline,
                phase=phase.inline,
            ),
            "phase": phase,
            "programme": Text(f"{call.programme.code} – {programme}", fallback=programme.fallback),
            "axis": Text(f"{call.axis.code} – {axis}", fallback=axis.fallback) if axis else None,
            "territories": _territories(call, language, labels),
            "whole_territory": labels["whole_territory"].format(province=province),
            "description": _text(language, call.description_fr, call.description_ar),
            "envelope": _amount(call.envelope, language),
            "min_amount": _amount(call.min_amount, language),
            "max_amount": _amount(call.max_amount, language),
            "max_indh_share": _percent(call.max_indh_share, language),
            "holder_kinds": holder_kinds,
            "eligibility": [_text(language, c.label_fr, c.label_ar) for c in call.eligibility_criteria.all()],
            "documents": [
                (_text(language, d.label_fr, d.label_ar), labels["required"] if d.is_required else labels["optional"])
                for d in call.documents.all()
            ],
            "selection": [(_text(language, c.label_fr, c.label_ar), _percent(c.weight, language)) for c in selection],
            "selection_total": _percent(sum((c.weight for c in selection), Decimal("0")), language),
            "scale": labels["scale"].format(scale=call.scoring_scale),
            "opens": (opens_on, opens_time),
            "closes": (closes_on, closes_time),
            "filing_text": labels["filing_text"].format(province=province),
            "amendments": [
                format_html(
                    labels["amendment"],
                    date=format_html('<span class="ltr">{}</span>', _moment(amendment.made_at)[0]),
                    reason=Text(amendment.reason, fallback=language == "ar").inline,
                )
                for amendment in call.amendments.order_by("made_at", "pk")
            ],
            "signature": labels["signature"].split("\n"),
        }
    )
    return context


def render_call_notice(call, language: str) -> bytes:
    """The official avis d'appel à projets, A4 PDF, in French (``"fr"``) or in Arabic (``"ar"``, right to left)."""
    language = "ar" if (language or "fr").startswith("ar") else "fr"
    with translation.override(language):
        return render_pdf("pdf/call_notice.html", call_notice_context(call, language))


# --- Documents of the dossiers: accusé de réception, lettre de pièces manquantes, fiche d'évaluation, classement ---

MISSING_PIECES_DELAY_DAYS = 10  # the holder's time to complete a dossier, from the letter's reception

DOSSIER_LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "head": "Le Chef de la Division de l'Action Sociale",
        "colon": "\u00a0:",
        "at_time": "à",
        "none": "Néant",
        "number_column": "N°",
        "call": "Appel à projets",
        "call_number": "Appel à projets n° {number}",
        "dossier_number": "Dossier n° {reference}",
        "reference": "Référence du dossier",
        "holder": "Porteur du projet",
        "holder_kind": "Nature juridique du porteur",
        "representative": "Représentant légal",
        "address": "Adresse",
        "project_title": "Intitulé du projet",
        "commune": "Commune d'implantation",
        "received_at": "Reçu le",
        "channel": "Mode de dépôt",
        "duration": "Durée de réalisation",
        "months": "{months} mois",
        "status": "Statut",
        # receipt
        "receipt_title": "Accusé de réception",
        "receipt_intro": (
            "La Division de l'Action Sociale de la {province} accuse réception du dossier de candidature "
            "désigné ci\u2011après, déposé en réponse à l'appel à projets n° {number}."
        ),
        "identification": "Identification du dossier",
        "pieces": "Pièces du dossier",
        "document": "Pièce",
        "nature": "Caractère",
        "required": "Obligatoire",
        "optional": "Facultative",
        "state": "État",
        "received": "Reçue",
        "missing": "Manquante",
        "missing_required": "Pièces obligatoires manquantes",
        "late_title": "Dossier déposé hors délai",
        "late": (
            "Ce dossier a été reçu après la clôture du dépôt, fixée au {date} à {time}. Son examen est "
            "subordonné à une dérogation motivée du Chef de la Division de l'Action Sociale."
        ),
        "late_granted": "Dérogation accordée : {reason}",
        "no_prejudge": (
            "Le présent accusé de réception atteste uniquement le dépôt du dossier : il ne préjuge en rien de sa "
            "recevabilité ni de son éligibilité."
        ),
        # missing pieces letter
        "letter_title": "Lettre de pièces manquantes",
        "date_line": "Le {date}",
        "sender": "Le Chef de la Division de l'Action Sociale",
        "to": "à",
        "addressee": "{name}",
        "addressee_anonymous": "Madame, Monsieur le représentant légal",
        "object": "Objet",
        "object_text": "dossier n° {reference} — pièces manquantes",
        "ref": "Réf.",
        "ref_text": "appel à projets n° {number} «\u00a0{title}\u00a0»",
        "salutation": "Madame, Monsieur,",
        "letter_body": (
            "J'ai l'honneur de vous faire savoir que l'examen du dossier n° {reference} relatif au projet "
            "«\u00a0{title}\u00a0», déposé le {date} au titre de l'appel à projets cité en référence, a fait "
            "apparaître l'absence des pièces obligatoires suivantes\u00a0:"
        ),
        "letter_deadline": (
            "Je vous prie de bien vouloir les faire parvenir à la Division de l'Action Sociale de la {province} "
            "dans un délai de {days} jours à compter de la réception de la présente, faute de quoi le dossier "
            "pourra être déclaré irrecevable."
        ),
        "closing": "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
        # evaluation sheet
        "sheet_title": "Fiche d'évaluation",
        "summary": "Présentation du dossier",
        "beneficiaries": "Bénéficiaires visés",
        "beneficiaries_total": "Total",
        "women": "dont femmes",
        "youth": "dont jeunes",
        "disabled": "dont personnes en situation de handicap",
        "financing": "Plan de financement",
        "source": "Source",
        "amount": "Montant",
        "share": "Part",
        "indh": "INDH",
        "holder_share": "Porteur : {name}",
        "partner_share": "Partenaire : {name}",
        "cost": "Coût global du projet",
        "eligibility": "Vérification de l'éligibilité",
        "criterion": "Critère",
        "result": "Résultat",
        "comment": "Commentaire",
        "met": "Satisfait",
        "not_met": "Non satisfait",
        "not_checked": "Non vérifié",
        "evaluations": "Évaluations remises",
        "evaluation": "Évaluation n° {number} : {name}, remise le {date}",
        "weight": "Pondération",
        "score": "Note",
        "points": "Points pondérés",
        "weighted_total": "Note pondérée (sur 100)",
        "no_evaluation": "Aucune évaluation n'a été remise à ce jour.",
        "average": "Note moyenne des évaluations remises ({count})",
        "scale_note": (
            "Chaque critère est noté de 0 à {scale} ; ses points pondérés valent note ÷ {scale} × pondération, "
            "et la note pondérée de l'évaluation, sur 100, en est la somme."
        ),
        # ranking
        "ranking_title": "Classement des dossiers",
        "envelope": "Enveloppe de l'appel",
        "requested": "Total des parts INDH demandées (dossiers classés)",
        "ranked_count": "Dossiers classés",
        "within_count": "Dossiers dans l'enveloppe",
        "rank": "Rang",
        "average_score": "Note moyenne (sur 100)",
        "indh_share": "Part INDH",
        "cumulative": "Cumul INDH",
        "within": "Dans l'enveloppe",
        "yes": "Oui",
        "no": "Non",
        "envelope_limit": "Limite de l'enveloppe ({amount}) : les dossiers ci\u2011dessous la dépassent.",
        "no_ranked": "Aucun dossier évalué.",
        "ranking_note": (
            "Dossiers évalués classés par note moyenne décroissante des évaluations remises ; à égalité, la part "
            "INDH la plus faible puis le dépôt le plus ancien. Le cumul additionne les parts INDH dans cet ordre."
        ),
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "head": "رئيس قسم العمل الاجتماعي",
        "colon": ":",
        "at_time": "على الساعة",
        "none": "لا شيء",
        "number_column": "ر.ت",
        "call": "طلب المشاريع",
        "call_number": "طلب المشاريع رقم {number}",
        "dossier_number": "الملف رقم {reference}",
        "reference": "مرجع الملف",
        "holder": "حامل المشروع",
        "holder_kind": "الصفة القانونية لحامل المشروع",
        "representative": "الممثل القانوني",
        "address": "العنوان",
        "project_title": "عنوان المشروع",
        "commune": "جماعة الإنجاز",
        "received_at": "تاريخ التوصل",
        "channel": "طريقة الإيداع",
        "duration": "مدة الإنجاز",
        "status": "الوضعية",
        "receipt_title": "وصل إيداع ملف ترشيح",
        "receipt_intro": (
            "يشهد قسم العمل الاجتماعي ب{province} بتوصله بملف الترشيح المبين بعده، المودع في إطار طلب المشاريع "
            "رقم {number}."
        ),
        "identification": "تعريف الملف",
        "pieces": "وثائق الملف",
        "document": "الوثيقة",
        "nature": "الصفة",
        "required": "إجبارية",
        "optional": "اختيارية",
        "state": "الحالة",
        "received": "مودعة",
        "missing": "ناقصة",
        "missing_required": "الوثائق الإجبارية الناقصة",
        "late_title": "ملف مودع خارج الأجل",
        "late": (
            "تم التوصل بهذا الملف بعد اختتام الإيداع المحدد في {date} على الساعة {time}. ويبقى فحصه رهينا "
            "بترخيص معلل من رئيس قسم العمل الاجتماعي."
        ),
        "late_granted": "تم منح الترخيص: {reason}",
        "no_prejudge": ("لا يثبت هذا الوصل سوى إيداع الملف، ولا يعتبر بأي حال من الأحوال إقرارا بقبوله أو بأهليته."),
        "letter_title": "رسالة بشأن الوثائق الناقصة",
        "date_line": "بتاريخ {date}",
        "sender": "من رئيس قسم العمل الاجتماعي",
        "to": "إلى",
        "addressee": "السيد(ة) {name}",
        "addressee_anonymous": "السيد(ة) الممثل(ة) القانوني(ة)",
        "object": "الموضوع",
        "object_text": "الملف رقم {reference} — الوثائق الناقصة",
        "ref": "المرجع",
        "ref_text": "طلب المشاريع رقم {number} «{title}»",
        "salutation": "سلام تام بوجود مولانا الإمام المؤيد بالله،",
        "letter_body": (
            "وبعد، يشرفني أن أخبركم أن دراسة الملف رقم {reference} المتعلق بمشروع «{title}»، المودع بتاريخ "
            "{date} في إطار طلب المشاريع المشار إليه في المرجع أعلاه، أبانت عن نقص الوثائق الإجبارية التالية:"
        ),
        "letter_deadline": (
            "لذا، أطلب منكم موافاة قسم العمل الاجتماعي ب{province} بهذه الوثائق داخل أجل {days} ابتداء من "
            "تاريخ توصلكم بهذه الرسالة، وإلا فقد يصرح بعدم قبول الملف."
        ),
        "closing": "والسلام.",
        "sheet_title": "بطاقة تقييم",
        "summary": "تقديم الملف",
        "beneficiaries": "المستفيدون المستهدفون",
        "beneficiaries_total": "المجموع",
        "women": "منهم نساء",
        "youth": "منهم شباب",
        "disabled": "منهم أشخاص في وضعية إعاقة",
        "financing": "خطة التمويل",
        "source": "المصدر",
        "amount": "المبلغ",
        "share": "النسبة",
        "indh": "المبادرة الوطنية للتنمية البشرية",
        "holder_share": "حامل المشروع: {name}",
        "partner_share": "شريك: {name}",
        "cost": "الكلفة الإجمالية للمشروع",
        "eligibility": "التحقق من الأهلية",
        "criterion": "المعيار",
        "result": "النتيجة",
        "comment": "ملاحظة",
        "met": "مستوفى",
        "not_met": "غير مستوفى",
        "not_checked": "لم يتم التحقق منه",
        "evaluations": "التقييمات المسلمة",
        "evaluation": "التقييم رقم {number}: {name}، سلم بتاريخ {date}",
        "weight": "الترجيح",
        "score": "النقطة",
        "points": "النقط المرجحة",
        "weighted_total": "النقطة المرجحة (من 100)",
        "no_evaluation": "لم يسلم أي تقييم إلى حدود اليوم.",
        "average": "معدل التقييمات المسلمة ({count})",
        "scale_note": (
            "ينقط كل معيار من 0 إلى {scale}؛ وتساوي نقطه المرجحة النقطة مقسومة على {scale} مضروبة في الترجيح، "
            "والنقطة المرجحة للتقييم، من 100، هي مجموعها."
        ),
        "ranking_title": "ترتيب الملفات",
        "envelope": "الغلاف المالي لطلب المشاريع",
        "requested": "مجموع مساهمات المبادرة المطلوبة (الملفات المرتبة)",
        "ranked_count": "الملفات المرتبة",
        "within_count": "الملفات داخل الغلاف المالي",
        "rank": "الرتبة",
        "average_score": "المعدل (من 100)",
        "indh_share": "مساهمة المبادرة",
        "cumulative": "المجموع التراكمي",
        "within": "داخل الغلاف",
        "yes": "نعم",
        "no": "لا",
        "envelope_limit": "حد الغلاف المالي ({amount}): الملفات أدناه تتجاوزه.",
        "no_ranked": "لا يوجد أي ملف مقيم.",
        "ranking_note": (
            "رتبت الملفات المقيمة حسب المعدل التنازلي للتقييمات المسلمة؛ وعند التساوي تقدم المساهمة المطلوبة الأقل "
            "ثم الإيداع الأسبق. ويجمع المجموع التراكمي مساهمات المبادرة حسب هذا الترتيب."
        ),
    },
}

HOLDER_KIND_AR = {
    Partner.Kind.ASSOCIATION: "جمعية",
    Partner.Kind.COOPERATIVE: "تعاونية",
    Partner.Kind.GIE: "مجموعة ذات نفع اقتصادي",
    Partner.Kind.COMMUNE: "جماعة ترابية",
    Partner.Kind.COMMUNE_GROUP: "مجموعة جماعات ترابية",
    Partner.Kind.CHAMBER: "غرفة مهنية",
    Partner.Kind.STATE_SERVICE: "مصلحة لاممركزة",
    Partner.Kind.PUBLIC_BODY: "مؤسسة عمومية",
    Partner.Kind.INTERNATIONAL_NGO: "منظمة غير حكومية دولية",
    Partner.Kind.COMPANY: "مقاولة",
}

CHANNELS = {
    "fr": {"papier": "Dépôt papier", "email": "Courrier électronique (e-mail)"},
    "ar": {"papier": "إيداع ورقي", "email": "البريد الإلكتروني"},
}

DOSSIER_STATUSES_AR = {
    "recu": "تم التوصل به",
    "incomplet": "ناقص",
    "recevable": "مقبول",
    "irrecevable": "غير مقبول",
    "eligible": "مؤهل (قيد التقييم)",
    "non_eligible": "غير مؤهل",
    "evalue": "تم تقييمه",
    "preselectionne": "منتقى أوليا",
    "non_retenu": "غير محتفظ به",
}


def _language(language: str) -> str:
    return "ar" if (language or "fr").startswith("ar") else "fr"


def _free(text: str, language: str) -> Text:
    """A text typed in one language only (a title, an address, a comment): in the Arabic document it is laid out
    left to right unless it is written in Arabic."""
    text = (text or "").strip()
    arabic = any("\u0600" <= char <= "\u06ff" for char in text)
    return Text(text, fallback=language == "ar" and bool(text) and not arabic)


def _number(value, places: int | None = None) -> str:
    """``8``, ``7,5`` (no useless decimals), or with ``places`` decimals: ``68,00``."""
    value = Decimal(value)
    if places is not None:
        return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}".replace(".", ",")
    return f"{value.normalize():f}".replace(".", ",")


def _share_of(amount, total, language: str) -> str:
    if not total:
        return "—"
    return _percent((Decimal(amount) / Decimal(total) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP), language)


def _call_number(call) -> str:
    return f"{call.year}/{call.pk}"


def _holder(partner, language: str) -> dict:
    name = _text(language, partner.name, partner.name_ar)
    if language == "ar":
        kind = HOLDER_KIND_AR.get(partner.kind, Partner.Kind(partner.kind).label)
    else:
        kind = str(Partner.Kind(partner.kind).label)
    representative = ", ".join(p for p in (partner.representative_name, partner.representative_title) if p.strip())
    address = ", ".join(p for p in (partner.address, partner.commune.name_fr if partner.commune_id else "") if p)
    return {
        "name": name,
        "kind": kind,
        "representative": _free(representative, language),
        "representative_name": _free(partner.representative_name, language),
        "representative_title": _free(partner.representative_title, language),
        "address": _free(address, language),
    }


def _place(dossier, language: str) -> Text:
    commune = _text(language, dossier.commune.name_fr, dossier.commune.name_ar)
    if not dossier.locality_id:
        return commune
    locality = _text(language, dossier.locality.name_fr, dossier.locality.name_ar)
    return Text(f"{commune.inline} ({locality.inline})" if language == "ar" else f"{commune} ({locality})")


def _dossier_context(dossier, language: str, title: str, *, subtitle: str = "") -> dict:
    """What every dossier document shows: the call, the holder, the project; call inside translation.override."""
    labels = DOSSIER_LABELS[language]
    call = dossier.call
    context = pdf_context(title, user=labels["division"], subtitle=subtitle)
    received_on, received_time = _moment(dossier.received_at)
    context.update(
        {
            "language": language,
            "labels": labels,
            "dossier": dossier,
            "call": call,
            "call_number": _call_number(call),
            "call_title": _text(language, call.title_fr, call.title_ar),
            "holder": _holder(dossier.holder, language),
            "project_title": _free(dossier.title, language),
            "place": _place(dossier, language),
            "received": (received_on, received_time),
            "channel": CHANNELS[language].get(dossier.channel, dossier.channel),
            "province": settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME,
            "signature": [labels["head"]],
        }
    )
    return context


def _reference_inline(reference: str, language: str) -> str:
    return Text(reference, fallback=language == "ar").inline


def receipt_context(dossier, language: str) -> dict:
    labels = DOSSIER_LABELS[language]
    context = _dossier_context(
        dossier,
        language,
        labels["receipt_title"],
        subtitle=labels["dossier_number"].format(reference=_reference_inline(dossier.reference, language)),
    )
    pieces = list(dossier.pieces.select_related("document"))
    missing = [p.document for p in pieces if p.document.is_required and not p.is_provided]
    closes_on, closes_time = _moment(dossier.call.closes_at)
    context.update(
        {
            "intro": labels["receipt_intro"].format(province=context["province"], number=context["call_number"]),
            "pieces": [
                {
                    "label": _text(language, p.document.label_fr, p.document.label_ar),
                    "nature": labels["required"] if p.document.is_required else labels["optional"],
                    "provided": p.is_provided,
                }
                for p in pieces
            ],
            "missing": [_text(language, d.label_fr, d.label_ar) for d in missing],
            "late": labels["late"].format(date=closes_on, time=closes_time) if dossier.is_late else "",
            "late_granted": (
                labels["late_granted"].format(reason=_free(dossier.late_override_reason, language).inline)
                if dossier.is_late and dossier.late_override_reason
                else ""
            ),
        }
    )
    return context


def render_receipt(dossier, language: str) -> bytes:
    """The accusé de réception of a dossier, A4 PDF, in French or in Arabic (right to left)."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("pdf/dossier_receipt.html", receipt_context(dossier, language))


def _count_ar(count: int, one: str, two: str, few: str, many: str) -> str:
    """An Arabic count with its noun agreed: يوم واحد, يومين, 10 أيام, 15 يوما."""
    if count == 1:
        return one
    if count == 2:
        return two
    return f"{count} {few if 3 <= count <= 10 else many}"


def _days(days: int, language: str) -> str:
    return _count_ar(days, "يوم واحد", "يومين", "أيام", "يوما") if language == "ar" else str(days)


def missing_pieces_letter_context(dossier, language: str) -> dict:
    from projects.services.dossiers import missing_pieces

    labels = DOSSIER_LABELS[language]
    missing = missing_pieces(dossier)
    if not missing:
        raise ValueError(f"Le dossier {dossier.reference} ne compte aucune pièce obligatoire manquante.")
    context = _dossier_context(dossier, language, labels["letter_title"])
    reference = _reference_inline(dossier.reference, language)
    holder = context["holder"]
    name = holder["representative_name"]
    context.update(
        {
            "date_line": labels["date_line"].format(date=_moment(timezone.now())[0]),
            "addressee": labels["addressee"].format(name=name.inline) if name.text else labels["addressee_anonymous"],
            "object_text": labels["object_text"].format(reference=reference),
            "ref_text": labels["ref_text"].format(number=context["call_number"], title=context["call_title"].inline),
            "body": labels["letter_body"].format(
                reference=reference, title=context["project_title"].inline, date=context["received"][0]
            ),
            "missing": [_text(language, d.label_fr, d.label_ar) for d in missing],
            "deadline": labels["letter_deadline"].format(
                province=context["province"], days=_days(MISSING_PIECES_DELAY_DAYS, language)
            ),
        }
    )
    return context


def render_missing_pieces_letter(dossier, language: str) -> bytes:
    """The letter asking the holder's legal representative for the missing required pieces, A4 PDF, in French or
    in Arabic. Raises ValueError when no required piece is missing."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("pdf/dossier_missing_pieces.html", missing_pieces_letter_context(dossier, language))


def evaluation_sheet_context(dossier, language: str) -> dict:
    """Only submitted evaluations: a draft score never leaves its evaluator's screen."""
    labels = DOSSIER_LABELS[language]
    call = dossier.call
    context = _dossier_context(
        dossier,
        language,
        labels["sheet_title"],
        subtitle=labels["dossier_number"].format(reference=_reference_inline(dossier.reference, language)),
    )
    cost = dossier.estimated_cost
    financing = [(labels["indh"], dossier.indh_share)]
    financing.append(
        (labels["holder_share"].format(name=context["holder"]["name"].inline), dossier.holder_contribution)
    )
    for contribution in dossier.contributions.select_related("partner").order_by("pk"):
        partner = _text(language, contribution.partner.name, contribution.partner.name_ar)
        financing.append((labels["partner_share"].format(name=partner.inline), contribution.amount))
    checks = {c.criterion_id: c for c in dossier.eligibility_checks.all()}
    eligibility = []
    for criterion in call.eligibility_criteria.all():
        check = checks.get(criterion.pk)
        result = labels["not_checked"] if check is None else labels["met" if check.is_met else "not_met"]
        eligibility.append(
            {
                "label": _text(language, criterion.label_fr, criterion.label_ar),
                "result": result,
                "met": check is not None and check.is_met,
                "comment": _free(check.comment if check else "", language),
            }
        )
    scale = Decimal(call.scoring_scale)
    evaluations = []
    submitted = (
        dossier.evaluations.filter(submitted_at__isnull=False)
        .select_related("evaluator")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )
    for number, evaluation in enumerate(submitted, start=1):
        scores = sorted(evaluation.scores.all(), key=lambda s: (s.criterion.position, s.criterion.pk))
        evaluations.append(
            {
                "heading": labels["evaluation"].format(
                    number=number,
                    name=_free(evaluation.evaluator.full_name or str(evaluation.evaluator), language).inline,
                    date=_moment(evaluation.submitted_at)[0],
                ),
                "scores": [
                    {
                        "criterion": _text(language, s.criterion.label_fr, s.criterion.label_ar),
                        "weight": _percent(s.criterion.weight, language),
                        "score": f"{_number(s.value)}{'/' if language == 'ar' else ' / '}{call.scoring_scale}",
                        "points": _number(Decimal(s.value) / scale * s.criterion.weight, 2),
                        "comment": _free(s.comment, language),
                    }
                    for s in scores
                ],
                "total": _number(evaluation.weighted_total, 2),
            }
        )
    totals = [e.weighted_total for e in submitted]
    average = (sum(totals, Decimal("0")) / len(totals)).quantize(Decimal("0.01"), ROUND_HALF_UP) if totals else None
    context.update(
        {
            "beneficiaries": [
                (labels["beneficiaries_total"], dossier.beneficiaries_total),
                (labels["women"], dossier.beneficiaries_women),
                (labels["youth"], dossier.beneficiaries_youth),
                (labels["disabled"], dossier.beneficiaries_disabled),
            ],
            "duration": (
                _count_ar(dossier.duration_months, "شهر واحد", "شهران", "أشهر", "شهرا")
                if language == "ar"
                else labels["months"].format(months=dossier.duration_months)
            ),
            "financing": [
                (source, _amount(amount, language), _share_of(amount, cost, language)) for source, amount in financing
            ],
            "cost": _amount(cost, language),
            "cost_share": _percent(Decimal("100"), language),
            "eligibility": eligibility,
            "evaluations": evaluations,
            "average": _number(average, 2) if average is not None else None,
            "average_label": labels["average"].format(count=len(totals)),
            "scale_note": labels["scale_note"].format(scale=call.scoring_scale),
        }
    )
    return context


def render_evaluation_sheet(dossier, language: str) -> bytes:
    """The fiche d'évaluation of a dossier (summary, financing plan, eligibility, the submitted evaluations and
    their average), A4 PDF, in French or in Arabic."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("pdf/dossier_evaluation.html", evaluation_sheet_context(dossier, language))


def ranking_context(call, language: str) -> dict:
    from projects.selectors import ranking

    labels = DOSSIER_LABELS[language]
    call_title = _text(language, call.title_fr, call.title_ar)
    subtitle = f"{labels['call_number'].format(number=_call_number(call))} — {call_title.inline}"
    context = pdf_context(labels["ranking_title"], user=labels["division"], subtitle=subtitle)
    rows = ranking(call)
    statuses = {
        value: (DOSSIER_STATUSES_AR.get(value, label) if language == "ar" else label)
        for value, label in Dossier.Status.choices
    }
    lines = []
    limit_marked = False
    for row in rows:
        dossier = row.dossier
        first_out = not row.within_envelope and not limit_marked
        limit_marked = limit_marked or first_out
        lines.append(
            {
                "rank": row.rank,
                "reference": dossier.reference,
                "holder": _text(language, dossier.holder.name, dossier.holder.name_ar),
                "commune": _text(language, dossier.commune.name_fr, dossier.commune.name_ar),
                "title": _free(dossier.title, language),
                "average": _number(row.average_score, 2),
                "indh_share": _amount(dossier.indh_share, language),
                "cumulative": _amount(row.cumulative_indh, language),
                "within": row.within_envelope,
                "first_out": first_out,
                "status": statuses.get(dossier.status, dossier.status),
            }
        )
    requested = rows[-1].cumulative_indh if rows else Decimal("0")
    context.update(
        {
            "language": language,
            "labels": labels,
            "call": call,
            "rows": lines,
            "envelope": _amount(call.envelope, language),
            "requested": _amount(requested, language),
            "ranked_count": len(rows),
            "within_count": sum(1 for row in rows if row.within_envelope),
            "envelope_limit": labels["envelope_limit"].format(
                amount=" ".join(_amount(call.envelope, language).values()).strip()
            ),
            "signature": [labels["head"]],
        }
    )
    return context


def render_ranking(call, language: str) -> bytes:
    """The ranking of a call's evaluated dossiers against its envelope, A4 landscape PDF, in French or in Arabic."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("pdf/dossier_ranking.html", ranking_context(call, language))


def dossier_session_context(dossier) -> dict:
    """What a dossier's section of a committee's dossier de séance shows beyond the dossier itself (in French): the
    financing plan with each source's share of the cost, and the submitted scores as a matrix — one row per
    selection criterion, one column per evaluator — with each evaluator's weighted total and their average. The
    dossier comes from ``projects.selectors.dossiers_for_session``."""
    cost = dossier.estimated_cost
    sources = [
        (gettext("INDH"), dossier.indh_share),
        (gettext("Porteur : %(name)s") % {"name": dossier.holder}, dossier.holder_contribution),
    ]
    for contribution in sorted(dossier.contributions.all(), key=lambda c: c.pk):
        sources.append((gettext("Partenaire : %(name)s") % {"name": contribution.partner}, contribution.amount))
    scale = dossier.call.scoring_scale
    criteria = sorted(dossier.call.selection_criteria.all(), key=lambda c: (c.position, c.pk))
    evaluations = sorted(getattr(dossier, "submitted", []), key=lambda e: (e.submitted_at, e.pk))
    values = {(s.evaluation_id, s.criterion_id): s.value for e in evaluations for s in e.scores.all()}
    average = dossier.average_score
    return {
        "financing": [
            {"source": source, "amount": format_money(amount), "share": _share_of(amount, cost, "fr")}
            for source, amount in sources
        ],
        "cost": format_money(cost),
        "evaluators": [e.evaluator.full_name or e.evaluator.username for e in evaluations],
        "criteria": [
            {
                "label": criterion.label_fr,
                "weight": _percent(criterion.weight, "fr"),
                "scores": [
                    f"{_number(values[(e.pk, criterion.pk)])}\u00a0/\u00a0{scale}"
                    if (e.pk, criterion.pk) in values
                    else "—"
                    for e in evaluations
                ],
            }
            for criterion in criteria
        ],
        "totals": [_number(e.weighted_total, 2) if e.weighted_total is not None else "—" for e in evaluations],
        "average": _number(average, 2) if average is not None else None,
        "scale": scale,
    }


def allocation_session_context(allocation) -> dict:
    """What a version of the répartition shows in a committee's dossier de séance (in French): per programme, what
    the fund notified for the year (corrections included), what this version gives out and what is left; then what
    the version gives each budget line. Three queries whatever the size of the grid: the notified totals, the
    version's cells with their programme and budget line, and the programmes notified but absent from the grid."""
    from das.models import Programme
    from projects.credit_selectors import notified_by_programme

    zero = Decimal("0")
    notified = notified_by_programme(allocation.fiscal_year)
    lines = list(allocation.lines.select_related("programme", "budget_line"))
    programmes = {line.programme_id: line.programme for line in lines}
    missing = set(notified) - set(programmes)
    if missing:
        programmes.update({p.pk: p for p in Programme.objects.filter(pk__in=missing)})
    allocated: dict[int, Decimal] = {}
    by_line: dict[int, list] = {}
    for line in lines:
        allocated[line.programme_id] = allocated.get(line.programme_id, zero) + line.amount
        entry = by_line.setdefault(line.budget_line_id, [line.budget_line, zero])
        entry[1] += line.amount
    total_notified = sum(notified.values(), zero)
    total_allocated = sum(allocated.values(), zero)
    rows = []
    for pk, programme in sorted(programmes.items(), key=lambda item: (item[1].code, item[0])):
        given, ceiling = allocated.get(pk, zero), notified.get(pk, zero)
        rows.append(
            {
                "code": programme.code,
                "name": programme.name_fr,
                "notified": format_money(ceiling),
                "allocated": format_money(given),
                "remaining": format_money(ceiling - given),
                "share": _share_of(given, ceiling, "fr"),
            }
        )
    return {
        "programmes": rows,
        "notified": format_money(total_notified),
        "allocated": format_money(total_allocated),
        "remaining": format_money(total_notified - total_allocated),
        "share": _share_of(total_allocated, total_notified, "fr"),
        "budget_lines": [
            {
                "code": budget_line.code,
                "name": budget_line.name_fr,
                "amount": format_money(amount),
                "share": _share_of(amount, total_allocated, "fr"),
            }
            for budget_line, amount in sorted(by_line.values(), key=lambda entry: entry[0].code)
        ],
    }
