"""The central team's group, with exactly the permissions the apps declare (schools.staff).
Permissions of apps migrated after this one are added by the post_migrate step that follows
every migrate."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_group(apps, schema_editor):
    from schools.staff import sync_central_team

    for config in apps.get_app_configs():
        config.models_module = True  # so create_permissions sees the historical models
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    sync_central_team(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("schools", "0005_audit_events"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
