"""Sign-in and sign-out, the second-factor pages, and the Admin's page for lockouts and lost authenticators."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from vendortrack.accounts import mfa, throttling
from vendortrack.accounts.forms import LockoutLiftForm, TokenForm
from vendortrack.accounts.roles import Role, user_roles


class LoginView(auth_views.LoginView):
    """Sign-in page; an already signed-in person goes straight on rather than seeing the form again."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign-out by POST only (Django refuses GET), so a link or prefetch can never sign someone out."""


def _redirect_keeping_query(name: str, request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(f"{reverse(name)}?{query}" if query else reverse(name))


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("home")


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then confirm with its first code.

    Anyone signed in may (re)enrol; a user who already has a device must have verified it in this session first,
    or a stolen password alone could replace the second factor.
    """
    user = request.user
    if mfa.confirmed_device(user) and not user.is_verified():
        return _redirect_keeping_query("mfa_verify", request)
    device = mfa.enrolment_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mfa.device_confirm(request=request, device=device, token=form.cleaned_data["token"])
        except mfa.TokenRefused as refused:
            form.add_error("token", str(refused))
        else:
            messages.success(request, "Your authenticator app is set up.")
            return HttpResponseRedirect(_next_url(request))
    context = {
        "form": form,
        "qr_svg": mfa.device_qr_svg(device),
        "secret": mfa.device_secret(device),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "re_enrolling": mfa.confirmed_device(user) is not None,
    }
    return render(request, "registration/mfa_setup.html", context)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the enrolled authenticator app."""
    device = mfa.confirmed_device(request.user)
    if device is None:
        return _redirect_keeping_query("mfa_setup", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mfa.device_verify(request=request, device=device, token=form.cleaned_data["token"])
        except mfa.TokenRefused as refused:
            form.add_error("token", str(refused))
        else:
            return HttpResponseRedirect(_next_url(request))
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "registration/mfa_verify.html", {"form": form, "next": next_url})


def _check_admin(request: HttpRequest) -> None:
    if Role.ADMIN not in user_roles(request.user):
        raise PermissionDenied("Only an administrator manages lockouts and authenticator apps.")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The Admin's page: sign-in lockouts in force, and who has an authenticator app enrolled."""
    _check_admin(request)
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")
    context = {"lockouts": throttling.current_lockouts(), "devices": devices}
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def lockout_lift(request: HttpRequest) -> HttpResponse:
    _check_admin(request)
    form = LockoutLiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a lockout from the list to lift it.")
        return redirect("security")
    username, address = form.cleaned_data["username"], form.cleaned_data["ip_address"]
    throttling.lockout_lift(actor=request.user, username=username, ip_address=address)
    messages.success(request, f"{username} may sign in again from {address}.")
    return redirect("security")


@login_required
@require_POST
def mfa_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    _check_admin(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    mfa.devices_reset(actor=request.user, user=person)
    messages.success(request, f"{person.get_username()} will be asked to set up an authenticator app at next sign-in.")
    return redirect("security")
