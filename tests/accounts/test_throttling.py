"""Login throttling: five failures lock a username at one address out for a while, with a message, a log line and
an Admin who can lift it."""

import datetime
import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def pat():
    return UserFactory(username="pat", roles=[Role.LEGAL])


def sign_in(client, password: str, *, address: str = "10.0.0.7", username: str = "pat"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times: int, *, address: str = "10.0.0.7") -> None:
    for _ in range(times):
        sign_in(client, "wrong password", address=address)


def test_four_failures_still_let_the_right_password_in(client, pat):
    fail(client, 4)

    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(pat.pk)


def test_the_fifth_failure_locks_out_even_the_right_password_with_a_clear_message(client, pat, caplog):
    with caplog.at_level(logging.WARNING, logger="vendortrack.security"):
        fail(client, 5)
    response = sign_in(client, PASSWORD)
    html = response.content.decode()

    assert response.status_code == 429
    assert "Too many failed sign-ins" in html and "Try again in 15 minutes" in html
    assert 'name="username"' in html  # the sign-in page, not a bare error
    assert "_auth_user_id" not in client.session
    assert "sign-in locked out: username=pat address=10.0.0.7" in caplog.text


def test_the_lockout_is_for_that_username_at_that_address_only(client, pat):
    UserFactory(username="sam")
    fail(client, 5)

    assert sign_in(client, PASSWORD, address="10.0.0.8").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, address="10.0.0.7", username="sam").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, pat, time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC))
    fail(client, 5)
    assert sign_in(client, PASSWORD).status_code == 429

    time_machine.shift(datetime.timedelta(minutes=16))

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_admin_sees_the_lockout_and_lifts_it(client, pat, caplog):
    admin = UserFactory(username="boss", roles=[Role.ADMIN])
    fail(client, 5)
    client.force_login(admin)

    page = client.get(reverse("security"))
    with caplog.at_level(logging.WARNING, logger="vendortrack.security"):
        lifted = client.post(reverse("lockout_lift"), {"username": "pat", "ip_address": "10.0.0.7"})
    client.logout()

    assert "Unlock pat" in page.content.decode() and "10.0.0.7" in page.content.decode()
    assert lifted.url == reverse("security")
    assert "lockout lifted: username=pat address=10.0.0.7 by=boss" in caplog.text
    assert sign_in(client, PASSWORD).status_code == 302


def test_lifting_needs_a_username_and_an_address(client):
    client.force_login(UserFactory(username="boss", roles=[Role.ADMIN]))

    response = client.post(reverse("lockout_lift"), {"username": "pat"}, follow=True)

    assert "Choose a lockout from the list" in response.content.decode()


def test_nobody_but_the_admin_sees_or_lifts_lockouts(client, pat):
    fail(client, 5)
    client.force_login(UserFactory(username="lee", roles=[Role.COMPLIANCE]))

    assert client.get(reverse("security")).status_code == 403
    assert client.post(reverse("lockout_lift"), {"username": "pat", "ip_address": "10.0.0.7"}).status_code == 403
    client.logout()
    assert sign_in(client, PASSWORD).status_code == 429
