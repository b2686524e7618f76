"""Pages of the training sessions: the list (PDF / Excel), a session's page, its form, its days, its participants,
the attendance grid, the transitions, the trainer's report, the evaluations, the signed sheet's scan, the attendance
sheet and the attestations as PDF.

The rules are in training.services.sessions and the reads in training.session_selectors; these pages only offer
what is allowed (training.permissions) and show the services' refusals where they belong.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.models import Commune
from das.selectors import attachments_of
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    RecordFormPage,
    TransitionView,
    history_url,
    posted_pk,
    refusal_text,
    resolve_crumbs,
)
from training import permissions
from training import session_documents as documents
from training import session_forms as forms
from training import session_selectors as selectors
from training.models import Module, Participant, SessionDay, SessionEvaluation, TrainingPlan, TrainingSession
from training.services import sessions as services

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_SESSIONS
SPACE_CRUMB = (gettext_lazy("Formation"), "training:index")
LIST_CRUMB = (gettext_lazy("Sessions de formation"), "training:session_list")


def crumbs(*tail):
    return resolve_crumbs([SPACE_CRUMB, LIST_CRUMB, *tail])


def session_crumbs(session, *tail):
    return crumbs((session.reference, session.get_absolute_url()), *tail)


def load_session(pk) -> TrainingSession:
    try:
        return selectors.session_for_page(pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def _has_url(name: str) -> bool:
    """Whether another area's page exists (the people and plans pages are built alongside): link only then."""
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return False
    return True


def _language(language: str) -> str:
    if language not in {"fr", "ar"}:
        raise Http404
    return language


def _closed_redirect(request, session):
    """A closed or cancelled session's editing pages send back to it, saying why (their POST is the service's)."""
    decision = permissions.can_manage_session(request.user, session)
    if decision:
        return None
    messages.warning(request, decision.reason)
    return redirect(session.get_absolute_url())


# --- List ------------------------------------------------------------------------------------------------------------


def _years():
    years = TrainingSession.objects.dates("start_date", "year", order="DESC")
    # Callable choices get no empty choice from django-filter: « all years » is offered here.
    return [("", _("Toutes")), *((d.year, d.year) for d in years)]


class SessionFilter(django_filters.FilterSet):
    annee = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Année"), choices=_years, coerce=int, field_name="start_date__year"
    )
    plan = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Plan"), queryset=TrainingPlan.objects.order_by("-year"), field_name="action__plan"
    )
    module = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Module"), queryset=Module.objects.order_by("code"), field_name="action__module"
    )
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=TrainingSession.Status.choices)
    du = django_filters.DateFilter(
        label=gettext_lazy("À partir du"),
        field_name="start_date",
        lookup_expr="gte",
        widget=forms.DATE,
    )
    au = django_filters.DateFilter(
        label=gettext_lazy("Jusqu'au"), field_name="start_date", lookup_expr="lte", widget=forms.DATE
    )
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (réf., lieu, formateur)"), method="search")
    o = django_filters.OrderingFilter(fields=[("start_date", "start_date"), ("reference", "reference")])

    class Meta:
        model = TrainingSession
        fields = ["annee", "plan", "module", "commune", "status", "du", "au", "q"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(place__icontains=value) | Q(trainer__icontains=value))


class SessionListView(ExportableListView):
    das_permission = READ
    filterset_class = SessionFilter
    page_title = gettext_lazy("Sessions de formation")
    create_label = gettext_lazy("Programmer une session")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=14, code=True, link=True),
        Column(gettext_lazy("Module"), "action.module", width=36),
        Column(gettext_lazy("Action"), lambda s: f"{s.action.plan.year}-{s.action.number:02d}", width=10, code=True),
        Column(gettext_lazy("Du"), "start_date", exports.DATE, order_by="start_date", width=12),
        Column(gettext_lazy("Au"), "end_date", exports.DATE, width=12),
        Column(gettext_lazy("Lieu"), "place", width=26),
        Column(gettext_lazy("Commune"), "commune", width=18),
        Column(gettext_lazy("Formateur"), "trainer", width=20),
        Column(gettext_lazy("Heures"), "hours_total", exports.DECIMAL, width=8),
        Column(gettext_lazy("Invités"), "invited_count", exports.INTEGER, width=8),
        Column(gettext_lazy("Présents"), "present_count", exports.INTEGER, width=8),
        Column(gettext_lazy("Statut"), "get_status_display", width=12),
        Column(gettext_lazy("Coût réel"), "actual_cost", exports.MONEY, width=14),
    ]

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, (LIST_CRUMB[0], None)]

    def get_queryset(self):
        return selectors.sessions()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:session_create")
        return super().get_context_data(**kwargs)


# --- A session's page ------------------------------------------------------------------------------------------------


class SessionDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        session = load_session(pk)
        page = selectors.session_page(session)
        user = request.user
        can_manage = bool(permissions.can_manage_session(user, session))
        attachments = list(attachments_of(session))
        context = {
            "session": session,
            "page": page,
            "criteria": list(zip(documents.criteria_labels(), page.evaluation.averages, strict=True)),
            "transitions": services.SESSION_WORKFLOW.available(session, user),
            "can_manage": can_manage,
            "can_evaluate": bool(permissions.can_evaluate_session(user, session)),
            "can_issue": bool(permissions.can_issue_certificates(user, session)),
            "can_upload_scan": user.has_perm(MANAGE) and session.status != TrainingSession.Status.CANCELLED,
            "can_attend": can_manage and bool(page.rows) and any(d.date <= timezone.localdate() for d in page.days),
            "scans": [a for a in attachments if a.description == str(services.SIGNED_SHEET)],
            "attachments": attachments,
            "can_edit": user.has_perm(MANAGE),
            "history_url": history_url(user, session),
            "action_links": _has_url("training:action_detail"),
            "person_links": _has_url("training:person_detail"),
            "page_title": str(session),
            "breadcrumbs": crumbs((session.reference, None)),
        }
        return TemplateResponse(request, "training/sessions/detail.html", context)


# --- Create and change -----------------------------------------------------------------------------------------------


class SessionFormView(DasViewMixin, View):
    das_permission = MANAGE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.session = load_session(pk) if pk else None

    def render(self, form):
        heading = str(self.session) if self.session else _("Programmer une session de formation")
        tail = [(self.session.reference, self.session.get_absolute_url())] if self.session else []
        context = {
            "form": form,
            "page_title": heading,
            "cancel_url": self.session.get_absolute_url() if self.session else reverse("training:session_list"),
            "breadcrumbs": crumbs(*tail, (_("Modifier") if self.session else _("Nouvelle"), None)),
        }
        return TemplateResponse(self.request, "das/form.html", context)

    def initial(self):
        if self.session:
            s = self.session
            return {
                "start_date": s.start_date,
                "end_date": s.end_date,
                "place": s.place,
                "commune": s.commune,
                "trainer": s.trainer,
                "provider_partner": s.provider_partner,
            }
        action = self.request.GET.get("action", "")
        return {"action": posted_pk(action)} if posted_pk(action) else {}

    def get(self, request, pk=None):
        if self.session and not permissions.can_manage_session(request.user, self.session):
            messages.warning(request, permissions.can_manage_session(request.user, self.session).reason)
            return redirect(self.session.get_absolute_url())
        return self.render(forms.SessionForm(initial=self.initial(), session=self.session))

    def post(self, request, pk=None):
        form = forms.SessionForm(request.POST, session=self.session)
        if not form.is_valid():
            return self.render(form)
        data = dict(form.cleaned_data)
        try:
            if self.session:
                saved = services.session_update(by=request.user, session=self.session, **data)
            else:
                saved = services.session_create(by=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Session %(reference)s enregistrée.") % {"reference": saved.reference})
        return redirect(saved.get_absolute_url())


class SessionDaysView(DasViewMixin, View):
    """The session's days: hours per day, a day added inside the range, a day removed."""

    das_permission = MANAGE

    def render(self, session, add_form=None, errors=()):
        days = list(session.days.all())
        context = {
            "session": session,
            "days": days,
            "hours": sum((d.hours for d in days), 0),
            "add_form": add_form or forms.DayForm(),
            "errors": list(errors),
            "page_title": _("Journées de la session %(reference)s") % {"reference": session.reference},
            "breadcrumbs": session_crumbs(session, (_("Journées"), None)),
        }
        return TemplateResponse(self.request, "training/sessions/days.html", context)

    def get(self, request, pk):
        session = load_session(pk)
        return _closed_redirect(request, session) or self.render(session)

    def post(self, request, pk):
        session = load_session(pk)
        action = request.POST.get("action")
        try:
            if action == "add":
                form = forms.DayForm(request.POST)
                if not form.is_valid():
                    return self.render(session, add_form=form)
                try:
                    services.day_add(by=request.user, session=session, **form.cleaned_data)
                except ValidationError as exc:
                    if isinstance(exc, services.TransitionRefused):
                        raise
                    add_service_error(form, exc)
                    return self.render(load_session(pk), add_form=form)
                messages.success(request, _("Journée ajoutée."))
            elif action == "remove":
                day = get_object_or_404(SessionDay, pk=posted_pk(request.POST.get("day")), session=session)
                services.day_remove(by=request.user, day=day)
                messages.success(request, _("Journée retirée."))
            else:
                for day in session.days.all():
                    typed = request.POST.get(f"hours_{day.pk}")
                    if typed is not None:
                        try:
                            services.day_update(by=request.user, day=day, hours=typed)
                        except ValidationError as exc:
                            if isinstance(exc, services.TransitionRefused):
                                raise
                            raise ValidationError(f"{day.date.strftime('%d/%m/%Y')} : {refusal_text(exc)}") from None
                messages.success(request, _("Heures enregistrées."))
        except (ValidationError, PermissionDenied) as exc:
            return self.render(load_session(pk), errors=[refusal_text(exc)])
        return redirect("training:session_days", pk)


class ParticipantsView(DasViewMixin, View):
    """Invite persons of the register (search), a team's active members, or withdraw an invitation."""

    das_permission = MANAGE

    def render(self, session, *, team_form=None, errors=()):
        search = forms.InviteSearchForm(self.request.GET or None)
        found = []
        if search.is_bound and search.is_valid() and any(search.cleaned_data.values()):
            found = list(selectors.person_search(**search.cleaned_data))
        invited = set(session.participants.values_list("person_id", flat=True))
        page = selectors.session_page(session)
        context = {
            "session": session,
            "page": page,
            "search": search,
            "found": [(person, person.pk in invited) for person in found],
            "searched": search.is_bound,
            "team_form": team_form or forms.TeamInviteForm(),
            "errors": list(errors),
            "target": session.action.get_target_group_display(),
            "target_code": session.action.target_group,
            "page_title": _("Participants de la session %(reference)s") % {"reference": session.reference},
            "breadcrumbs": session_crumbs(session, (_("Participants"), None)),
        }
        return TemplateResponse(self.request, "training/sessions/participants.html", context)

    def get(self, request, pk):
        session = load_session(pk)
        return _closed_redirect(request, session) or self.render(session)

    def post(self, request, pk):
        from training.models import Person

        session = load_session(pk)
        action = request.POST.get("action")
        back = reverse("training:session_participants", args=[pk]) + (
            "?" + request.POST.get("query", "") if request.POST.get("query") else ""
        )
        try:
            if action == "invite":
                person = get_object_or_404(Person, pk=posted_pk(request.POST.get("person")))
                _participant, warning = services.participant_invite(by=request.user, session=session, person=person)
                messages.success(request, _("%(person)s invité(e).") % {"person": person})
                if warning:
                    messages.warning(request, warning)
            elif action == "team":
                team_form = forms.TeamInviteForm(request.POST)
                if not team_form.is_valid():
                    return self.render(session, team_form=team_form)
                try:
                    result = services.team_invite(by=request.user, session=session, team=team_form.cleaned_data["team"])
                except ValidationError as exc:
                    if isinstance(exc, services.TransitionRefused):
                        raise
                    add_service_error(team_form, exc)
                    return self.render(session, team_form=team_form)
                messages.success(
                    request,
                    _("%(count)s membre(s) invité(s) ; %(already)s déjà invité(s).")
                    % {"count": len(result.invited), "already": result.already},
                )
                for warning in result.warnings:
                    messages.warning(request, warning)
            elif action == "remove":
                participant = get_object_or_404(
                    Participant, pk=posted_pk(request.POST.get("participant")), session=session
                )
                services.participant_remove(by=request.user, participant=participant)
                messages.success(request, _("Invitation retirée."))
            else:
                raise Http404
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        return redirect(back)


class AttendanceView(DasViewMixin, View):
    """The grid participants × days: one checkbox per day already passed."""

    das_permission = MANAGE

    def render(self, session, page, *, ticked=None, errors=(), stamp=None):
        today = timezone.localdate()
        rows = []
        for row in page.rows:
            present = ticked.get(row.participant.pk, set()) if ticked is not None else row.present_days
            rows.append(
                {
                    "row": row,
                    "cells": [
                        {"day": day, "checked": day.pk in present, "future": day.date > today} for day in page.days
                    ],
                }
            )
        context = {
            "session": session,
            "page": page,
            "rows": rows,
            "errors": list(errors),
            "stamp": stamp or page.stamp,
            "open": session.status in services.OPEN_STATES,
            "page_title": _("Présences de la session %(reference)s") % {"reference": session.reference},
            "breadcrumbs": session_crumbs(session, (_("Présences"), None)),
        }
        return TemplateResponse(self.request, "training/sessions/attendance.html", context)

    def get(self, request, pk):
        session = load_session(pk)
        return self.render(session, selectors.session_page(session))

    def post(self, request, pk):
        session = load_session(pk)
        page = selectors.session_page(session)
        ticked: dict[int, set[int]] = {}
        present = set()
        for value in request.POST.getlist("present"):
            participant_id, _sep, day_id = value.partition("-")
            participant_id, day_id = posted_pk(participant_id), posted_pk(day_id)
            if participant_id and day_id:
                present.add((participant_id, day_id))
                ticked.setdefault(participant_id, set()).add(day_id)
        stamp = request.POST.get("stamp", "")
        try:
            counts = services.attendance_save(by=request.user, session=session, present=present, expected_stamp=stamp)
        except (ValidationError, PermissionDenied) as exc:
            return self.render(session, page, ticked=ticked, errors=[refusal_text(exc)], stamp=stamp)
        messages.success(
            request,
            _("Présences enregistrées : %(added)s ajoutée(s), %(removed)s retirée(s).")
            % {"added": counts.added, "removed": counts.removed},
        )
        return redirect("training:session_attendance", pk)


class SessionTransitionView(TransitionView):
    workflow = services.SESSION_WORKFLOW
    transition_services = {"hold": services.session_hold, "close": services.session_close}
    record_argument = "session"
    detail_url_name = "training:session_detail"
    done_message = gettext_lazy("Session désormais « %(status)s ».")
    das_permission = MANAGE

    def get_record(self, pk):
        return get_object_or_404(TrainingSession, pk=pk)


class SessionPage(RecordFormPage):
    das_permission = MANAGE
    template_name = "training/sessions/form_page.html"

    def load(self, pk):
        self.session = load_session(pk)

    def done_url(self) -> str:
        return self.session.get_absolute_url()

    def context(self, title) -> dict:
        return {
            "session": self.session,
            "page_title": title,
            "cancel_url": self.done_url(),
            "breadcrumbs": session_crumbs(self.session, (title, None)),
        }


class CancelView(SessionPage):
    def title(self):
        return _("Annuler la session %(reference)s") % {"reference": self.session.reference}

    def unavailable(self):
        decision = services.SESSION_WORKFLOW.decide(self.session, "cancel", self.request.user)
        return "" if decision else decision.reason

    def make_form(self, data=None):
        return forms.CancelForm(data)

    def run(self, form):
        services.session_cancel(session=self.session, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("Session annulée.")


class ReportView(SessionPage):
    def title(self):
        return _("Rapport du formateur et coût réel")

    def unavailable(self):
        decision = permissions.can_manage_session(self.request.user, self.session)
        return "" if decision else decision.reason

    def make_form(self, data=None):
        initial = {"trainer_report": self.session.trainer_report, "actual_cost": self.session.actual_cost}
        return forms.ReportForm(data, self.request.FILES if data is not None else None, initial=initial)

    def run(self, form):
        services.report_save(
            by=self.request.user,
            session=self.session,
            trainer_report=form.cleaned_data["trainer_report"],
            actual_cost=form.cleaned_data["actual_cost"],
            uploaded=form.cleaned_data.get("file"),
        )
        return _("Rapport et coût enregistrés.")


class EvaluationView(SessionPage):
    template_name = "training/sessions/evaluation_form.html"

    def title(self):
        return _("Grille d'évaluation")

    def unavailable(self):
        decision = permissions.can_evaluate_session(self.request.user, self.session)
        return "" if decision else decision.reason

    def make_form(self, data=None):
        return forms.EvaluationForm(data, session=self.session)

    def extra_context(self):
        return {"criteria": SessionEvaluation.CRITERIA}

    def run(self, form):
        services.evaluation_add(
            by=self.request.user,
            session=self.session,
            participant=form.cleaned_data["participant"],
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
        return _("Grille d'évaluation enregistrée.")

    def done_url(self):
        if self.request.POST.get("another"):
            return reverse("training:session_evaluation", args=[self.session.pk])
        return self.session.get_absolute_url()


class ScanView(SessionPage):
    def title(self):
        return _("Joindre la feuille de présence signée")

    def make_form(self, data=None):
        return forms.ScanForm(data, self.request.FILES if data is not None else None)

    def run(self, form):
        services.signed_sheet_add(by=self.request.user, session=self.session, uploaded=form.cleaned_data["file"])
        return _("Feuille de présence signée jointe.")


# --- Documents -------------------------------------------------------------------------------------------------------


class SheetPdfView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk, language):
        language = _language(language)
        session = load_session(pk)
        content = documents.render_sheet(selectors.session_page(session), language)
        return exports.pdf_response(request, content, f"feuille-presence-{session.reference}-{language}.pdf")


class SummaryPdfView(DasViewMixin, View):
    """The session's record: attendance, evaluation averages and the trainer's report."""

    das_permission = READ

    def get(self, request, pk, language):
        language = _language(language)
        session = load_session(pk)
        content = documents.render_summary(selectors.session_page(session), language)
        return exports.pdf_response(request, content, f"fiche-session-{session.reference}-{language}.pdf")


class CertificateIssueView(DasViewMixin, View):
    """POST: number the attestation of one participant (or of every eligible one) — the first issue."""

    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        session = get_object_or_404(TrainingSession, pk=pk)
        try:
            participant_id = request.POST.get("participant", "")
            if participant_id:
                participant = get_object_or_404(Participant, pk=posted_pk(participant_id), session=session)
                issued = services.certificate_issue(by=request.user, participant=participant)
                messages.success(request, _("Attestation %(number)s délivrée.") % {"number": issued.certificate_number})
            else:
                issued = services.certificates_issue_all(by=request.user, session=session)
                messages.success(request, _("%(count)s attestation(s) délivrée(s).") % {"count": len(issued)})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        return redirect(session.get_absolute_url())


class CertificatePdfView(DasViewMixin, View):
    """An attestation already issued, reprinted with its number."""

    das_permission = READ

    def get(self, request, pk, language):
        language = _language(language)
        participant = get_object_or_404(Participant.objects.select_related("person", "session__action__module"), pk=pk)
        if not participant.certificate_number:
            raise Http404(_("Cette attestation n'a pas encore été délivrée."))
        content = documents.render_certificates(participant.session, [participant], language)
        return exports.pdf_response(request, content, f"attestation-{participant.certificate_number}-{language}.pdf")


class CertificatesPdfView(DasViewMixin, View):
    """Every attestation issued for the session, one page each, to print them together."""

    das_permission = READ

    def get(self, request, pk, language):
        language = _language(language)
        session = load_session(pk)
        issued = selectors.issued_certificates(session)
        if not issued:
            messages.warning(request, _("Aucune attestation n'a encore été délivrée pour cette session."))
            return redirect(session.get_absolute_url())
        content = documents.render_certificates(session, issued, language)
        return exports.pdf_response(request, content, f"attestations-{session.reference}-{language}.pdf")
