"""History of one record, and the global journal (with its Excel export)."""

import functools

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from das import exports, permissions, records, selectors
from das.exports import Column
from das.filters import JournalFilter
from das.views.base import DasViewMixin, ExportableListView, refuse, resolve_crumbs

OPERATION_LABELS = {
    "insert": gettext_lazy("Création"),
    "update": gettext_lazy("Modification"),
    "delete": gettext_lazy("Suppression"),
}


def operation_label(event):
    return str(OPERATION_LABELS.get(event.pgh_label, event.pgh_label))


def actor_label(event):
    context = event.pgh_context or {}
    if event.user_id and event.user:
        return str(event.user)
    if context.get("username"):
        return context["username"]
    if context.get("command"):
        return f"commande {context['command']}"
    return str(gettext_lazy("hors application (SQL direct)"))


NAME_FIELDS = ("name", "name_fr", "full_name", "username", "original_name", "file_name", "code", "year")


def record_name(event):
    data = event.pgh_data or {}
    return next((str(data[field]) for field in NAME_FIELDS if data.get(field) not in (None, "")), "")


@functools.cache
def labeller_for(model_label):
    try:
        return field_labeller(apps.get_model(model_label))
    except (LookupError, ValueError):
        return str


def changes_label(event):
    if event.pgh_label == "update" and event.pgh_diff:
        label = labeller_for(event.pgh_obj_model)
        return "; ".join(f"{label(field)} : {old} → {new}" for field, (old, new) in sorted(event.pgh_diff.items()))
    if event.pgh_label == "delete":
        return str(gettext_lazy("fiche supprimée"))
    return str(gettext_lazy("fiche créée"))


def history_href(event):
    label = (event.pgh_obj_model or "").lower()
    if records.by_label(label) is None or event.pgh_obj_id is None:
        return None
    return reverse("history", args=[label, event.pgh_obj_id])


def field_labeller(model):
    """Field names as the staff read them (verbose names), falling back to the column name."""
    labels = {}
    for field in model._meta.concrete_fields:
        labels[field.name] = labels[field.attname] = capfirst(field.verbose_name)  # lazy: read in each language

    def label(name):
        return str(labels.get(name, name))

    return label


def record_type_label(event):
    try:
        return str(apps.get_model(event.pgh_obj_model)._meta.verbose_name)
    except (LookupError, ValueError):
        return event.pgh_obj_model


class HistoryView(DasViewMixin, TemplateView):
    """Who changed what and when on one record: each field's old and new value."""

    das_permission = permissions.VIEW_HISTORY
    template_name = "das/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record_type = records.by_label(self.kwargs["label"])
        if record_type is None:
            raise Http404
        obj = get_object_or_404(record_type.model, pk=self.kwargs["pk"])
        decision = record_type.can_view(self.request.user, obj)
        if not decision:
            refuse(self.request, decision)
        events = list(selectors.history_of(obj).select_related("user"))
        field_label = field_labeller(record_type.model)
        context.update(
            object=obj,
            page_title=gettext_lazy("Historique : %(name)s") % {"name": obj},
            breadcrumbs=resolve_crumbs(
                [
                    (capfirst(record_type.model._meta.verbose_name_plural), record_type.list_url),
                    (str(obj), records.page_of(obj)),
                    (gettext_lazy("Historique"), None),
                ]
            ),
            events=[
                {
                    "event": event,
                    "operation": operation_label(event),
                    "actor": actor_label(event),
                    "url": (event.pgh_context or {}).get("url", ""),
                    "diff": sorted((field_label(name), change) for name, change in (event.pgh_diff or {}).items())
                    if event.pgh_label == "update"
                    else [],
                    "data": [
                        (field_label(name), value)
                        for name, value in sorted(event.pgh_data.items())
                        if not name.startswith("pgh_")
                    ]
                    if event.pgh_label != "update"
                    else [],
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
    export_columns = [
        Column(gettext_lazy("Date"), "pgh_created_at", exports.DATETIME, width=18),
        Column(gettext_lazy("Utilisateur"), actor_label, width=24),
        Column(gettext_lazy("Opération"), operation_label, width=14),
        Column(gettext_lazy("Type de fiche"), record_type_label, width=22),
        Column(gettext_lazy("Fiche"), record_name, width=34, href=history_href),
        Column(gettext_lazy("N°"), "pgh_obj_id", width=8),
        Column(gettext_lazy("Changements"), changes_label, width=70),
        Column(gettext_lazy("Page"), lambda e: (e.pgh_context or {}).get("url", ""), width=30),
    ]

    def get_queryset(self):
        return selectors.journal_events().select_related("user")
