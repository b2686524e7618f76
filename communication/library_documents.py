"""The bordereau d'envoi of a documentation pack, in French or in Arabic: what was handed to which team, when and how,
the table of documents with their version, and the boxes « Remis par » / « Reçu par » for both signatures.

An official document: its fixed wording lives here per language (as training.plan_documents does), so the Arabic
bordereau reads in Arabic whatever the state of the catalogue.
"""

from __future__ import annotations

from django.utils import translation

from communication.models import DocumentationPack
from communication.pdf import latin, pdf_language, place_name
from das.exports import pdf_context, render_pdf

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Bordereau d'envoi de documentation",
        "subtitle": "Pack documentaire remis à une équipe d'animation",
        "reference": "Référence",
        "team": "Équipe destinataire",
        "commune": "Commune",
        "locality": "Quartier / douar",
        "date": "Date d'envoi",
        "channel": "Mode de remise",
        "documents": "Documents remis",
        "number": "N°",
        "document": "Document",
        "category": "Catégorie",
        "language": "Langue",
        "version": "Version",
        "note": "Observations",
        "delivered_by": "Remis par",
        "received_by": "Reçu par",
        "name_line": "Nom et qualité :",
        "date_line": "Date :",
        "signature_line": "Signature :",
        "sender": "Service de la communication",
        "languages": {"fr": "Français", "ar": "Arabe"},
        "kinds": {"eac": "EAC", "eaq": "EAQ"},
        "channels": {
            "main_propre": "Remise en main propre",
            "courrier": "Courrier",
            "email": "Courrier électronique",
            "formation": "Lors d'une session de formation",
        },
        "categories": {
            "manuel": "Manuel de procédures",
            "criteres": "Critères de sélection",
            "modele": "Modèle de document",
            "avis_appel": "Avis d'appel à projets",
            "guide": "Guide et fiche pratique",
            "texte": "Texte de référence",
            "autre": "Autre",
        },
        "count": "{count} document(s)",
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "جدول إرسال وثائق",
        "subtitle": "حزمة وثائق مسلمة إلى فريق التنشيط",
        "reference": "المرجع",
        "team": "الفريق المستفيد",
        "commune": "الجماعة",
        "locality": "الحي / الدوار",
        "date": "تاريخ الإرسال",
        "channel": "طريقة التسليم",
        "documents": "الوثائق المسلمة",
        "number": "ر.ت",
        "document": "الوثيقة",
        "category": "الصنف",
        "language": "اللغة",
        "version": "النسخة",
        "note": "ملاحظات",
        "delivered_by": "سلمه",
        "received_by": "تسلمه",
        "name_line": "الاسم والصفة:",
        "date_line": "التاريخ:",
        "signature_line": "التوقيع:",
        "sender": "مصلحة التواصل",
        "languages": {"fr": "الفرنسية", "ar": "العربية"},
        "kinds": {"eac": "فريق التنشيط الجماعي", "eaq": "فريق التنشيط على مستوى الحي"},
        "channels": {
            "main_propre": "تسليم يدا بيد",
            "courrier": "البريد",
            "email": "البريد الإلكتروني",
            "formation": "خلال دورة تكوينية",
        },
        "categories": {
            "manuel": "دليل المساطر",
            "criteres": "معايير الانتقاء",
            "modele": "نموذج وثيقة",
            "avis_appel": "إعلان عن طلب مشاريع",
            "guide": "دليل وبطاقة تطبيقية",
            "texte": "نص مرجعي",
            "autre": "أخرى",
        },
        "count": "عدد الوثائق: {count}",
    },
}


def pack_context(pack: DocumentationPack, language: str) -> dict:
    """What the bordereau shows (``pack`` from library_selectors.pack_for_page); call inside
    ``translation.override(language)``."""
    labels = LABELS[language]
    context = pdf_context(labels["title"], user=labels["division"], subtitle=labels["subtitle"])
    team = pack.team
    commune_name = place_name(team.commune, language)
    locality = place_name(team.locality, language) if team.locality_id else ""
    rows = []
    for number, version in enumerate(pack.versions.all(), start=1):
        document = version.document
        title = (document.title_ar if language == "ar" else "") or document.title
        rows.append(
            {
                "number": number,
                "title": title,
                "fb": latin(title, language),
                "category": labels["categories"].get(document.category, document.category),
                "language": labels["languages"][version.language],
                "version": f"v{version.number}",
            }
        )
    context.update(
        {
            "language": language,
            "labels": labels,
            "pack": pack,
            "team_label": f"{labels['kinds'][team.kind]} {team.name}",
            "commune_name": commune_name,
            "locality_name": locality,
            "sent_on": pack.sent_on.strftime("%d/%m/%Y"),
            "channel": labels["channels"].get(pack.channel, pack.channel),
            "rows": rows,
            "count": labels["count"].format(count=len(rows)),
            "note_fb": latin(pack.note, language),
            "sender_name": pack.sent_by.get_full_name() or pack.sent_by.get_username(),
        }
    )
    return context


def render_pack_pdf(pack: DocumentationPack, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("communication/library/pack_pdf.html", pack_context(pack, language))


def file_name(pack: DocumentationPack, language: str) -> str:
    return f"bordereau-{pack.reference}-{pdf_language(language)}.pdf"
