"""The fiches de réalisation's pages: the list (with the achieved projects still without a fiche), a fiche shown as
it prints, its forms and photos, its transitions, its PDF, and the brochure of the published fiches. The rules live
in communication.services.showcase; the reads in communication.showcase_selectors."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from communication import permissions
from communication import showcase_documents as documents
from communication import showcase_forms as forms
from communication import showcase_selectors as selectors
from communication.models import AchievementSheet, SheetPhoto
from communication.services import showcase as services
from communication.showcase_workflow import REASON_TRANSITIONS, SHEET_WORKFLOW
from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    PdfView,
    RecordFormPage,
    history_url,
    posted_pk,
    refusal_text,
)
from das.views.documents import inline_image_response
from das.workflow import TransitionRefused
from projects.filters import commune_filter, programme_filter
from projects.models import Project

Status = AchievementSheet.Status
STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "info",
    Status.PUBLISHED: "success",
    Status.WITHDRAWN: "dark",
}


def crumbs(*tail):
    return [
        (_("Communication"), reverse("communication:index")),
        (_("Fiches de réalisation"), reverse("communication:sheet_list")),
        *tail,
    ]


def load_sheet(pk) -> AchievementSheet:
    try:
        return selectors.sheet_for_page(pk)
    except AchievementSheet.DoesNotExist as exc:
        raise Http404 from exc


def load_photo(pk) -> SheetPhoto:
    try:
        return selectors.photo_for_page(pk)
    except SheetPhoto.DoesNotExist as exc:
        raise Http404 from exc


# --- The list -------------------------------------------------------------------------------------------------------
def year_choices():
    return [(str(year), str(year)) for year in selectors.sheet_years()]


class SheetFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    programme = programme_filter("project__programme")
    commune = commune_filter("project__commune")
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année d'achèvement"), field_name="year", choices=year_choices
    )
    o = django_filters.OrderingFilter(
        fields=[("project__code", "code"), ("beneficiaries", "beneficiaries"), ("cost", "cost")]
    )

    class Meta:
        model = AchievementSheet
        fields = ["status", "programme", "commune", "year"]


class SheetListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = SheetFilter
    template_name = "communication/showcase/list.html"
    page_title = gettext_lazy("Fiches de réalisation")
    breadcrumbs = [
        (gettext_lazy("Communication"), "communication:index"),
        (gettext_lazy("Fiches de réalisation"), None),
    ]
    export_columns = [
        Column(gettext_lazy("Projet"), "project.code", order_by="code", width=14, link=True),
        Column(gettext_lazy("Titre de la fiche"), "title", width=40),
        Column(gettext_lazy("Programme"), "project.programme.code", width=12),
        Column(gettext_lazy("Commune"), "project.commune.name", width=20),
        Column(gettext_lazy("Bénéficiaires"), "beneficiaries", exports.INTEGER, order_by="beneficiaries", width=12),
        Column(gettext_lazy("Coût global"), "cost", exports.MONEY, order_by="cost", width=18),
        Column(gettext_lazy("Statut"), "get_status_display", width=18),
    ]

    def get_queryset(self):
        return selectors.sheets_for_list().order_by("-updated_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "communication:sheet_detail"
        context["extra_links"] = [(_("Brochure des réalisations"), reverse("communication:brochure"))]
        if permissions.can_manage_showcase(self.request.user):
            context["create_url"] = reverse("communication:sheet_create")
            context["create_label"] = _("Nouvelle fiche")
        if permissions.can_manage_showcase(self.request.user):
            context["projects_without_sheet"] = list(selectors.projects_without_sheet())
        return context


# --- Create and edit ------------------------------------------------------------------------------------------------
def sheet_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["partners"] = list(data["partners"])
    return data


class SheetCreateView(DasViewMixin, View):
    """A new fiche for the project named in ``?project=<pk>``, prefilled from the project."""

    das_permission = permissions.MANAGE_SHOWCASE
    template_name = "communication/showcase/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.project = None
        if "project" not in request.GET:
            return  # GET: the achieved projects to choose from
        try:
            self.project = selectors.project_for_sheet(posted_pk(request.GET.get("project")))
        except Project.DoesNotExist as exc:
            raise Http404(_("Choisissez un projet achevé dans la liste.")) from exc
        self.defaults = selectors.project_defaults(self.project)

    def choose(self):
        title = _("Nouvelle fiche de réalisation")
        context = {
            "projects_without_sheet": list(selectors.projects_without_sheet(limit=200)),
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
        }
        return TemplateResponse(self.request, "communication/showcase/choose.html", context)

    def refusal(self) -> str:
        if self.project.status not in selectors.ACHIEVED:
            return _(
                "Le projet %(code)s est « %(status)s » : une fiche de réalisation se prépare pour un projet achevé "
                "(réception provisoire) ou clôturé."
            ) % {"code": self.project.code, "status": self.project.get_status_display()}
        if AchievementSheet.objects.filter(project=self.project).exists():
            return _("Le projet %(code)s a déjà sa fiche de réalisation.") % {"code": self.project.code}
        return ""

    def render(self, form):
        title = _("Nouvelle fiche de réalisation")
        context = {
            "form": form,
            "heading": title,
            "project": self.project,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("communication:sheet_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def make_form(self, data=None):
        initial = {**self.defaults, "partners": [partner.pk for partner in self.defaults["partners"]]}
        return forms.SheetForm(data, initial=initial, partners=self.defaults["partners"])

    def get(self, request):
        if self.project is None:
            return self.choose()
        reason = self.refusal()
        if reason:
            messages.warning(request, reason)
            return redirect("communication:sheet_list")
        return self.render(self.make_form())

    def post(self, request):
        if self.project is None:
            raise Http404(_("Choisissez un projet achevé dans la liste."))
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            sheet = services.sheet_create(project=self.project, by=request.user, **sheet_data(form))
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Fiche de réalisation créée en brouillon : ajoutez ses photos avant et après."))
        return redirect(sheet.get_absolute_url())


class SheetPage(RecordFormPage):
    """A form about one fiche (its text and figures, a photo, photos of the works, a reason)."""

    das_permission = permissions.MANAGE_SHOWCASE
    template_name = "communication/showcase/form.html"
    multipart = False

    def load(self, pk):
        self.sheet = load_sheet(pk)

    def done_url(self):
        return self.sheet.get_absolute_url()

    def unavailable(self):
        return permissions.can_edit_sheet(self.request.user, self.sheet).reason

    def context(self, title):
        return {
            "subject": self.sheet,
            "page_title": title,
            "breadcrumbs": crumbs((str(self.sheet), self.sheet.get_absolute_url()), (title, None)),
            "back_url": self.done_url(),
            "multipart": self.multipart,
        }


class SheetUpdateView(SheetPage):
    def title(self):
        return _("Modifier la fiche de réalisation")

    def make_form(self, data=None):
        sheet = self.sheet
        partners = {partner.pk: partner for partner in selectors.project_partners(sheet.project)}
        partners.update({partner.pk: partner for partner in sheet.partners.all()})
        initial = {
            name: getattr(sheet, name)
            for name in ("title", "title_ar", "summary", "summary_ar", "results", "beneficiaries")
        }
        initial.update(
            beneficiaries_women=sheet.beneficiaries_women,
            cost=sheet.cost,
            indh_share=sheet.indh_share,
            partners=[partner.pk for partner in sheet.partners.all()],
        )
        return forms.SheetForm(data, initial=initial, partners=list(partners.values()))

    def run(self, form):
        services.sheet_update(sheet=self.sheet, by=self.request.user, **sheet_data(form))
        return _("Fiche enregistrée.")


class SheetPhotoAddView(SheetPage):
    multipart = True

    def title(self):
        return _("Ajouter une photo à la fiche")

    def make_form(self, data=None):
        return forms.PhotoForm(data, self.request.FILES if data is not None else None)

    def run(self, form):
        data = form.cleaned_data
        services.photo_add(
            sheet=self.sheet,
            by=self.request.user,
            uploaded=data["photo"],
            moment=data["moment"],
            caption=data["caption"],
        )
        return _("Photo ajoutée.")


class SheetProgressPhotosView(SheetPage):
    """Copies two photos of the works (the project's follow-up) into the fiche as « avant » and « après »."""

    def load(self, pk):
        super().load(pk)
        self.photos = selectors.progress_photos(self.sheet.project)

    def title(self):
        return _("Reprendre les photos de chantier du projet")

    def unavailable(self):
        reason = super().unavailable()
        if not reason and not self.photos:
            return _("Le projet n'a aucune photo de chantier à reprendre.")
        return reason

    def make_form(self, data=None):
        return forms.ProgressPhotosForm(data, photos=self.photos)

    def run(self, form):
        copied = services.photos_from_progress(sheet=self.sheet, by=self.request.user, **form.cleaned_data)
        return _("%(count)s photo(s) de chantier reprise(s) dans la fiche.") % {"count": len(copied)}


class SheetPhotoView(DasViewMixin, View):
    """A fiche's photo, shown in the page (inline) to the fiches' readers."""

    das_permission = permissions.ACCESS

    def get(self, request, pk):
        return inline_image_response(load_photo(pk).attachment)


class SheetPhotoDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_SHOWCASE
    http_method_names = ["post"]

    def post(self, request, pk):
        photo = load_photo(pk)
        try:
            services.photo_delete(photo=photo, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Photo retirée de la fiche."))
        return redirect(reverse("communication:sheet_detail", args=[photo.sheet_id]) + "#photos")


# --- A fiche --------------------------------------------------------------------------------------------------------
def submit_blockers(sheet, photos) -> list[str]:
    """Why the submission would be refused now (shown under the disabled button)."""
    reasons = []
    if not sheet.summary.strip():
        reasons.append(_("Rédigez la présentation du projet avant de soumettre la fiche."))
    if not any(photo.moment == SheetPhoto.Moment.AFTER for photo in photos):
        reasons.append(_("Ajoutez au moins une photo « après » avant de soumettre la fiche."))
    return reasons


class SheetDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/showcase/detail.html"

    def get(self, request, pk):
        sheet = load_sheet(pk)
        user = request.user
        photos = list(sheet.photos.all())
        can_edit = bool(permissions.can_edit_sheet(user, sheet))
        available = SHEET_WORKFLOW.available(sheet, user)
        blockers = submit_blockers(sheet, photos)
        context = {
            "sheet": sheet,
            "project": sheet.project,
            "photos": photos,
            "before": next((p for p in photos if p.moment == SheetPhoto.Moment.BEFORE), None),
            "after": next((p for p in photos if p.moment == SheetPhoto.Moment.AFTER), None),
            "partners": list(sheet.partners.all()),
            "status_style": STATUS_STYLES.get(sheet.status, "secondary"),
            "buttons": [
                (t, blockers if t.name == "submit" else []) for t in available if t.name not in REASON_TRANSITIONS
            ],
            "reason_forms": [t for t in available if t.name in REASON_TRANSITIONS],
            "can_edit": can_edit,
            "can_add_photo": can_edit and len(photos) < services.MAX_PHOTOS,
            "documents": [
                (_("Fiche (PDF, français)"), reverse("communication:sheet_pdf", args=[sheet.pk, "fr"])),
                (_("Fiche (PDF, arabe)"), reverse("communication:sheet_pdf", args=[sheet.pk, "ar"])),
            ],
            "history_url": history_url(user, sheet),
            "page_title": str(sheet),
            "breadcrumbs": crumbs((str(sheet), None)),
        }
        return TemplateResponse(request, self.template_name, context)


class SheetTransitionView(DasViewMixin, View):
    """POST runs one named transition; those that need a reason (return, withdraw) also answer GET with their form,
    and show a missing reason next to its field."""

    das_permission = permissions.ACCESS  # each service checks its own permission
    template_name = "communication/showcase/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        name = kwargs["name"]
        if name not in services.TRANSITION_SERVICES:
            raise Http404
        self.transition = SHEET_WORKFLOW.by_name[name]
        self.sheet = load_sheet(kwargs["pk"])

    def render(self, form):
        title = str(self.transition.label)
        context = {
            "form": form,
            "heading": title,
            "subject": self.sheet,
            "submit_label": self.transition.label,
            "page_title": title,
            "breadcrumbs": crumbs((str(self.sheet), self.sheet.get_absolute_url()), (title, None)),
            "back_url": self.sheet.get_absolute_url(),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk, name):
        if name not in REASON_TRANSITIONS:
            return self.http_method_not_allowed(request)
        decision = SHEET_WORKFLOW.decide(self.sheet, name, request.user)
        if not decision:
            if not self.transition.allows(request.user):
                raise PermissionDenied(decision.reason)
            messages.warning(request, decision.reason)
            return redirect(self.sheet.get_absolute_url())
        return self.render(forms.ReasonForm())

    def post(self, request, pk, name):
        service = services.TRANSITION_SERVICES[name]
        label = self.transition.label
        form = forms.ReasonForm(request.POST) if name in REASON_TRANSITIONS else None
        try:
            if form is not None:
                sheet = service(sheet=self.sheet, by=request.user, reason=request.POST.get("reason", ""))
            else:
                sheet = service(sheet=self.sheet, by=request.user)
        except TransitionRefused as exc:
            if form is not None and SHEET_WORKFLOW.decide(self.sheet, name, request.user):
                form.is_valid()
                form.errors.pop("reason", None)
                form.add_error("reason", exc.messages)
                return self.render(form)
            messages.error(
                request, _("« %(action)s » refusé : %(reasons)s") % {"action": label, "reasons": refusal_text(exc)}
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, _("« %(action)s » refusé : %(reasons)s") % {"action": label, "reasons": refusal_text(exc)}
            )
        else:
            messages.success(
                request, _("La fiche est maintenant « %(status)s ».") % {"status": sheet.get_status_display()}
            )
        return redirect(self.sheet.get_absolute_url())


class SheetPdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_sheet(pk)

    def render_pdf(self, sheet, language):
        return documents.render_sheet_pdf(sheet, language)

    def file_name(self, sheet, language):
        return f"{documents.sheet_file_stem(sheet)}-{language}.pdf"


# --- The brochure ---------------------------------------------------------------------------------------------------
def brochure_selection(form):
    data = form.cleaned_data
    return selectors.published_sheets(
        programme=data.get("programme"),
        commune=data.get("commune"),
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
    )


class BrochureView(DasViewMixin, View):
    """The brochure's selection; it counts the published fiches that match and links to the PDF."""

    das_permission = permissions.ACCESS
    template_name = "communication/showcase/brochure.html"

    def get(self, request):
        return brochure_page(request, forms.BrochureForm(request.GET or None))


def brochure_page(request, form, *, empty_message=""):
    title = _("Brochure des réalisations")
    count = None
    pdf_url = ""
    if form.is_bound and form.is_valid():
        count = brochure_selection(form).count()
        if count:
            query = {key: value for key, value in request.GET.items() if value}
            pdf_url = reverse("communication:brochure_pdf") + "?" + urlencode(query)
    context = {
        "form": form,
        "count": count,
        "published_total": AchievementSheet.objects.filter(status=Status.PUBLISHED).count(),
        "pdf_url": pdf_url,
        "empty_message": empty_message,
        "page_title": title,
        "breadcrumbs": crumbs((title, None)),
    }
    return TemplateResponse(request, "communication/showcase/brochure.html", context)


class BrochurePdfView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request):
        form = forms.BrochureForm(request.GET)
        if not form.is_valid():
            return brochure_page(request, form)
        sheets = list(brochure_selection(form))
        if not sheets:
            return brochure_page(
                request,
                form,
                empty_message=_(
                    "Aucune fiche publiée ne correspond à cette sélection : la brochure n'a rien à montrer. "
                    "Élargissez la sélection ou faites approuver des fiches par le chef."
                ),
            )
        data = form.cleaned_data
        content = documents.render_brochure_pdf(
            sheets,
            group=data["group"],
            language=data["language"],
            programme=data.get("programme"),
            commune=data.get("commune"),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )
        name = f"{documents.brochure_file_stem(data['group'], data['language'])}.pdf"
        return exports.pdf_response(request, content, name)
