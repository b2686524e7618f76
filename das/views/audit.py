"""History of one record, and the global journal (with its Excel export)."""

from __future__ import annotations

import functools

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from das import exports, permissions, records, selectors
from das.exports import Column
from das.filters import JournalFilter
from das.models import Role, User
from das.views.base import DasViewMixin, ExportableListView, refuse, resolve_crumbs

OPERATION_LABELS = {
    "insert": gettext_lazy("Création"),
    "update": gettext_lazy("Modification"),
    "delete": gettext_lazy("Suppression"),
}
NAME_FIELDS = ("name", "name_fr", "full_name", "username", "original_name", "file_name", "code", "year")


def operation_label(event):
    return str(OPERATION_LABELS.get(event.pgh_label, event.pgh_label))


def actor_label(event):
    context = event.pgh_context or {}
    if event.user_id and event.user:
        return str(event.user)
    if context.get("username"):
        return context["username"]
    if context.get("command"):
        return _("commande %(name)s") % {"name": context["command"]}
    return _("hors application (SQL direct)")


@functools.cache
def model_of(model_label):
    try:
        return apps.get_model(model_label)
    except (LookupError, ValueError):
        return None


class ValueReader:
    """Reads an entry's raw values as staff read them: labels of fields and choices, Oui/Non, names of linked records.

    Linked records are loaded once per model for all the entries shown, so a page does a fixed number of queries.
    """

    def __init__(self, events):
        self.names = {}
        wanted = {}
        for event in events:
            model = model_of(event.pgh_obj_model)
            if model is None:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is not None:
                    for source in (event.pgh_data or {}, *((event.pgh_diff or {}).values(),)):
                        values = source.get(field.attname) if isinstance(source, dict) else None
                        for value in values if isinstance(values, list) else [values]:
                            if value is not None:
                                wanted.setdefault(field.related_model, set()).add(value)
        for related, pks in wanted.items():
            clean = {pk for pk in pks if str(pk).isdecimal()}
            self.names[related] = {str(pk): str(obj) for pk, obj in related.objects.in_bulk(clean).items()}

    def field(self, model, name):
        try:
            field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        except Exception:  # noqa: BLE001 (a column that no longer exists in the model)
            return None
        return field

    def label(self, model, name):
        field = self.field(model, name) if model else None
        return str(capfirst(field.verbose_name)) if field is not None and hasattr(field, "verbose_name") else name

    def value(self, model, name, value):
        if value is None or value == "":
            return "∅"
        field = self.field(model, name) if model else None
        if field is None:
            return str(value)
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(str(value))
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else str(value)
        if isinstance(field, models.DateField):
            day = parse_date(str(value))
            return date_format(day, "DATE_FORMAT") if day else str(value)
        if field.is_relation and field.related_model is not None:
            return self.names.get(field.related_model, {}).get(str(value), f"#{value}")
        return str(value)

    def record_name(self, event):
        data = event.pgh_data or {}
        name = next((str(data[field]) for field in NAME_FIELDS if data.get(field) not in (None, "")), "")
        model = model_of(event.pgh_obj_model)
        if not name and model is not None:
            # Link records (role given to a user, target phase of a commune) read as their two ends.
            ends = [
                self.value(model, f.attname, data.get(f.attname))
                for f in model._meta.concrete_fields
                if f.is_relation and f.attname in data
            ]
            name = " – ".join(ends)
        return name

    def changes(self, event):
        model = model_of(event.pgh_obj_model)
        if event.pgh_label == "update":
            return [
                (self.label(model, name), self.value(model, name, old), self.value(model, name, new))
                for name, (old, new) in sorted((event.pgh_diff or {}).items())
            ]
        return [
            (self.label(model, name), self.value(model, name, value))
            for name, value in sorted((event.pgh_data or {}).items())
            if not name.startswith("pgh_")
        ]


def history_href(event):
    label = (event.pgh_obj_model or "").lower()
    if records.by_label(label) is None or event.pgh_obj_id is None:
        return None
    return reverse("history", args=[label, event.pgh_obj_id])


def record_type_label(event):
    model = model_of(event.pgh_obj_model)
    return str(model._meta.verbose_name) if model else event.pgh_obj_model


class HistoryView(DasViewMixin, TemplateView):
    """Who changed what and when on one record, each field's old and new value; also once it is deleted."""

    das_permission = permissions.VIEW_HISTORY
    template_name = "das/history.html"

    def get_record(self, record_type, pk):
        """The record, or for a deleted one a stand-in rebuilt from its last entry (for the permission check)."""
        try:
            return record_type.model.objects.get(pk=pk), False
        except (record_type.model.DoesNotExist, ValueError, ValidationError):
            pass
        last = selectors.events_of(record_type.model._meta.label, pk).first()
        if last is None:
            raise Http404
        fields = {f.attname: last.pgh_data.get(f.attname) for f in record_type.model._meta.concrete_fields}
        return record_type.model(**{k: v for k, v in fields.items() if v is not None}), True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record_type = records.by_label(self.kwargs["label"])
        if record_type is None:
            raise Http404
        obj, deleted = self.get_record(record_type, self.kwargs["pk"])
        decision = record_type.can_view(self.request.user, obj)
        if not decision:
            refuse(self.request, decision)
        if isinstance(obj, User):
            events = selectors.history_of_user(obj.pk)
        elif record_type.children:
            events = selectors.events_with_children(record_type.model._meta.label, obj.pk, record_type.children)
        else:
            events = selectors.events_of(record_type.model._meta.label, obj.pk)
        events = list(events.select_related("user"))
        reader = ValueReader(events)
        context.update(
            object=obj,
            deleted=deleted,
            page_title=_("Historique : %(name)s") % {"name": obj},
            breadcrumbs=resolve_crumbs(
                [
                    (capfirst(record_type.model._meta.verbose_name_plural), record_type.list_url),
                    (str(obj), None if deleted else records.page_of(obj)),
                    (gettext_lazy("Historique"), None),
                ]
            ),
            events=[
                {
                    "event": event,
                    "operation": operation_label(event),
                    "record": (
                        f"{record_type_label(event)} : {reader.record_name(event)}"
                        if event.pgh_obj_model != record_type.model._meta.label
                        else ""
                    ),
                    "actor": actor_label(event),
                    "url": (event.pgh_context or {}).get("url", ""),
                    "changes": reader.changes(event),
                }
                for event in events
            ],
        )
        return context


class JournalView(ExportableListView):
    das_permission = permissions.VIEW_JOURNAL
    filterset_class = JournalFilter
    template_name = "das/list.html"
    page_title = gettext_lazy("Journal des opérations")
    breadcrumbs = [(gettext_lazy("Journal"), None)]
    paginate_by = 50

    @functools.cached_property
    def reader(self):
        # Names of the people and roles that link records (role grants) refer to: the only links the journal
        # names, loaded once whatever the number of rows.
        reader = ValueReader([])
        reader.names = {
            User: {str(pk): name for pk, name in User.objects.values_list("pk", "full_name")},
            Role: {str(pk): name for pk, name in Role.objects.values_list("pk", "name_fr")},
        }
        return reader

    @property
    def export_columns(self):
        reader = self.reader

        def changes(event):
            if event.pgh_label == "delete":
                return _("fiche supprimée")
            if event.pgh_label == "insert":
                return _("fiche créée")
            return "; ".join(f"{label} : {old} → {new}" for label, old, new in reader.changes(event))

        return [
            Column(gettext_lazy("Date"), "pgh_created_at", exports.DATETIME, width=18),
            Column(gettext_lazy("Utilisateur"), actor_label, width=24),
            Column(gettext_lazy("Opération"), operation_label, width=14),
            Column(gettext_lazy("Type de fiche"), record_type_label, width=22),
            Column(gettext_lazy("Fiche"), reader.record_name, width=34, href=history_href),
            Column(gettext_lazy("N°"), "pgh_obj_id", width=8),
            Column(gettext_lazy("Changements"), changes, width=70),
            Column(gettext_lazy("Page"), lambda e: (e.pgh_context or {}).get("url", ""), width=30),
        ]

    def get_queryset(self):
        events = selectors.journal_events().select_related("user")
        user = self.request.user
        if not user.has_perm("projects.access"):
            events = events.exclude(pgh_obj_model__startswith="projects.")
        elif user.has_perm("projects.evaluate"):
            # An evaluator never reads others' scores before submitting: the journal keeps them from evaluators.
            events = events.exclude(pgh_obj_model__in=["projects.Score", "projects.Evaluation"])
        return events
