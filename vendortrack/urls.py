"""Top-level URL map: one include per app."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The dashboard comes later; until then the start page is the vendor list.
    path("", login_required(RedirectView.as_view(pattern_name="vendors:list")), name="home"),
    path("accounts/", include("vendortrack.accounts.urls")),
    path("vendors/", include("vendortrack.vendors.urls")),
    path("agreements/", include("contracts.urls")),
    path("admin/", admin.site.urls),
]
