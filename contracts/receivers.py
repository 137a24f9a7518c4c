"""Keep the review queue's stored facts true when agreements, versions or vendors are written by any path.

The services and the analysis refresh the facts themselves (contracts.analysis); these receivers cover the writes
that bypass them — an agreement's terms, a vendor renamed in its own app, a row changed or deleted in the admin.
They hold no rule of their own: they call contracts.queue_facts. Writes through `QuerySet.update()` send no signal;
`queue_facts.refresh_all_queue_facts()` repairs a database written that way.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from contracts.models import Agreement, DocumentVersion
from contracts.queue_facts import agreement_refresh_queue_facts, vendor_refresh_conflicts, vendor_renamed

# contracts refers to the vendor app by label only (contracts/composition.py).
VENDOR_MODEL = "vendors.Vendor"


def _vendor_saved(sender: type, instance: object, update_fields: frozenset | None = None, **kwargs: object) -> None:
    if update_fields is None or "name" in update_fields:
        vendor_renamed(vendor_id=instance.pk, name=instance.name)


def _agreement_saving(sender: type, instance: Agreement, **kwargs: object) -> None:
    # An agreement moved to another vendor (the admin allows it) leaves conflicts behind at the vendor it left.
    stored = Agreement.objects.filter(pk=instance.pk) if instance.pk else Agreement.objects.none()
    instance._vendor_id_before_save = stored.values_list("vendor_id", flat=True).first()


def _agreement_saved(sender: type, instance: Agreement, **kwargs: object) -> None:
    agreement_refresh_queue_facts(agreement_id=instance.pk)
    before = getattr(instance, "_vendor_id_before_save", None)
    if before is not None and before != instance.vendor_id:
        vendor_refresh_conflicts(vendor_id=before)


def _agreement_deleted(sender: type, instance: Agreement, **kwargs: object) -> None:
    vendor_refresh_conflicts(vendor_id=instance.vendor_id)


def _version_deleted(sender: type, instance: DocumentVersion, **kwargs: object) -> None:
    # Imported here: contracts.analysis loads the clause engine, which every process would pay for at start-up.
    from contracts.analysis import agreement_refresh_current_version

    # The version before a deleted current one becomes current, and its findings come back to the queue.
    agreement_refresh_current_version(agreement_id=instance.agreement_id)


def connect_queue_fact_receivers() -> None:
    post_save.connect(_vendor_saved, sender=VENDOR_MODEL, dispatch_uid="contracts-queue-vendor-saved")
    pre_save.connect(_agreement_saving, sender=Agreement, dispatch_uid="contracts-queue-agreement-saving")
    post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid="contracts-queue-agreement-saved")
    post_delete.connect(_agreement_deleted, sender=Agreement, dispatch_uid="contracts-queue-agreement-deleted")
    post_delete.connect(_version_deleted, sender=DocumentVersion, dispatch_uid="contracts-queue-version-deleted")
