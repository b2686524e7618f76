"""The lifecycle of a technical study or works as data (das.workflow): programmée → en cours (actual start) →
achevée (actual end, every expected deliverable received); en cours ↔ suspendue (with a reason); annulée from
programmée, en cours or suspendue (with a reason). The services of coordination.services.studies run them (row lock,
permission, state, guard, journal).
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.permissions import MANAGE_STUDIES
from das.workflow import Transition, Workflow

Status = TechnicalStudy.Status


def _day_reasons(day, *, missing, after=None, after_message="") -> list[str]:
    if day is None:
        return [missing]
    if day > timezone.localdate():
        return [_("La date est dans le futur.")]
    if after is not None and day < after:
        return [after_message % {"date": date_format(after, "DATE_FORMAT")}]
    return []


def _start_guard(study, *, started_on=None, **_kwargs) -> list[str]:
    return _day_reasons(started_on, missing=_("Indiquez la date de commencement."))


def _complete_guard(study, *, ended_on=None, **_kwargs) -> list[str]:
    reasons = _day_reasons(
        ended_on,
        missing=_("Indiquez la date d'achèvement."),
        after=study.actual_start,
        after_message=_("L'achèvement ne peut précéder le commencement (%(date)s)."),
    )
    awaited = list(
        StudyDeliverable.objects.filter(study=study, received_on__isnull=True).values_list("title", flat=True)
    )
    if awaited:
        reasons.append(
            ngettext(
                "Le livrable « %(titles)s » n'est pas reçu : enregistrez sa réception ou retirez-le avant d'achever.",
                "Les livrables « %(titles)s » ne sont pas reçus : enregistrez leur réception ou retirez-les avant "
                "d'achever.",
                len(awaited),
            )
            % {"titles": " », « ".join(awaited)}
        )
    return reasons


def _reason_guard(study, *, reason="", **_kwargs) -> list[str]:
    if not (reason or "").strip():
        return [_("Indiquez le motif.")]
    return []


STUDY_WORKFLOW = Workflow(
    TechnicalStudy,
    [
        Transition(
            "start",
            frozenset({Status.PLANNED}),
            Status.IN_PROGRESS,
            gettext_lazy("Démarrer"),
            MANAGE_STUDIES,
            _start_guard,
            "primary",
        ),
        Transition(
            "complete",
            frozenset({Status.IN_PROGRESS}),
            Status.COMPLETED,
            gettext_lazy("Déclarer achevée"),
            MANAGE_STUDIES,
            _complete_guard,
            "success",
        ),
        Transition(
            "suspend",
            frozenset({Status.IN_PROGRESS}),
            Status.SUSPENDED,
            gettext_lazy("Suspendre"),
            MANAGE_STUDIES,
            _reason_guard,
            "warning",
        ),
        Transition(
            "resume",
            frozenset({Status.SUSPENDED}),
            Status.IN_PROGRESS,
            gettext_lazy("Reprendre"),
            MANAGE_STUDIES,
            _reason_guard,
            "primary",
        ),
        Transition(
            "cancel",
            frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.SUSPENDED}),
            Status.CANCELLED,
            gettext_lazy("Annuler"),
            MANAGE_STUDIES,
            _reason_guard,
            "outline-danger",
        ),
    ],
)
