"""The second factor: who is asked, enrolling and verifying with a TOTP code, throttling, and the Admin's reset."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.vendors.web import make_people
from vendortrack.accounts.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_enforced")]

HOME = "/"


@pytest.fixture
def _enforced():
    with override_settings(MFA_ENFORCED=True):
        yield


@pytest.fixture
def people():
    return make_people()


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step):06d}"


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.mark.parametrize("role", ["legal", "compliance", "admin"])
def test_each_mfa_role_without_a_device_is_sent_to_set_one_up(client, people, role):
    client.force_login(getattr(people, role))

    response = client.get(reverse("vendors:list") + "?q=acme")

    assert response.status_code == 302
    assert response.url == reverse("mfa_setup") + "?next=%2Fvendors%2F%3Fq%3Dacme"


def test_a_superuser_without_a_role_is_asked_too(client):
    client.force_login(UserFactory(username="root", is_superuser=True))

    assert client.get(HOME).url.startswith(reverse("mfa_setup"))


@pytest.mark.parametrize("role", ["legal", "compliance", "admin"])
def test_each_mfa_role_with_a_device_is_sent_to_verify(client, people, role):
    user = getattr(people, role)
    confirmed_device_for(user)
    client.force_login(user)

    response = client.get(HOME)

    assert response.url == reverse("mfa_verify") + "?next=%2F"


@pytest.mark.parametrize("role", ["owner", "auditor", "no_role"])
def test_procurement_auditors_and_people_without_a_role_are_not_asked(client, people, role):
    client.force_login(getattr(people, role))

    assert client.get(HOME).status_code == 200


def test_someone_who_enrolled_by_choice_is_asked_for_the_code_at_the_next_sign_in(client, people):
    confirmed_device_for(people.owner)
    client.force_login(people.owner)

    assert client.get(HOME).url == reverse("mfa_verify") + "?next=%2F"


@override_settings(MFA_ENFORCED=False)
def test_nobody_is_asked_when_mfa_is_not_enforced(client, people):
    client.force_login(people.legal)

    assert client.get(HOME).status_code == 200


@override_settings(MFA_REQUIRED_ROLES=["Auditor"])
def test_the_roles_asked_come_from_the_setting(client, people):
    client.force_login(people.auditor)
    assert client.get(HOME).url.startswith(reverse("mfa_setup"))
    client.force_login(people.legal)
    assert client.get(HOME).status_code == 200


def test_the_setup_page_shows_a_qr_code_the_secret_and_a_confirm_form(client, people):
    client.force_login(people.legal)

    page = client.get(reverse("mfa_setup"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=people.legal)

    assert page.status_code == 200
    assert not device.confirmed
    assert "<svg" in html and "<path" in html
    assert "style=" not in html
    assert f'id="totp-secret" class="mfa-secret">{page.context["secret"]}<' in html
    assert len(page.context["secret"]) == 32
    assert 'name="token"' in html and ">Confirm</button>" in html
    # A reload shows the same secret, so a half-finished enrolment can be finished.
    assert client.get(reverse("mfa_setup")).context["secret"] == page.context["secret"]


def test_confirming_with_the_right_code_verifies_the_session_and_goes_to_next(client, people):
    client.force_login(people.compliance)
    client.get(reverse("mfa_setup"))
    device = TOTPDevice.objects.get(user=people.compliance)

    response = client.post(reverse("mfa_setup"), {"token": code(device), "next": "/compliance/calendar/"})

    assert response.status_code == 302
    assert response.url == "/compliance/calendar/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_is_a_field_error_and_changes_nothing(client, people):
    client.force_login(people.legal)
    client.get(reverse("mfa_setup"))
    device = TOTPDevice.objects.get(user=people.legal)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_setup"), {"token": wrong})

    assert response.status_code == 200
    assert "That code is not right" in str(response.context["form"].errors["token"])
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).url.startswith(reverse("mfa_setup"))


def test_a_code_that_is_not_six_digits_is_refused_before_it_is_checked(client, people):
    client.force_login(people.legal)
    client.get(reverse("mfa_setup"))

    response = client.post(reverse("mfa_setup"), {"token": "12ab56"})

    assert "six digits" in str(response.context["form"].errors["token"])
    assert TOTPDevice.objects.get(user=people.legal).throttling_failure_count == 0


def test_repeated_wrong_codes_are_throttled_even_when_the_right_one_follows(client, people, time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    user = people.admin
    device = confirmed_device_for(user)
    client.force_login(user)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    client.post(reverse("mfa_verify"), {"token": wrong})
    throttled = client.post(reverse("mfa_verify"), {"token": code(device)})

    assert "Too many wrong codes" in str(throttled.context["form"].errors["token"])
    assert client.get(HOME).url.startswith(reverse("mfa_verify"))
    time_machine.shift(datetime.timedelta(seconds=2))
    assert client.post(reverse("mfa_verify"), {"token": code(device)}).url == HOME


def test_verifying_with_the_right_code_lets_the_session_through(client, people):
    device = confirmed_device_for(people.legal)
    client.force_login(people.legal)
    page = client.get(reverse("mfa_verify"))

    response = client.post(reverse("mfa_verify"), {"token": code(device), "next": "/agreements/"})

    assert page.status_code == 200
    assert 'name="token"' in page.content.decode() and ">Verify</button>" in page.content.decode()
    assert response.url == "/agreements/"
    assert client.get("/agreements/").status_code == 200


def test_next_pointing_at_another_site_is_ignored(client, people):
    device = confirmed_device_for(people.legal)
    client.force_login(people.legal)

    response = client.post(reverse("mfa_verify"), {"token": code(device), "next": "https://evil.example.org/"})

    assert response.url == HOME


def test_verify_without_a_device_sends_to_setup_keeping_next(client, people):
    client.force_login(people.legal)

    assert client.get(reverse("mfa_verify") + "?next=/rfis/").url == reverse("mfa_setup") + "?next=%2Frfis%2F"


def test_a_password_alone_cannot_replace_an_enrolled_device(client, people):
    confirmed_device_for(people.legal)
    client.force_login(people.legal)

    response = client.get(reverse("mfa_setup"))

    assert response.url.startswith(reverse("mfa_verify"))
    assert TOTPDevice.objects.filter(user=people.legal).count() == 1


def test_a_verified_user_re_enrols_and_the_old_device_stops_working(client, people):
    old = confirmed_device_for(people.legal)
    client.force_login(people.legal)
    client.post(reverse("mfa_verify"), {"token": code(old)})

    page = client.get(reverse("mfa_setup"))
    new = TOTPDevice.objects.get(user=people.legal, confirmed=False)
    response = client.post(reverse("mfa_setup"), {"token": code(new)})

    assert "Replace your authenticator" in page.content.decode()
    assert response.url == HOME
    assert list(TOTPDevice.objects.filter(user=people.legal)) == [new]


@pytest.mark.parametrize("name", ["login", "mfa_setup", "mfa_verify"])
def test_the_sign_in_and_mfa_pages_are_reachable_before_the_second_factor(client, people, name):
    client.force_login(people.compliance)

    response = client.get(reverse(name))

    assert response.status_code in (200, 302)
    assert not (response.status_code == 302 and response.url.startswith(reverse("mfa_setup") + "?next="))


def test_signing_out_works_before_the_second_factor(client, people):
    client.force_login(people.compliance)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_static_files_and_token_links_are_not_gated(client, people):
    client.force_login(people.compliance)

    assert client.get("/static/vendortrack/css/app.css").status_code == 200
    feed = client.get(reverse("compliance:feed_ics", kwargs={"token": "no-such-token"}))
    respond = client.get(reverse("rfis:respond", kwargs={"token": "no-such-token"}))
    assert feed.status_code == 404
    assert respond.status_code != 302


def test_an_htmx_request_is_told_to_reload_into_the_mfa_page(client, people):
    client.force_login(people.legal)

    response = client.get(reverse("compliance:unread"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("mfa_setup"))


def test_the_admin_resets_a_lost_authenticator_and_it_is_in_the_audit_trail(client, people):
    admin_device = confirmed_device_for(people.admin)
    confirmed_device_for(people.legal)
    client.force_login(people.admin)
    client.post(reverse("mfa_verify"), {"token": code(admin_device)})

    page = client.get(reverse("security"))
    response = client.post(reverse("mfa_reset", kwargs={"user_id": people.legal.pk}))

    assert "Reset legal's authenticator" in page.content.decode()
    assert response.url == reverse("security")
    assert not TOTPDevice.objects.filter(user=people.legal).exists()
    deleted = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TOTPDevice), action=LogEntry.Action.DELETE
    ).get()
    assert deleted.actor == people.admin
    client.force_login(people.legal)
    assert client.get(HOME).url.startswith(reverse("mfa_setup"))


def test_only_the_admin_may_reset_a_device(client, people):
    confirmed_device_for(people.legal)
    client.force_login(people.owner)

    response = client.post(reverse("mfa_reset", kwargs={"user_id": people.legal.pk}))

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=people.legal).exists()


def test_the_demo_roles_that_need_mfa_match_the_brief():
    from django.conf import settings

    assert set(settings.MFA_REQUIRED_ROLES) == {Role.LEGAL.value, Role.COMPLIANCE.value, Role.ADMIN.value}


@override_settings(MFA_ENFORCED=False)
def test_the_account_menu_offers_enrolment_to_all_and_the_security_page_to_the_admin(client, people):
    client.force_login(people.admin)
    admin_page = client.get(HOME).content.decode()
    client.force_login(people.owner)
    owner_page = client.get(HOME).content.decode()

    assert f'href="{reverse("security")}"' in admin_page
    assert f'href="{reverse("security")}"' not in owner_page
    assert f'href="{reverse("mfa_setup")}"' in owner_page


@override_settings(MFA_ENFORCED=False)
def test_django_admin_does_not_show_a_device_secret(client):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    device = confirmed_device_for(root)
    client.force_login(root)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert device.key not in page.content.decode()
