"""Index the audit trail by vendor on PostgreSQL, in the order the vendor page reads it.

The vendor page and the trail pages read a vendor's newest entries with `additional_data__vendor_id=<pk>`
(vendortrack/vendors/audit.py). Without an index PostgreSQL walks the whole log backwards by timestamp: on the
bench portfolio (5,000 vendors, 50,000 entries) that query alone took 110-190 ms. The indexed expression is exactly
the SQL Django writes for that lookup on PostgreSQL, `("additional_data" -> 'vendor_id') = '<pk>'::jsonb`, and the
index carries timestamp and id in the trail's order, so the newest twenty come straight from it.

PostgreSQL only: on SQLite Django writes the lookup as a CASE over JSON_TYPE/JSON_EXTRACT, which no index matches,
and the SQLite set-up serves one person with a small portfolio. Built CONCURRENTLY (outside a transaction) so that
adding it to a production log with many rows does not block the writes every audited save makes.
"""

from django.db import migrations

INDEX = "auditlog_logentry_vendor_trail"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON auditlog_logentry "
        "((additional_data -> 'vendor_id'), \"timestamp\" DESC, id DESC)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("vendors", "0001_vendor_profiles"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
