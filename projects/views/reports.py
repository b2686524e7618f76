"""The official reports' pages: the index (every report with its period picker and the archive), a report's page
(main figures and downloads), the stable downloads (``rapports/<kind>/<period>/<language>.pdf`` and ``.xlsx``), and
the archive of the reports generated for sending (request, progress, the very file that was sent)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from das import exports
from das.views.base import DasViewMixin, refusal_text
from projects import permissions
from projects.models import ReportArchive
from projects.reports import periods, registry
from projects.services import reports as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGUAGES = {"fr", "ar"}
PICKER_LENGTH = {periods.MONTH: 24, periods.QUARTER: 12, periods.SEMESTER: 8, periods.YEAR: 6}


def report_label(kind: str) -> str:
    return str(ReportArchive.Kind(kind).label) if kind in ReportArchive.Kind.values else kind


def crumbs(*extra):
    return [(gettext_lazy("Rapports officiels"), reverse("projects:report_index")), *extra]


def definition_or_404(kind: str, slug: str):
    try:
        return services.definition_and_period(kind, slug)
    except services.ReportError as error:
        raise Http404(_("Rapport ou période inconnu.")) from error


def recent_periods(kind: str) -> list[periods.Period]:
    """The periods offered by the picker: the last complete one first, then those before it."""
    period = periods.last_complete(timezone.localdate(), kind)
    found = []
    for _i in range(PICKER_LENGTH[kind]):
        found.append(period)
        period = period.previous()
    return found


class ArchiveForm(forms.Form):
    choice = forms.ChoiceField(label=gettext_lazy("Format"), choices=services.FORMAT_CHOICES)
    note = forms.CharField(label=gettext_lazy("Destinataire / observation"), max_length=255, required=False)


class ReportIndexView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/reports/index.html"
    page_title = gettext_lazy("Rapports officiels")

    def get(self, request, *args, **kwargs):
        kind, slug = request.GET.get("rapport"), request.GET.get("periode")
        if kind and slug:  # the period picker (a GET form) leads to the report's stable URL
            definition_or_404(kind, slug)
            return redirect("projects:report_detail", kind=kind, period=slug)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [(_("Rapports officiels"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = []
        for definition in registry.all_reports():
            choices = recent_periods(definition.period_kind)
            reports.append({"definition": definition, "label": report_label(definition.kind), "periods": choices})
        archives = services.archives_visible_to(self.request.user)[:10]
        context.update({"reports": reports, "archives": list(archives), "now": timezone.now()})
        return context


class ReportArchiveListView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/reports/archive_list.html"
    page_title = gettext_lazy("Rapports archivés")

    def get_breadcrumbs(self):
        return crumbs((_("Archives"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        archives = services.archives_visible_to(self.request.user)
        kind = self.request.GET.get("rapport", "")
        period = self.request.GET.get("periode", "").strip()
        if kind in ReportArchive.Kind.values:
            archives = archives.filter(kind=kind)
        if period:
            archives = archives.filter(period=period)
        page = Paginator(archives, 25).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "page_obj": page,
                "archives": page.object_list,
                "kinds": ReportArchive.Kind.choices,
                "kind": kind,
                "period": period,
                "querystring": query.urlencode(),
                "now": timezone.now(),
            }
        )
        return context


class ReportDetailView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/reports/detail.html"

    def get(self, request, *args, **kwargs):
        self.definition, self.period = definition_or_404(kwargs["kind"], kwargs["period"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.definition.title(self.period)

    def get_breadcrumbs(self):
        return crumbs((report_label(self.definition.kind), None))

    def get_context_data(self, **kwargs):
        from django.utils.translation import get_language

        context = super().get_context_data(**kwargs)
        # The page reads in the reader's language (English too); the files stay French or Arabic.
        language = (get_language() or "fr")[:2]
        language = language if language in ("fr", "ar", "en") else "fr"
        report = services.build_context(self.definition, self.period, self.request.user, language)
        figures = self.definition.figures(report) if self.definition.figures else []
        kind, slug = self.definition.kind, self.period.slug
        context.update(
            {
                "definition": self.definition,
                "period": self.period,
                "report": report,
                "figures": figures,
                "pdf_fr": reverse("projects:report_pdf", args=[kind, slug, "fr"]),
                "pdf_ar": reverse("projects:report_pdf", args=[kind, slug, "ar"]),
                "xlsx": reverse("projects:report_xlsx", args=[kind, slug]),
                "previous": reverse("projects:report_detail", args=[kind, self.period.previous().slug]),
                "next": reverse("projects:report_detail", args=[kind, self.period.next().slug]),
                "can_archive": self.request.user.has_perm(permissions.ARCHIVE_REPORTS),
                "archive_form": ArchiveForm(),
                "archives": list(services.archives_visible_to(self.request.user).filter(kind=kind, period=slug)[:10]),
                "now": timezone.now(),
            }
        )
        return context


class ReportPdfView(DasViewMixin, View):
    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request, kind, period, language):
        if language not in LANGUAGES:
            raise Http404
        definition, found = definition_or_404(kind, period)
        content = services.render(definition, found, request.user, file_format="pdf", language=language)
        return exports.pdf_response(request, content, services.file_name(definition, found, "pdf", language))


class ReportXlsxView(DasViewMixin, View):
    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request, kind, period):
        definition, found = definition_or_404(kind, period)
        content = services.render(definition, found, request.user, file_format="xlsx", language="fr")
        name = services.file_name(definition, found, "xlsx", "fr")
        exports.journal_download(request, kind="xlsx", file_name=name)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReportArchiveCreateView(DasViewMixin, View):
    das_permission = permissions.ARCHIVE_REPORTS
    http_method_names = ["post"]

    def post(self, request, kind, period):
        definition, found = definition_or_404(kind, period)
        form = ArchiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choisissez le format du rapport à archiver."))
            return redirect("projects:report_detail", kind=kind, period=period)
        try:
            archive = services.archive_request(
                by=request.user,
                kind=definition.kind,
                period_slug=found.slug,
                choice=form.cleaned_data["choice"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as error:
            messages.error(request, refusal_text(error))
            return redirect("projects:report_detail", kind=kind, period=period)
        messages.success(request, _("Le rapport est en préparation ; il sera archivé tel qu'envoyé."))
        return redirect("projects:report_archive_detail", pk=archive.pk)


def archive_or_404(request, pk) -> ReportArchive:
    """An archive the reader may read (services.archives_visible_to); any other answers 404."""
    return get_object_or_404(services.archives_visible_to(request.user), pk=pk)


def archive_state(archive: ReportArchive) -> dict:
    interrupted = services.is_interrupted(archive)
    return {
        "status": archive.status,
        "label": _("Interrompu") if interrupted else archive.get_status_display(),
        "progress": archive.progress,
        "done": archive.status in (ReportArchive.Status.READY, ReportArchive.Status.FAILED) or interrupted,
        "interrupted": interrupted,
        "error": archive.error,
        "file_url": reverse("projects:report_archive_file", args=[archive.pk])
        if archive.status == ReportArchive.Status.READY
        else "",
    }


class ReportArchiveDetailView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/reports/archive_detail.html"

    def get(self, request, *args, **kwargs):
        self.archive = archive_or_404(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("%(report)s – %(period)s (archive n° %(pk)s)") % {
            "report": self.archive.get_kind_display(),
            "period": self.archive.period,
            "pk": self.archive.pk,
        }

    def get_breadcrumbs(self):
        return crumbs((_("Archives"), reverse("projects:report_archive_list")), (f"n° {self.archive.pk}", None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        archive = self.archive
        state = archive_state(archive)
        detail_url = ""
        if registry.get(archive.kind) is not None:
            detail_url = reverse("projects:report_detail", args=[archive.kind, archive.period])
        context.update(
            {
                "archive": archive,
                "state": state,
                "format_label": dict(services.FORMAT_CHOICES).get(
                    archive.parameters.get("format"), archive.file_format
                ),
                "status_url": reverse("projects:report_archive_status", args=[archive.pk]),
                "detail_url": detail_url,
                "can_archive": self.request.user.has_perm(permissions.ARCHIVE_REPORTS),
                "archive_form": ArchiveForm(initial={"choice": archive.parameters.get("format"), "note": archive.note}),
            }
        )
        return context


class ReportArchiveStatusView(DasViewMixin, View):
    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request, pk):
        return JsonResponse(archive_state(archive_or_404(request, pk)))


class ReportArchiveFileView(DasViewMixin, View):
    """The archived file itself, as it was sent: never generated again."""

    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request, pk):
        archive = archive_or_404(request, pk)
        if archive.status != ReportArchive.Status.READY or not archive.file:
            raise Http404(_("Ce rapport archivé n'a pas de fichier (pas encore prêt ou en échec)."))
        exports.journal_download(request, kind=archive.file_format, file_name=archive.file_name)
        content_type = XLSX if archive.file_format == ReportArchive.Format.XLSX else "application/pdf"
        return FileResponse(
            archive.file.open("rb"), as_attachment=True, filename=archive.file_name, content_type=content_type
        )
