"""Dashboards and reports: give the existing roles their new permissions (a new database gets them from das.roles.DEFAULT_ROLES)."""

from django.db import migrations

GRANTS = {
    "chef": ["projects.view_dashboards", "projects.archive_reports"],
    "suivi_evaluation": [
        "projects.view_dashboards",
        "projects.archive_reports",
        "projects.manage_territorial_indicators",
    ],
    "secretariat_cpdh": ["projects.view_dashboards"],
    "cabinet": ["projects.view_dashboards"],
    "dbm": ["projects.view_dashboards"],
    "auditeur": ["projects.view_dashboards"],
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
        ("projects", "0019_territorial_indicators_and_report_archive"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
