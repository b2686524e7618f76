"""Conventions of INDH projects: drafting from the template, parties and articles, and the lifecycle up to the
Governor's signature, execution, closure or termination.

brouillon → validée (chef) → transmise au Cabinet → signée (date + scan) or back to brouillon with observations
→ en exécution → clôturée, or résiliée (reason) once signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.formatting import format_money
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import (
    Convention,
    ConventionArticle,
    ConventionParty,
    ConventionReturn,
    ConventionTemplate,
    ConventionTemplateArticle,
    Project,
)

Status = Convention.Status
Kind = ConventionParty.Kind
CONVENTION_NUMBER_LOCK = 7_400_020  # advisory lock key: numbering of conventions

# --- Who signs: the Governor's office -------------------------------------------------------------------------
SIGN_CONVENTIONS = project_perms.SIGN_CONVENTIONS


def may_sign(user) -> bool:
    """The Governor's office: sees the conventions awaiting signature, records the signature or the return."""
    return bool(permissions.require(user, SIGN_CONVENTIONS))


def can_read(user) -> bool:
    """The division's readers (projects.access) and the Governor's office read conventions and their PDF."""
    return user.is_authenticated and (user.has_perm(project_perms.ACCESS) or may_sign(user))


# --- Totals: the parties bring the project's cost plan ----------------------------------------------------------


@dataclass
class PartyLine:
    kind: str
    partner: object | None
    contribution: Decimal


def check_parties(project: Project, parties: list[PartyLine]) -> list[str]:
    """Why these parties do not match the project's cost plan (French), or []."""
    reasons = []
    governors = [p for p in parties if p.kind == Kind.GOVERNOR]
    holders = [p for p in parties if p.kind == Kind.HOLDER]
    if len(governors) != 1:
        reasons.append(_("La convention compte une et une seule partie « Gouverneur, président du CPDH »."))
    if len(holders) != 1 or holders[0].partner is None or holders[0].partner.pk != project.holder_id:
        reasons.append(_("Le porteur du projet (%(holder)s) est partie à la convention.") % {"holder": project.holder})
    partners = [p.partner.pk for p in parties if p.partner is not None]
    if len(partners) != len(set(partners)):
        reasons.append(_("Un partenaire figure deux fois parmi les parties."))
    if any(p.kind != Kind.GOVERNOR and p.partner is None for p in parties):
        reasons.append(_("Indiquez le partenaire de chaque partie autre que le Gouverneur."))
    if any(p.contribution is None or p.contribution < 0 for p in parties):
        reasons.append(_("Une contribution ne peut être négative."))
        return reasons
    if len(governors) == 1 and governors[0].contribution != project.indh_share:
        reasons.append(
            _("La contribution de l'INDH (%(amount)s) doit égaler la part INDH décidée par le CPDH (%(share)s).")
            % {"amount": format_money(governors[0].contribution), "share": format_money(project.indh_share)}
        )
    total = sum((p.contribution for p in parties), Decimal("0"))
    if total != project.estimated_cost:
        reasons.append(
            _("Le total des contributions des parties (%(total)s) doit égaler le coût du projet (%(cost)s).")
            % {"total": format_money(total), "cost": format_money(project.estimated_cost)}
        )
    return reasons


def current_parties(convention) -> list[PartyLine]:
    return [
        PartyLine(p.kind, p.partner, p.contribution)
        for p in convention.parties.select_related("partner").order_by("position", "pk")
    ]


def parties_from_cost_plan(project: Project) -> list[PartyLine]:
    lines = [
        PartyLine(Kind.GOVERNOR, None, project.indh_share),
        PartyLine(Kind.HOLDER, project.holder, project.holder_contribution),
    ]
    for funding in project.fundings.select_related("partner").order_by("pk"):
        lines.append(PartyLine(Kind.PARTNER, funding.partner, funding.amount))
    return lines


# --- The template -------------------------------------------------------------------------------------------------

DEFAULT_ARTICLES = [
    (
        "Objet",
        "الموضوع",
        "La présente convention a pour objet de fixer les conditions de réalisation du projet « {projet} » "
        "({code}), porté par {porteur} dans la commune de {commune}, dans le cadre de l'Initiative Nationale pour "
        "le Développement Humain.",
        "تهدف هذه الاتفاقية إلى تحديد شروط إنجاز مشروع «{projet}» ({code})، الذي يحمله {porteur} بجماعة {commune}، "
        "في إطار المبادرة الوطنية للتنمية البشرية.",
    ),
    (
        "Engagements de l'INDH",
        "التزامات المبادرة الوطنية للتنمية البشرية",
        "Le Gouverneur, président du Comité Provincial de Développement Humain, s'engage à mobiliser la part INDH "
        "de {part_indh} selon les tranches et conditions fixées par la présente convention, et à assurer "
        "l'accompagnement technique du porteur par la Division de l'Action Sociale.",
        "يلتزم العامل، رئيس اللجنة الإقليمية للتنمية البشرية، بتعبئة مساهمة المبادرة البالغة {part_indh} وفق الأشطر "
        "والشروط المحددة في هذه الاتفاقية، وبتوفير المواكبة التقنية لحامل المشروع عبر قسم العمل الاجتماعي.",
    ),
    (
        "Engagements du porteur",
        "التزامات حامل المشروع",
        "Le porteur s'engage à réaliser le projet conformément au dossier validé par le CPDH, à mobiliser sa "
        "contribution, à tenir une comptabilité propre au projet et à en assurer la pérennité.",
        "يلتزم حامل المشروع بإنجاز المشروع طبقا للملف المصادق عليه من طرف اللجنة الإقليمية، وبتعبئة مساهمته، "
        "ومسك محاسبة خاصة بالمشروع، وضمان استدامته.",
    ),
    (
        "Engagements des partenaires",
        "التزامات الشركاء",
        "Chaque partenaire s'engage à verser sa contribution et à participer au suivi du projet.",
        "يلتزم كل شريك بأداء مساهمته والمشاركة في تتبع المشروع.",
    ),
    (
        "Contributions financières",
        "المساهمات المالية",
        "Le coût global du projet est fixé à {cout}. Les contributions de chaque partie figurent au tableau des "
        "parties de la présente convention.",
        "حددت الكلفة الإجمالية للمشروع في {cout}. وتبين مساهمات كل طرف في جدول أطراف هذه الاتفاقية.",
    ),
    (
        "Tranches et conditions de déblocage",
        "الأشطر وشروط الصرف",
        "La part INDH est débloquée par tranches. Chaque tranche après la première est conditionnée par la "
        "justification de l'emploi de la précédente et par l'avancement constaté du projet.",
        "تصرف مساهمة المبادرة على أشطر، ويشترط لصرف كل شطر بعد الأول تبرير استعمال الشطر السابق "
        "وتقدم إنجاز المشروع المعاين.",
    ),
    (
        "Durée",
        "المدة",
        "La présente convention prend effet à sa signature. Le projet est réalisé dans un délai de {duree} mois.",
        "تدخل هذه الاتفاقية حيز التنفيذ ابتداء من تاريخ توقيعها، وينجز المشروع داخل أجل {duree} شهرا.",
    ),
    (
        "Suivi et reporting",
        "التتبع والتقارير",
        "Le porteur remet à la Division de l'Action Sociale un rapport d'avancement trimestriel et un rapport final "
        "technique et financier.",
        "يسلم حامل المشروع لقسم العمل الاجتماعي تقريرا فصليا عن تقدم الإنجاز وتقريرا نهائيا تقنيا وماليا.",
    ),
    (
        "Contrôle et audit",
        "المراقبة والافتحاص",
        "Le projet est soumis au contrôle des services habilités et à l'audit de l'Inspection Générale de "
        "l'Administration Territoriale et de l'Inspection Générale des Finances.",
        "يخضع المشروع لمراقبة المصالح المؤهلة ولافتحاص المفتشية العامة للإدارة الترابية والمفتشية العامة للمالية.",
    ),
    (
        "Résiliation",
        "الفسخ",
        "En cas de manquement d'une partie à ses engagements, la convention peut être résiliée après mise en "
        "demeure restée sans effet ; les sommes non employées sont restituées.",
        "في حالة إخلال أحد الأطراف بالتزاماته، يمكن فسخ الاتفاقية بعد إنذار ظل دون جدوى، وترجع المبالغ غير المستعملة.",
    ),
    (
        "Règlement des litiges",
        "تسوية النزاعات",
        "Les litiges nés de la présente convention sont réglés à l'amiable ; à défaut, ils sont portés devant le "
        "tribunal administratif compétent.",
        "تسوى النزاعات الناشئة عن هذه الاتفاقية بالطرق الودية، وإلا فتعرض على المحكمة الإدارية المختصة.",
    ),
]


def default_template() -> ConventionTemplate | None:
    return ConventionTemplate.objects.filter(is_default=True).first()


@transaction.atomic
def template_ensure_default(*, by) -> ConventionTemplate:
    """The default template; created with the standard INDH articles the first time it is needed."""
    if not (permissions.require(by, project_perms.APPROVE) or permissions.require(by, project_perms.MANAGE_DOSSIERS)):
        raise PermissionDenied(_("Votre rôle ne permet pas de préparer les conventions."))
    template = ConventionTemplate.objects.select_for_update().filter(is_default=True).first()
    if template is not None:
        return template
    with actor_context(by):
        template = ConventionTemplate.objects.create(name=_("Convention de partenariat INDH"), is_default=True)
        for number, (title_fr, title_ar, body_fr, body_ar) in enumerate(DEFAULT_ARTICLES, start=1):
            template.articles.create(
                number=number, title_fr=title_fr, title_ar=title_ar, body_fr=body_fr, body_ar=body_ar
            )
    return template


ARTICLE_FIELDS = ("number", "title_fr", "title_ar", "body_fr", "body_ar")


def _replace_articles(owner_articles, model, owner_field: str, owner, rows: list[dict]) -> None:
    """Rows: {"id": pk or None, "delete": bool, number, title_fr, title_ar, body_fr, body_ar}."""
    kept = [r for r in rows if not r.get("delete")]
    numbers = [r["number"] for r in kept]
    if len(numbers) != len(set(numbers)):
        raise ValidationError(_("Deux articles portent le même numéro."))
    if not kept:
        raise ValidationError(_("Gardez au moins un article."))
    existing = {a.pk: a for a in owner_articles.all()}
    deleted = [existing[r["id"]] for r in rows if r.get("id") in existing and r.get("delete")]
    for article in deleted:
        article.delete()
    changed = [(existing[r["id"]], r) for r in kept if r.get("id") in existing]
    # Free the numbers first: a renumbering (1↔2) would otherwise collide with the unique constraint.
    for article, _row in changed:
        article.number = 10_000 + article.pk % 10_000
        article.save(update_fields=["number"])
    for article, row in changed:
        for name in ARTICLE_FIELDS:
            setattr(article, name, row[name])
        article.full_clean()
        article.save()
    for row in kept:
        if row.get("id") in existing:
            continue
        article = model(**{owner_field: owner}, **{name: row[name] for name in ARTICLE_FIELDS})
        article.full_clean()
        article.save()


@transaction.atomic
def template_articles_save(*, template: ConventionTemplate, by, rows: list[dict]) -> ConventionTemplate:
    """The head edits the template's articles; conventions already drafted keep their own copy."""
    permissions.demand(by, project_perms.APPROVE, _("Seul le chef de division modifie le modèle de convention."))
    locked = ConventionTemplate.objects.select_for_update().get(pk=template.pk)
    with actor_context(by):
        _replace_articles(locked.articles, ConventionTemplateArticle, "template", locked, rows)
        locked.save(update_fields=["updated_at"])
    return locked


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


class _Facts(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def project_facts(project: Project, language: str) -> dict:
    if language == "ar":
        holder = project.holder.name_ar or project.holder.name
        commune = project.commune.name_ar or project.commune.name_fr
        province = settings.DAS_PROVINCE_NAME_AR
        unit = "درهم"
        # Figures and Latin-script words (a French title, a code) embedded left to right (LRE…PDF): inside an
        # Arabic sentence their digit groups and words keep their order, and the guillemets around them stay put.
        money = lambda v: f"\u202a{format_money(v, unit='').strip()}\u202c {unit}"  # noqa: E731
        latin = lambda text: text if _has_arabic(text) else f"\u202a{text}\u202c"  # noqa: E731
    else:
        holder, commune, province = project.holder.name, project.commune.name_fr, settings.DAS_PROVINCE_NAME
        money, latin = format_money, str
    return _Facts(
        projet=latin(project.title),
        code=latin(project.code),
        porteur=latin(holder),
        commune=latin(commune),
        province=province,
        cout=money(project.estimated_cost),
        part_indh=money(project.indh_share),
        duree=project.duration_months,
    )


def fill(text: str, facts: dict) -> str:
    try:
        return text.format_map(facts)
    except (ValueError, IndexError):  # a stray brace in the head's text: leave the text as written
        return text


# --- Drafting -----------------------------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    return next_reference(Convention, "reference", f"CONV-{year}-", CONVENTION_NUMBER_LOCK)


@transaction.atomic
def convention_create(*, project: Project, by, today: dt.date | None = None) -> Convention:
    """Draft the project's convention: the parties from its cost plan, the articles from the default template."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de préparer les conventions."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    # Conventionné: its convention was terminated (résiliée), a new one may replace it (checked just below).
    if locked.status not in (Project.Status.VALIDATED, Project.Status.CONVENTIONED):
        raise TransitionRefused(_("Seul un projet validé par le CPDH reçoit une convention."))
    if locked.conventions.exclude(status=Status.TERMINATED).exists():
        raise TransitionRefused(_("Ce projet a déjà une convention en cours."))
    template = template_ensure_default(by=by)
    year = (today or timezone.localdate()).year
    parties = parties_from_cost_plan(locked)
    facts = {"fr": project_facts(locked, "fr"), "ar": project_facts(locked, "ar")}
    with actor_context(by):
        convention = Convention(
            reference=_next_reference(year), year=year, project=locked, template=template, title=locked.title
        )
        convention.full_clean()
        convention.save()
        _save_parties(convention, parties)
        for article in template.articles.order_by("number"):
            ConventionArticle.objects.create(
                convention=convention,
                number=article.number,
                title_fr=article.title_fr,
                title_ar=article.title_ar,
                body_fr=fill(article.body_fr, facts["fr"]),
                body_ar=fill(article.body_ar, facts["ar"]),
            )
    return convention


def _save_parties(convention, parties: list[PartyLine]) -> None:
    for position, line in enumerate(parties):
        ConventionParty.objects.create(
            convention=convention,
            kind=line.kind,
            partner=line.partner,
            contribution=line.contribution,
            position=position,
        )


def _lock_draft(convention: Convention, by) -> Convention:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de modifier les conventions."))
    locked = Convention.objects.select_for_update().get(pk=convention.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(_("Seule une convention en brouillon se modifie."))
    return locked


@transaction.atomic
def convention_set_parties(*, convention: Convention, by, parties: list[PartyLine]) -> Convention:
    """Replace the parties and their contributions; refused unless they bring exactly the project's cost plan."""
    locked = _lock_draft(convention, by)
    reasons = check_parties(locked.project, parties)
    if reasons:
        raise ValidationError(reasons)
    with actor_context(by):
        locked.parties.all().delete()
        _save_parties(locked, parties)
        locked.save(update_fields=["updated_at"])
    return locked


@transaction.atomic
def convention_edit(*, convention: Convention, by, title: str, rows: list[dict]) -> Convention:
    """The convention's object and its own articles, editable while it is a draft."""
    locked = _lock_draft(convention, by)
    if not title.strip():
        raise ValidationError({"title": _("Indiquez l'objet de la convention.")})
    with actor_context(by):
        _replace_articles(locked.articles, ConventionArticle, "convention", locked, rows)
        locked.title = title.strip()
        locked.full_clean()
        locked.save()
    return locked


# --- Lifecycle ----------------------------------------------------------------------------------------------------


def _validate_guard(convention, **_kwargs) -> list[str]:
    reasons = check_parties(convention.project, current_parties(convention))
    if not convention.articles.exists():
        reasons.append(_("La convention n'a aucun article."))
    return reasons


def _sign_guard(convention, *, signed_on=None, scan=None, **_kwargs) -> list[str]:
    reasons = []
    if signed_on is None:
        reasons.append(_("Indiquez la date de signature."))
    else:
        if signed_on > timezone.localdate():
            reasons.append(_("La date de signature ne peut être dans le futur."))
        if convention.transmitted_at and signed_on < timezone.localtime(convention.transmitted_at).date():
            reasons.append(_("La date de signature précède la transmission au Cabinet."))
    if scan is None:
        reasons.append(_("Joignez le scan de la convention signée."))
    return reasons


def _return_guard(convention, *, observations="", **_kwargs) -> list[str]:
    return [] if (observations or "").strip() else [_("Indiquez les observations du Cabinet.")]


def _date_guard(field_label):
    def guard(convention, *, on=None, **_kwargs) -> list[str]:
        if on is None:
            return [_("Indiquez la date : %(field)s.") % {"field": field_label}]
        if on > timezone.localdate():
            return [_("La date ne peut être dans le futur.")]
        if convention.signed_on and on < convention.signed_on:
            return [_("La date précède la signature de la convention.")]
        return []

    return guard


def _terminate_guard(convention, *, on=None, reason="", **kwargs) -> list[str]:
    reasons = _date_guard(gettext_lazy("résiliée le"))(convention, on=on)
    if not (reason or "").strip():
        reasons.append(_("Indiquez le motif de la résiliation."))
    return reasons


CONVENTION_WORKFLOW = Workflow(
    Convention,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider la convention"),
            project_perms.APPROVE,
            _validate_guard,
            "success",
        ),
        Transition(
            "reopen",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Remettre en brouillon"),
            project_perms.APPROVE,
            None,
            "secondary",
        ),
        Transition(
            "transmit",
            frozenset({Status.VALIDATED}),
            Status.TRANSMITTED,
            gettext_lazy("Transmettre au Cabinet"),
            project_perms.MANAGE_DOSSIERS,
            None,
            "primary",
        ),
        Transition(
            "sign",
            frozenset({Status.TRANSMITTED}),
            Status.SIGNED,
            gettext_lazy("Enregistrer la signature"),
            SIGN_CONVENTIONS,
            _sign_guard,
            "success",
        ),
        Transition(
            "return",
            frozenset({Status.TRANSMITTED}),
            Status.DRAFT,
            gettext_lazy("Retourner avec observations"),
            SIGN_CONVENTIONS,
            _return_guard,
            "warning",
        ),
        Transition(
            "start",
            frozenset({Status.SIGNED}),
            Status.EXECUTING,
            gettext_lazy("Mettre en exécution"),
            project_perms.MANAGE_DOSSIERS,
            _date_guard(gettext_lazy("mise en exécution le")),
            "primary",
        ),
        Transition(
            "close",
            frozenset({Status.EXECUTING}),
            Status.CLOSED,
            gettext_lazy("Clôturer"),
            project_perms.MANAGE_DOSSIERS,
            _date_guard(gettext_lazy("clôturée le")),
            "secondary",
        ),
        Transition(
            "terminate",
            frozenset({Status.SIGNED, Status.EXECUTING}),
            Status.TERMINATED,
            gettext_lazy("Résilier"),
            project_perms.APPROVE,
            _terminate_guard,
            "danger",
        ),
    ],
)


@transaction.atomic
def convention_validate(*, convention: Convention, by) -> Convention:
    def apply(locked):
        locked.validated_at = timezone.now()
        locked.validated_by = by

    return CONVENTION_WORKFLOW.run(convention, "validate", by=by, apply=apply)


@transaction.atomic
def convention_reopen(*, convention: Convention, by) -> Convention:
    def apply(locked):
        locked.validated_at = None
        locked.validated_by = None

    return CONVENTION_WORKFLOW.run(convention, "reopen", by=by, apply=apply)


@transaction.atomic
def convention_transmit(*, convention: Convention, by) -> Convention:
    def apply(locked):
        locked.transmitted_at = timezone.now()

    return CONVENTION_WORKFLOW.run(convention, "transmit", by=by, apply=apply)


@transaction.atomic
def convention_sign(*, convention: Convention, by, signed_on: dt.date | None, scan) -> Convention:
    """The Governor signed: the date and the scan of the signed convention are kept (the scan is its official copy)."""

    def apply(locked):
        locked.signed_on = signed_on
        locked.signed_scan = attachment_add(
            parent=locked, uploaded=scan, by=by, description=_("Convention signée %(ref)s") % {"ref": locked.reference}
        )

    from projects.services.project_lifecycle import on_convention_signed

    signed = CONVENTION_WORKFLOW.run(convention, "sign", by=by, apply=apply, signed_on=signed_on, scan=scan)
    on_convention_signed(signed, by=by)  # the project, still validé, becomes conventionné
    return signed


@transaction.atomic
def convention_return(*, convention: Convention, by, observations: str) -> Convention:
    """The Governor's office sends the convention back to draft; its observations stay on the record."""

    def apply(locked):
        ConventionReturn.objects.create(convention=locked, returned_by=by, observations=observations.strip())
        locked.validated_at = None
        locked.validated_by = None
        locked.transmitted_at = None

    return CONVENTION_WORKFLOW.run(convention, "return", by=by, apply=apply, observations=observations)


@transaction.atomic
def convention_start(*, convention: Convention, by, on: dt.date | None) -> Convention:
    def apply(locked):
        locked.execution_started_on = on

    return CONVENTION_WORKFLOW.run(convention, "start", by=by, apply=apply, on=on)


@transaction.atomic
def convention_close(*, convention: Convention, by, on: dt.date | None) -> Convention:
    def apply(locked):
        locked.closed_on = on

    return CONVENTION_WORKFLOW.run(convention, "close", by=by, apply=apply, on=on)


@transaction.atomic
def convention_terminate(*, convention: Convention, by, on: dt.date | None, reason: str) -> Convention:
    def apply(locked):
        locked.terminated_on = on
        locked.termination_reason = reason.strip()

    return CONVENTION_WORKFLOW.run(convention, "terminate", by=by, apply=apply, on=on, reason=reason)


# --- The Governor's office's queue --------------------------------------------------------------------------------


def awaiting_signature():
    """Conventions transmitted to the Cabinet, the longest waiting first."""
    return (
        Convention.objects.filter(status=Status.TRANSMITTED)
        .select_related("project__holder", "project__commune")
        .order_by("transmitted_at", "pk")
    )


def waiting_days(convention: Convention, now=None) -> int:
    if convention.transmitted_at is None:
        return 0
    return ((now or timezone.now()) - convention.transmitted_at).days
