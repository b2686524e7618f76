from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Suivi et évaluation")

    def ready(self):
        from projects import (  # noqa: F401  (declares permissions, records, agenda kinds, checks, home alerts, sections)
            agenda,
            alerts,
            checks,
            credit_home,
            dashboard_home,
            execution_sections,
            permissions,
            procurement_pages,
            record_sections,
            records,
            report_home,
        )
