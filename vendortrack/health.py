"""The health check a load balancer or orchestrator polls: is this web process able to serve requests?

It answers without signing in and without a session, asks the database for one row, and checks that the media
folder (shared with the workers) is there. 200 with "ok" for each part, or 503 naming the part that failed, so a
probe's log says what is wrong. It reads nothing from the portfolio.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database did not answer: %s", error)
        return "unavailable"
    return "ok"


def _media() -> str:
    return "ok" if Path(settings.MEDIA_ROOT).is_dir() else "missing"


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "media": _media()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503)
