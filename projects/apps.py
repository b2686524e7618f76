from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Suivi et évaluation")

    def ready(self):
        # Declare permissions, records, agenda kinds, the home alerts, the marchés' history and project section.
        from projects import agenda, alerts, permissions, procurement_pages, records  # noqa: F401
