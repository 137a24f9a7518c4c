"""Enqueue a vendor's schedule sync after the commit of any write that can move its deadlines.

The schedule is computed from the vendor (status, risk tier, cadence), its security evidence, its agreements and
its RFIs. Those are written by other apps' services, which do not know about the schedule; rather than have each of
them call into compliance, these receivers listen to the models' post_save and post_delete and enqueue
`tasks.schedule_sync_vendor_task` once the transaction commits. The receivers hold no rule of their own: the sync
service decides what changes, and it is idempotent, so an extra sync costs queries, never correctness.

Writes through `QuerySet.update()` and `bulk_create()` send no signal; those paths (the derived-fact refresh,
bulk loads) reach the schedule at the next daily run, as before.

Deduplicated per transaction: all the writes of one transaction that touch the same vendor enqueue one task after
the commit, whatever their number. Outside a transaction the task is enqueued at once (Django runs on_commit
callbacks immediately in autocommit).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from contracts.models import Agreement
from vendortrack.vendors.models import SecurityEvidence, Vendor

RFI_APP = "vendortrack.rfis"
# The vendor fields the schedule reads; a save limited to other fields (an edit of the description) moves nothing.
VENDOR_SCHEDULE_FIELDS = frozenset({"status", "risk_tier", "review_cadence_months", "name", "created_at"})


class _PendingSyncs:
    """One on_commit callback per transaction, holding the ids of the vendors to sync when it runs."""

    def __init__(self, hooks: list) -> None:
        self.vendor_ids: set[int] = set()
        self.hooks = hooks
        self.ran = False

    def __call__(self) -> None:
        from vendortrack.compliance.tasks import schedule_sync_vendor_task

        self.ran = True
        for vendor_id in sorted(self.vendor_ids):
            schedule_sync_vendor_task.delay(vendor_id)


def vendor_sync_on_commit(vendor_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Enqueue the sync of `vendor_id` after the current transaction commits, once per vendor and transaction."""
    if vendor_id is None:
        return
    connection = connections[using]
    pending = getattr(connection, "compliance_pending_syncs", None)
    # Django replaces its list of callbacks when a transaction or savepoint rolls back, and empties it on commit:
    # a batch whose list is gone, or that already ran, belongs to a finished transaction.
    if (
        pending is None
        or pending.ran
        or pending.hooks is not connection.run_on_commit
        or not connection.in_atomic_block
    ):
        pending = _PendingSyncs(connection.run_on_commit)
        pending.vendor_ids.add(vendor_id)
        connection.compliance_pending_syncs = pending
        transaction.on_commit(pending, using=using)
        return
    pending.vendor_ids.add(vendor_id)


def _vendor_saved(sender: type[Model], instance: Vendor, update_fields: frozenset | None, using: str, **kwargs) -> None:
    if update_fields is not None and not VENDOR_SCHEDULE_FIELDS & set(update_fields):
        return
    vendor_sync_on_commit(instance.pk, using=using)


def _child_written(sender: type[Model], instance: Model, using: str, **kwargs) -> None:
    vendor_sync_on_commit(instance.vendor_id, using=using)


def connect_schedule_receivers() -> None:
    """Called from the app config's ready(); dispatch_uid keeps a second call from connecting twice."""
    post_save.connect(_vendor_saved, sender=Vendor, dispatch_uid="compliance-sync-vendor")
    children = [SecurityEvidence, Agreement]
    if apps.is_installed(RFI_APP):
        children.append(apps.get_model("rfis", "Rfi"))
    for model in children:
        for signal in (post_save, post_delete):
            uid = f"compliance-sync-{model._meta.label_lower}-{signal is post_save}"
            signal.connect(_child_written, sender=model, dispatch_uid=uid)
