"""Top-level URL map: one include per app."""

from django.contrib import admin
from django.urls import include, path

from vendortrack.compliance.views import home
from vendortrack.health import health

urlpatterns = [
    # The portfolio dashboard is the start page.
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("vendortrack.accounts.urls")),
    path("vendors/", include("vendortrack.vendors.urls")),
    path("agreements/", include("contracts.urls")),
    path("compliance/", include("vendortrack.compliance.urls")),
    path("rfis/", include("vendortrack.rfis.urls")),
    path("admin/", admin.site.urls),
]
