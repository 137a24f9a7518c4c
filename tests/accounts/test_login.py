"""Signing in and out."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_login_page_renders_our_form(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_a_correct_password_signs_in_and_lands_on_the_dashboard(client):
    UserFactory(username="pat", roles=[Role.PROCUREMENT])

    response = client.post(reverse("login"), {"username": "pat", "password": "correct horse battery"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "compliance/dashboard.html" in {template.name for template in response.templates}
    assert "Procurement" in response.content.decode()


def test_a_wrong_password_shows_a_message_and_signs_nobody_in(client):
    UserFactory(username="pat")

    response = client.post(reverse("login"), {"username": "pat", "password": "wrong"})

    assert "do not match an active account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_keeps_the_page_asked_for(client):
    UserFactory(username="pat", roles=[Role.AUDITOR])
    wanted = reverse("vendors:list") + "?q=scribe"

    response = client.post(
        reverse("login") + "?next=" + wanted, {"username": "pat", "password": "correct horse battery", "next": wanted}
    )

    assert response.url == wanted


def test_logout_is_post_only(client):
    client.force_login(UserFactory(username="pat"))

    refused = client.get(reverse("logout"))
    done = client.post(reverse("logout"))

    assert refused.status_code == 405
    assert done.url == reverse("login")
    assert "_auth_user_id" not in client.session
