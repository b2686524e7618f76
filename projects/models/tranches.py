"""Tranches and payments of a convention: the INDH contribution (the Governor's party) is paid in tranches.

The schedule splits the INDH contribution into numbered tranches, each with its conditions (justification of the
previous tranche, a progress threshold…). The head of division ticks a tranche's conditions, which releases it; the
division then records the payments (date, amount, payment order, RIB of the holder). What is paid never exceeds the
tranche nor the INDH contribution: the services check it with the convention's row locked.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from das.audit import audited
from das.validators import validate_rib
from projects.models.conventions import Convention
from projects.models.projects import MONEY


@audited()
class Tranche(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("numéro"))
    amount = models.DecimalField(_("montant (DH)"), **MONEY)
    conditions = models.TextField(_("conditions de déblocage"), blank=True)
    due_on = models.DateField(_("échéance prévue le"), null=True, blank=True)
    # A condition the release checks itself: the project's physical progress must have reached this percentage.
    progress_threshold = models.PositiveSmallIntegerField(
        _("seuil d'avancement physique (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    conditions_met_on = models.DateField(_("conditions constatées le"), null=True, blank=True)
    conditions_met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conditions constatées par"),
    )
    released = models.BooleanField(_("débloquée"), default=False)
    released_on = models.DateField(_("débloquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "number"], name="tranche_number_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(released=False) | models.Q(released_on__isnull=False),
                name="tranche_released_has_date",
            ),
        ]

    def __str__(self):
        return _("Tranche %(number)s") % {"number": self.number}

    @property
    def paid(self) -> Decimal:
        if hasattr(self, "paid_total"):
            return self.paid_total or Decimal("0")
        return self.payments.aggregate(total=models.Sum("amount"))["total"] or Decimal("0")

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


@audited()
class Payment(models.Model):
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="payments", verbose_name=_("tranche"))
    paid_on = models.DateField(_("payé le"))
    amount = models.DecimalField(_("montant (DH)"), **MONEY)
    payment_order = models.CharField(_("référence de l'ordre de paiement"), max_length=60)
    rib = models.CharField(_("RIB du porteur"), max_length=24, validators=[validate_rib])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )
    recorded_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["payment_order"], name="payment_order_unique"),
        ]

    def __str__(self):
        return self.payment_order
