"""Create the five role groups with their model permissions (rules in vendortrack/accounts/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from vendortrack.accounts.roles import Role, grant_role_permissions


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_role_permissions(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))


def delete_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[role.value for role in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0017_add_actor_email"),
        ("vendors", "0001_vendor_profiles"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
