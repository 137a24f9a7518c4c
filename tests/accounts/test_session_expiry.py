"""Sessions end after SESSION_IDLE_TIMEOUT without a request and SESSION_COOKIE_AGE after sign-in, and a busy
session is written at most once a minute."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from vendortrack.accounts.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)
HOME = "/"


@pytest.fixture
def signed_in(client, time_machine):
    time_machine.move_to(START, tick=False)
    client.force_login(UserFactory(username="pat", roles=[Role.PROCUREMENT]))
    return client


def later(time_machine, **delta) -> None:
    time_machine.shift(datetime.timedelta(**delta))


def test_a_session_idle_for_less_than_the_timeout_goes_on(signed_in, time_machine):
    later(time_machine, minutes=29)
    assert signed_in.get(HOME).status_code == 200
    later(time_machine, minutes=29)  # 58 minutes after sign-in, 29 after the last request
    assert signed_in.get(HOME).status_code == 200


def test_a_session_idle_past_the_timeout_is_signed_out_with_a_message(signed_in, time_machine):
    later(time_machine, minutes=31)

    response = signed_in.get(reverse("vendors:list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "_auth_user_id" not in signed_in.session
    assert "signed out after 30 minutes without activity" in response.content.decode()


@override_settings(SESSION_IDLE_TIMEOUT=300)
def test_the_idle_timeout_comes_from_the_setting(signed_in, time_machine):
    later(time_machine, minutes=6)

    assert signed_in.get(HOME).status_code == 302


def test_an_active_session_still_ends_at_its_absolute_age(signed_in, time_machine):
    for _ in range(23):  # a request every 20 minutes: 7 h 40 min
        later(time_machine, minutes=20)
        assert signed_in.get(HOME).status_code == 200

    later(time_machine, minutes=21)  # 8 h 1 min after sign-in
    response = signed_in.get(HOME, follow=True)

    assert "_auth_user_id" not in signed_in.session
    assert "session ended after 8 hours" in response.content.decode()


def test_last_activity_is_written_at_most_once_a_minute(signed_in, time_machine):
    signed_at = signed_in.session[SIGNED_IN_AT]
    assert signed_in.session[LAST_ACTIVITY] == signed_at

    later(time_machine, seconds=30)
    signed_in.get(HOME)
    assert signed_in.session[LAST_ACTIVITY] == signed_at

    later(time_machine, seconds=31)
    signed_in.get(HOME)
    assert signed_in.session[LAST_ACTIVITY] == signed_at + 61
    assert signed_in.session[SIGNED_IN_AT] == signed_at


def test_a_request_that_does_not_touch_the_activity_does_not_save_the_session(signed_in, time_machine):
    from django.contrib.sessions.models import Session

    key = signed_in.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    later(time_machine, seconds=30)

    signed_in.get(HOME)

    assert Session.objects.get(session_key=key).expire_date == before
