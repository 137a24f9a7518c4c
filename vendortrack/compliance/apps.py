"""The compliance app: review schedule, quarterly reviews, reminders, calendar and dashboard."""

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "vendortrack.compliance"
    label = "compliance"
    verbose_name = "Compliance reviews and reminders"

    def ready(self) -> None:
        from vendortrack.compliance.audit import register_audited_models
        from vendortrack.compliance.page_cache import stamp_event_writes
        from vendortrack.compliance.receivers import connect_schedule_receivers

        register_audited_models()
        connect_schedule_receivers()
        stamp_event_writes()
