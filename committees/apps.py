from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Comités")

    def ready(self):
        from committees import agenda_kinds, home, permissions, records  # noqa: F401  (permissions, records, agenda kinds, home)
