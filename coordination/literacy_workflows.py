"""The literacy campaign's and operation's lifecycles as data (das.workflow), run by coordination.services.literacy.

Campaign: programmée → en cours → clôturée (with its closing note, once every operation is achevée or annulée).
Operation: programmée → en cours (its campaign en cours) → achevée; annulée, with a reason, from programmée or en cours.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coordination import permissions
from coordination.models.literacy import LiteracyCampaign, LiteracyOperation
from das.workflow import Transition, Workflow, reason_required

CampaignStatus = LiteracyCampaign.Status
OperationStatus = LiteracyOperation.Status
OPEN_OPERATIONS = (OperationStatus.PLANNED, OperationStatus.IN_PROGRESS)


def _operations_settled(campaign, *, closing_note="", **_kwargs) -> list[str]:
    reasons = []
    open_count = campaign.operations.filter(status__in=OPEN_OPERATIONS).count()
    if open_count:
        reasons.append(
            ngettext(
                "%(count)s opération est encore « programmée » ou « en cours » : achevez-la ou annulez-la avant de "
                "clôturer la campagne.",
                "%(count)s opérations sont encore « programmées » ou « en cours » : achevez-les ou annulez-les avant "
                "de clôturer la campagne.",
                open_count,
            )
            % {"count": open_count}
        )
    if not (closing_note or "").strip():
        reasons.append(_("Rédigez le bilan de clôture de la campagne."))
    return reasons


def _campaign_running(operation, **_kwargs) -> list[str]:
    campaign = operation.campaign
    if campaign.status != CampaignStatus.IN_PROGRESS:
        return [
            _("La campagne %(campaign)s est « %(status)s » : une opération ne démarre que dans une campagne en cours.")
            % {"campaign": campaign, "status": campaign.get_status_display()}
        ]
    return []


_reason_given = reason_required(gettext_lazy("Indiquez le motif de l'annulation."))


CAMPAIGN_WORKFLOW = Workflow(
    LiteracyCampaign,
    [
        Transition(
            "start",
            frozenset({CampaignStatus.PLANNED}),
            CampaignStatus.IN_PROGRESS,
            gettext_lazy("Lancer la campagne"),
            permissions.MANAGE_LITERACY,
            style="primary",
        ),
        Transition(
            "close",
            frozenset({CampaignStatus.IN_PROGRESS}),
            CampaignStatus.CLOSED,
            gettext_lazy("Clôturer la campagne"),
            permissions.MANAGE_LITERACY,
            guard=_operations_settled,
            style="danger",
        ),
    ],
)

OPERATION_WORKFLOW = Workflow(
    LiteracyOperation,
    [
        Transition(
            "start",
            frozenset({OperationStatus.PLANNED}),
            OperationStatus.IN_PROGRESS,
            gettext_lazy("Démarrer l'opération"),
            permissions.MANAGE_LITERACY,
            guard=_campaign_running,
            style="primary",
        ),
        Transition(
            "complete",
            frozenset({OperationStatus.IN_PROGRESS}),
            OperationStatus.COMPLETED,
            gettext_lazy("Déclarer l'opération achevée"),
            permissions.MANAGE_LITERACY,
            style="success",
        ),
        Transition(
            "cancel",
            frozenset(OPEN_OPERATIONS),
            OperationStatus.CANCELLED,
            gettext_lazy("Annuler l'opération"),
            permissions.MANAGE_LITERACY,
            guard=_reason_given,
            style="danger",
        ),
    ],
)
