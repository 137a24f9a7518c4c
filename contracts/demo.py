"""Demo agreements: sample documents from fixtures/agreements uploaded as agreements of the demo vendors.

Called by the project's `load_demo` command, which owns the vendors and users; contracts only needs the objects.
Idempotent: an agreement is found by (vendor, title) and a document is uploaded only when no version of that
agreement has the same bytes, so a second run writes nothing. The analysis is queued like any upload: in-process
without a broker, in the workers with one.
"""

import datetime
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model

from contracts.models import Agreement
from contracts.versions import version_upload


def demo_agreements_load(
    *,
    entries: list[Mapping[str, Any]],
    vendors: Mapping[str, Model],
    uploader: AbstractBaseUser,
    documents: Path,
    today: datetime.date,
) -> int:
    """Write each entry's agreement and upload its document; returns how many versions were uploaded."""
    uploaded = 0
    for entry in entries:
        agreement = _agreement(entry, vendor=vendors[entry["vendor"]], owner=uploader, today=today)
        path = documents / entry["document"]
        data = path.read_bytes()
        if agreement.versions.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
            continue
        with path.open("rb") as file:
            version_upload(agreement=agreement, user=uploader, file=file, original_name=path.name, size=len(data))
        uploaded += 1
    return uploaded


def _agreement(entry: Mapping[str, Any], *, vendor: Model, owner: AbstractBaseUser, today: datetime.date) -> Agreement:
    def day(offset: int | None) -> datetime.date | None:
        return None if offset is None else today + datetime.timedelta(days=offset)

    agreement, _ = Agreement.objects.update_or_create(
        vendor=vendor,
        title=entry["title"],
        defaults={
            "agreement_type": entry["type"],
            "status": entry.get("status", "in_legal_review"),
            "effective_date": day(entry.get("effective")),
            "expiry_date": day(entry.get("expiry")),
            "auto_renews": entry.get("auto_renews", False),
            "notice_period_days": entry.get("notice_period_days"),
            "owner": owner,
        },
    )
    return agreement
