"""Store the review queue's facts on existing findings, as contracts.queue_facts keeps them from now on.

The conflict rule is restated here (present in one agreement, contrary in another agreement of the same vendor,
both current and in force) so that this migration keeps meaning what it meant when it was written.
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery

NOT_IN_FORCE = ("expired", "terminated")


def fill(apps, schema_editor):  # noqa: ANN001, ANN201
    finding = apps.get_model("contracts", "ClauseFinding")
    version = apps.get_model("contracts", "DocumentVersion").objects.filter(pk=OuterRef("version_id"))
    finding.objects.update(
        is_current=Exists(version.filter(is_current=True)),
        vendor_name=Subquery(version.values("agreement__vendor__name")[:1]),
        agreement_title=Subquery(version.values("agreement__title")[:1]),
    )
    opposed = (
        finding.objects.filter(is_current=True, status__in=("present", "contrary"))
        .exclude(version__agreement__status__in=NOT_IN_FORCE)
        .values_list("pk", "provision_id", "status", "version__agreement_id", "version__agreement__vendor_id")
    )
    sides = defaultdict(lambda: defaultdict(set))  # (vendor, provision) -> status -> {(agreement, finding)}
    for pk, provision_id, status, agreement_id, vendor_id in opposed:
        sides[(vendor_id, provision_id)][status].add((agreement_id, pk))
    in_conflict = set()
    for by_status in sides.values():
        for present_agreement, present in by_status["present"]:
            for contrary_agreement, contrary in by_status["contrary"]:
                if present_agreement != contrary_agreement:
                    in_conflict |= {present, contrary}
    finding.objects.filter(pk__in=in_conflict).update(in_conflict=True)


def unfill(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("contracts", "ClauseFinding").objects.update(
        is_current=False, in_conflict=False, vendor_name="", agreement_title=""
    )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_finding_queue_facts")]

    operations = [migrations.RunPython(fill, unfill)]
