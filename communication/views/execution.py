"""Pages of the plan's execution: an action's realisation (form and page), its photos, the cancellation of an action
and the plan's execution report (HTML, PDF in French or Arabic, Excel). Rules in communication.services.execution;
reads in communication.execution_selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from communication import execution_documents as documents
from communication import execution_forms as forms
from communication import execution_selectors as selectors
from communication import permissions
from communication.models import CommunicationAction, CommunicationPlan, RealisationPhoto
from communication.services import execution as services
from das.forms import add_service_error
from das.views.base import DasViewMixin, PdfView, history_url, refusal_text
from das.views.documents import inline_image_response
from das.workflow import TransitionRefused
from projects.views.credit_picture import workbook_response


def url_or_empty(name, *args) -> str:
    """Another area's page, when it is there (the plans' pages are merged separately)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def crumbs(plan, *tail):
    items = [(_("Communication de proximité"), reverse("communication:index"))]
    items.append((str(plan), url_or_empty("communication:plan_detail", plan.pk) or None))
    return items + list(tail)


def action_label(action) -> str:
    return _("Action n° %(number)s – %(title)s") % {"number": action.number, "title": action.title}


def load_action(pk) -> CommunicationAction:
    try:
        return selectors.action_for_realisation(pk)
    except CommunicationAction.DoesNotExist as exc:
        raise Http404 from exc


def action_url(action) -> str:
    return url_or_empty("communication:action_detail", action.pk) or reverse(
        "communication:realisation_detail", args=[action.pk]
    )


# --- The realisation form --------------------------------------------------------------------------------------------
class RealisationRecordView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    template_name = "communication/execution/realisation_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action = load_action(kwargs["pk"])
        self.realisation = selectors.realisation_for_page(self.action)

    def forms(self, data=None, files=None):
        action, realisation = self.action, self.realisation
        form = forms.RealisationForm(data, files, initial=forms.realisation_initial(action, realisation))
        attendance = forms.AttendanceFormSet(
            data, prefix="attendance", initial=None if data else forms.attendance_initial(action, realisation)
        )
        press = forms.PressFormSet(data, prefix="press", initial=None if data else forms.press_initial(realisation))
        return form, attendance, press

    def render(self, form, attendance, press):
        action = self.action
        title = (
            _("Modifier la réalisation de l'action n° %(number)s")
            if self.realisation
            else _("Saisir la réalisation de l'action n° %(number)s")
        ) % {"number": action.number}
        context = {
            "action": action,
            "plan": action.plan,
            "realisation": self.realisation,
            "form": form,
            "attendance_formset": attendance,
            "press_formset": press,
            "face_to_face": action.kind in selectors.FACE_TO_FACE_KINDS,
            "max_photos": services.MAX_PHOTOS,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs(action.plan, (action_label(action), action_url(action)), (title, None)),
            "back_url": action_url(action),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if not services.may_record(request.user, self.action):
            reason = permissions.can_record_realisation(request.user, self.action).reason or _(
                "L'action n° %(number)s est annulée : elle ne se réalise plus."
            ) % {"number": self.action.number}
            messages.warning(request, reason)
            return redirect(reverse("communication:realisation_detail", args=[self.action.pk]))
        return self.render(*self.forms())

    def post(self, request, pk):
        form, attendance, press = self.forms(request.POST, request.FILES)
        valid = [f.is_valid() for f in (form, attendance, press)]
        if not all(valid):
            return self.render(form, attendance, press)
        data = form.cleaned_data
        try:
            services.realisation_record(
                action=self.action,
                by=request.user,
                carried_out_on=data["carried_out_on"],
                place=data["place"],
                commune=data["commune"],
                reach=data["reach"] or 0,
                actual_cost=data["actual_cost"],
                partners=data["partners"],
                summary=data["summary"],
                attendance=attendance.lines(),
                press=press.lines(),
                photos=data["photos"],
                photo_caption=data["photo_caption"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, target in (("attendance", attendance), ("press", press)):
                    if name in exc.error_dict:
                        target._non_form_errors = target.error_class(
                            [m for e in exc.error_dict.pop(name) for m in e.messages]
                        )
            add_service_error(form, exc)
            return self.render(form, attendance, press)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form, attendance, press)
        messages.success(
            request, _("Réalisation de l'action n° %(number)s enregistrée.") % {"number": self.action.number}
        )
        return redirect(reverse("communication:realisation_detail", args=[self.action.pk]))


# --- The realisation page --------------------------------------------------------------------------------------------
class RealisationDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/execution/realisation_detail.html"

    def get(self, request, pk):
        action = load_action(pk)
        realisation = selectors.realisation_for_page(action)
        title = _("Réalisation de l'action n° %(number)s") % {"number": action.number}
        rows, total = selectors.attendance_table(realisation) if realisation else ([], None)
        context = {
            "action": action,
            "plan": action.plan,
            "realisation": realisation,
            "attendance_rows": rows,
            "attendance_total": total,
            "reached": (total.total + realisation.reach) if realisation else 0,
            "consumption": selectors.rate(realisation.actual_cost, action.planned_budget) if realisation else None,
            "can_record": services.may_record(request.user, action),
            "can_cancel": services.may_cancel(request.user, action),
            "cancel_form": forms.CancelForm(),
            "definitions": selectors.DEFINITIONS,
            "action_url": url_or_empty("communication:action_detail", action.pk),
            "report_url": reverse("communication:execution_report", args=[action.plan_id]),
            "history_url": history_url(request.user, realisation) if realisation else "",
            "page_title": title,
            "breadcrumbs": crumbs(action.plan, (action_label(action), action_url(action)), (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class RealisationPhotoView(DasViewMixin, View):
    """A photo of an action, shown in the page (inline) to the plan's readers."""

    das_permission = permissions.ACCESS

    def get(self, request, pk):
        if not permissions.can_read_plans(request.user):
            raise PermissionDenied
        photo = RealisationPhoto.objects.select_related("attachment").filter(pk=pk).first()
        if photo is None:
            raise Http404
        return inline_image_response(photo.attachment)


class RealisationPhotoDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    http_method_names = ["post"]

    def post(self, request, pk):
        photo = RealisationPhoto.objects.select_related("realisation__action").filter(pk=pk).first()
        if photo is None:
            raise Http404
        action_pk = photo.realisation.action_id
        try:
            services.photo_remove(photo=photo, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Photo retirée de la réalisation."))
        return redirect(reverse("communication:realisation_detail", args=[action_pk]) + "#photos")


class ActionCancelView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    http_method_names = ["post"]

    def post(self, request, pk):
        action = load_action(pk)
        form = forms.CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["reason"]))
            return redirect(action_url(action))
        try:
            services.action_cancel(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except (TransitionRefused, ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Annulation refusée : %(reasons)s") % {"reasons": refusal_text(exc)})
        else:
            messages.success(request, _("L'action n° %(number)s est annulée.") % {"number": action.number})
        return redirect(action_url(action))


# --- The execution report --------------------------------------------------------------------------------------------
def load_plan(pk) -> CommunicationPlan:
    plan = CommunicationPlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


class ExecutionReportView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/execution/report.html"

    def get(self, request, pk):
        plan = load_plan(pk)
        report = selectors.execution_report(plan)
        title = _("Rapport d'exécution du plan de communication %(year)s") % {"year": plan.year}
        context = {
            "plan": plan,
            "report": report,
            "definitions": selectors.DEFINITIONS,
            "documents": [
                (_("Rapport (PDF, français)"), reverse("communication:execution_report_pdf", args=[plan.pk, "fr"])),
                (_("Rapport (PDF, arabe)"), reverse("communication:execution_report_pdf", args=[plan.pk, "ar"])),
                (_("Rapport (Excel)"), reverse("communication:execution_report_xlsx", args=[plan.pk])),
            ],
            "page_title": title,
            "breadcrumbs": crumbs(plan, (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class ExecutionReportPdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_plan(pk)

    def render_pdf(self, plan, language):
        return documents.render_report_pdf(plan, language)

    def file_name(self, plan, language):
        return f"{documents.file_stem(plan)}-{language}.pdf"


class ExecutionReportXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk):
        plan = load_plan(pk)
        workbook = documents.report_workbook(plan, request.user)
        return workbook_response(request, workbook, f"{documents.file_stem(plan)}.xlsx")
