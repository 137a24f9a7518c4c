"""The main navigation marks the one section a page belongs to."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from vendortrack.accounts.roles import Role

NAV = re.compile(r'<nav class="nav" aria-label="Main">(.*?)</nav>', re.S)
CURRENT = re.compile(r'<a [^>]*aria-current="page"[^>]*>\s*([^<]+?)\s*<')


def _current_sections(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    nav = NAV.search(response.content.decode())
    assert nav is not None
    return CURRENT.findall(nav.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "section"),
    [
        ("home", "Dashboard"),
        ("vendors:list", "Vendors"),
        ("contracts:list", "Agreements"),
        ("contracts:queue", "Review queue"),
        ("rfis:list", "RFIs"),
        ("compliance:calendar", "Calendar"),
        ("compliance:deadlines", "Calendar"),
        ("compliance:notifications", "Notifications"),
    ],
)
def test_exactly_the_section_of_the_page_is_marked_current(client, url_name, section):
    client.force_login(UserFactory(roles=[Role.ADMIN]))

    assert _current_sections(client, reverse(url_name)) == [section]
