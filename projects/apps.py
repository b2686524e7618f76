from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Suivi et évaluation")

    def ready(self):
        # Declare permissions, records, agenda kinds, the home alerts and the project page's sections.
        from projects import agenda, alerts, execution_sections, permissions, procurement_pages, records  # noqa: F401
