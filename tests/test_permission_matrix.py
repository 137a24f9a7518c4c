"""Every URL, for every role: the status code of GET and, for write URLs, of POST.

The URL list comes from the resolver, so a new URL without an entry in MATRIX fails `test_every_url_has_an_entry`.
Django's admin is left out on purpose: it checks is_staff and its own model permissions, and no role here is staff
except through Admin.
"""

from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import VendorFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.vendors.models import Vendor

pytestmark = pytest.mark.django_db

ROLES = ("owner", "stranger", "legal", "compliance", "auditor", "admin", "no_role", "anonymous")
SKIPPED_NAMESPACES = {"admin"}
UNSCOPED = {"home", "login", "logout", "vendors:list", "vendors:create"}

# Expected status per role, in ROLES order.
READ = (200, 404, 200, 200, 200, 200, 404, 302)  # a vendor-scoped page anyone who may see the vendor may read
WRITE = (200, 404, 403, 403, 403, 200, 404, 302)  # a vendor-scoped page only its owner (or an admin) may use
DELETE_POST = (302, 404, 403, 403, 403, 302, 404, 302)
LOGGED_IN_200 = (200, 200, 200, 200, 200, 200, 200, 302)
CREATE = (200, 200, 403, 403, 403, 200, 403, 302)

# url name -> (GET expectations, POST expectations or None for read-only URLs)
MATRIX: dict[str, tuple[tuple[int, ...], tuple[int, ...] | None]] = {
    "home": ((302,) * 8, None),
    "login": ((302, 302, 302, 302, 302, 302, 302, 200), None),
    "logout": ((405,) * 8, (302,) * 8),
    "vendors:list": (LOGGED_IN_200, None),
    "vendors:create": (CREATE, CREATE),
    "vendors:detail": (READ, None),
    "vendors:audit": (READ, None),
    "vendors:audit_csv": (READ, None),
    "vendors:evidence_file": (READ, None),
    "vendors:edit": (WRITE, WRITE),
    "vendors:risk": (WRITE, WRITE),
    "vendors:service_create": (WRITE, WRITE),
    "vendors:service_edit": (WRITE, WRITE),
    "vendors:evidence_upload": (WRITE, WRITE),
    "vendors:evidence_edit": (WRITE, WRITE),
    "vendors:use_case_create": (WRITE, WRITE),
    "vendors:use_case_edit": (WRITE, WRITE),
    "vendors:service_delete": (WRITE, DELETE_POST),
    "vendors:evidence_delete": (WRITE, DELETE_POST),
    "vendors:use_case_delete": (WRITE, DELETE_POST),
}


def _url_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_entry():
    assert sorted(set(_url_names(get_resolver().url_patterns))) == sorted(MATRIX)


def _kwargs(name: str, vendor: Vendor) -> dict[str, object]:
    if name in UNSCOPED:
        return {}
    kwargs: dict[str, object] = {"public_id": vendor.public_id}
    children = {
        "service": vendor.services.first,
        "evidence": vendor.evidence.first,
        "use_case": vendor.use_cases.first,
    }
    for child, first in children.items():
        if f":{child}_edit" in name:
            kwargs[f"{child}_id"] = first().pk
        if f":{child}_delete" in name:
            kwargs["child_id"] = first().pk
    if name == "vendors:evidence_file":
        kwargs["evidence_id"] = vendor.evidence.first().pk
    return kwargs


def _world(suffix: str = ""):
    people = make_people()
    vendor = make_vendor(owner=people.owner, name=f"Acme Speech{suffix}")
    vendor.evidence.get().file.save("report.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=True)
    VendorFactory(name=f"Someone else's{suffix}", owner=people.stranger)
    return people, vendor


def _login(client, people, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(people, role))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(client, name):
    people, vendor = _world()
    get_expected, post_expected = MATRIX[name]
    url = reverse(name, kwargs=_kwargs(name, vendor) or None)

    got = []
    for role in ROLES:
        _login(client, people, role)
        got.append(client.get(url).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, get_expected, strict=True))

    if post_expected is None:
        return
    posted = []
    for role in ROLES:
        if name.endswith("_delete") and role in ("owner", "admin"):
            people, vendor = _world(suffix=f" {role}")  # a previous POST deleted the row
            url = reverse(name, kwargs=_kwargs(name, vendor))
        _login(client, people, role)
        posted.append(client.post(url, {}).status_code)
    assert dict(zip(ROLES, posted, strict=True)) == dict(zip(ROLES, post_expected, strict=True))


def test_anonymous_requests_are_sent_to_the_login_page(client):
    people, vendor = _world()
    for name in MATRIX:
        if name in ("login", "logout"):
            continue
        response = client.get(reverse(name, kwargs=_kwargs(name, vendor) or None))
        assert response.url.startswith(reverse("login")), name


def test_an_unassigned_procurement_user_learns_nothing_about_another_vendor(client):
    people, vendor = _world()
    client.force_login(people.stranger)

    listing = client.get(reverse("vendors:list")).content.decode()
    page = client.get(reverse("vendors:detail", kwargs={"public_id": vendor.public_id}))
    search = client.get(reverse("vendors:list"), {"q": vendor.name})

    assert vendor.name not in listing
    assert list(search.context["page"].object_list) == []
    assert search.context["counts"].total == 1  # only their own vendor
    assert page.status_code == 404
    assert vendor.name not in page.content.decode()
