"""The « fiche projet »: one project's whole record on two A4 pages, in French or in Arabic (right to left).

It reads the project through the selectors of the record (projects.record_selectors), of the money
(projects.convention_summary), of the marchés (projects.procurement_selectors) and of the execution follow-up
(projects.execution_selectors): a fixed number of queries whatever the number of payments, entries or visits.

The labels are msgids translated under ``translation.override(language)`` (a label without Arabic translation yet
shows in French). The project's names come from their ``*_ar`` fields with the French as fallback, and what was
typed in one language is laid out left to right in the Arabic sheet (projects.documents.Text). Figures, dates and
codes read left to right in both languages.
"""

from __future__ import annotations

import base64
import io
from decimal import Decimal

from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from projects.convention_summary import project_conventions
from projects.documents import Text, _count_ar, _free, _language, _percent, _text
from projects.execution_selectors import latest_photo_path, latest_progress, project_indicators, project_visits
from projects.financing import percent_of
from projects.procurement_selectors import project_procurements
from projects.record_selectors import project_record

PHOTO_MAX_PIXELS = 1000  # enough for about 80 mm at 300 dpi; keeps a phone photo from weighing megabytes
NO_VALUE = "—"


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def isolated(text, language: str) -> str:
    """A label of the Arabic sheet that has no Arabic translation yet (so reads in French) is laid out left to right
    in a box of its own: its closing dot, parenthesis or number stays in place on every line (« Bénéf. »,
    « 12 prévus, 7 créés »). Isolating marks (U+2066) are not enough: WeasyPrint loses them where the label wraps."""
    text = str(text)
    if language != "ar" or not text or _has_arabic(text) or not any(char.isalpha() for char in text):
        return text
    return format_html('<span class="fr">{}</span>', text)


def labels(language: str) -> dict:
    """The sheet's fixed wording, translated (call inside ``translation.override(language)``)."""
    wording = {
        "title": _("Fiche projet"),
        "identification": _("Identification"),
        "plan": _("Plan de financement"),
        "source": _("Source"),
        "amount_dh": _("Montant (DH)"),
        "cost_share": _("Part du coût (%)"),
        "cost": _("Coût global"),
        "leverage": _("Effet de levier (porteur et partenaires, part du coût en %) :"),
        "gap": _("Écart entre les contributions et le coût global :"),
        "territories": _("Territoires"),
        "commune": _("Commune"),
        "locality": _("Quartier / douar"),
        "share": _("Part"),
        "indh_dh": _("Part INDH (DH)"),
        "beneficiaries_short": _("Bénéf."),
        "dates": _("Dates"),
        "planned": _("Prévue"),
        "actual": _("Réelle"),
        "beneficiaries_jobs": _("Bénéficiaires et emplois"),
        "age_group": _("Tranche d'âge"),
        "targeted": _("Visés"),
        "reached": _("Atteints"),
        "women": _("Femmes"),
        "men": _("Hommes"),
        "total": _("Total"),
        "jobs": _("Emplois"),
        "agr": _("Activité génératrice de revenus"),
        "progress": _("Avancement"),
        "physical_progress": _("Avancement physique"),
        "paid_amount": _("Montant payé"),
        "financial_progress": _("Avancement financier"),
        "money": _("Conventions, tranches et paiements"),
        "convention": _("Convention"),
        "status": _("Statut"),
        "signed_on": _("signée le"),
        "ceiling": _("Plafond INDH (après avenants)"),
        "paid": _("Payé"),
        "left_to_pay": _("Reste à payer"),
        "amendments": _("Avenants"),
        "tranche": _("Tranche"),
        "due_on": _("Échéance"),
        "released_on": _("Débloquée le"),
        "left": _("Reste"),
        "payments": _("Paiements"),
        "last_payment": _("Dernier paiement"),
        "no_convention": _("Aucune convention."),
        "procurements": _("Marchés"),
        "procedure": _("Procédure"),
        "reference": _("Référence"),
        "contractor": _("Attributaire"),
        "delay": _("Délai"),
        "estimate": _("(estimation)"),
        "no_procurement": _("Aucun marché."),
        "finding_of": _("constat du"),
        "narrative": _("Travaux réalisés"),
        "problems": _("Difficultés rencontrées"),
        "no_progress": _("Aucun constat d'avancement."),
        "latest_photo": _("Dernière photo"),
        "no_photo": _("Aucune photo des travaux."),
        "visits": _("Visites des commissions"),
        "visit": _("Visite"),
        "date": _("Date"),
        "commission": _("Commission"),
        "pv": _("PV"),
        "reserves": _("Réserves"),
        "no_visit": _("Aucune visite."),
        "indicators": _("Indicateurs"),
        "indicator": _("Indicateur"),
        "unit": _("Unité"),
        "target": _("Cible"),
        "latest_value": _("Dernière valeur"),
        "period": _("Période"),
        "no_indicator": _("Aucun indicateur suivi."),
        "none": _("Néant"),
    }
    return {key: isolated(text, language) for key, text in wording.items()}


class Formats:
    """How figures, dates and names read in the sheet's language."""

    def __init__(self, language: str):
        self.language = language

    def money(self, value) -> str:
        if value is None:
            return NO_VALUE
        return format_money(value, unit="درهم") if self.language == "ar" else format_money(value)

    def figure(self, value) -> str:
        """An amount in a table whose heading names the unit: ``1 500 000,00``."""
        return NO_VALUE if value is None else format_money(value, unit="").strip()

    def label(self, text) -> str:
        return isolated(text, self.language)

    def date(self, value) -> str:
        return value.strftime("%d/%m/%Y") if value else NO_VALUE

    def percent(self, value) -> str:
        return NO_VALUE if value is None else _percent(value, self.language)

    def number(self, value) -> str:
        if value is None:
            return NO_VALUE
        text = f"{Decimal(value).normalize():f}".replace(".", ",")
        whole, _sep, decimals = text.partition(",")
        groups = []
        while len(whole) > 3 and whole[-4] != "-":
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        grouped = "\u202f".join([whole, *groups])
        return f"{grouped},{decimals}" if decimals else grouped

    def named(self, obj) -> Text | None:
        """A reference row (``name_fr`` / ``name_ar``) in the sheet's language."""
        if obj is None:
            return None
        return _text(self.language, obj.name_fr, obj.name_ar)

    def coded(self, obj) -> Text | None:
        """``P3 – Amélioration du revenu…``: the code, then the name in the sheet's language."""
        if obj is None:
            return None
        name = self.named(obj)
        return Text(f"{obj.code} – {name.inline}", fallback=name.fallback)

    def partner(self, partner) -> Text | None:
        """A partner or a commission: ``name`` / ``name_ar``."""
        if partner is None:
            return None
        return _text(self.language, partner.name, partner.name_ar or "")

    def free(self, text: str) -> Text:
        return _free(text, self.language)

    def code(self, text: str) -> Text:
        """A reference (code, n° of convention or marché): left to right in the Arabic sheet."""
        return Text(text or NO_VALUE, fallback=self.language == "ar" and bool(text))

    def months(self, count: int) -> str:
        if self.language == "ar":
            return _count_ar(count, "شهر واحد", "شهران", "أشهر", "شهرا")
        return ngettext("%(count)s mois", "%(count)s mois", count) % {"count": count}


def photo_source(path) -> str | None:
    """The latest photo as a data URI, scaled down and turned upright (its EXIF orientation); the file's own URI
    if it cannot be read as an image here (WeasyPrint then tries it itself); None without a photo."""
    if path is None or not path.exists():
        return None
    try:
        from PIL import Image, ImageOps

        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=82)
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    except Exception:  # noqa: BLE001  (a photo the sheet cannot shrink is still shown as it is)
        return path.as_uri()


def _pairs(facts: list) -> list:
    """Facts two by two, for a four-column table (label, value, label, value)."""
    facts = [fact for fact in facts if fact is not None]
    if len(facts) % 2:
        facts.append(None)
    return [facts[i : i + 2] for i in range(0, len(facts), 2)]


def _fact(f: Formats, label, value, *, ltr=False) -> dict:
    """A label and its value: a Text (a name, fallen back to French or not) or a label already laid out."""
    if value is None or value == "":
        value = NO_VALUE
    elif not isinstance(value, Text):
        value = f.label(value)
    return {"label": f.label(label), "value": value, "ltr": ltr}


def _identification(project, record, f: Formats) -> list:
    holder = f.partner(project.holder)
    holder_kind = project.holder.get_kind_display()
    owner = f.partner(project.delegated_owner) if project.delegated_owner_id else _("Le porteur")
    locality = f.named(project.locality) if project.locality_id else None
    gps = f"{project.latitude}, {project.longitude}" if record["gps"] else None
    ildh = None
    if project.ildh_id:
        title = f.free(project.ildh.title)
        ildh = Text(f"{project.ildh.reference} – {title.inline}", fallback=title.fallback)
    return _pairs(
        [
            _fact(f, _("Code"), f.code(project.code), ltr=True),
            _fact(f, _("Statut"), project.get_status_display()),
            _fact(f, _("Phase"), f.named(project.phase)),
            _fact(f, _("Programme"), f.coded(project.programme)),
            _fact(f, _("Axe"), f.coded(project.axis) if project.axis_id else None),
            _fact(f, _("Secteur"), f.named(project.sector) if project.sector_id else None),
            _fact(f, _("Commune"), f.named(project.commune)),
            _fact(f, _("Quartier / douar"), locality),
            _fact(f, _("Point GPS"), Text(gps, fallback=f.language == "ar") if gps else None, ltr=True),
            _fact(f, _("ILDH"), ildh),
            _fact(f, _("Porteur"), Text(f"{holder.inline} ({holder_kind})")),
            _fact(f, _("Maître d'ouvrage délégué"), owner),
            _fact(f, _("Durée"), f.months(project.duration_months)),
            _fact(f, _("Validé le"), f.date(project.validated_on)),
        ]
    )


def _cost_plan(project, record, f: Formats) -> dict:
    plan = record["plan"]
    fundings = list(project.fundings.all())
    holder = f.partner(project.holder)
    rows = [{"label": Text(_("Part INDH")), "amount": project.indh_share}]
    rows.append(
        {"label": Text(_("Porteur : %(name)s") % {"name": holder.inline}), "amount": project.holder_contribution}
    )
    for funding in fundings:
        name = f.partner(funding.partner)
        rows.append({"label": Text(_("Partenaire : %(name)s") % {"name": name.inline}), "amount": funding.amount})
    cost = plan["cost"]
    for row in rows:
        row["share"] = f.percent(percent_of(row["amount"], cost))
        row["amount"] = f.figure(row["amount"])
    return {
        "rows": rows,
        "cost": f.figure(cost),
        "leverage": f.percent(plan["leverage"]),
        "others": f.money(plan["others"]),
        "gap": f.money(plan["gap"]) if plan["gap"] else "",
    }


def _territories(record, f: Formats) -> list:
    return [
        {
            "commune": f.named(row["commune"]),
            "locality": f.named(row["locality"]) if row["locality"] else Text(NO_VALUE),
            "share": f.percent(row["share"]),
            "indh": f.figure(row["indh_share"]),
            "beneficiaries": f.number(row["beneficiaries"].quantize(Decimal("1"))),
        }
        for row in record["territories"]
    ]


def _dates(project, f: Formats) -> list:
    rows = [
        (_("Démarrage"), project.planned_start, project.actual_start),
        (_("Achèvement (réception provisoire)"), project.planned_end, project.provisional_reception_on),
        (_("Réception définitive"), None, project.final_reception_on),
    ]
    return [
        {"label": f.label(label), "planned": f.date(planned), "actual": f.date(actual)}
        for label, planned, actual in rows
    ]


def _agr(project, f: Formats) -> list | None:
    if not project.is_agr:
        return None
    if project.agr_feasibility_done:
        feasibility = _("Réalisée")
        if project.agr_feasibility_on:
            feasibility = f"{feasibility} — {f.date(project.agr_feasibility_on)}"
    else:
        feasibility = _("Non réalisée")
    microcredit = NO_VALUE
    if project.agr_microcredit_amount:
        institution = f.free(project.agr_microcredit_institution)
        microcredit = f"{f.money(project.agr_microcredit_amount)} — {institution.inline}".rstrip(" —")
    return [
        _fact(f, _("Étude de faisabilité"), feasibility),
        _fact(f, _("Apport personnel"), f.money(project.agr_personal_contribution)),
        _fact(f, _("Micro-crédit"), microcredit),
    ]


def _conventions(summaries, f: Formats) -> list:
    conventions = []
    for summary in summaries:
        convention = summary.convention
        tranches = []
        for tranche in summary.tranches:
            payments = list(tranche.payments.all())
            tranches.append(
                {
                    "number": tranche.number,
                    "amount": f.figure(tranche.amount),
                    "due_on": f.date(tranche.due_on),
                    "released": f.date(tranche.released_on) if tranche.released else NO_VALUE,
                    "paid": f.figure(tranche.paid),
                    "left": f.figure(tranche.amount - tranche.paid),
                    "payments": len(payments),
                    "last_paid_on": f.date(payments[-1].paid_on) if payments else NO_VALUE,
                }
            )
        conventions.append(
            {
                "reference": f.code(convention.reference),
                "status": f.label(convention.get_status_display()),
                "signed_on": f.date(convention.signed_on),
                "indh": f.money(summary.indh),
                "paid": f.money(summary.paid),
                "left": f.money(summary.left),
                "financial_progress": f.percent(percent_of(summary.paid, summary.indh)),
                "tranches": tranches,
                "amendments": [
                    {
                        "reference": f.code(amendment.reference),
                        "status": f.label(amendment.get_status_display()),
                        "signed_on": f.date(amendment.signed_on),
                        "reason": f.free(amendment.reason),
                    }
                    for amendment in summary.amendments
                ],
            }
        )
    return conventions


def _procurements(rows, f: Formats) -> list:
    marches = []
    for row in rows:
        state = row.state_now
        if state.days_late:
            delay = ngettext("%(count)s jour de retard", "%(count)s jours de retard", state.days_late) % {
                "count": state.days_late
            }
        elif state.award_days_late:
            delay = ngettext(
                "attribution en retard de %(count)s jour",
                "attribution en retard de %(count)s jours",
                state.award_days_late,
            ) % {"count": state.award_days_late}
        elif row.duration:
            delay = f"{row.duration} {row.get_duration_unit_display()}"
        else:
            delay = NO_VALUE
        delay = f.label(delay)
        marches.append(
            {
                "procedure": f.label(row.get_procedure_display()),
                "reference": f.code(row.reference),
                "subject": f.free(row.subject),
                "contractor": f.free(row.contractor_name) if row.contractor_name else Text(NO_VALUE),
                "amount": f.figure(row.awarded_amount if row.awarded_amount is not None else row.estimated_amount),
                "estimated": row.awarded_amount is None,
                "status": f.label(state.label),
                "planned_end": f.date(row.planned_end_on),
                "delay": delay,
                "late": state.late,
            }
        )
    return marches


def _visits(rows, f: Formats) -> list:
    visits = []
    for visit in rows:
        if visit.reference:
            pv = _("PV %(reference)s clos le %(date)s") % {
                "reference": f.code(visit.reference).inline,
                "date": f.date(visit.closed_on),
            }
        else:
            pv = visit.get_status_display()
        pv = f.label(pv)
        visits.append(
            {
                "kind": f.label(visit.get_kind_display()),
                "date": f.date(visit.visited_on),
                "commission": f.partner(visit.commission),
                "pv": pv,
                "closed": visit.status == visit.Status.CLOSED,
                "reserves": f.free(visit.reserves) if visit.reserves.strip() else None,
            }
        )
    return visits


def _indicators(rows, f: Formats) -> list:
    indicators = []
    for row in rows:
        indicator = row.indicator
        name = _text(f.language, indicator.name, indicator.name_ar)
        latest = row.latest
        indicators.append(
            {
                "code": indicator.code,
                "name": name,
                "unit": f.free(indicator.unit),
                "target": f.number(row.target),
                "latest": f.number(latest.value) if latest else NO_VALUE,
                "period": f.label(f"{latest.get_period_display()} {latest.year}") if latest else "",
            }
        )
    return indicators


def project_sheet_context(project, language: str) -> dict:
    """What the fiche shows; call inside ``translation.override(language)``."""
    f = Formats(language)
    record = project_record(project)
    project = record["project"]
    title = f.free(project.title)
    wording = labels(language)
    context = pdf_context(_("Fiche projet"), user=_("Division de l'Action Sociale"), subtitle="")
    beneficiaries = record["beneficiaries"]
    progress = latest_progress(project)
    financial = record["financial_progress"]
    context.update(
        {
            "language": language,
            "project": project,
            "code": project.code,
            "project_title": title,
            "l": wording,
            "status": f.label(project.get_status_display()),
            "identification": _identification(project, record, f),
            "plan": _cost_plan(project, record, f),
            "territories": _territories(record, f),
            "declared_territories": record["declared_territories"],
            "beneficiaries": beneficiaries,
            "beneficiary_rows": [
                {"label": f.label(row["label"]), "counts": row["counts"]} for row in beneficiaries["rows"]
            ],
            "beneficiaries_summary": f.label(
                _("%(targeted)s visés, %(reached)s atteints.")
                % {"targeted": project.beneficiaries_total, "reached": beneficiaries["reached"]}
            ),
            "beneficiaries_detail": f.label(
                _("dont %(women)s femmes, %(youth)s jeunes et %(disabled)s personnes en situation de handicap")
                % {
                    "women": project.beneficiaries_women,
                    "youth": project.beneficiaries_youth,
                    "disabled": project.beneficiaries_disabled,
                }
            ),
            "jobs": f.label(
                _("%(planned)s prévus, %(created)s créés")
                % {"planned": record["jobs"]["planned"], "created": record["jobs"]["created"]}
            ),
            "dates": _dates(project, f),
            "agr": _agr(project, f),
            "conventions": _conventions(project_conventions(project), f),
            "procurements": _procurements(project_procurements(project), f),
            "physical_progress": f.percent(record["physical_progress"]),
            "progress_updated_on": f.date(record["progress_updated_on"]),
            "paid": f.money(record["paid"]),
            "financial_progress": f.percent(financial),
            "progress": progress,
            "narrative": f.free(progress.narrative) if progress else None,
            "problems": f.free(progress.problems) if progress and progress.problems else None,
            "progress_on": f.date(progress.recorded_on) if progress else NO_VALUE,
            "photo": photo_source(latest_photo_path(project)),
            "visits": _visits(project_visits(project), f),
            "indicators": _indicators(project_indicators(project), f),
        }
    )
    return context


def render_project_sheet(project, language: str) -> bytes:
    """The fiche projet, A4 PDF, in French (``"fr"``) or in Arabic (``"ar"``, right to left)."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("projects/pdf/project_sheet.html", project_sheet_context(project, language))
