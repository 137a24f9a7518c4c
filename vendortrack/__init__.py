"""VendorTrack: the Django project and the apps that compose it."""

from vendortrack.celery import app as celery_app

__all__ = ["celery_app"]
