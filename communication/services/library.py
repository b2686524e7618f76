"""The document library: documents, their versions per language, their publication, and the documentation packs sent
to the animation teams.

A version's number is the next one for its document and language, given under the document's row lock. Publication
is a small workflow (brouillon → publié → retiré → publié), one named service per transition, each run by
das.workflow (row lock, permission, state, guard, journal). A pack carries the current versions of published
documents meant for the actors or the public; it is numbered PD-<year>-<n> under its advisory lock.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication import permissions
from communication.models import DocumentationPack, DocumentVersion, Language, LibraryDocument
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.services.numbering import next_reference
from das.workflow import Transition, Workflow, reason_required

Status = LibraryDocument.Status
Audience = LibraryDocument.Audience
PACK_LOCK_KEY = 7_400_092
DOCUMENT_FIELDS = ("title", "title_ar", "category", "audience", "programme", "description")


def _demand_manage(by) -> None:
    das_permissions.demand(
        by, permissions.MANAGE_LIBRARY, _("Votre rôle ne permet pas de tenir la bibliothèque documentaire.")
    )


# --- Publication workflow --------------------------------------------------------------------------------------------
def no_version_reason() -> str:
    return _("Le document n'a encore aucune version : déposez un fichier avant de le publier.")


def _has_versions(document, **_kwargs) -> list[str]:
    if not document.versions.exists():
        return [no_version_reason()]
    return []


_reason_given = reason_required(gettext_lazy("Indiquez le motif du retrait."))


LIBRARY_WORKFLOW = Workflow(
    LibraryDocument,
    [
        Transition(
            "publish",
            frozenset({Status.DRAFT}),
            Status.PUBLISHED,
            gettext_lazy("Publier"),
            permissions.MANAGE_LIBRARY,
            guard=_has_versions,
            style="success",
        ),
        Transition(
            "withdraw",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            gettext_lazy("Retirer"),
            permissions.MANAGE_LIBRARY,
            guard=_reason_given,
            style="warning",
        ),
        Transition(
            "republish",
            frozenset({Status.WITHDRAWN}),
            Status.PUBLISHED,
            gettext_lazy("Publier à nouveau"),
            permissions.MANAGE_LIBRARY,
            guard=_has_versions,
            style="success",
        ),
    ],
)


def _clean_fields(data: dict) -> dict:
    cleaned = {name: data.get(name) for name in DOCUMENT_FIELDS}
    for name in ("title", "title_ar", "description"):
        cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


# --- Documents and versions ------------------------------------------------------------------------------------------
def document_create(*, by, language: str = "", uploaded=None, **data) -> LibraryDocument:
    """A new draft document; with ``uploaded`` (and its ``language``) its first version, in the same transaction."""
    _demand_manage(by)
    fields = _clean_fields(data)
    if uploaded is not None and language not in Language.values:
        raise ValidationError({"language": _("Choisissez la langue du fichier.")})
    with transaction.atomic(), actor_context(by):
        document = LibraryDocument(created_by=by, status=Status.DRAFT, **fields)
        document.full_clean()
        document.save()
        if uploaded is not None:
            _add_version(document, by=by, language=language, uploaded=uploaded, changes="")
    return document


def document_update(*, document: LibraryDocument, by, **data) -> LibraryDocument:
    _demand_manage(by)
    fields = _clean_fields(data)
    with transaction.atomic(), actor_context(by):
        locked = LibraryDocument.objects.select_for_update().get(pk=document.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
    return locked


def version_add(*, document: LibraryDocument, by, language: str, uploaded, changes: str = "") -> DocumentVersion:
    """The next version of ``document`` in ``language`` (number = highest + 1, under the document's row lock). The
    first version of a language needs no note; a later one says what changed."""
    _demand_manage(by)
    if language not in Language.values:
        raise ValidationError({"language": _("Choisissez la langue du fichier.")})
    with transaction.atomic(), actor_context(by):
        locked = LibraryDocument.objects.select_for_update().get(pk=document.pk)
        return _add_version(locked, by=by, language=language, uploaded=uploaded, changes=changes)


def _add_version(document, *, by, language, uploaded, changes) -> DocumentVersion:
    if uploaded is None:
        raise ValidationError({"file": _("Choisissez le fichier de la version.")})
    last = document.versions.filter(language=language).aggregate(last=Max("number"))["last"] or 0
    changes = (changes or "").strip()
    if last and not changes:
        raise ValidationError(
            {
                "changes": _("Indiquez les changements par rapport à la version %(number)s en %(language)s.")
                % {"number": last, "language": Language(language).label.lower()}
            }
        )
    try:
        attachment = attachment_add(parent=document, uploaded=uploaded, by=by)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    version = DocumentVersion(
        document=document, language=language, number=last + 1, attachment=attachment, changes=changes, uploaded_by=by
    )
    version.full_clean()
    version.save()
    return version


# --- Publication transitions -----------------------------------------------------------------------------------------
def document_publish(*, document: LibraryDocument, by) -> LibraryDocument:
    def apply(locked):
        locked.published_at = timezone.now()
        locked.published_by = by

    return LIBRARY_WORKFLOW.run(document, "publish", by=by, apply=apply)


def document_withdraw(*, document: LibraryDocument, by, reason: str = "") -> LibraryDocument:
    def apply(locked):
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason.strip()

    return LIBRARY_WORKFLOW.run(document, "withdraw", by=by, apply=apply, reason=reason)


def document_republish(*, document: LibraryDocument, by) -> LibraryDocument:
    """Back in the library; the withdrawal stays in the document's history."""

    def apply(locked):
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.withdrawn_at = None
        locked.withdrawal_reason = ""

    return LIBRARY_WORKFLOW.run(document, "republish", by=by, apply=apply)


TRANSITION_SERVICES = {
    "publish": document_publish,
    "withdraw": document_withdraw,
    "republish": document_republish,
}


# --- Documentation packs ---------------------------------------------------------------------------------------------
def sendable_versions():
    """The versions a pack may carry: the current version (highest number in its language) of each published
    document meant for the actors or the public."""
    from communication.library_selectors import current_versions

    return current_versions().filter(document__status=Status.PUBLISHED).exclude(document__audience=Audience.STAFF)


def pack_send(*, by, team, sent_on: dt.date, channel: str, versions, note: str = "") -> DocumentationPack:
    """Records the pack handed to ``team``: at least one document, a date not in the future, an active team, only
    current versions of published documents for the actors or the public (checked under the documents' locks)."""
    _demand_manage(by)
    errors: dict[str, list[str]] = {}
    versions = list(versions or [])
    if team is None:
        errors.setdefault("team", []).append(_("Choisissez l'équipe destinataire."))
    elif not team.is_active:
        errors.setdefault("team", []).append(
            _("L'équipe « %(team)s » n'est plus active : le pack ne peut pas lui être envoyé.") % {"team": team}
        )
    if sent_on is None:
        errors.setdefault("sent_on", []).append(_("Indiquez la date d'envoi."))
    elif sent_on > timezone.localdate():
        errors.setdefault("sent_on", []).append(_("La date d'envoi ne peut pas être dans le futur."))
    if channel not in DocumentationPack.Channel.values:
        errors.setdefault("channel", []).append(_("Choisissez le mode de remise."))
    if not versions:
        errors.setdefault("versions", []).append(_("Cochez au moins un document à remettre."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), actor_context(by):
        # The documents are locked so none is withdrawn or given a new version while the pack is recorded.
        document_ids = sorted({version.document_id for version in versions})
        list(LibraryDocument.objects.select_for_update().filter(pk__in=document_ids).order_by("pk"))
        allowed = set(sendable_versions().filter(pk__in=[v.pk for v in versions]).values_list("pk", flat=True))
        refused = [version for version in versions if version.pk not in allowed]
        if refused:
            names = ", ".join(f"« {version.document.title} » ({version.get_language_display()})" for version in refused)
            raise ValidationError(
                {
                    "versions": _(
                        "Un pack ne remet que la version en vigueur de documents publiés destinés aux acteurs ou au "
                        "public : %(names)s."
                    )
                    % {"names": names}
                }
            )
        pack = DocumentationPack(
            reference=next_reference(DocumentationPack, "reference", f"PD-{sent_on.year}-", PACK_LOCK_KEY),
            team=team,
            sent_on=sent_on,
            channel=channel,
            note=(note or "").strip(),
            sent_by=by,
        )
        pack.full_clean()
        pack.save()
        pack.versions.set(versions)
    return pack
