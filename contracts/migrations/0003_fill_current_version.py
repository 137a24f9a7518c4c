"""Mark each agreement's latest analysed version current, as contracts.analysis does from now on."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def fill(apps, schema_editor):  # noqa: ANN001, ANN201
    version = apps.get_model("contracts", "DocumentVersion")
    newer = version.objects.filter(
        agreement_id=OuterRef("agreement_id"), analysis_state="done", number__gt=OuterRef("number")
    )
    version.objects.filter(analysis_state="done").exclude(Exists(newer)).update(is_current=True)


def unfill(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("contracts", "DocumentVersion").objects.update(is_current=False)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_documentversion_is_current")]

    operations = [migrations.RunPython(fill, unfill)]
