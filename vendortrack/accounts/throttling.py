"""Login throttling with django-axes: a username from one address is locked out after repeated failures.

The limits come from settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, read from the environment). A locked-out
sign-in gets the sign-in page with a message saying so and for how long, not a bare error page. Every lockout is
logged on the "vendortrack.security" logger and kept by axes in the database, where the Admin can lift it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

logger = logging.getLogger("vendortrack.security")


class RequestThrottlingBackend(AxesStandaloneBackend):
    """Axes' check, for sign-ins that come with a request (the sign-in page); others (a management command,
    the test client's login()) have no address to throttle and go straight to the next backend."""

    def authenticate(self, request: HttpRequest | None, *args: object, **kwargs: object) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None):
    """The sign-in page again, with the lockout message and status 429 (Too Many Requests)."""
    minutes = _cooloff_minutes(request)
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "locked_out": True, "cooloff_minutes": minutes, "next": request.POST.get("next", "")}
    return TemplateResponse(request, "registration/login.html", context, status=429).render()


def _cooloff_minutes(request: HttpRequest) -> int:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def log_lockout(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """user_locked_out receiver: the lockout goes to the security log with who and from where."""
    logger.warning("sign-in locked out: username=%s address=%s", kwargs.get("username"), kwargs.get("ip_address"))


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime
    locked_until: datetime


def current_lockouts() -> list[Lockout]:
    """The username and address pairs locked out now, most recent first."""
    limit = get_failure_limit(None, None)
    cool_off = get_cool_off(None)
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=limit)
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return [
        Lockout(
            username=attempt.username or "",
            ip_address=attempt.ip_address or "",
            failures=attempt.failures_since_start,
            last_attempt=attempt.attempt_time,
            locked_until=attempt.attempt_time + cool_off if cool_off else attempt.attempt_time,
        )
        for attempt in attempts.order_by("-attempt_time")
    ]


def lockout_lift(*, actor: AbstractBaseUser, username: str, ip_address: str) -> int:
    """Lift the lockout of a username at an address (the Admin has checked who is asking); returns rows removed."""
    if not username or not ip_address:
        raise ValueError("a lockout is lifted for one username at one address")
    removed = reset(username=username, ip=ip_address)
    logger.warning("sign-in lockout lifted: username=%s address=%s by=%s", username, ip_address, actor.get_username())
    return removed
