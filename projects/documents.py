"""Official documents of the calls for projects, as PDF: the avis d'appel à projets, in French or in Arabic.

The notice's fixed wording lives here, per language, rather than in the translation catalogue: the Arabic notice
must read in Arabic now, whatever the state of the catalogue. The call's own texts come from its ``*_fr`` and ``*_ar``
fields, the Arabic notice falling back to French where a text has no Arabic version.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html

from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from das.models import Partner

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
