"""Change stamps: a version per topic that moves with every write a cached page shows, so the cache knows exactly
whether what it kept is still true.

A page read far more often than its data changes (the vendor list, the review queue, the compliance dashboard)
keeps what it rendered in Django's cache under a key holding the versions of the topics it shows (`cached`). Two
rules make that exact rather than "fresh enough":

- every write such a page shows moves its topic's version in the SAME transaction (`stamp_changed`): the data and
  the new version become visible together, on commit, or not at all;
- a reader reads the versions BEFORE the data (`cached` does): what it renders is then at least as new as its key,
  never older. A result newer than its key is harmless; the version has moved by the next read, which renders
  afresh.

Most writes move the version through model signals, connected once in an app's ready() (`stamp_on_writes`).
Writes that send no signal (QuerySet.update(), bulk_create(), raw SQL) call `stamp_changed` themselves; each such
path in the code says so. A version is one row updated in place, so concurrent writers of one topic queue on it
until their commit: these pages are edited by people, a few writes a minute, and bulk jobs stamp once.

The row lives in contracts, at the bottom of the import order vendortrack → contracts, so that the project's pages
and contracts' own can both use it. A cache shared by processes (Redis, memcached) works as well as the default
per-process one: the versions are read from the database, never from the cache.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache as default_cache
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from contracts.models import ChangeStamp

T = TypeVar("T")
# Every key holds the day where what it shows moves with the calendar; nothing is worth keeping longer.
KEPT_SECONDS = 24 * 60 * 60


def stamp_changed(topic: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the version of `topic`, inside the caller's transaction (call it from the transaction that writes)."""
    stamps = ChangeStamp.objects.using(using)
    if stamps.filter(topic=topic).update(version=F("version") + 1):
        return
    # The first write of a topic (or the first after a test flushed the table) creates its row.
    try:
        with transaction.atomic(using=using):
            stamps.create(topic=topic, version=1)
    except IntegrityError:  # created meanwhile by a concurrent writer
        stamps.filter(topic=topic).update(version=F("version") + 1)


def stamps_read(topics: Iterable[str], *, using: str = DEFAULT_DB_ALIAS) -> tuple[int, ...]:
    """The versions of `topics`, in their order, in one query (0 for a topic never written)."""
    topics = tuple(topics)
    found = dict(ChangeStamp.objects.using(using).filter(topic__in=topics).values_list("topic", "version"))
    return tuple(found.get(topic, 0) for topic in topics)


def cached(name: str, key: tuple, *, topics: Iterable[str], render: Callable[[], T]) -> T:
    """What `render()` returns for `key`, from the cache while the versions of `topics` have not moved.

    `key` must hold everything else the result depends on: who may see what, the filters, the day and the time zone
    where the result shows dates, and `code_version()` of the code and templates that render it. `render` must not
    return None."""
    versions = stamps_read(topics)
    # Hashed: keys may hold characters some cache backends refuse.
    full_key = f"{name}:" + hashlib.sha256(repr((key, versions)).encode()).hexdigest()
    found = default_cache.get(full_key)
    if found is not None:
        return found
    result = render()
    default_cache.set(full_key, result, KEPT_SECONDS)
    return result


def stamp_on_writes(
    topic: str,
    models: Iterable[type[Model]],
    *,
    m2m: Iterable[type[Model]] = (),
    unseen_fields: Iterable[str] = (),
) -> None:
    """Move `topic` on every save and delete of `models` and every change of the many-to-many tables `m2m`; a save
    limited (update_fields) to `unseen_fields`, which the pages of the topic do not show, leaves it."""
    receiver = _StampReceiver(topic, frozenset(unseen_fields))
    for model in models:
        uid = f"stamp:{topic}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    for through in m2m:
        m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=f"stamp:{topic}:{through._meta.label}")


class _StampReceiver:
    """A signal receiver for one topic; m2m_changed calls it before and after each change, the "post_" ones count."""

    def __init__(self, topic: str, unseen_fields: frozenset[str]) -> None:
        self.topic = topic
        self.unseen_fields = unseen_fields

    def __call__(self, sender: type[Model], **kwargs: Any) -> None:
        action = kwargs.get("action")
        if action is not None and not action.startswith("post_"):
            return
        update_fields = kwargs.get("update_fields")
        if update_fields and self.unseen_fields.issuperset(update_fields):
            return
        stamp_changed(self.topic, using=kwargs.get("using") or DEFAULT_DB_ALIAS)


@cache
def code_version(*directories: Path) -> str:
    """A digest of the Python modules, templates and YAML data (the provision catalogue) under `directories`,
    computed once per process: a release that changes how a cached page renders renders it afresh, even from a cache
    shared by processes."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted([*directory.rglob("*.py"), *directory.rglob("*.html"), *directory.rglob("*.yaml")]):
            if "migrations" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
