"""The money picture of a year (notified, allocated, committed, paid, available), the records behind its figures,
and the documents of a version of the répartition (état de répartition, bordereau d'envoi to the DBM)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from das import exports
from das.models import BudgetLine, FiscalYear, Phase, Programme
from das.permissions import Decision
from das.views.base import DasViewMixin, refuse
from projects import credit_documents as documents
from projects import permissions
from projects.credit_selectors import committed_conventions, money_picture, uncovered_procurements, year_payments
from projects.models import Convention, ConventionParty, CreditAllocation, Payment

ZERO = Decimal("0")
LANGUAGES = {"fr", "ar"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENGAGE, PAYE = "engage", "paye"


def credits_crumbs(year: int | None = None) -> list[tuple[str, str | None]]:
    crumbs = [(gettext_lazy("Crédits"), reverse("projects:credit_index"))]
    if year is not None:
        crumbs.append((str(year), reverse("projects:credit_year", args=[year])))
    return crumbs


def fiscal_year_or_404(year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear, year=year)


def years_with_credits(current: int) -> list[int]:
    years = set(
        FiscalYear.objects.filter(Q(credit_notifications__isnull=False) | Q(credit_allocations__isnull=False))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years | {current}, reverse=True)


def workbook_response(request, workbook, file_name: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse)
    workbook.save(spool)
    spool.seek(0)
    exports.journal_download(request, kind="xlsx", file_name=file_name)
    return FileResponse(spool, as_attachment=True, filename=file_name, content_type=XLSX)


class CreditPictureView(DasViewMixin, TemplateView):
    """One table: each programme with its totals, its budget lines beneath, and the grand total; PDF and Excel."""

    das_permission = permissions.VIEW_CREDITS
    template_name = "projects/credits/picture.html"

    def get(self, request, *args, **kwargs):
        self.fiscal_year = fiscal_year_or_404(kwargs["year"])
        self.phases = list(Phase.objects.order_by("start_year"))
        self.phase = self.selected_phase()
        self.picture = money_picture(self.fiscal_year, phase=self.phase)
        export_format = request.GET.get("export")
        stem = f"situation-credits-{self.fiscal_year.year}" + (f"-phase-{self.phase.code}" if self.phase else "")
        if export_format == "pdf":
            content = documents.render_picture_pdf(self.picture, request.user, request)
            return exports.pdf_response(request, content, f"{stem}.pdf")
        if export_format == "xlsx":
            return workbook_response(request, documents.picture_workbook(self.picture, request.user), f"{stem}.xlsx")
        return super().get(request, *args, **kwargs)

    def selected_phase(self):
        wanted = self.request.GET.get("phase", "")
        return next((phase for phase in self.phases if str(phase.pk) == wanted), None)

    def get_page_title(self):
        return documents.picture_title(self.picture)

    def get_breadcrumbs(self):
        return [*credits_crumbs(self.fiscal_year.year), (_("Situation"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.picture_context(self.picture))
        user = self.request.user
        drill = permissions.can_drill_credits(user)
        detail = reverse("projects:credit_picture_detail", args=[self.fiscal_year.year])
        for row in context["rows"]:
            for cell in row.cells:
                if drill and cell["name"] in ("committed", "paid") and cell["value"]:
                    query = {"mesure": ENGAGE if cell["name"] == "committed" else PAYE}
                    if row.programme is not None:
                        query["programme"] = row.programme.pk
                    if row.budget_line_key is not None:
                        query["rubrique"] = row.budget_line_key
                    if self.phase is not None and row.programme is None:
                        query["phase"] = self.phase.pk
                    cell["href"] = f"{detail}?{urlencode(query)}"
        allocation = self.picture.allocation
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            {
                "fiscal_year": self.fiscal_year,
                "years": years_with_credits(self.fiscal_year.year),
                "phases": self.phases,
                "phase": self.phase,
                "querystring": query.urlencode(),
                "allocation": allocation,
                "allocation_url": allocation.get_absolute_url() if allocation else "",
                "documents": allocation is not None and bool(permissions.can_view_allocation(user, allocation)),
                "can_drill": drill,
            }
        )
        return context


@dataclass
class Record:
    """One line behind a figure: a convention, a marché or a payment, with the amount it counts for."""

    kind: str
    obj: object
    amount: Decimal


class CreditPictureDetailView(DasViewMixin, TemplateView):
    """The conventions and marchés behind an « engagé » figure, or the payments behind a « payé » one."""

    das_permission = permissions.VIEW_CREDITS
    template_name = "projects/credits/picture_detail.html"

    def get(self, request, *args, **kwargs):
        if not permissions.can_drill_credits(request.user):
            refuse(
                request,
                Decision(False, _("Le détail des engagements et des paiements est réservé à la division.")),
            )
        self.fiscal_year = fiscal_year_or_404(kwargs["year"])
        self.measure = request.GET.get("mesure") or ENGAGE
        if self.measure not in (ENGAGE, PAYE):
            raise Http404(_("Mesure inconnue : « engage » ou « paye »."))
        self.programme = self.budget_line = self.phase = None
        self.line_key = request.GET.get("rubrique") or None
        try:
            if request.GET.get("programme"):
                self.programme = get_object_or_404(Programme, pk=int(request.GET["programme"]))
            elif request.GET.get("phase"):
                self.phase = get_object_or_404(Phase, pk=int(request.GET["phase"]))
            if self.line_key not in (None, "aucune"):
                self.budget_line = get_object_or_404(BudgetLine, pk=int(self.line_key))
        except (ValueError, ValidationError) as error:
            raise Http404(_("Paramètre invalide.")) from error
        return super().get(request, *args, **kwargs)

    def scope(self, prefix: str) -> Q:
        """The programme, budget line and phase filter, for records whose project is at ``prefix``."""
        condition = Q()
        if self.programme is not None:
            condition &= Q(**{f"{prefix}programme": self.programme})
        if self.phase is not None:
            condition &= Q(**{f"{prefix}programme__phase": self.phase})
        if self.line_key == "aucune":
            condition &= Q(**{f"{prefix}budget_line__isnull": True})
        elif self.budget_line is not None:
            condition &= Q(**{f"{prefix}budget_line": self.budget_line})
        return condition

    def commitments(self) -> list[Record]:
        year = self.fiscal_year.year
        conventions = list(
            committed_conventions(year)
            .filter(self.scope("project__"))
            .select_related("project__holder")
            .order_by("signed_on", "reference")
        )
        ids = [c.pk for c in conventions]
        governor = dict(
            ConventionParty.objects.filter(convention_id__in=ids, kind=ConventionParty.Kind.GOVERNOR)
            .values("convention_id")
            .annotate(total=Sum("contribution"))
            .values_list("convention_id", "total")
        )
        paid = dict(
            Payment.objects.filter(tranche__convention_id__in=ids)
            .values("tranche__convention_id")
            .annotate(total=Sum("amount"))
            .values_list("tranche__convention_id", "total")
        )
        records = []
        for convention in conventions:
            terminated = convention.status == Convention.Status.TERMINATED
            amount = paid.get(convention.pk, ZERO) if terminated else governor.get(convention.pk, ZERO)
            records.append(Record("convention", convention, amount or ZERO))
        marches = (
            uncovered_procurements(year)
            .filter(self.scope("project__"))
            .select_related("project")
            .order_by("awarded_on", "reference")
        )
        records += [Record("marche", marche, marche.awarded_amount) for marche in marches]
        return records

    def payments(self) -> list[Record]:
        rows = (
            year_payments(self.fiscal_year.year)
            .filter(self.scope("tranche__convention__project__"))
            .select_related("tranche__convention__project")
            .order_by("paid_on", "pk")
        )
        return [Record("paiement", payment, payment.amount) for payment in rows]

    def scope_label(self) -> str:
        if self.programme is None:
            whole = _("tous les programmes")
            return f"{whole} ({self.phase})" if self.phase else whole
        label = documents.programme_label(self.programme)
        if self.line_key == "aucune":
            return f"{label} — {_('Rubrique non précisée')}"
        if self.budget_line is not None:
            return f"{label} — {self.budget_line}"
        return label

    def get_page_title(self):
        measure = _("Engagé") if self.measure == ENGAGE else _("Payé")
        return _("%(measure)s %(year)s : %(scope)s") % {
            "measure": measure,
            "year": self.fiscal_year.year,
            "scope": self.scope_label(),
        }

    def get_breadcrumbs(self):
        picture = reverse("projects:credit_picture", args=[self.fiscal_year.year])
        return [*credits_crumbs(self.fiscal_year.year), (_("Situation"), picture), (_("Détail"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = self.commitments() if self.measure == ENGAGE else self.payments()
        context.update(
            {
                "fiscal_year": self.fiscal_year,
                "measure": self.measure,
                "conventions": [r for r in records if r.kind == "convention"],
                "marches": [r for r in records if r.kind == "marche"],
                "payments": [r for r in records if r.kind == "paiement"],
                "total": sum((r.amount for r in records), ZERO),
                "picture_url": reverse("projects:credit_picture", args=[self.fiscal_year.year]),
            }
        )
        return context


# --- documents of a version ---------------------------------------------------------------------------------------
class AllocationDocumentView(DasViewMixin, View):
    das_permission = permissions.VIEW_CREDITS

    def allocation(self, request, pk) -> CreditAllocation:
        allocation = get_object_or_404(
            CreditAllocation.objects.select_related("fiscal_year", "previous"),
            pk=pk,
        )
        decision = permissions.can_view_allocation(request.user, allocation)
        if not decision:
            refuse(request, decision)
        return allocation


class TransmittalPdfView(AllocationDocumentView):
    def get(self, request, pk, language):
        if language not in LANGUAGES:
            raise Http404
        allocation = self.allocation(request, pk)
        if allocation.status not in CreditAllocation.SENT:
            raise Http404(
                _(
                    "Le bordereau d'envoi n'existe qu'une fois la version transmise à la DBM "
                    "(version %(number)s : %(status)s)."
                )
                % {"number": allocation.number, "status": allocation.get_status_display()}
            )
        content = documents.render_transmittal(allocation, language)
        return exports.pdf_response(request, content, f"bordereau-{allocation.transmittal_number}-{language}.pdf")


class StatementPdfView(AllocationDocumentView):
    def get(self, request, pk, language):
        if language not in LANGUAGES:
            raise Http404
        allocation = self.allocation(request, pk)
        content = documents.render_statement(allocation, language)
        name = f"etat-repartition-{allocation.fiscal_year.year}-v{allocation.number}-{language}.pdf"
        return exports.pdf_response(request, content, name)


class StatementXlsxView(AllocationDocumentView):
    def get(self, request, pk):
        allocation = self.allocation(request, pk)
        workbook = documents.statement_workbook(allocation, request.user)
        name = f"etat-repartition-{allocation.fiscal_year.year}-v{allocation.number}.xlsx"
        return workbook_response(request, workbook, name)
