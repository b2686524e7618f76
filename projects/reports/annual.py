"""The « Bilan annuel »: the figures the province publishes every 18 May, for the year and cumulated since the start
of the phase in force that year.

- **the year**: the projects validated in the year (the year's programme);
- **cumulated**: the projects of the phase in force (the last one started by that year) validated by the year's end;
- money, progress and statuses as the dashboard reads them (projects.dashboard_selectors.dashboard) at the year's
  end; per sector with the dashboard's own aggregates; per commune with the territories' shares
  (projects.record_selectors.territory_figures).

A fixed number of queries whatever the number of projects.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from das.formatting import format_money
from das.models import Phase, Sector
from projects.credit_selectors import COMMITTING, rate
from projects.dashboard_selectors import DashboardFilters, dashboard, figured_projects, group_totals, partner_amounts
from projects.models import Convention, Payment, Project
from projects.record_selectors import territory_figures
from projects.reports import periods
from projects.reports.common import (
    LRM,
    ZERO,
    Col,
    day,
    definition,
    legend_sheet,
    money,
    new_workbook,
    parameters,
    percent,
    rate_text,
    sheet_heading,
    write_table,
)
from projects.reports.registry import noop_progress, register

MONEY = DecimalField(max_digits=18, decimal_places=2)
SCOPES = ("year", "cumulated")


def phase_in_force(year: int) -> Phase | None:
    """The phase a year belongs to: the last one started by then (phase III still runs after 2023 until a phase IV)."""
    return Phase.objects.filter(start_year__lte=year).order_by("-start_year").first()


def _money_row(label, totals, **extra) -> dict:
    partners = totals.holder + totals.partners
    return {
        "label": label,
        "count": totals.count,
        "cost": totals.cost,
        "indh": totals.indh,
        "partners": partners,
        "leverage": totals.leverage,
        **extra,
    }


def _by_sector(projects: QuerySet[Project], on) -> list[dict]:
    figured, _book = figured_projects(projects, on)
    grouped = group_totals(figured, lambda p: p.sector_id, partner_amounts(projects))
    sectors = Sector.objects.in_bulk([pk for pk in grouped if pk])
    rows = []
    for pk, totals in grouped.items():
        sector = sectors.get(pk)
        label = sector.name if sector else _("Secteur non précisé")
        rows.append(_money_row(label, totals))
    return sorted(rows, key=lambda r: (r["label"] == _("Secteur non précisé"), _sort_key(r["label"])))


def _sort_key(label: str) -> str:
    """« Éducation » before « Santé »: letters without their accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c)).casefold()


def _by_commune(projects: QuerySet[Project]) -> list[dict]:
    """Per commune: the projects covering it and their INDH share split by the territories' declared shares."""
    totals: dict[int, dict] = {}
    for figure in territory_figures(projects):
        entry = totals.setdefault(
            figure.commune.pk, {"commune": figure.commune, "projects": set(), "cost": ZERO, "indh": ZERO}
        )
        entry["projects"].add(figure.project_id)
        entry["cost"] += figure.cost
        entry["indh"] += figure.indh_share
    rows = []
    for entry in totals.values():
        population = entry["commune"].population
        per_inhabitant = (entry["indh"] / population).quantize(Decimal("0.01"), ROUND_HALF_UP) if population else None
        rows.append(
            {
                "label": entry["commune"].name,
                "count": len(entry["projects"]),
                "cost": entry["cost"],
                "indh": entry["indh"],
                "population": population,
                "per_inhabitant": per_inhabitant,
            }
        )
    return sorted(rows, key=lambda r: (-r["indh"], r["label"]))


def _extras(projects: QuerySet[Project], on, year: int) -> dict:
    """AGR projects, conventions signed (in the year, by the year's end) of a set of projects (two queries)."""
    agr = projects.order_by().aggregate(
        count=Count("pk", filter=Q(is_agr=True)),
        indh=Coalesce(Sum("indh_share", filter=Q(is_agr=True)), Value(ZERO), output_field=MONEY),
    )
    conventions = Convention.objects.filter(project__in=projects.values("pk"), signed_on__lte=on).aggregate(
        signed=Count("pk", filter=Q(status__in=COMMITTING) | Q(status=Convention.Status.TERMINATED)),
        in_year=Count(
            "pk",
            filter=(Q(status__in=COMMITTING) | Q(status=Convention.Status.TERMINATED)) & Q(signed_on__year=year),
        ),
    )
    return {"agr_count": agr["count"], "agr_indh": agr["indh"], "conventions": conventions["signed"]}


def build(period, projects: QuerySet[Project], progress=noop_progress) -> dict:
    year, on = period.year, period.end
    phase = phase_in_force(year)
    progress(0, 5)
    sets = {
        "year": projects.filter(validated_on__year=year),
        "cumulated": projects.filter(validated_on__lte=on, phase=phase) if phase else projects.none(),
    }
    boards = {scope: dashboard(DashboardFilters(as_of=on), base=qs, quarters=False) for scope, qs in sets.items()}
    progress(2, 5)
    scopes = {}
    for scope, board in boards.items():
        extras = _extras(sets[scope], on, year)
        totals = board.totals
        scopes[scope] = {
            "totals": totals,
            "summary": {
                **_money_row(_("Ensemble"), totals),
                "committed": totals.committed,
                "paid": totals.paid,
                "engagement_rate": totals.engagement_rate,
                "emission_rate": totals.emission_rate,
                "jobs_created": totals.jobs_created,
                "jobs_planned": totals.jobs_planned,
                **extras,
            },
            "programmes": [_money_row(row.label, row.totals) for row in board.programmes],
            "sectors": _by_sector(sets[scope], on),
            "communes": _by_commune(sets[scope]),
            "beneficiaries": board.beneficiaries,
            "statuses": [{"label": s.label, "count": s.count} for s in board.statuses],
        }
    progress(4, 5)
    payments = Payment.objects.filter(tranche__convention__project__in=projects.values("pk"), paid_on__year=year)
    paid_in_year = payments.aggregate(count=Count("pk"), total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))
    context = {
        "period": period,
        "period_label": period.label,
        "year": year,
        "on": on,
        "on_text": day(on),
        "phase": phase,
        "phase_label": str(phase) if phase else _("Aucune phase"),
        "phase_since": phase.start_year if phase else None,
        "scopes": scopes,
        "payments": paid_in_year,
        "legend": legend(year, on, phase),
    }
    _texts(context)
    progress(5, 5)
    return context


def legend(year, on, phase) -> list[tuple[str, str]]:
    since = phase.start_year if phase else year
    return [
        (_("Année"), _("Projets validés en %(year)s.") % {"year": year}),
        (
            _("Cumul"),
            _("Projets de la phase en vigueur (%(phase)s) validés de %(since)s au %(end)s.")
            % {"phase": phase or "—", "since": since, "end": day(on)},
        ),
        (
            _("Part des partenaires"),
            _("Contribution des porteurs et des autres partenaires déclarée au plan de financement."),
        ),
        (_("Effet de levier"), _("Part des partenaires ÷ coût global.")),
        (
            _("Engagé, payé"),
            _(
                "Au %(end)s, selon les règles du tableau de bord ; « paiements de l'année » : tous les "
                "paiements datés de %(year)s, quel que soit l'année du projet."
            )
            % {"end": day(on), "year": year},
        ),
        (
            _("Communes"),
            _(
                "Chaque projet compte dans les communes qu'il couvre, son coût et sa part INDH répartis selon "
                "la part déclarée de chaque territoire ; par habitant : part INDH ÷ population connue."
            ),
        ),
        (_("Statuts"), _("Statut actuel des projets (la fiche ne date pas les changements de statut).")),
    ]


def _texts(context: dict) -> None:
    def text(row):
        out = {}
        for key, value in row.items():
            if key in ("cost", "indh", "partners", "committed", "paid", "agr_indh", "per_inhabitant", "total"):
                out[key] = money(value)
            elif key == "population":
                out[key] = format_money(value, unit="").strip()[:-3] if value is not None else "—"
            elif key in ("leverage", "engagement_rate", "emission_rate"):
                out[key] = rate_text(value)
            else:
                out[key] = value
        return out

    for scope in context["scopes"].values():
        scope["summary_text"] = text(scope["summary"])
        for section in ("programmes", "sectors", "communes"):
            for row in scope[section]:
                row["text"] = text({k: v for k, v in row.items() if k != "text"})
            scope[f"{section}_total"] = text(
                _section_total(scope[section], scope["totals"] if section != "communes" else None)
            )
        scope["progress_text"] = percent(scope["totals"].physical_progress)
    context["payments_text"] = money(context["payments"]["total"])
    labels = [
        (_("Année %(year)s") % {"year": context["year"]}, "year"),
        (_("Cumul de la phase"), "cumulated"),
    ]
    scopes = context["scopes"]
    context["scope_list"] = [(label, scopes[key]) for label, key in labels]
    context["money_sections"] = [
        {
            "heading": heading,
            "first": first,
            "parts": [
                {"label": label, "rows": scopes[key][section], "total": scopes[key][f"{section}_total"]}
                for label, key in labels
            ],
        }
        for section, heading, first in (
            ("programmes", _("Projets par programme"), _("Programme")),
            ("sectors", _("Projets par secteur"), _("Secteur")),
        )
    ]
    year_statuses, cumulated_statuses = scopes["year"]["statuses"], scopes["cumulated"]["statuses"]
    context["status_rows"] = [
        {"label": a["label"], "year": a["count"], "cumulated": b["count"]}
        for a, b in zip(year_statuses, cumulated_statuses, strict=True)
    ]


def _section_total(rows, totals) -> dict:
    cost, indh = sum((r["cost"] for r in rows), ZERO), sum((r["indh"] for r in rows), ZERO)
    result = {"count": sum(r["count"] for r in rows), "cost": cost, "indh": indh}
    if totals is not None:
        partners = sum((r["partners"] for r in rows), ZERO)
        result.update(partners=partners, leverage=rate(partners, cost))
    return result


def figures(context: dict) -> list[tuple[str, str]]:
    """The main figures of the year, for the report's page (the framework's ``figures``)."""
    summary = context["scopes"]["year"]["summary"]
    return [
        (_("Projets de l'année"), str(summary["count"])),
        (_("Part INDH"), format_money(summary["indh"])),
        (_("Effet de levier"), rate_text(summary["leverage"]).strip(LRM)),
        (_("Paiements de l'année"), format_money(context["payments"]["total"])),
        (_("Emplois créés"), str(summary["jobs_created"])),
        (_("Projets AGR"), str(summary["agr_count"])),
    ]


def title(period) -> str:
    return _("Bilan annuel de l'INDH – %(period)s") % {"period": period.label}


def money_columns(first_label):
    return [
        Col("label", first_label, width=44),
        Col("count", _("Projets"), "int", "sum", 10),
        Col("cost", _("Coût global (DH)"), "money", "sum", 18),
        Col("indh", _("Part INDH (DH)"), "money", "sum", 18),
        Col("partners", _("Part des partenaires (DH)"), "money", "sum", 18),
        Col("leverage", _("Effet de levier"), "rate", "ratio:partners:cost", 12),
    ]


def workbook(context: dict, user):
    workbook = new_workbook()
    name = title(context["period"])
    scopes = [
        (_("Année %(year)s") % {"year": context["year"]}, context["scopes"]["year"]),
        (_("Cumul de la phase"), context["scopes"]["cumulated"]),
    ]

    sheet, start = sheet_heading(
        workbook, _("Synthèse"), name, [_("Synthèse"), _("Phase : %(phase)s") % {"phase": context["phase_label"]}]
    )
    from projects.credit_documents import _header, _styles

    styles = _styles()
    labels = [_("Indicateur"), *(label for label, _s in scopes)]
    _header(sheet, start, labels, styles)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 20
    lines = [
        ("count", _("Projets"), "int"),
        ("cost", _("Coût global (DH)"), "money"),
        ("indh", _("Part INDH (DH)"), "money"),
        ("partners", _("Part des partenaires (DH)"), "money"),
        ("leverage", _("Effet de levier"), "formula:partners:cost"),
        ("committed", _("Engagé (DH)"), "money"),
        ("paid", _("Payé (DH)"), "money"),
        ("engagement_rate", _("Taux d'engagement"), "formula:committed:indh"),
        ("emission_rate", _("Taux d'émission"), "formula:paid:committed"),
        ("jobs_created", _("Emplois créés"), "int"),
        ("agr_count", _("Projets AGR"), "int"),
        ("agr_indh", _("Part INDH des projets AGR (DH)"), "money"),
        ("conventions", _("Conventions signées"), "int"),
    ]
    where = {}
    for offset, (key, _label, _kind) in enumerate(lines, start=1):
        where[key] = start + offset
    for key, label, kind in lines:
        r = where[key]
        sheet.cell(row=r, column=1, value=str(label))
        for column, (_l, scope) in enumerate(scopes, start=2):
            letter = "BC"[column - 2]
            if kind.startswith("formula:"):
                _f, num, den = kind.split(":")
                cell = sheet.cell(
                    row=r,
                    column=column,
                    value=f'=IF({letter}{where[den]}=0,"",{letter}{where[num]}/{letter}{where[den]})',
                )
                cell.number_format = "0.00%"
            else:
                cell = sheet.cell(row=r, column=column, value=scope["summary"][key])
                cell.number_format = '#,##0.00 "DH"' if kind == "money" else "#,##0"
    r = start + len(lines) + 2
    sheet.cell(row=r, column=1, value=_("Paiements effectués dans l'année")).font = styles["bold"]
    sheet.cell(row=r + 1, column=1, value=_("Nombre de paiements"))
    sheet.cell(row=r + 1, column=2, value=context["payments"]["count"])
    sheet.cell(row=r + 2, column=1, value=_("Montant payé (DH)"))
    cell = sheet.cell(row=r + 2, column=2, value=context["payments"]["total"])
    cell.number_format = '#,##0.00 "DH"'

    for section, sheet_name, first_label, columns in (
        ("programmes", _("Programmes"), _("Programme"), None),
        ("sectors", _("Secteurs"), _("Secteur"), None),
        (
            "communes",
            _("Communes"),
            _("Commune"),
            [
                Col("label", _("Commune"), width=36),
                Col("count", _("Projets"), "int", "sum", 10),
                Col("cost", _("Coût global (DH)"), "money", "sum", 18),
                Col("indh", _("Part INDH (DH)"), "money", "sum", 18),
                Col("population", _("Population"), "int", width=14),
                Col("per_inhabitant", _("Part INDH par habitant (DH)"), "money", width=16),
            ],
        ),
    ):
        sheet, start = sheet_heading(workbook, sheet_name, name, [sheet_name])
        for label, scope in scopes:
            sheet.cell(row=start, column=1, value=str(label)).font = styles["bold"]
            placed = write_table(
                sheet,
                start + 1,
                columns or money_columns(first_label),
                [(None, scope[section])],
                total_label=_("Total"),
            )
            start = placed["total"] + 3

    sheet, start = sheet_heading(workbook, _("Bénéficiaires"), name, [_("Bénéficiaires par sexe et tranche d'âge")])
    columns = [
        Col("label", _("Tranche d'âge"), width=24),
        Col("targeted_f", _("Visés : femmes"), "int", "sum", 12),
        Col("targeted_m", _("Visés : hommes"), "int", "sum", 12),
        Col("reached_f", _("Atteints : femmes"), "int", "sum", 12),
        Col("reached_m", _("Atteints : hommes"), "int", "sum", 12),
    ]
    for label, scope in scopes:
        sheet.cell(row=start, column=1, value=str(label)).font = styles["bold"]
        rows = [
            dict(zip([c.key for c in columns], [row["label"], *row["counts"]], strict=True))
            for row in scope["beneficiaries"]["rows"]
        ]
        placed = write_table(sheet, start + 1, columns, [(None, rows)], total_label=_("Total"))
        start = placed["total"] + 3

    sheet, start = sheet_heading(workbook, _("Statuts"), name, [_("Projets par statut")])
    for label, scope in scopes:
        sheet.cell(row=start, column=1, value=str(label)).font = styles["bold"]
        placed = write_table(
            sheet,
            start + 1,
            [Col("label", _("Statut"), width=36), Col("count", _("Projets"), "int", "sum", 10)],
            [(None, scope["statuses"])],
            total_label=_("Total"),
        )
        start = placed["total"] + 3
    legend_sheet(workbook, context["legend"])
    parameters(
        workbook,
        name,
        context,
        user,
        [(_("Phase en vigueur"), context["phase_label"]), (_("Situation au"), context["on_text"])],
    )
    return workbook


ANNUAL = register(
    definition(
        kind="bilan_annuel",
        period_kind=periods.YEAR,
        build=build,
        pdf_template="projects/reports/annual_pdf.html",
        workbook=workbook,
        title=title,
        figures=lambda context: figures(context),
    )
)
