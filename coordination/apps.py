from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination inter-provinciale")

    def ready(self):
        from coordination import permissions  # noqa: F401  (declares the app's permission codes)
