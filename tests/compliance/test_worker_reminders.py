"""A real Celery beat and worker on Redis send a due reminder to the file e-mail backend."""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import SecurityEvidenceFactory, UserFactory, VendorFactory
from tests.services import celery_worker
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import Notification, ReminderDelivery
from vendortrack.vendors.freshness import add_months
from vendortrack.vendors.models import VendorStatus

WAIT_SECONDS = 90


def _mail_to(outbox: Path, address: str) -> str:
    for message in sorted(outbox.glob("*.log")) if outbox.exists() else []:
        text = message.read_text()
        if address in text:
            return text
    return ""


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_beat_and_worker_send_a_due_reminder_by_e_mail(tmp_path):
    carol = UserFactory(username="carol", email="carol@hospital.example", roles=[Role.COMPLIANCE])
    vendor = VendorFactory(name="Acme Transcribe", status=VendorStatus.APPROVED)
    today = timezone.localdate()
    # Its SOC 2 report goes stale today: the refresh (and the bridge letter) are due on the day.
    SecurityEvidenceFactory(vendor=vendor, period_start=add_months(today, -24), period_end=add_months(today, -12))
    outbox = tmp_path / "outbox"
    env = {
        "COMPLIANCE_BEAT_SECONDS": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }

    with celery_worker(beat=True, extra_env=env):
        deadline = time.monotonic() + WAIT_SECONDS
        while not (message := _mail_to(outbox, carol.email)) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(3)  # let beat fire again: the second run must not send the same reminder

    assert "Acme Transcribe" in message
    assert "due today" in message
    delivered = ReminderDelivery.objects.filter(recipient=carol)
    assert delivered.count() == 2
    assert not delivered.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(user=carol).count() == 2
    assert len([path for path in outbox.glob("*.log") if carol.email in path.read_text()]) == 1
