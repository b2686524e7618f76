from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Formation et renforcement des capacités")

    def ready(self):
        from training import permissions  # noqa: F401  (declares the app's permission codes)
