import datetime

from django.db import migrations, models
from django.db.models import F

import schools.models.api


def expire_a_year_after_creation(apps, schema_editor):
    # Tokens made before tokens expired: a year from when each was made (some at once).
    ApiToken = apps.get_model("schools", "ApiToken")
    ApiToken.objects.update(expires_at=F("created_at") + datetime.timedelta(days=365))


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0007_audit_record_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=schools.models.api.default_expiry),
        ),
        migrations.RunPython(expire_a_year_after_creation, migrations.RunPython.noop),
    ]
