"""Admin pages for agreements: terms and per-agreement reviewer grants (guardian); findings are read-only here.

Decisions and execution go through the services (validation, guard, audit trail), so the admin shows findings
and versions but does not edit them.
"""

from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from contracts.models import Agreement, ClauseFinding, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ("number", "original_name", "analysis_state", "failure_reason", "uploaded_at")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(GuardedModelAdmin):
    list_display = ("title", "vendor", "agreement_type", "status", "expiry_date")
    list_filter = ("agreement_type", "status")
    search_fields = ("title", "vendor__name")
    readonly_fields = ("public_id", "status", "executed_at", "executed_by")
    raw_id_fields = ("vendor",)
    filter_horizontal = ("covered_services",)
    inlines = [VersionInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "number", "analysis_state", "pages", "uploaded_at")
    list_filter = ("analysis_state",)
    search_fields = ("agreement__title", "sha256")


@admin.register(ClauseFinding)
class ClauseFindingAdmin(ReadOnlyAdmin):
    list_display = ("version", "provision_id", "status", "severity", "decision")
    list_filter = ("status", "severity", "decision")
    search_fields = ("provision_id", "version__agreement__title")
