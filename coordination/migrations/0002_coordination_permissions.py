"""Coordination: give the existing roles their new permissions (a new database gets them from
das.roles.DEFAULT_ROLES)."""

from django.db import migrations

GRANTS = {
    "coordination": [
        "coordination.manage_crdh",
        "coordination.manage_provinces",
        "coordination.manage_literacy",
        "coordination.manage_cooperation",
        "coordination.manage_studies",
        "projects.access",
        "projects.view_dashboards",
    ],
    "chef": ["coordination.validate_crdh"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("das", "Role")
    for role in Role.objects.filter(code__in=list(GRANTS)):
        role.permissions = sorted(set(role.permissions) | set(GRANTS[role.code]))
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("das", "0001_initial"),
        ("coordination", "0001_crdh_provinces_literacy_cooperation_studies"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
