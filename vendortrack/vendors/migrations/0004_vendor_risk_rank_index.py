"""Index the vendor list's sort by risk: the rank expression of vendortrack/vendors/models/vendor.py, then the name."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0003_vendor_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="vendor",
            index=models.Index(
                models.OrderBy(
                    models.Case(
                        models.When(risk_tier="low", then=models.Value(0)),
                        models.When(risk_tier="moderate", then=models.Value(1)),
                        models.When(risk_tier="high", then=models.Value(2)),
                        models.When(risk_tier="critical", then=models.Value(3)),
                        default=models.Value(-1),
                        output_field=models.IntegerField(),
                    ),
                    descending=True,
                ),
                django.db.models.functions.text.Lower("name"),
                name="vendor_risk_rank_name_idx",
            ),
        ),
    ]
