"""The follow-up of the training plan: the page, its PDF (French or Arabic) and its Excel file, all from
training.followup_documents.followup_context."""

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from das import exports
from das.views.base import DasViewMixin
from projects.views.credit_picture import workbook_response
from training import followup_documents as documents
from training import permissions
from training.followup_forms import FollowupFilterForm

LANGUAGES = {"fr", "ar"}


class FollowupView(DasViewMixin, TemplateView):
    das_permission = permissions.ACCESS
    template_name = "training/followup/followup.html"

    def get(self, request, *args, **kwargs):
        self.form = FollowupFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Suivi du plan de formation")

    def get_breadcrumbs(self):
        from django.urls import reverse

        return [(_("Formation"), reverse("training:index")), (_("Suivi"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.followup_context(self.form))
        context["page_title"] = context["followup_title"]
        context["querystring"] = context["followup_filters"].querystring()
        return context


class FollowupPdfView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, language):
        if language not in LANGUAGES:
            raise Http404
        with translation.override(language):
            form = FollowupFilterForm(request.GET or None)
            content = documents.render_followup_pdf(form, request.user, request)
        return exports.pdf_response(request, content, f"suivi-plan-formation-{form.filters().year}-{language}.pdf")


class FollowupXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request):
        form = FollowupFilterForm(request.GET or None)
        workbook = documents.followup_workbook(form, request.user)
        return workbook_response(request, workbook, f"suivi-plan-formation-{form.filters().year}.xlsx")
