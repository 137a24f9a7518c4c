"""Sign-in and sign-out pages: Django's auth views with our templates and a calm failure message."""

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    """Sign-in page; an already signed-in person goes straight on rather than seeing the form again."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign-out by POST only (Django refuses GET), so a link or prefetch can never sign someone out."""
