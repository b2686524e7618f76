"""Give the division's existing default roles the permissions that the calls and dossiers brought.

Roles are data the administrator may have changed, so this only adds the new codes to the roles that exist
(a new database gets them from das.roles.DEFAULT_ROLES directly).
"""

from django.db import migrations

GRANTS = {
    "suivi_evaluation": ["projects.manage_calls", "projects.manage_dossiers", "projects.evaluate"],
    "chef": ["projects.evaluate", "projects.approve"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("das", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("das", "0001_initial"),
        ("projects", "0002_dossier_dossierchainedevent_dossierpiece_and_more"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
