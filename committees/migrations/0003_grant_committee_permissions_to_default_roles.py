"""Give the division's existing default roles the permissions that the committees brought.

Roles are data the administrator may have changed, so this only adds the new codes to the roles that exist
(a new database gets them from das.roles.DEFAULT_ROLES directly).
"""

from django.db import migrations

EXECUTE = ["committees.access", "committees.follow_actions"]
GRANTS = {
    "secretariat_cpdh": [
        "committees.access",
        "committees.manage_committees",
        "committees.manage_meetings",
        "committees.follow_actions",
        "committees.follow_all_actions",
        "committees.manage_feedback",
        "projects.access",
    ],
    "chef": [
        "committees.rectify",
        "committees.follow_actions",
        "committees.follow_all_actions",
        "committees.manage_feedback",
    ],
    "suivi_evaluation": EXECUTE,
    "formation": EXECUTE,
    "communication": EXECUTE,
    "coordination": EXECUTE,
    "cabinet": ["committees.access"],
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
        ("committees", "0002_feedback_links"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
