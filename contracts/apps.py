"""Agreements, their document versions, clause findings and legal review."""

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Agreements and legal review"

    def ready(self) -> None:
        from contracts.audit import register_audited_models
        from contracts.receivers import connect_queue_fact_receivers
        from contracts.review_cache import stamp_review_writes

        register_audited_models()
        connect_queue_fact_receivers()
        stamp_review_writes()
