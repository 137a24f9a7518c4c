from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendortrack.vendors"
    label = "vendors"
    verbose_name = "Vendor profiles"

    def ready(self) -> None:
        from vendortrack.vendors.audit import register_audited_models
        from vendortrack.vendors.list_cache import stamp_vendor_list_writes

        register_audited_models()
        stamp_vendor_list_writes()
