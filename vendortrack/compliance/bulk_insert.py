"""Inserting the thousands of rows a first sync or a catch-up writes: COPY on PostgreSQL, bulk_create elsewhere.

A first sync of 5,000 vendors writes about 24,000 events, then 14,000 reminder deliveries and as many
notifications. bulk_create builds a model instance per row, prepares every value through its field and sends each
column as one quoted array literal that PostgreSQL parses again; that was most of the sync's time. `insert_rows`
streams plain tuples with COPY instead. With `ignore_conflicts` the rows are copied into a temporary table and moved
with one INSERT ... ON CONFLICT DO NOTHING, as bulk_create(ignore_conflicts=True) would insert them. Other
databases (SQLite in development and tests) get bulk_create, with the same rows and the same outcome.

Values go to the database as they are, so they must be plain values its adapter takes (int, str, date, aware
datetime, UUID, bool, None), never model instances or expressions. A column left out gets the value a new model
instance would have: its field's default (made per row), or the time of the call for auto_now fields.

Like bulk_create it sends no model signal: a caller writing rows that a cached page shows moves the page's change
stamp in the same transaction (contracts/stamps.py; services.schedule_sync does).
"""

import time
from collections.abc import Callable, Iterable, Sequence

from django.db import connections, router, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model
from django.utils import timezone


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[tuple], *, ignore_conflicts: bool = False
) -> None:
    """Insert `rows` (tuples in the order of `columns`, field attnames) into `model`'s table, all or nothing."""
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        with transaction.atomic(using=using):
            model._default_manager.db_manager(using).bulk_create(objects, ignore_conflicts=ignore_conflicts)
        return
    defaults = _defaults_of_other_columns(model, columns)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    names += "".join(f", {quote(field.column)}" for field, _ in defaults)
    filled = (row + tuple(default() for _, default in defaults) for row in rows)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if not ignore_conflicts:
            _copy(cursor, f"COPY {table} ({names}) FROM STDIN", filled)
            return
        staging = quote(f"new_{model._meta.db_table}")
        # Only quoted table and column names of the model are formatted in; the values travel as COPY data.
        create = f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608  # nosec B608
        move = f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608  # nosec B608
        cursor.execute(create)
        _copy(cursor, f"COPY {staging} ({names}) FROM STDIN", filled)
        cursor.execute(move)
        cursor.execute(f"DROP TABLE {staging}")


def _defaults_of_other_columns(model: type[Model], columns: Sequence[str]) -> list[tuple[Field, Callable]]:
    """(field, value maker) for every column of `model` not in `columns`, except the generated primary key.

    The values a model instance would get: the time for auto_now fields, else the field's default as Django gives
    it (NULL, or "" for text, when it has none, so a required column left out fails as it would with bulk_create).
    """
    now = timezone.now()
    found = []
    for field in model._meta.concrete_fields:
        if field.attname in columns or field is model._meta.auto_field:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            found.append((field, lambda: now))
        else:
            found.append((field, field.get_default))
    return found


def _copy(cursor: CursorWrapper, sql: str, rows: Iterable[tuple]) -> None:
    """Stream `rows` through COPY; counted in the connection's query log like any other statement."""
    started = time.monotonic()
    with cursor.db.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if cursor.db.queries_logged:
        cursor.db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
