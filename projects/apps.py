from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Suivi et évaluation")

    def ready(self):
        from projects import (  # noqa: F401  (declares permissions, records, agenda kinds, checks, page sections)
            agenda,
            checks,
            permissions,
            record_sections,
            records,
        )
