from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination inter-provinciale")

    def ready(self):
        from coordination import (  # noqa: F401  (declares permissions, records, space areas and home cards)
            home,
            permissions,
            records_cooperation,
            records_crdh,
            records_literacy,
            records_provinces,
            records_studies,
        )
