"""The RFI app: requests for information procurement sends a vendor about what VendorTrack does not know."""

from django.apps import AppConfig

# Building the documents is not an edit of the RFI: those fields stay out of the audit trail.
DOCUMENT_FIELDS = [
    "created_at",
    "updated_at",
    "documents_state",
    "documents_error",
    "documents_built_at",
    "pdf",
    "docx",
    "csv",
]


class RfisConfig(AppConfig):
    name = "vendortrack.rfis"
    label = "rfis"
    verbose_name = "Requests for information"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from vendortrack.rfis.models import Rfi, RfiQuestion, RfiResponseLink

        # Tagged with vendor_id (get_additional_data), so RFI changes appear in the vendor's audit trail.
        auditlog.register(Rfi, exclude_fields=DOCUMENT_FIELDS)
        auditlog.register(RfiQuestion)
        auditlog.register(RfiResponseLink, exclude_fields=["token_hash"])
