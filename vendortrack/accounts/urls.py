"""Sign-in and sign-out, the second-factor pages, and the Admin's security page."""

from django.urls import path

from vendortrack.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("security/", views.security, name="security"),
    path("security/unlock/", views.lockout_lift, name="lockout_lift"),
    path("security/users/<int:user_id>/mfa-reset/", views.mfa_reset, name="mfa_reset"),
]
