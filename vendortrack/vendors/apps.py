from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendortrack.vendors"
    label = "vendors"
    verbose_name = "Vendor profiles"
