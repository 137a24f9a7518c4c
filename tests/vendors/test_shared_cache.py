"""With CACHE_URL pointing at Redis, the cached vendor list and vendor page live there, shared by every process."""

import uuid

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.services import redis_url
from tests.vendors.web import make_people, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    url = redis_url()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    server = redis.Redis.from_url(url)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_list_and_the_page_are_kept_in_redis_and_served_from_it(client, shared_cache):
    server, prefix = shared_cache
    people = make_people()
    vendor = make_vendor(owner=people.owner)
    client.force_login(people.legal)
    pages = [reverse("vendors:list"), reverse("vendors:detail", kwargs={"public_id": vendor.public_id})]

    rendered = [_queries(client, url) for url in pages]
    kept = {key.decode().split(":")[2] for key in server.scan_iter(f"{prefix}:*")}
    served = [_queries(client, url) for url in pages]

    assert kept == {"vendor-list", "vendor-page"}
    for (fresh_count, fresh_html), (cached_count, cached_html) in zip(rendered, served, strict=True):
        assert cached_count < fresh_count
        assert "Acme Speech" in cached_html
        assert cached_html.count("Acme Speech") == fresh_html.count("Acme Speech")
