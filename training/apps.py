from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Formation et renforcement des capacités")

    def ready(self):
        from training import (  # noqa: F401  (declares permissions, records, the plan's agenda kind, home cards)
            agenda,
            home,
            permissions,
            records_followup,
            records_needs,
            records_people,
            records_plans,
            records_sessions,
        )
