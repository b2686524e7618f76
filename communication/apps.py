from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("Communication")

    def ready(self):
        from communication import (  # noqa: F401  (declares permissions, records and home cards)
            home,
            permissions,
            records_execution,
            records_library,
            records_plans,
            records_requests,
            records_showcase,
        )
