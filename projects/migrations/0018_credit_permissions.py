"""Credits: give the existing roles their new permissions (a new database gets them from das.roles.DEFAULT_ROLES)."""

from django.db import migrations

GRANTS = {
    "chef": ["projects.view_credits", "projects.validate_credits"],
    "suivi_evaluation": ["projects.view_credits", "projects.manage_credits"],
    "cabinet": ["projects.view_credits"],
    "dbm": ["projects.view_credits", "projects.acknowledge_credits"],
    "auditeur": ["projects.view_credits"],
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
        ("projects", "0017_credits"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
