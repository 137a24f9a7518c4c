"""Admin pages for RFIs: read mostly; token hashes and nonces are never shown."""

from django.contrib import admin

from vendortrack.rfis.models import Rfi, RfiAttachment, RfiQuestion, RfiResponseLink


class QuestionInline(admin.TabularInline):
    model = RfiQuestion
    fields = ("number", "section", "text", "state", "target_model", "target_field")
    readonly_fields = ("number", "state", "target_model", "target_field")
    extra = 0


@admin.register(Rfi)
class RfiAdmin(admin.ModelAdmin):
    list_display = ("__str__", "vendor", "status", "sent_on", "due_on", "documents_state")
    list_filter = ("status", "documents_state")
    search_fields = ("title", "vendor__name")
    list_select_related = ("vendor",)
    readonly_fields = ("public_id", "number", "documents_state", "documents_built_at", "pdf", "docx", "csv")
    inlines = (QuestionInline,)


@admin.register(RfiAttachment)
class RfiAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "question", "media_type", "size", "uploaded_at")
    readonly_fields = ("sha256", "size", "media_type", "uploaded_via")


@admin.register(RfiResponseLink)
class RfiResponseLinkAdmin(admin.ModelAdmin):
    list_display = ("rfi", "created_by", "created_at", "expires_at", "revoked_at", "last_used_at")
    exclude = ("token_hash",)
    readonly_fields = ("rfi", "created_by", "expires_at", "last_used_at")
