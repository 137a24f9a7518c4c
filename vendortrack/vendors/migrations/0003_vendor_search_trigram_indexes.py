"""Trigram indexes for the vendor list's search, on PostgreSQL.

The search box matches a fragment anywhere in the vendor's name, its services' names or its sub-processors' names
(`name__icontains` in vendortrack/vendors/selectors.py, which PostgreSQL runs as `UPPER(name::text) LIKE '%FRAG%'`).
A b-tree cannot serve a leading wildcard, so on the bench portfolio (5,000 vendors, 12,500 services, 15,000
sub-processors) each search query scanned all three tables, twice per page (the count and the page). A GIN index
with pg_trgm's operator class on exactly `UPPER(name::text)` serves those LIKEs for fragments of three characters
or more; shorter fragments still scan, which is cheap for the few rows they would filter anyway.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+), so the database owner may create it.
Going back drops the indexes and leaves the extension, which other schemas may use. PostgreSQL only: SQLite has
no such index, and its set-up serves one person with a small portfolio. Built CONCURRENTLY, outside a transaction,
so that adding the indexes to a live database does not block writes.
"""

from django.db import migrations

INDEXES = {
    "vendors_vendor_name_trgm": "vendors_vendor",
    "vendors_aiservice_name_trgm": "vendors_aiservice",
    "vendors_subprocessor_name_trgm": "vendors_subprocessor",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("vendors", "0002_audit_trail_vendor_index")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
