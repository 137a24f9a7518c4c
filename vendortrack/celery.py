"""The Celery application: a Redis broker in production, tasks run in-process without one."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendortrack.settings")

app = Celery("vendortrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
