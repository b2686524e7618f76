from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Suivi et évaluation")

    def ready(self):
        # Declares permissions, records, agenda kinds and the project page's execution sections.
        from projects import agenda, execution_sections, permissions, records  # noqa: F401
