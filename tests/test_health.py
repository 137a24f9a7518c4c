"""The health check: open to a probe without a session, 200 when the database and media folder answer, else 503."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings

pytestmark = pytest.mark.django_db

URL = "/health/"


def test_a_probe_without_a_session_is_told_everything_is_ok(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "media": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_is_a_503_naming_it(client):
    with mock.patch("vendortrack.health.connection.cursor", side_effect=DatabaseError("connection refused")):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "database": "unavailable", "media": "ok"}


def test_a_missing_media_folder_is_a_503_naming_it(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "not-mounted"):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["media"] == "missing"


def test_writes_are_refused(client):
    assert client.post(URL).status_code == 405
