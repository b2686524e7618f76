"""The Governor's office signs or returns conventions: give the existing « cabinet » role the new permission
(a new database gets it from das.roles.DEFAULT_ROLES directly)."""

from django.db import migrations

GRANTS = {"cabinet": ["projects.sign_conventions"]}


def grant(apps, schema_editor):
    Role = apps.get_model("das", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("das", "0001_initial"),
        ("projects", "0008_conventions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
