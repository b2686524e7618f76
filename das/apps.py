from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DasConfig(AppConfig):
    name = "das"
    verbose_name = _("Socle commun")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from das import audit, checks, permissions, records, roles, signals  # noqa: F401

        records.register_core_records()

        post_migrate.connect(audit.install_chain_triggers, sender=self)
        post_migrate.connect(roles.ensure_default_roles, sender=self)
