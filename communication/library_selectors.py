"""Reads of the document library: the documents a user may see with their current version per language, one
document with its versions, the current version of a language, the packs with what they carried."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from communication import permissions
from communication.models import DocumentationPack, DocumentVersion, Language, LibraryDocument

Status = LibraryDocument.Status
LANGUAGES = tuple(Language.values)  # ("fr", "ar")


def current_versions():
    """The current version of each document in each language: the highest-numbered one (one query, a subquery)."""
    highest = (
        DocumentVersion.objects.filter(document=OuterRef("document"), language=OuterRef("language"))
        .order_by("-number")
        .values("number")[:1]
    )
    return DocumentVersion.objects.filter(number=Subquery(highest))


def visible_documents(user):
    """Every document for the service, the chef and the auditor; the published ones for the other roles."""
    documents = LibraryDocument.objects.all()
    if not permissions.can_see_unpublished(user):
        documents = documents.filter(status=Status.PUBLISHED)
    return documents


def documents_for_list(queryset):
    """The list's rows with their current versions (attribute ``current``: language → version), in 2 queries."""
    return queryset.select_related("programme").prefetch_related(
        Prefetch(
            "versions",
            queryset=current_versions().select_related("attachment").order_by("language"),
            to_attr="current_list",
        )
    )


def with_current(documents) -> list[LibraryDocument]:
    """Sets ``document.current`` to a list of (language code, label, version or None) in the order fr, ar."""
    labels = dict(Language.choices)
    for document in documents:
        by_language = {version.language: version for version in getattr(document, "current_list", [])}
        document.current = [(code, labels[code], by_language.get(code)) for code in LANGUAGES]
    return documents


def with_language(queryset, language: str):
    return queryset.filter(Exists(DocumentVersion.objects.filter(document=OuterRef("pk"), language=language)))


def search(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(title__icontains=text) | Q(title_ar__icontains=text))


def document_for_page(pk: int) -> LibraryDocument:
    return LibraryDocument.objects.select_related("programme", "created_by", "published_by").get(pk=pk)


def document_versions(document: LibraryDocument) -> dict[str, list[DocumentVersion]]:
    """Every version by language (newest first), with its file and who filed it, in one query."""
    history: dict[str, list[DocumentVersion]] = {code: [] for code in LANGUAGES}
    for version in (
        DocumentVersion.objects.filter(document=document)
        .select_related("attachment", "uploaded_by")
        .order_by("language", "-number")
    ):
        history[version.language].append(version)
    return history


def current_version(document: LibraryDocument, language: str) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document=document, language=language)
        .select_related("attachment")
        .order_by("-number")
        .first()
    )


def version_for_download(pk: int) -> DocumentVersion:
    return DocumentVersion.objects.select_related("attachment", "document").get(pk=pk)


# --- Packs -----------------------------------------------------------------------------------------------------------
def packs_for_list():
    return DocumentationPack.objects.select_related("team__commune", "sent_by").annotate(
        document_count=Coalesce(Count("versions"), 0)
    )


def pack_for_page(pk: int) -> DocumentationPack:
    return (
        DocumentationPack.objects.select_related("team__commune", "team__locality", "sent_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("document").order_by(
                    "document__category", "document__title", "language"
                ),
            )
        )
        .get(pk=pk)
    )


def pack_choices(language: str = "fr"):
    """The versions a new pack may carry, by document: list of (document, {language: version}); the ones of
    ``language`` are pre-checked by the form."""
    from communication.services.library import sendable_versions

    rows: dict[int, tuple[LibraryDocument, dict]] = {}
    for version in (
        sendable_versions().select_related("document").order_by("document__category", "document__title", "language")
    ):
        rows.setdefault(version.document_id, (version.document, {}))[1][version.language] = version
    return list(rows.values())
