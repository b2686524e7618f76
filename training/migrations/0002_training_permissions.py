"""Training: give the existing roles their new permissions (a new database gets them from das.roles.DEFAULT_ROLES)."""

from django.db import migrations

GRANTS = {
    "formation": [
        "training.manage_actors",
        "training.manage_needs",
        "training.manage_plan",
        "training.manage_sessions",
    ],
    "chef": ["training.validate_plan"],
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
        ("training", "0001_training_register_plan_sessions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
