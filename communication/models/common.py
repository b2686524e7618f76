"""Choices shared by the communication service's records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who an action speaks to, who took part in it, who a library document is for."""

    GENERAL_PUBLIC = "grand_public", _("Grand public")
    HOLDERS = "porteurs", _("Porteurs de projets")
    ASSOCIATIONS = "associations", _("Associations et coopératives")
    TEAMS = "eac_eaq", _("Équipes d'animation (EAC/EAQ)")
    COMMITTEES = "comites", _("Comités (CLDH, CPDH)")
    ELECTED = "elus", _("Élus")
    SERVICES = "services", _("Services extérieurs")
    YOUTH = "jeunes", _("Jeunes")
    WOMEN = "femmes", _("Femmes")
    BENEFICIARIES = "beneficiaires", _("Bénéficiaires")
    MEDIA = "medias", _("Médias")
