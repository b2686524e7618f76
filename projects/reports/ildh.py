"""The ILDH reports: the « Suivi trimestriel des ILDH » (physical, financial and procurement follow-up, one row per
project, grouped by ILDH) and the « Rapport semestriel d'avancement des ILDH » for the CPDH.

The figures are the dashboard's (projects.dashboard_selectors: with_figures and its ledger) and
the marchés' (projects.procurement_selectors.with_state), read at the period's end; each build does a fixed number of
queries whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from das.formatting import format_money
from projects.credit_selectors import rate
from projects.dashboard_selectors import with_figures
from projects.models import CommissionVisit, Procurement, ProgressEntry, Project, ProjectBeneficiaries
from projects.procurement_selectors import with_state
from projects.reports import periods
from projects.reports.common import (
    LRM,
    ZERO,
    Col,
    day,
    definition,
    group_by_ildh,
    legend_sheet,
    money,
    new_workbook,
    parameters,
    percent,
    progress_of,
    rate_text,
    sheet_heading,
    write_table,
    yes_no,
)
from projects.reports.registry import noop_progress, register

ProcurementStatus = Procurement.Status
# The marchés' stages from the least to the most advanced; an unsuccessful or cancelled one is behind them all.
STAGES = [
    ProcurementStatus.CANCELLED,
    ProcurementStatus.UNSUCCESSFUL,
    ProcurementStatus.PREPARING,
    ProcurementStatus.PUBLISHED,
    ProcurementStatus.BIDS_OPENED,
    ProcurementStatus.AWARDED,
    ProcurementStatus.EXECUTING,
    ProcurementStatus.PROVISIONAL,
    ProcurementStatus.FINAL,
]


def _project_rows(projects: QuerySet[Project], on: dt.date, before: dt.date) -> list[dict]:
    """The projects validated by ``on`` with their figures at ``on`` and at ``before`` (one query)."""
    annotated = with_figures(
        projects.filter(validated_on__lte=on)
        .select_related("commune", "locality", "ildh__commune", "ildh__locality")
        .order_by("code"),
        on,
        before=before,
    )
    rows = []
    for p in annotated:
        rows.append(
            {
                "project": p,
                "code": p.code,
                "title": p.title,
                "commune": p.commune.name,
                "status": p.get_status_display(),
                "status_value": p.status,
                "cost": p.estimated_cost,
                "indh": p.indh_share,
                "committed": p.committed,
                "paid": p.paid,
                "paid_period": p.paid - p.paid_before,
                "emission_rate": rate(p.paid, p.committed),
                "progress": p.progress,
                "progress_before": p.progress_before,
                "planned_start": p.planned_start,
                "planned_end": p.planned_end,
                "late": p.is_late,
                "late_text": yes_no(p.is_late),
                "jobs_created": p.jobs_created,
            }
        )
    return rows


def _procurements(projects: QuerySet[Project], on: dt.date) -> dict[int, dict]:
    """Per project: its marchés, their most advanced stage at ``on``, the amount awarded by ``on`` (not cancelled
    nor unsuccessful: what commits money) and how many are late at ``on`` (one query)."""
    marches = with_state(Procurement.objects.filter(project__in=projects.values("pk")), on).values(
        "project_id", "current_status", "is_late", "awarded_on", "awarded_amount", "ending"
    )
    figures: dict[int, dict] = defaultdict(lambda: {"count": 0, "stage": None, "awarded": ZERO, "late": 0})
    for m in marches.order_by():
        entry = figures[m["project_id"]]
        entry["count"] += 1
        status = m["current_status"]
        if entry["stage"] is None or STAGES.index(status) > STAGES.index(entry["stage"]):
            entry["stage"] = status
        if m["awarded_amount"] is not None and m["awarded_on"] and m["awarded_on"] <= on and not m["ending"]:
            entry["awarded"] += m["awarded_amount"]
        entry["late"] += bool(m["is_late"])
    return figures


def _sum(rows, key):
    return sum((r[key] for r in rows), ZERO)


# --- Suivi trimestriel des ILDH -------------------------------------------------------------------------------------


def quarterly_title(period) -> str:
    return _("Suivi trimestriel des ILDH – %(period)s") % {"period": period.label}


def _quarter_totals(rows: list[dict]) -> dict:
    committed, paid = _sum(rows, "committed"), _sum(rows, "paid")
    return {
        "count": len(rows),
        "cost": _sum(rows, "cost"),
        "progress": progress_of(rows, "progress"),
        "progress_before": progress_of(rows, "progress_before"),
        "late": sum(1 for r in rows if r["late"]),
        "indh": _sum(rows, "indh"),
        "committed": committed,
        "paid": paid,
        "paid_period": _sum(rows, "paid_period"),
        "emission_rate": rate(paid, committed),
        "marches": sum(r["marches"] for r in rows),
        "awarded": _sum(rows, "awarded"),
        "marches_late": sum(r["marches_late"] for r in rows),
    }


def build_quarterly(period, projects: QuerySet[Project], progress=noop_progress) -> dict:
    on, before = period.end, period.previous().end
    progress(0, 3)
    rows = _project_rows(projects, on, before)
    progress(1, 3)
    marches = _procurements(projects.filter(validated_on__lte=on), on)
    for row in rows:
        m = marches.get(row["project"].pk, {"count": 0, "stage": None, "awarded": ZERO, "late": 0})
        row["marches"] = m["count"]
        row["stage"] = ProcurementStatus(m["stage"]).label if m["stage"] else "—"
        row["awarded"] = m["awarded"]
        row["marches_late"] = m["late"]
    progress(2, 3)
    groups = group_by_ildh(rows)
    for group in groups:
        group.totals = _quarter_totals(group.rows)
    context = {
        "period": period,
        "period_label": period.label,
        "on": on,
        "before": before,
        "on_text": day(on),
        "before_text": day(before),
        "groups": groups,
        "totals": _quarter_totals(rows),
        "legend": quarterly_legend(on, before),
    }
    progress(3, 3)
    return context


def quarterly_legend(on, before) -> list[tuple[str, str]]:
    return [
        (
            _("Avancement physique"),
            _(
                "Dernier avancement saisi au %(end)s et au %(before)s (fin du trimestre précédent) ; les "
                "totaux le pondèrent par le coût global des projets."
            )
            % {"end": day(on), "before": day(before)},
        ),
        (
            _("En retard"),
            _(
                "Au %(end)s, achèvement prévu dépassé sans réception, ou démarrage prévu dépassé sans "
                "démarrage ; un projet suspendu ou abandonné n'est pas en retard."
            )
            % {"end": day(on)},
        ),
        (
            _("Engagé"),
            _(
                "Contribution INDH des conventions signées à la fin du trimestre (avenants signés compris) ; "
                "pour une convention résiliée, ce qui a été payé ; sans convention signée, les marchés "
                "attribués et non annulés."
            ),
        ),
        (
            _("Payé"),
            _("Paiements enregistrés jusqu'à la fin du trimestre ; « dans le trimestre » : ceux datés du trimestre."),
        ),
        (_("Taux d'émission"), _("Payé ÷ engagé.")),
        (
            _("Marchés"),
            _(
                "Stade le plus avancé d'après les dates saisies ; montant attribué à la fin du trimestre hors "
                "marchés annulés ou infructueux ; marchés en retard : délai contractuel ou de validité des "
                "offres dépassé."
            ),
        ),
    ]


def _quarter_texts(row: dict) -> dict:
    """How a row (or a totals dict) reads in the PDF."""
    return {key: _display(key, value) for key, value in row.items()}


def _display(key, value):
    if key in ("cost", "indh", "committed", "paid", "paid_period", "awarded"):
        return money(value)
    if key in ("progress", "progress_before", "progress_start", "progress_end"):
        return percent(value)
    if key == "emission_rate":
        return rate_text(value)
    if key in ("planned_start", "planned_end"):
        return day(value)
    return value


CHUNK = 25  # rows per PDF table: WeasyPrint lays a long table out again on every page it spans


def _chunk(groups) -> None:
    """Each group's rows in tables of CHUNK rows (the first with the group's heading, the last with its subtotal),
    so that a PDF of 2,000 projects renders in linear time."""
    for group in groups:
        rows = group.rows
        starts = range(0, len(rows), CHUNK) if rows else [0]
        group.chunks = [{"rows": rows[i : i + CHUNK], "first": i == 0, "last": i + CHUNK >= len(rows)} for i in starts]


def _with_text(context: dict) -> dict:
    _chunk(context["groups"])
    for group in context["groups"]:
        group.text = _quarter_texts(group.totals)
        for row in group.rows:
            row["text"] = _quarter_texts({k: v for k, v in row.items() if k != "project"})
    context["totals_text"] = _quarter_texts(context["totals"])
    context["total_count"] = context["totals"]["count"]
    return context


def quarterly_columns():
    physical = [
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=40, total="count"),
        Col("commune", _("Commune"), width=20),
        Col("status", _("Statut"), width=18),
        Col("cost", _("Coût global (DH)"), "money", "sum", 18),
        Col("progress_before", _("Avancement fin du trimestre précédent (%)"), "percent", "weighted:cost", 14),
        Col("progress", _("Avancement fin du trimestre (%)"), "percent", "weighted:cost", 14),
        Col("planned_start", _("Démarrage prévu"), "date", width=13),
        Col("planned_end", _("Achèvement prévu"), "date", width=13),
        Col("late_text", _("En retard"), total="yes", width=10),
    ]
    financial = [
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=40, total="count"),
        Col("indh", _("Part INDH (DH)"), "money", "sum", 18),
        Col("committed", _("Engagé (DH)"), "money", "sum", 18),
        Col("paid", _("Payé cumulé (DH)"), "money", "sum", 18),
        Col("paid_period", _("Payé dans le trimestre (DH)"), "money", "sum", 18),
        Col("emission_rate", _("Taux d'émission"), "rate", "ratio:paid:committed", 12),
    ]
    procurement = [
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=40, total="count"),
        Col("marches", _("Marchés"), "int", "sum", 10),
        Col("stage", _("Stade le plus avancé"), width=24),
        Col("awarded", _("Montant attribué (DH)"), "money", "sum", 18),
        Col("marches_late", _("Marchés en retard"), "int", "sum", 12),
    ]
    return [
        (_("Suivi physique"), physical),
        (_("Suivi financier"), financial),
        (_("Marchés"), procurement),
    ]


def quarterly_workbook(context: dict, user):
    workbook = new_workbook()
    title = quarterly_title(context["period"])
    for name, columns in quarterly_columns():
        sheet, start = sheet_heading(workbook, name, title, [name])
        write_table(
            sheet,
            start,
            columns,
            [(g.label, g.rows) for g in context["groups"]],
            total_label=_("Total général"),
            subtotal_label=lambda label: _("Sous-total %(group)s") % {"group": label},
        )
    legend_sheet(workbook, context["legend"])
    parameters(
        workbook,
        title,
        context,
        user,
        [(_("Situation au"), context["on_text"]), (_("Comparée au"), context["before_text"])],
    )
    return workbook


def quarterly_figures(context: dict) -> list[tuple[str, str]]:
    """The main figures, for the report's page (the framework's ``figures``)."""
    totals = context["totals"]
    return [
        (_("Projets"), str(totals["count"])),
        (_("Part INDH"), format_money(totals["indh"])),
        (_("Engagé"), format_money(totals["committed"])),
        (_("Payé cumulé"), format_money(totals["paid"])),
        (_("Payé dans le trimestre"), format_money(totals["paid_period"])),
        (_("Avancement physique"), percent(totals["progress"]).strip(LRM)),
        (_("Projets en retard"), str(totals["late"])),
        (_("Marchés en retard"), str(totals["marches_late"])),
    ]


def _build_quarterly_with_text(period, projects, progress=noop_progress) -> dict:
    return _with_text(build_quarterly(period, projects, progress))


ILDH_QUARTERLY = register(
    definition(
        kind="ildh_trimestriel",
        period_kind=periods.QUARTER,
        build=_build_quarterly_with_text,
        pdf_template="projects/reports/ildh_quarterly_pdf.html",
        workbook=quarterly_workbook,
        title=quarterly_title,
        figures=lambda context: quarterly_figures(context),
    )
)


# --- Rapport semestriel d'avancement des ILDH -----------------------------------------------------------------------


def half_yearly_title(period) -> str:
    return _("Rapport semestriel d'avancement des ILDH – %(period)s") % {"period": period.label}


def _half_totals(rows: list[dict], reached: dict) -> dict:
    statuses = Counter(r["status_value"] for r in rows)
    committed, paid = _sum(rows, "committed"), _sum(rows, "paid")
    return {
        "count": len(rows),
        "statuses": [(label, statuses[value]) for value, label in Project.Status.choices if statuses[value]],
        "cost": _sum(rows, "cost"),
        "indh": _sum(rows, "indh"),
        "committed": committed,
        "paid": paid,
        "emission_rate": rate(paid, committed),
        "progress_start": progress_of(rows, "progress_before"),
        "progress_end": progress_of(rows, "progress"),
        "women": reached.get("F", 0),
        "men": reached.get("M", 0),
        "jobs_created": sum(r["jobs_created"] for r in rows),
    }


def build_half_yearly(period, projects: QuerySet[Project], progress=noop_progress) -> dict:
    on, before = period.end, period.start - dt.timedelta(days=1)
    progress(0, 4)
    rows = _project_rows(projects, on, before)
    for row in rows:
        row["progress_start"], row["progress_end"] = row["progress_before"], row["progress"]
    progress(1, 4)
    selected = projects.filter(validated_on__lte=on)
    reached: dict[int | None, dict] = defaultdict(dict)
    lines = (
        ProjectBeneficiaries.objects.filter(project__in=selected.values("pk"), kind=ProjectBeneficiaries.Kind.REACHED)
        .values("project__ildh_id", "sex")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for line in lines:
        reached[line["project__ildh_id"]][line["sex"]] = line["total"]
    progress(2, 4)
    entries = list(
        ProgressEntry.objects.filter(
            project__in=selected.values("pk"), recorded_on__range=(period.start, on), project__ildh__isnull=False
        )
        .exclude(problems="")
        .select_related("project")
        .order_by("project__code", "recorded_on", "pk")
    )
    visits = list(
        CommissionVisit.objects.filter(
            project__in=selected.values("pk"), visited_on__range=(period.start, on), project__ildh__isnull=False
        )
        .select_related("project")
        .order_by("project__code", "visited_on", "pk")
    )
    progress(3, 4)
    by_ildh_entries, by_ildh_visits = defaultdict(list), defaultdict(list)
    for entry in entries:
        by_ildh_entries[entry.project.ildh_id].append(
            {
                "code": entry.project.code,
                "title": entry.project.title,
                "date": entry.recorded_on,
                "date_text": day(entry.recorded_on),
                "percent": entry.percent,
                "percent_text": percent(entry.percent),
                "problems": entry.problems,
            }
        )
    for visit in visits:
        by_ildh_visits[visit.project.ildh_id].append(
            {
                "code": visit.project.code,
                "title": visit.project.title,
                "kind": visit.get_kind_display(),
                "date": visit.visited_on,
                "date_text": day(visit.visited_on),
                "reference": visit.reference or _("PV non clos"),
                "findings": visit.findings,
                "reserves": visit.reserves or "—",
                "recommendations": visit.recommendations,
            }
        )
    groups = group_by_ildh(rows)
    for group in groups:
        key = group.ildh.pk if group.ildh else None
        group.totals = _half_totals(group.rows, reached.get(key, {}))
        group.text = _quarter_texts({k: v for k, v in group.totals.items() if k != "statuses"})
        group.difficulties = by_ildh_entries.get(key, [])
        group.visits = by_ildh_visits.get(key, [])
        for row in group.rows:
            row["text"] = _quarter_texts({k: v for k, v in row.items() if k not in ("project", "text")})
        if group.ildh:
            place = group.ildh.commune.name
            if group.ildh.locality_id:
                place = f"{place} — {group.ildh.locality.name}"
            group.place = place
    _chunk(groups)
    all_reached = Counter()
    for values in reached.values():
        all_reached.update(values)
    totals = _half_totals(rows, dict(all_reached))
    context = {
        "period": period,
        "period_label": period.label,
        "on": on,
        "before": before,
        "on_text": day(on),
        "before_text": day(before),
        "ildh_groups": [g for g in groups if g.ildh is not None],
        "groups": groups,
        "totals": totals,
        "totals_text": _quarter_texts({k: v for k, v in totals.items() if k != "statuses"}),
        "legend": half_yearly_legend(period, before),
    }
    progress(4, 4)
    return context


def half_yearly_legend(period, before) -> list[tuple[str, str]]:
    return [
        (
            _("Avancement"),
            _("Avancement physique pondéré par le coût global : au %(start)s (début du semestre) et au %(end)s.")
            % {"start": day(before), "end": day(period.end)},
        ),
        (
            _("Engagé, payé"),
            _("Au %(end)s, selon les règles du tableau de bord (conventions signées, paiements enregistrés).")
            % {"end": day(period.end)},
        ),
        (_("Bénéficiaires atteints"), _("Lignes de bénéficiaires « atteints » des projets, par sexe.")),
        (_("Emplois créés"), _("Emplois créés déclarés dans la fiche des projets.")),
        (_("Statuts"), _("Statut actuel des projets (la fiche ne date pas les changements de statut).")),
        (
            _("Difficultés, visites"),
            _(
                "Difficultés saisies avec les avancements du semestre ; visites des commissions tenues dans "
                "le semestre."
            ),
        ),
    ]


def half_yearly_figures(context: dict) -> list[tuple[str, str]]:
    totals = context["totals"]
    return [
        (_("ILDH"), str(len(context["ildh_groups"]))),
        (_("Projets"), str(totals["count"])),
        (_("Part INDH"), format_money(totals["indh"])),
        (_("Payé"), format_money(totals["paid"])),
        (
            _("Avancement physique"),
            f"{percent(totals['progress_start']).strip(LRM)} → {percent(totals['progress_end']).strip(LRM)}",
        ),
        (_("Bénéficiaires atteints"), str(totals["women"] + totals["men"])),
        (_("Emplois créés"), str(totals["jobs_created"])),
    ]


def half_yearly_columns():
    projects = [
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=40, total="count"),
        Col("status", _("Statut"), width=18),
        Col("cost", _("Coût global (DH)"), "money", "sum", 18),
        Col("indh", _("Part INDH (DH)"), "money", "sum", 18),
        Col("committed", _("Engagé (DH)"), "money", "sum", 18),
        Col("paid", _("Payé (DH)"), "money", "sum", 18),
        Col("progress_start", _("Avancement début du semestre (%)"), "percent", "weighted:cost", 14),
        Col("progress_end", _("Avancement fin du semestre (%)"), "percent", "weighted:cost", 14),
        Col("jobs_created", _("Emplois créés"), "int", "sum", 10),
    ]
    overview = [
        Col("label", _("ILDH"), width=44),
        Col("count", _("Projets"), "int", "sum", 10),
        Col("cost", _("Coût global (DH)"), "money", "sum", 18),
        Col("indh", _("Part INDH (DH)"), "money", "sum", 18),
        Col("committed", _("Engagé (DH)"), "money", "sum", 18),
        Col("paid", _("Payé (DH)"), "money", "sum", 18),
        Col("emission_rate", _("Taux d'émission"), "rate", "ratio:paid:committed", 12),
        Col("progress_start", _("Avancement début du semestre (%)"), "percent", "weighted:cost", 14),
        Col("progress_end", _("Avancement fin du semestre (%)"), "percent", "weighted:cost", 14),
        Col("women", _("Bénéficiaires atteints : femmes"), "int", "sum", 12),
        Col("men", _("Bénéficiaires atteints : hommes"), "int", "sum", 12),
        Col("jobs_created", _("Emplois créés"), "int", "sum", 10),
    ]
    difficulties = [
        Col("ildh", _("ILDH"), width=30),
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=36),
        Col("date", _("Date du constat"), "date", width=13),
        Col("percent", _("Avancement (%)"), "percent", width=12),
        Col("problems", _("Difficultés rencontrées"), width=70),
    ]
    visits = [
        Col("ildh", _("ILDH"), width=30),
        Col("code", _("Code"), width=16),
        Col("title", _("Intitulé"), width=36),
        Col("kind", _("Visite"), width=20),
        Col("date", _("Date"), "date", width=13),
        Col("reference", _("PV"), width=14),
        Col("reserves", _("Réserves"), width=60),
    ]
    return projects, overview, difficulties, visits


def half_yearly_workbook(context: dict, user):
    from projects.credit_documents import _header, _styles

    workbook = new_workbook()
    title = half_yearly_title(context["period"])
    projects, overview, difficulties, visits = half_yearly_columns()
    sheet, start = sheet_heading(workbook, _("Synthèse provinciale"), title, [_("Synthèse provinciale")])
    lines = [{"label": g.label, **g.totals} for g in context["groups"]]
    write_table(sheet, start, overview, [(None, lines)], total_label=_("Total de la province"))
    sheet, start = sheet_heading(workbook, _("Projets"), title, [_("Projets des ILDH")])
    write_table(
        sheet,
        start,
        projects,
        [(g.label, g.rows) for g in context["ildh_groups"]],
        total_label=_("Total des ILDH"),
        subtotal_label=lambda label: _("Sous-total %(group)s") % {"group": label},
    )
    for name, columns, attribute in (
        (_("Difficultés"), difficulties, "difficulties"),
        (_("Visites et réserves"), visits, "visits"),
    ):
        sheet, start = sheet_heading(workbook, name, title, [name])
        _header(sheet, start, [c.label for c in columns], _styles())
        r = start
        for group in context["ildh_groups"]:
            for item in getattr(group, attribute):
                r += 1
                for index, column in enumerate(columns, start=1):
                    value = group.label if column.key == "ildh" else item.get(column.key)
                    cell = sheet.cell(row=r, column=index, value=value)
                    if column.kind == "date":
                        cell.number_format = "DD/MM/YYYY"
                    elif column.kind == "percent":
                        cell.number_format = '0" %"'
        from openpyxl.utils import get_column_letter

        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    legend_sheet(workbook, context["legend"])
    parameters(
        workbook,
        title,
        context,
        user,
        [(_("Situation au"), context["on_text"]), (_("Début du semestre"), context["before_text"])],
    )
    return workbook


ILDH_HALF_YEARLY = register(
    definition(
        kind="ildh_semestriel",
        period_kind=periods.SEMESTER,
        build=build_half_yearly,
        pdf_template="projects/reports/ildh_half_yearly_pdf.html",
        workbook=half_yearly_workbook,
        title=half_yearly_title,
        figures=lambda context: half_yearly_figures(context),
    )
)
