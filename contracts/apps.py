"""Agreements, their document versions, clause findings and legal review."""

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Agreements and legal review"

    def ready(self) -> None:
        from contracts.audit import register_audited_models

        register_audited_models()
