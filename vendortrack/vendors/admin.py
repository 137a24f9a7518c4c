"""Admin pages for vendor profiles, and the audit log made strictly read-only."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    Endpoint,
    FactSource,
    SecurityEvidence,
    SubProcessor,
    Vendor,
)


class ServiceInline(admin.TabularInline):
    model = AIService
    fields = ("name", "deployment_path", "baa_signed", "training_use", "telemetry")
    show_change_link = True
    extra = 0


class SubProcessorInline(admin.TabularInline):
    model = SubProcessor
    fields = ("name", "purpose", "country", "touches_phi", "baa_flow_down", "first_seen", "last_seen")
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = SecurityEvidence
    fields = ("kind", "title", "period_start", "period_end", "expires_on", "covers_until")
    show_change_link = True
    extra = 0


@admin.register(Vendor)
class VendorAdmin(GuardedModelAdmin):
    """GuardedModelAdmin adds the per-vendor "object permissions" page, where assignments are managed."""

    list_display = ("name", "vendor_type", "status", "risk_tier", "has_blockers", "soc2_state", "owner")
    list_filter = ("status", "vendor_type", "risk_tier", "has_blockers", "soc2_state", "has_stale_evidence")
    search_fields = ("name", "description")
    readonly_fields = (
        "public_id",
        "computed_risk_tier",
        "risk_tier",
        "has_blockers",
        "soc2_state",
        "has_stale_evidence",
        "derived_on",
    )
    list_select_related = ("owner",)
    inlines = (ServiceInline, SubProcessorInline, EvidenceInline)


class FactSourceInline(admin.TabularInline):
    model = FactSource
    fields = ("field", "source_kind", "reference", "confirmed_on", "confirmed_by")
    extra = 0


class EndpointInline(admin.TabularInline):
    model = Endpoint
    fields = ("name", "path_or_feature", "baa_covered", "zdr_eligible", "coverage_source_kind", "coverage_confirmed_on")
    extra = 0


@admin.register(AIService)
class AIServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "deployment_path", "baa_signed", "training_use", "telemetry")
    list_filter = ("deployment_path", "baa_signed", "training_use", "telemetry")
    search_fields = ("name", "vendor__name")
    list_select_related = ("vendor",)
    inlines = (FactSourceInline, EndpointInline)


@admin.register(FactSource)
class FactSourceAdmin(admin.ModelAdmin):
    list_display = ("service", "field", "source_kind", "reference", "confirmed_on")
    list_filter = ("field", "source_kind")
    search_fields = ("service__name", "service__vendor__name", "reference")
    list_select_related = ("service",)


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ("name", "service", "baa_covered", "zdr_eligible", "coverage_confirmed_on")
    list_filter = ("baa_covered", "zdr_eligible")
    search_fields = ("name", "path_or_feature", "service__name", "service__vendor__name")
    list_select_related = ("service",)


@admin.register(SubProcessor)
class SubProcessorAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "country", "touches_phi", "baa_flow_down", "first_seen", "last_seen")
    list_filter = ("touches_phi", "baa_flow_down", "country")
    search_fields = ("name", "vendor__name", "purpose")
    list_select_related = ("vendor",)


class CuecInline(admin.TabularInline):
    model = ComplementaryUserEntityControl
    fields = ("reference", "description", "owner", "status")
    extra = 0


@admin.register(SecurityEvidence)
class SecurityEvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "vendor", "kind", "period_end", "expires_on", "covers_until", "opinion")
    list_filter = ("kind", "opinion")
    search_fields = ("title", "vendor__name", "auditor")
    list_select_related = ("vendor",)
    readonly_fields = ("file_sha256",)
    filter_horizontal = ("covered_services",)
    inlines = (CuecInline,)


@admin.register(ComplementaryUserEntityControl)
class ComplementaryUserEntityControlAdmin(admin.ModelAdmin):
    list_display = ("reference", "evidence", "owner", "status")
    list_filter = ("status",)
    search_fields = ("reference", "description", "evidence__title", "evidence__vendor__name")
    list_select_related = ("evidence", "owner")


@admin.register(AIUseCase)
class AIUseCaseAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "service", "task_class", "touches_phi", "clinical_judgement", "status")
    list_filter = ("status", "task_class", "touches_phi", "clinical_judgement", "psychotherapy_notes", "part2_records")
    search_fields = ("name", "department", "vendor__name", "service__name")
    list_select_related = ("vendor", "service")
    filter_horizontal = ("endpoints",)


class AppendOnlyLogEntryAdmin(LogEntryAdmin):
    """auditlog's admin still lets a cascade delete through; the trail here is append-only without exception."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return False


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, AppendOnlyLogEntryAdmin)
