"""Avenants of a convention: drafting (object, amounts, duration, schedule), the avenant's page with what it
changes, the lifecycle buttons, the Governor's office's signature or return, and the PDF in French or Arabic.
The rules are in projects.services.amendments; the pages only offer what is allowed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das.views.base import DasViewMixin, RecordFormPage, TransitionView, history_url, refusal_text
from projects import amendment_forms as forms
from projects import convention_forms, permissions, tranche_forms
from projects.models import Amendment, AmendmentParty, AmendmentReturn
from projects.scope import get_in_scope
from projects.services import amendments as services
from projects.services import conventions as convention_services
from projects.views.conventions import QUEUE_CRUMB, PredicateMixin, crumbs, get_convention

STATUS_STYLES = {
    Amendment.Status.DRAFT: "secondary",
    Amendment.Status.VALIDATED: "info",
    Amendment.Status.TRANSMITTED: "warning",
    Amendment.Status.SIGNED: "success",
    Amendment.Status.ABANDONED: "dark",
}
BUTTON_SERVICES = {
    "validate": services.amendment_validate,
    "reopen": services.amendment_reopen,
    "transmit": services.amendment_transmit,
    "abandon": services.amendment_abandon,
}
FORM_PAGES = {"sign": "projects:amendment_sign", "return": "projects:amendment_return"}


def get_amendment(request, pk) -> Amendment:
    """The avenant of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(
        request,
        Amendment.objects.select_related("convention__project__holder", "convention__project__commune", "signed_scan"),
        pk=pk,
    )


def amendment_crumbs(amendment, *tail):
    convention = amendment.convention
    return crumbs((convention.reference, convention.get_absolute_url()), *tail)


class AmendmentCreateView(RecordFormPage):
    """The agent opens the convention's next avenant with its object; the amounts follow on the avenant."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/amendment_form.html"

    def load(self, pk):
        self.convention = get_convention(self.request, pk)
        self.created = None

    def title(self):
        return _("Préparer un avenant à la convention %(ref)s") % {"ref": self.convention.reference}

    def unavailable(self):
        if services.may_amend(self.convention, self.request.user):
            return ""
        return _("Un avenant se prépare sur une convention signée ou en exécution, un seul à la fois.")

    def make_form(self, data=None):
        return forms.AmendmentCreateForm(data)

    def run(self, form):
        self.created = services.amendment_create(
            convention=self.convention, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("Avenant %(ref)s préparé en brouillon.") % {"ref": self.created.reference}

    def done_url(self):
        return self.created.get_absolute_url() if self.created else self.convention.get_absolute_url()

    def context(self, title):
        return {
            "convention": self.convention,
            "page_title": title,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (title, None)),
        }


class AmendmentDetailView(PredicateMixin, DasViewMixin, View):
    template_name = "projects/amendment_detail.html"

    def get(self, request, pk):
        queryset = Amendment.objects.select_related(
            "convention__project__holder", "convention__project__commune", "signed_scan", "validated_by"
        ).prefetch_related(
            Prefetch("parties", queryset=AmendmentParty.objects.select_related("party__partner")),
            "tranches",
            Prefetch("returns", queryset=AmendmentReturn.objects.select_related("returned_by")),
        )
        amendment = get_in_scope(request, queryset, pk=pk)
        convention, user = amendment.convention, request.user
        signed = amendment.status == Amendment.Status.SIGNED
        changes = amendment.changes if signed else []
        if amendment.is_open:
            changes = services.pending_changes(amendment, convention)
        available = services.AMENDMENT_WORKFLOW.available(amendment, user)
        buttons = [(t, services.blockers(amendment, t.name)) for t in available if t.name in BUTTON_SERVICES]
        context = {
            "amendment": amendment,
            "convention": convention,
            "project": convention.project,
            "page_title": str(amendment),
            "breadcrumbs": amendment_crumbs(amendment, (amendment.reference, None)),
            "status_style": STATUS_STYLES.get(amendment.status, "secondary"),
            "changes": services.describe_changes(changes),
            "buttons": buttons,
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": services.may_edit(amendment, user),
            "can_see_project": user.has_perm(permissions.ACCESS),
            "history_url": history_url(user, amendment),
            "waiting_days": services.waiting_days(amendment)
            if amendment.status == Amendment.Status.TRANSMITTED
            else None,
        }
        return TemplateResponse(request, self.template_name, context)


class AmendmentTransitionView(TransitionView):
    """Validate, put back to draft, transmit to the Cabinet, abandon: one POST each; the service checks."""

    das_permission = permissions.ACCESS
    workflow = services.AMENDMENT_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "amendment"
    detail_url_name = "projects:amendment_detail"
    done_message = gettext_lazy("L'avenant est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_amendment(self.request, pk)


class AmendmentPage(RecordFormPage):
    template_name = "projects/amendment_form.html"

    def load(self, pk):
        self.amendment = get_amendment(self.request, pk)
        self.convention = self.amendment.convention

    def done_url(self):
        return self.amendment.get_absolute_url()

    def context(self, title):
        return {
            "amendment": self.amendment,
            "convention": self.convention,
            "page_title": title,
            "breadcrumbs": amendment_crumbs(
                self.amendment, (self.amendment.reference, self.amendment.get_absolute_url()), (title, None)
            ),
        }


class AmendmentTermsView(AmendmentPage):
    das_permission = permissions.MANAGE_DOSSIERS

    def title(self):
        return _("Objet, montants et durée de l'avenant %(ref)s") % {"ref": self.amendment.reference}

    def unavailable(self):
        return (
            ""
            if services.may_edit(self.amendment, self.request.user)
            else _("Seul un avenant en brouillon se modifie.")
        )

    def make_form(self, data=None):
        initial = {
            "reason": self.amendment.reason,
            "cost": self.amendment.cost,
            "duration_months": self.amendment.duration_months,
        }
        return forms.AmendmentTermsForm(data, parties=services.proposed_parties(self.amendment), initial=initial)

    def run(self, form):
        data = form.cleaned_data
        services.amendment_edit(
            amendment=self.amendment,
            by=self.request.user,
            reason=data["reason"],
            cost=data["cost"],
            duration_months=data["duration_months"],
            contributions=form.contributions(),
        )
        return _("Avenant enregistré.")


class AmendmentScheduleView(DasViewMixin, View):
    """The tranche schedule after the avenant (amounts or percentages of its INDH contribution)."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/amendment_schedule.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.amendment = get_amendment(request, kwargs["pk"])

    def indh(self):
        return services.proposed_indh(services.proposed_parties(self.amendment))

    def render(self, formset, errors=(), mode_form=None):
        heading = _("Échéancier après l'avenant %(ref)s") % {"ref": self.amendment.reference}
        context = {
            "amendment": self.amendment,
            "convention": self.amendment.convention,
            "indh": self.indh(),
            "paid": services.paid_by_tranche(self.amendment.convention),
            "released": sorted(services.released_numbers(self.amendment.convention)),
            "formset": formset,
            "mode_form": mode_form or tranche_forms.ScheduleModeForm(),
            "errors": list(errors),
            "heading": heading,
            "page_title": heading,
            "breadcrumbs": amendment_crumbs(
                self.amendment, (self.amendment.reference, self.amendment.get_absolute_url()), (heading, None)
            ),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if not services.may_edit(self.amendment, request.user):
            messages.warning(request, _("Seul un avenant en brouillon se modifie."))
            return redirect(self.amendment.get_absolute_url())
        initial = tranche_forms.schedule_initial(self.amendment.tranches.order_by("number"))
        return self.render(tranche_forms.TrancheFormSet(initial=initial, prefix="tranches"))

    def post(self, request, pk):
        mode_form = tranche_forms.ScheduleModeForm(request.POST)
        mode = (mode_form.cleaned_data["mode"] if mode_form.is_valid() else "") or tranche_forms.AMOUNTS
        formset = tranche_forms.TrancheFormSet(request.POST, prefix="tranches")
        if not formset.is_valid():
            return self.render(formset, mode_form=mode_form)
        try:
            lines = tranche_forms.schedule_lines(mode, formset, self.indh())
            services.amendment_set_schedule(amendment=self.amendment, by=request.user, lines=lines)
        except (ValidationError, PermissionDenied) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [refusal_text(exc)]
            return self.render(formset, errors, mode_form)
        messages.success(request, _("Échéancier de l'avenant enregistré."))
        return redirect(self.amendment.get_absolute_url())


# --- The Governor's office ----------------------------------------------------------------------------------------


class AmendmentCabinetPage(PredicateMixin, AmendmentPage):
    predicate = staticmethod(convention_services.may_sign)
    transition = ""

    def unavailable(self):
        decision = services.AMENDMENT_WORKFLOW.decide(self.amendment, self.transition, self.request.user)
        return "" if decision else decision.reason

    def done_url(self):
        return reverse("projects:convention_queue")

    def context(self, title):
        return {
            "amendment": self.amendment,
            "convention": self.convention,
            "page_title": title,
            "breadcrumbs": [(QUEUE_CRUMB[0], reverse(QUEUE_CRUMB[1])), (self.amendment.reference, None)],
            "multipart": self.transition == "sign",
        }


class AmendmentSignView(AmendmentCabinetPage):
    transition = "sign"

    def title(self):
        return _("Enregistrer la signature de l'avenant %(ref)s") % {"ref": self.amendment.reference}

    def make_form(self, data=None):
        form = convention_forms.SignForm(data, self.request.FILES if data is not None else None)
        form.fields["scan"].label = _("Scan de l'avenant signé (PDF ou image)")
        return form

    def run(self, form):
        services.amendment_sign(
            amendment=self.amendment,
            by=self.request.user,
            signed_on=form.cleaned_data["signed_on"],
            scan=form.cleaned_data["scan"],
        )
        return _("Signature de l'avenant %(ref)s enregistrée ; la convention est modifiée.") % {
            "ref": self.amendment.reference
        }


class AmendmentReturnView(AmendmentCabinetPage):
    transition = "return"

    def title(self):
        return _("Retourner l'avenant %(ref)s avec observations") % {"ref": self.amendment.reference}

    def make_form(self, data=None):
        return convention_forms.ReturnForm(data)

    def run(self, form):
        services.amendment_return(
            amendment=self.amendment, by=self.request.user, observations=form.cleaned_data["observations"]
        )
        return _("Avenant %(ref)s retourné au service avec vos observations.") % {"ref": self.amendment.reference}


# --- Documents ----------------------------------------------------------------------------------------------------


class AmendmentPdfView(PredicateMixin, DasViewMixin, View):
    def get(self, request, pk, language):
        from das.exports import pdf_response
        from projects.amendment_documents import render_amendment

        if language not in {"fr", "ar"}:
            raise Http404
        amendment = get_amendment(request, pk)
        content = render_amendment(amendment, language)
        return pdf_response(request, content, f"avenant-{amendment.reference.replace('/', '-')}-{language}.pdf")


class AmendmentScanView(PredicateMixin, DasViewMixin, View):
    def get(self, request, pk):
        from das.exports import journal_download

        scan = get_amendment(request, pk).signed_scan
        if scan is None:
            raise Http404
        journal_download(request, kind="pièce jointe", file_name=scan.original_name)
        return FileResponse(scan.file.open("rb"), as_attachment=True, filename=scan.original_name)
