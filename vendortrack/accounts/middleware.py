"""Session expiry and the second-factor gate, run on every request after authentication.

SessionExpiryMiddleware signs a session out when it is older than SESSION_COOKIE_AGE (counted from sign-in, not
from the last write) or has been idle longer than SESSION_IDLE_TIMEOUT. Last activity is written at most once per
SESSION_ACTIVITY_RESOLUTION seconds, so a busy page does not write its session on every request.

MfaRequiredMiddleware, when MFA_ENFORCED, sends a user who needs a second factor (see mfa.mfa_required_for) and has
not passed it in this session to enrol or verify, except on the few pages that must work before that. Someone whose
role does not need it but who enrolled an authenticator by choice is asked for the code too: whether they have one
is read once at sign-in, so their other requests cost no query.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from vendortrack.accounts.mfa import confirmed_device, mfa_required_for

SIGNED_IN_AT = "vendortrack_signed_in_at"
LAST_ACTIVITY = "vendortrack_last_activity"
ENROLLED_AT_SIGN_IN = "vendortrack_mfa_enrolled"

# Pages reachable before the second factor: signing in and out, the MFA pages themselves, and the two links whose
# secret token is the credential (an RFI answered by the vendor, a calendar feed read by a calendar app).
MFA_EXEMPT_URL_NAMES = frozenset({"login", "logout", "mfa_setup", "mfa_verify", "rfis:respond", "compliance:feed_ics"})


def mark_signed_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """user_logged_in receiver: the absolute session age counts from here."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_ACTIVITY] = now
        request.session[ENROLLED_AT_SIGN_IN] = confirmed_device(user) is not None


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The session, not request.user: reading the user would cost a query on pages that never need it.
        if SESSION_KEY in request.session:
            self._expire_or_touch(request)
        return self.get_response(request)

    def _expire_or_touch(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        signed_in_at = session.get(SIGNED_IN_AT)
        last_activity = session.get(LAST_ACTIVITY)
        if signed_in_at is None or last_activity is None:
            # A session from before these keys existed: start counting now.
            session[SIGNED_IN_AT] = signed_in_at or now
            session[LAST_ACTIVITY] = now
            return
        if now - signed_in_at > settings.SESSION_COOKIE_AGE:
            self._sign_out(request, f"Your session ended after {_duration(settings.SESSION_COOKIE_AGE)}.")
        elif now - last_activity > settings.SESSION_IDLE_TIMEOUT:
            self._sign_out(
                request, f"You were signed out after {_duration(settings.SESSION_IDLE_TIMEOUT)} without activity."
            )
        elif now - last_activity >= settings.SESSION_ACTIVITY_RESOLUTION:
            session[LAST_ACTIVITY] = now

    @staticmethod
    def _sign_out(request: HttpRequest, message: str) -> None:
        logout(request)
        messages.info(request, f"{message} Sign in again to continue.")


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MFA_ENFORCED and SESSION_KEY in request.session:
            redirect = self._gate(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _gate(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        # Who needs the gate first (roles are read once per request anyway); resolving the path only for them.
        if not (mfa_required_for(user) or request.session.get(ENROLLED_AT_SIGN_IN)):
            return None
        if _is_exempt(request.path_info):
            return None
        target = "mfa_verify" if confirmed_device(user) else "mfa_setup"
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # An htmx fragment must not swap the MFA page into a corner of the current page: reload instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


def _is_exempt(path: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # the 404 page is shown as for anyone
    return match.view_name in MFA_EXEMPT_URL_NAMES
