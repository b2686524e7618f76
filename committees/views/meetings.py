"""Meetings of the committees, as the CPDH secretariat runs them: list, planning, agenda, attendance and quorum,
decisions and their execution, closing, rectification and the signed minutes.

Views stay thin: every write is a service of committees.services.meetings; a refusal (ValidationError,
TransitionRefused, PermissionDenied) is shown in French next to its field or as a message, and what was typed is kept.
The meeting's page reads everything in a fixed number of queries (selectors.meeting_page, agenda_of).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from committees import agenda, selectors
from committees import permissions as perms
from committees.meeting_filters import MeetingFilter
from committees.meeting_forms import (
    ActionForm,
    AgendaTextForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    MeetingForm,
    RectifyForm,
    SignedMinutesForm,
    member_order,
)
from committees.models import AgendaItem, Attendance, Committee, Decision, DecisionAction, Meeting
from committees.services import meetings as services
from committees.wording import quorum_rules
from das import exports
from das.exports import Column
from das.formatting import format_money
from das.forms import add_service_error
from das.middleware import PUBLIC, SIGNED_IN
from das.views.base import DasViewMixin, ExportableListView, RecordFormPage, TransitionView, history_url, refusal_text
from das.workflow import TransitionRefused

Status = Meeting.Status
Outcome = Decision.Outcome
COMMITTEES_CRUMB = (gettext_lazy("Comités"), "committees:index")
MEETINGS_CRUMB = (gettext_lazy("Réunions"), "committees:meeting_list")
STATUS_STYLES = {
    Status.PLANNED: "secondary",
    Status.CONVENED: "primary",
    Status.CLOSED: "success",
    Status.CANCELLED: "danger",
}
OUTCOME_STYLES = {
    Outcome.APPROVED: "success",
    Outcome.APPROVED_WITH_RESERVES: "info",
    Outcome.REJECTED: "danger",
    Outcome.ADJOURNED: "warning",
}
PRESENCE_STYLES = {
    Attendance.Presence.PRESENT: "success",
    Attendance.Presence.REPRESENTED: "info",
    Attendance.Presence.EXCUSED: "warning",
    Attendance.Presence.ABSENT: "danger",
}
# Transitions run by a button; cancelling asks for a reason on its own page.
BUTTON_SERVICES = {name: service for name, service in services.TRANSITION_SERVICES.items() if name != "cancel"}
OPEN = services.OPEN
LANGUAGES = ("fr", "ar")


# --- Helpers --------------------------------------------------------------------------------------------------------


def readable_url(user, url: str) -> str:
    """``url`` when the page it leads to lets ``user`` in (its view's declared permission), else ""."""
    if not url:
        return ""
    path = urlsplit(url).path
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    try:
        func = resolve(path).func
    except Resolver404:
        return ""
    declared = getattr(getattr(func, "view_class", func), "das_permission", None) or getattr(
        func, "das_permission", None
    )
    if declared in (PUBLIC, SIGNED_IN) or (declared and user.has_perm(declared)):
        return url
    return ""


def record_url(user, item) -> str:
    kind, record = getattr(item, "agenda_kind", None), getattr(item, "record", None)
    if kind is None or record is None:
        return ""
    return readable_url(user, kind.url(record))


def kind_label(item) -> str:
    kind = getattr(item, "agenda_kind", None)
    if kind is not None:
        return str(kind.label)
    if item.kind == agenda.TEXT:
        return _("Point libre")
    return item.kind


def requested_amount(item):
    """The amount a point asks for (the INDH share of a dossier), when its kind has one."""
    kind, record = getattr(item, "agenda_kind", None), getattr(item, "record", None)
    if kind is None or record is None or not kind.has_amount:
        return None
    return getattr(record, "indh_share", None)


def rectification_changes(rectification) -> list[tuple[str, str, str]]:
    """(field label, old value, new value) of a rectification, read the division's way."""
    rows = []
    for name, values in (rectification.changes or {}).items():
        old, new = (list(values) + [None, None])[:2]
        try:
            label = Decision._meta.get_field(name).verbose_name
        except FieldDoesNotExist:  # a field renamed since: show its code
            label = name
        rows.append((str(label), _change_value(name, old), _change_value(name, new)))
    return rows


def _change_value(name, value) -> str:
    if value is None or value == "":
        return "—"
    if name == "amended_amount":
        try:
            return format_money(Decimal(value))
        except InvalidOperation:
            return str(value)
    return str(value)


def average_score(dossier):
    value = getattr(dossier, "average_score", None)
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


# How the candidates of each agenda kind are listed on the agenda page (default: their agenda title).
CANDIDATE_COLUMNS = {
    "dossier": [
        Column(gettext_lazy("Référence"), "reference", code=True),
        Column(gettext_lazy("Intitulé"), "title"),
        Column(gettext_lazy("Porteur"), "holder"),
        Column(gettext_lazy("Commune"), "commune"),
        Column(gettext_lazy("Part INDH"), "indh_share", exports.MONEY),
        Column(gettext_lazy("Note moyenne"), average_score, exports.DECIMAL),
    ],
    "repartition": [
        Column(gettext_lazy("Exercice"), "fiscal_year.year", code=True),
        Column(gettext_lazy("Version"), "number", code=True),
        Column(gettext_lazy("Statut"), "get_status_display"),
        Column(gettext_lazy("Bordereau d'envoi"), "transmittal_number", code=True),
        Column(gettext_lazy("Total réparti"), "total", exports.MONEY),
    ],
}


def candidate_columns(kind) -> list[Column]:
    return CANDIDATE_COLUMNS.get(kind.code) or [Column(gettext_lazy("Intitulé"), kind.title)]


def candidate_cells(columns, record) -> list[dict]:
    return [
        {
            "text": column.display(record),
            "value": column.get(record),
            "money": column.kind == exports.MONEY,
            "class": exports.cell_class(column),
        }
        for column in columns
    ]


def meeting_crumbs(meeting, title=None) -> list[tuple[str, str | None]]:
    crumbs = [
        (str(COMMITTEES_CRUMB[0]), reverse(COMMITTEES_CRUMB[1])),
        (str(MEETINGS_CRUMB[0]), reverse(MEETINGS_CRUMB[1])),
        (str(meeting), meeting.get_absolute_url() if title else None),
    ]
    if title:
        crumbs.append((title, None))
    return crumbs


def get_meeting(pk) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee", "chair"), pk=pk)


def back_to_meeting(meeting_pk, anchor=""):
    url = reverse("committees:meeting_detail", args=[meeting_pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- List -----------------------------------------------------------------------------------------------------------


class MeetingListView(ExportableListView):
    das_permission = perms.ACCESS
    filterset_class = MeetingFilter
    page_title = gettext_lazy("Réunions des comités")
    breadcrumbs = [COMMITTEES_CRUMB, (gettext_lazy("Réunions"), None)]
    create_permission = perms.MANAGE_MEETINGS
    create_label = gettext_lazy("Nouvelle réunion")
    export_columns = [
        Column(gettext_lazy("Comité"), "committee", order_by="committee", width=36, link=True),
        Column(gettext_lazy("N°"), "number", exports.INTEGER, order_by="number", width=6),
        Column(gettext_lazy("Type"), "get_kind_display", order_by="kind", width=16),
        Column(gettext_lazy("Date"), "date", exports.DATE, order_by="date", width=12),
        Column(gettext_lazy("Heure"), lambda m: m.time.strftime("%H:%M") if m.time else "", width=8),
        Column(gettext_lazy("Lieu"), "place", order_by="place", width=30),
        Column(gettext_lazy("Présidée par"), "chair", width=26),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
        Column(gettext_lazy("Points"), "item_count", exports.INTEGER, order_by="item_count", width=8),
        Column(gettext_lazy("Décisions"), "decided_count", exports.INTEGER, width=10),
    ]

    @property
    def create_url(self):
        return reverse("committees:meeting_create")

    def get_queryset(self):
        return selectors.meeting_list().order_by("-date", "-time", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "committees:meeting_detail"
        committee = self.request.GET.get("committee", "")
        if context["create_url"] and committee.isdecimal():
            context["create_url"] += f"?committee={committee}"  # the new meeting for the committee looked at
        return context


# --- Planning -------------------------------------------------------------------------------------------------------


class MeetingFormView(DasViewMixin, View):
    """Plan a meeting of a committee, or change it while it is planned or convened."""

    das_permission = perms.MANAGE_MEETINGS
    template_name = "committees/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_meeting(kwargs["pk"]) if "pk" in kwargs else None
        if self.meeting is not None and self.meeting.status not in OPEN:
            messages.warning(
                request,
                _("La réunion est « %(status)s » : elle ne se modifie plus.")
                % {"status": self.meeting.get_status_display()},
            )
            return back_to_meeting(self.meeting.pk)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        if self.meeting is not None:
            return MeetingForm(data, instance=self.meeting, committee=self.meeting.committee)
        initial = {"time": "09:00"}
        wanted = self.request.GET.get("committee", "")
        if wanted.isdecimal():
            initial["committee"] = int(wanted)
        return MeetingForm(data, initial=initial)

    def title(self):
        return _("Modifier la réunion") if self.meeting else _("Nouvelle réunion")

    def render(self, form):
        title = self.title()
        if self.meeting:
            crumbs = meeting_crumbs(self.meeting, title)
            cancel_url = self.meeting.get_absolute_url()
        else:
            crumbs = [
                (str(COMMITTEES_CRUMB[0]), reverse(COMMITTEES_CRUMB[1])),
                (str(MEETINGS_CRUMB[0]), reverse(MEETINGS_CRUMB[1])),
                (title, None),
            ]
            cancel_url = reverse("committees:meeting_list")
        context = {
            "form": form,
            "meeting": self.meeting,
            "page_title": f"{title} — {self.meeting}" if self.meeting else title,
            "heading": title,
            "breadcrumbs": crumbs,
            "cancel_url": cancel_url,
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            if self.meeting is None:
                meeting = services.meeting_create(
                    committee=form.cleaned_data["committee"], by=request.user, **form.meeting_fields()
                )
            else:
                meeting = services.meeting_update(meeting=self.meeting, by=request.user, **form.meeting_fields())
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        if self.meeting is None:
            messages.success(
                request,
                _("La réunion n° %(number)s est planifiée : composez maintenant son ordre du jour.")
                % {"number": meeting.number},
            )
        else:
            messages.success(request, _("La réunion est enregistrée."))
        return back_to_meeting(meeting.pk)


# --- The meeting's page ---------------------------------------------------------------------------------------------


class MeetingDetailView(DasViewMixin, View):
    das_permission = perms.ACCESS
    template_name = "committees/meeting_detail.html"

    def get(self, request, pk):
        try:
            meeting = selectors.meeting_page(pk)
        except Meeting.DoesNotExist as exc:
            raise Http404 from exc
        user = request.user
        items = selectors.agenda_of(meeting)
        members = list(meeting.committee.members.all())
        attendances = list(meeting.attendances.all())
        quorum = services.compute_quorum(meeting, members, attendances)
        can_manage = user.has_perm(perms.MANAGE_MEETINGS)
        is_open = meeting.status in OPEN
        convened = meeting.status == Status.CONVENED
        decisions = [selectors.decision_of(item) for item in items]
        any_decision = any(decision is not None for decision in decisions)
        can_decide = can_manage and convened and meeting.attendance_recorded and quorum.reached
        can_rectify = user.has_perm(perms.RECTIFY) and meeting.status == Status.CLOSED
        can_add_action = can_manage and meeting.status != Status.CANCELLED
        today = timezone.localdate()

        rows = []
        for index, (item, decision) in enumerate(zip(items, decisions, strict=True)):
            row = {
                "item": item,
                "kind_label": kind_label(item),
                "record_url": record_url(user, item),
                "amount": requested_amount(item),
                "decision": decision,
                "can_move_up": can_manage and is_open and not any_decision and index > 0,
                "can_move_down": can_manage and is_open and not any_decision and index < len(items) - 1,
                "can_remove": can_manage and is_open and not any(d is not None for d in decisions[index:]),
                "can_decide": can_decide and decision is None,
                "can_rectify": can_rectify and decision is not None,
                "can_add_action": can_add_action and decision is not None,
            }
            if decision is not None:
                row["outcome_style"] = OUTCOME_STYLES.get(decision.outcome, "secondary")
                row["has_votes"] = any(
                    v is not None for v in (decision.votes_for, decision.votes_against, decision.abstentions)
                )
                row["rectifications"] = [
                    {"rectification": r, "changes": rectification_changes(r)} for r in decision.rectifications.all()
                ]
                row["actions"] = [
                    {
                        "action": action,
                        "late": action.status == DecisionAction.Status.OPEN and action.due_on < today,
                        "complete_url": reverse("committees:action_complete", args=[action.pk])
                        if action.status == DecisionAction.Status.OPEN and perms.can_follow_action(user, action)
                        else "",
                        "reopen_url": reverse("committees:action_reopen", args=[action.pk])
                        if action.status == DecisionAction.Status.DONE and perms.can_follow_action(user, action)
                        else "",
                    }
                    for action in decision.actions.all()
                ]
            rows.append(row)

        sitting = sorted((m for m in members if m.sits_on(meeting.date)), key=member_order)
        recorded = {a.member_id: a for a in attendances}
        attendance_rows = [{"member": m, "attendance": recorded.get(m.pk)} for m in sitting]
        presence_counts = [
            (label, sum(1 for a in attendances if a.presence == code), PRESENCE_STYLES.get(code, "secondary"))
            for code, label in Attendance.Presence.choices
        ]

        transitions = services.MEETING_WORKFLOW.available(meeting, user)
        undecided = [str(row["item"].position) for row in rows if row["decision"] is None]
        to_do = []
        if can_manage and meeting.status == Status.PLANNED and not items:
            to_do.append(_("L'ordre du jour est vide : ajoutez au moins un point avant de convoquer."))
        if can_manage and convened:
            if not meeting.attendance_recorded:
                to_do.append(_("Saisissez les présences avant d'enregistrer les décisions et de clôturer."))
            if undecided:
                to_do.append(_("Points sans décision : %(list)s.") % {"list": ", ".join(undecided)})

        documents = [
            (
                _("Convocations (PDF, français)"),
                reverse("committees:meeting_convocations_pdf", args=[meeting.pk, "fr"]),
            ),
            (_("Convocations (PDF, arabe)"), reverse("committees:meeting_convocations_pdf", args=[meeting.pk, "ar"])),
            (_("Ordre du jour (PDF, français)"), reverse("committees:meeting_agenda_pdf", args=[meeting.pk, "fr"])),
            (_("Ordre du jour (PDF, arabe)"), reverse("committees:meeting_agenda_pdf", args=[meeting.pk, "ar"])),
            (_("Dossier de séance (PDF)"), reverse("committees:meeting_session_pdf", args=[meeting.pk])),
        ]
        if meeting.status in (Status.CONVENED, Status.CLOSED):
            documents += [
                (
                    _("Procès-verbal (PDF, français)"),
                    reverse("committees:meeting_minutes_pdf", args=[meeting.pk, "fr"]),
                ),
                (_("Procès-verbal (PDF, arabe)"), reverse("committees:meeting_minutes_pdf", args=[meeting.pk, "ar"])),
            ]

        context = {
            "meeting": meeting,
            "committee": meeting.committee,
            "committee_url": reverse("committees:committee_detail", args=[meeting.committee_id]),
            "page_title": str(meeting),
            "breadcrumbs": meeting_crumbs(meeting),
            "status_style": STATUS_STYLES.get(meeting.status, "secondary"),
            "button_transitions": [t for t in transitions if t.name in BUTTON_SERVICES],
            "can_cancel": any(t.name == "cancel" for t in transitions),
            "to_do": to_do,
            "rows": rows,
            "quorum": quorum,
            # Once attendance is recorded the meeting keeps its quorum; today's rules no longer explain it.
            "quorum_rule": []
            if meeting.attendance_recorded
            else quorum_rules(meeting.committee, quorum.voting_members),
            "attendance_rows": attendance_rows,
            "presence_counts": presence_counts,
            "presence_styles": PRESENCE_STYLES,
            "votes_rule": meeting.committee.decision_rule != Committee.DecisionRule.CONSENSUS,
            "can_manage": can_manage,
            "can_edit": can_manage and is_open,
            "can_edit_agenda": can_manage and is_open,
            "can_record_attendance": can_manage and convened and not any_decision and meeting.date <= today,
            "convocations": meeting.status != Status.CANCELLED,
            "quorum_blocks_decisions": convened and meeting.attendance_recorded and not quorum.reached,
            "can_upload_minutes": can_manage and meeting.status == Status.CLOSED,
            "minutes_form": SignedMinutesForm(),
            "documents": [(label, url) for label, url in documents if url],
            "history_url": history_url(user, meeting),
        }
        return TemplateResponse(request, self.template_name, context)


class MeetingTransitionView(TransitionView):
    """Convene, close: one POST each (cancelling asks for a reason on its own page)."""

    das_permission = perms.MANAGE_MEETINGS
    workflow = services.MEETING_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "meeting"
    detail_url_name = "committees:meeting_detail"
    done_message = gettext_lazy("La réunion est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_meeting(pk)


# --- Small pages with one form --------------------------------------------------------------------------------------


class MeetingFormPage(RecordFormPage):
    """A small page with one form about a meeting (see das.views.base.RecordFormPage)."""

    template_name = "committees/meeting_form_page.html"
    submit_label = gettext_lazy("Enregistrer")
    submit_style = "primary"
    multipart = False

    def load(self, pk):
        self.meeting = get_meeting(pk)

    def done_url(self):
        return self.meeting.get_absolute_url()

    def context(self, title):
        return {
            "meeting": self.meeting,
            "page_title": f"{title} — {self.meeting}",
            "breadcrumbs": meeting_crumbs(self.meeting, title),
            "submit_label": self.submit_label,
            "submit_style": self.submit_style,
            "back_url": self.meeting.get_absolute_url(),
        }


class MeetingCancelView(MeetingFormPage):
    das_permission = perms.MANAGE_MEETINGS
    submit_label = gettext_lazy("Annuler la réunion")
    submit_style = "danger"

    def title(self):
        return _("Annuler la réunion")

    def unavailable(self):
        if self.meeting.status not in OPEN:
            return _("La réunion est « %(status)s » : elle ne peut plus être annulée.") % {
                "status": self.meeting.get_status_display()
            }
        return ""

    def extra_context(self):
        decision = services.MEETING_WORKFLOW.decide(self.meeting, "cancel", self.request.user)
        warnings = [decision.reason] if not decision else []
        if Decision.objects.filter(item__meeting=self.meeting).exists():
            warnings.append(_("Des décisions sont enregistrées : la réunion ne peut plus être annulée."))
        return {
            "warnings": warnings,
            "intro": _("Les membres convoqués devront être prévenus ; la réunion reste consultable avec son motif."),
        }

    def make_form(self, data=None):
        return CancelForm(data)

    def run(self, form):
        services.meeting_cancel(meeting=self.meeting, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("La réunion est annulée.")


# --- Agenda ---------------------------------------------------------------------------------------------------------


class AgendaAddView(DasViewMixin, View):
    """Put on the agenda the records waiting for this committee (one list per agenda kind), or a free point."""

    das_permission = perms.MANAGE_MEETINGS
    template_name = "committees/meeting_agenda_add.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_meeting(kwargs["pk"])
        if self.meeting.status not in OPEN:
            messages.warning(request, _("L'ordre du jour d'une réunion clôturée ou annulée ne change plus."))
            return back_to_meeting(self.meeting.pk)
        return super().dispatch(request, *args, **kwargs)

    def sections(self, checked=(), error_kind="", errors=()):
        sections = []
        for kind in agenda.kinds_for(self.meeting):
            columns = candidate_columns(kind)
            candidates = list(kind.candidates(self.meeting))
            sections.append(
                {
                    "kind": kind,
                    "columns": columns,
                    "rows": [
                        {"pk": record.pk, "cells": candidate_cells(columns, record), "checked": record.pk in checked}
                        for record in candidates
                    ],
                    "errors": errors if kind.code == error_kind else (),
                }
            )
        return sections

    def render(self, text_form=None, **section_kwargs):
        title = _("Ajouter des points à l'ordre du jour")
        context = {
            "meeting": self.meeting,
            "heading": title,
            "page_title": f"{title} — {self.meeting}",
            "breadcrumbs": meeting_crumbs(self.meeting, title),
            "sections": self.sections(**section_kwargs),
            "text_form": text_form or AgendaTextForm(),
            "item_count": self.meeting.items.count(),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "text":
            return self.add_text(request)
        return self.add_records(request)

    def add_text(self, request):
        form = AgendaTextForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            item = services.agenda_add_text(
                meeting=self.meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(
            request,
            _("Le point n° %(position)s « %(title)s » est inscrit.") % {"position": item.position, "title": item},
        )
        return back_to_meeting(self.meeting.pk, "agenda")

    def add_records(self, request):
        code = request.POST.get("kind", "")
        kind = agenda.get(code)
        if kind is None or not kind.applies_to(self.meeting):
            messages.error(request, _("Ce comité ne décide pas de ce type de dossier."))
            return redirect("committees:agenda_add", self.meeting.pk)
        ids = [int(value) for value in request.POST.getlist("records") if value.isdecimal()]
        if not ids:
            return self.render(checked=set(), error_kind=code, errors=[_("Cochez au moins un dossier.")])
        try:
            items = services.agenda_add_records(meeting=self.meeting, kind=code, records=ids, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            return self.render(checked=set(ids), error_kind=code, errors=[refusal_text(exc)])
        messages.success(
            request,
            _("%(count)s point(s) inscrit(s) à l'ordre du jour : %(list)s.")
            % {"count": len(items), "list": ", ".join(str(item.position) for item in items)},
        )
        return back_to_meeting(self.meeting.pk, "agenda")


class AgendaItemActionView(DasViewMixin, View):
    das_permission = perms.MANAGE_MEETINGS
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
        try:
            message = self.run(request, item)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Refusé : %(reasons)s") % {"reasons": refusal_text(exc)})
        else:
            if message:
                messages.success(request, message)
        return back_to_meeting(item.meeting_id, "agenda")


class AgendaMoveView(AgendaItemActionView):
    """Move a point up or down the agenda (``direction``: up or down)."""

    OFFSETS = {"up": -1, "down": 1}

    def run(self, request, item):
        offset = self.OFFSETS.get(request.POST.get("direction", ""))
        if offset is None:
            raise ValidationError(_("Indiquez s'il faut monter ou descendre le point."))
        services.agenda_move(item=item, by=request.user, offset=offset)
        return ""


class AgendaRemoveView(AgendaItemActionView):
    def run(self, request, item):
        services.agenda_remove(item=item, by=request.user)
        return _("Le point « %(title)s » est retiré de l'ordre du jour ; les suivants sont renumérotés.") % {
            "title": item.title
        }


# --- Attendance -----------------------------------------------------------------------------------------------------


class AttendanceView(DasViewMixin, View):
    """The attendance sheet: one line per member sitting on the meeting's date, then the quorum."""

    das_permission = perms.MANAGE_MEETINGS
    template_name = "committees/meeting_attendance.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("committee").prefetch_related("committee__members", "attendances"),
            pk=kwargs["pk"],
        )
        if self.meeting.status != Status.CONVENED:
            messages.warning(request, _("Les présences se saisissent sur une réunion convoquée."))
            return back_to_meeting(self.meeting.pk)
        self.members = list(self.meeting.committee.members.all())
        self.attendances = list(self.meeting.attendances.all())
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        sitting = [m for m in self.members if m.sits_on(self.meeting.date)]
        return AttendanceForm(data, members=sitting, attendances=self.attendances)

    def render(self, form):
        title = _("Feuille de présence")
        quorum = services.compute_quorum(self.meeting, self.members, self.attendances)
        context = {
            "meeting": self.meeting,
            "form": form,
            "heading": title,
            "page_title": f"{title} — {self.meeting}",
            "breadcrumbs": meeting_crumbs(self.meeting, title),
            "quorum": quorum,
            "quorum_rule": quorum_rules(self.meeting.committee, quorum.voting_members),
            "locked": Decision.objects.filter(item__meeting=self.meeting).exists(),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            quorum = services.attendance_record(meeting=self.meeting, by=request.user, entries=form.entries())
        except ValidationError as exc:
            form.add_row_errors(exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        if quorum.second_convocation:
            messages.success(
                request,
                _(
                    "Présences enregistrées : %(counted)s membre(s) votant(s) compté(s) ; en seconde convocation, "
                    "la réunion délibère sans condition de quorum."
                )
                % {"counted": quorum.counted},
            )
        elif quorum.reached:
            messages.success(
                request,
                _("Présences enregistrées : quorum atteint (%(counted)s sur %(required)s requis).")
                % {"counted": quorum.counted, "required": quorum.required},
            )
        else:
            messages.warning(
                request,
                _(
                    "Présences enregistrées : quorum non atteint (%(counted)s sur %(required)s requis). "
                    "La réunion ne peut pas décider."
                )
                % {"counted": quorum.counted, "required": quorum.required},
            )
        return back_to_meeting(self.meeting.pk, "attendance")


# --- Decisions and their execution ----------------------------------------------------------------------------------


class DecisionRecordView(MeetingFormPage):
    """The committee's decision on one point of the agenda."""

    das_permission = perms.MANAGE_MEETINGS
    template_name = "committees/meeting_decision.html"
    submit_label = gettext_lazy("Enregistrer la décision")

    def load(self, pk):
        self.item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee", "meeting__chair"), pk=pk)
        self.meeting = self.item.meeting
        agenda.attach_records([self.item])

    def title(self):
        return _("Décision sur le point n° %(position)s") % {"position": self.item.position}

    def done_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.item.pk}"

    def unavailable(self):
        if Decision.objects.filter(item=self.item).exists():
            return _("La décision sur ce point est déjà enregistrée.")
        if self.meeting.status != Status.CONVENED:
            return _("Les décisions s'enregistrent sur une réunion convoquée et non clôturée (état « %(state)s »).") % {
                "state": self.meeting.get_status_display()
            }
        if not self.meeting.attendance_recorded:
            return _("Saisissez les présences avant d'enregistrer les décisions.")
        return ""

    def refused(self, exc):
        # The point already decided, the meeting closed, the quorum not reached: nothing to correct in the form.
        messages.error(self.request, _("Décision refusée : %(reasons)s") % {"reasons": refusal_text(exc)})
        return redirect(self.done_url())

    def make_form(self, data=None):
        kind = self.item.agenda_kind
        votes = self.meeting.committee.decision_rule != Committee.DecisionRule.CONSENSUS
        return DecisionForm(data, has_amount=bool(kind and kind.has_amount), votes=votes)

    def extra_context(self):
        quorum = services.meeting_quorum(self.meeting)
        return {
            "item": self.item,
            "kind_label": kind_label(self.item),
            "record_url": record_url(self.request.user, self.item),
            "amount": requested_amount(self.item),
            "quorum": quorum,
            "decision_rule": self.meeting.committee.get_decision_rule_display(),
        }

    def run(self, form):
        decision = services.decision_record(item=self.item, by=self.request.user, **form.decision_fields())
        return _("Décision enregistrée sur le point n° %(position)s : %(outcome)s.") % {
            "position": self.item.position,
            "outcome": decision.get_outcome_display(),
        }


class DecisionPage(MeetingFormPage):
    """A page about one decision (rectify it, add an action to execute it)."""

    def load(self, pk):
        self.decision = get_object_or_404(
            Decision.objects.select_related("item__meeting__committee", "item__meeting__chair", "recorded_by"), pk=pk
        )
        self.item = self.decision.item
        self.meeting = self.item.meeting
        agenda.attach_records([self.item])

    def done_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.item.pk}"

    def extra_context(self):
        return {
            "item": self.item,
            "decision": self.decision,
            "kind_label": kind_label(self.item),
            "record_url": record_url(self.request.user, self.item),
            "amount": requested_amount(self.item),
        }


class DecisionRectifyView(DecisionPage):
    das_permission = perms.RECTIFY
    template_name = "committees/meeting_decision.html"
    submit_label = gettext_lazy("Rectifier la décision")

    def title(self):
        return _("Rectifier la décision sur le point n° %(position)s") % {"position": self.item.position}

    def unavailable(self):
        if self.meeting.status != Status.CLOSED:
            return _("Tant que la réunion n'est pas clôturée, la décision se corrige en séance.")
        return ""

    def make_form(self, data=None):
        kind = self.item.agenda_kind
        decision = self.decision
        votes = self.meeting.committee.decision_rule != Committee.DecisionRule.CONSENSUS or any(
            getattr(decision, name) is not None for name in ("votes_for", "votes_against", "abstentions")
        )
        return RectifyForm(data, decision=decision, has_amount=bool(kind and kind.has_amount), votes=votes)

    def extra_context(self):
        context = super().extra_context()
        context["intro"] = _(
            "Le sens de la décision (%(outcome)s) ne se rectifie pas : pour le changer, inscrivez le point à une "
            "nouvelle réunion. La rectification, son motif et son auteur figurent sur la page de la réunion."
        ) % {"outcome": self.decision.get_outcome_display()}
        return context

    def run(self, form):
        try:
            services.decision_rectify(
                decision=self.decision,
                by=self.request.user,
                reason=form.cleaned_data["rectification_reason"],
                **form.changes(),
            )
        except TransitionRefused:
            raise
        except ValidationError as exc:
            # The service calls the rectification's motive "reason" and the decision's own "decision_reason".
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                errors = dict(exc.error_dict)
                errors["rectification_reason"] = errors.pop("reason")
                raise ValidationError(errors) from exc
            raise
        return _("La décision sur le point n° %(position)s est rectifiée.") % {"position": self.item.position}


class ActionAddView(DecisionPage):
    das_permission = perms.MANAGE_MEETINGS
    template_name = "committees/meeting_decision.html"
    submit_label = gettext_lazy("Ajouter l'action")

    def title(self):
        return _("Action d'exécution — point n° %(position)s") % {"position": self.item.position}

    def unavailable(self):
        if self.meeting.status == Status.CANCELLED:
            return _("Réunion annulée.")
        return ""

    def make_form(self, data=None):
        return ActionForm(data)

    def run(self, form):
        action = services.action_add(decision=self.decision, by=self.request.user, **form.cleaned_data)
        return _("Action confiée au service « %(service)s », échéance le %(date)s.") % {
            "service": action.get_service_display(),
            "date": action.due_on.strftime("%d/%m/%Y"),
        }


class SignedMinutesView(DasViewMixin, View):
    """Upload the signed procès-verbal of a closed meeting (kept as one of its attachments)."""

    das_permission = perms.MANAGE_MEETINGS
    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_meeting(pk)
        form = SignedMinutesForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return back_to_meeting(meeting.pk, "minutes")
        try:
            services.meeting_upload_signed_minutes(meeting=meeting, by=request.user, uploaded=form.cleaned_data["file"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Procès-verbal non déposé : %(reasons)s") % {"reasons": refusal_text(exc)})
        else:
            messages.success(request, _("Le procès-verbal signé est déposé."))
        return back_to_meeting(meeting.pk, "minutes")
