"""The "HR editor" group: what HR staff need to enter, import, publish and withdraw calls."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "HR editor"
PERMISSIONS = {
    "call": ["add", "change", "delete", "view", "publish", "import"],
    "callpart": ["add", "change", "delete", "view"],
    "post": ["add", "change", "delete", "view"],
    "vacancy": ["add", "change", "delete", "view"],
    "section": ["add", "change", "delete", "view"],
    # Missions and organisations are shared reference data: HR staff add, never delete.
    "mission": ["add", "change", "view"],
    "organisation": ["add", "change", "view"],
}


def codenames():
    for model, actions in PERMISSIONS.items():
        for action in actions:
            yield f"{action}_{model}"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("vacancies")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = list(codenames())
    permissions = Permission.objects.filter(
        content_type__app_label="vacancies", codename__in=wanted
    )
    assert permissions.count() == len(wanted), "missing permissions for the HR editor group"
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
