"""The vendor page's body (everything below the top bar), rendered once per version of the profile and cached.

Reading and rendering the body takes a dozen queries and most of the page's time, yet it changes only when the
profile does. A cached body is served only while everything it shows is unchanged, which the key and one check
decide exactly:

- the version of the profile: how many entries the vendor's audit trail holds and the newest one's id, read in the
  same statement as the vendor (audit.trail_version_annotations). Every write to the vendor or any of its children
  (services, fact sources, endpoints, evidence, CUECs, sub-processors, use cases, their many-to-many links) adds an
  entry tagged with the vendor, and the trail is append-only. The version is read before the profile, so a body
  can be newer than its key but never older.
- the day and the time zone: ages ("confirmed 134 days ago"), SOC 2 staleness and expiry move with the calendar.
- whether the reader may change the vendor (the write controls), and the owner's names, read with the vendor.
- the vendor app's code and templates, hashed once per process: a release that changes them renders afresh even
  on a cache shared by processes.
- the other people the body names (CUEC owners, the actors of the recent activity): their usernames can change,
  and deleting a user clears a CUEC's owner in SQL, without a vendor audit entry. The body is kept with the names
  it showed, and a hit compares them with the users table in one query (none when it names only the owner).

The body is rendered without the request, so it cannot come to depend on who reads it beyond the key.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache as default_cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from contracts.stamps import code_version
from vendortrack.vendors.models import Vendor
from vendortrack.vendors.selectors import vendor_page

BODY_TEMPLATE = "vendors/_vendor_body.html"
# The key has the day in it; a body is not worth keeping longer.
KEPT_SECONDS = 24 * 60 * 60
_APP_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CachedBody:
    html: str
    people: dict[int, str]  # user id -> username, as the body shows them


def vendor_page_body(vendor: Vendor) -> SafeString:
    """The body of the page of `vendor`, read with `selectors.vendor_for_page`: from the cache when nothing it shows
    has changed, rendered (and cached) otherwise."""
    today = timezone.localdate()
    key = _key(vendor, today)
    cached = default_cache.get(key)
    if isinstance(cached, CachedBody) and _same_people(cached.people):
        return mark_safe(cached.html)  # noqa: S308 - template output, escaped when rendered  # nosec B308 B703
    page = vendor_page(vendor=vendor, today=today)
    html = render_to_string(BODY_TEMPLATE, {"p": page, "vendor": vendor})
    # The owner's names are in the key, read with the vendor: only the others need checking on a hit.
    people = {pk: name for pk, name in page.people.items() if pk != vendor.owner_id}
    default_cache.set(key, CachedBody(html=html, people=people), KEPT_SECONDS)
    return mark_safe(html)  # noqa: S308 - as above  # nosec B308 B703


def _key(vendor: Vendor, today: datetime.date) -> str:
    owner = vendor.owner
    parts = (
        code_version(_APP_DIR),
        vendor.public_id,
        vendor.trail_entries,
        vendor.trail_newest,
        today.isoformat(),
        timezone.get_current_timezone_name(),
        vendor.can_change,
        owner.pk if owner else None,
        owner.get_username() if owner else None,
        owner.get_full_name() if owner else None,
    )
    # Hashed: usernames may hold characters some cache backends refuse in keys.
    return "vendor-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _same_people(people: dict[int, str]) -> bool:
    if not people:
        return True
    users = get_user_model().objects.filter(pk__in=people)
    return dict(users.values_list("pk", get_user_model().USERNAME_FIELD)) == people
