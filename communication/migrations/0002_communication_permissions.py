"""Communication: give the existing roles their new permissions (a new database gets them from das.roles.DEFAULT_ROLES).
Every role reads the library's published documents."""

from django.db import migrations

GRANTS = {
    "communication": [
        "communication.manage_plan",
        "communication.manage_library",
        "communication.manage_showcase",
        "communication.manage_requests",
    ],
    "chef": ["communication.validate_plan", "communication.approve_showcase"],
}
EVERY_ROLE = ["communication.view_library"]
DEFAULT_CODES = [
    "administrateur",
    "chef",
    "suivi_evaluation",
    "communication",
    "formation",
    "coordination",
    "secretariat_cpdh",
    "cabinet",
    "dbm",
    "auditeur",
]


def grant(apps, schema_editor):
    Role = apps.get_model("das", "Role")
    for role in Role.objects.filter(code__in=DEFAULT_CODES):
        permissions = set(role.permissions) | set(EVERY_ROLE) | set(GRANTS.get(role.code, []))
        role.permissions = sorted(permissions)
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("das", "0001_initial"),
        ("communication", "0001_communication_plan_library_showcase_requests"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
