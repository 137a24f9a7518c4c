"""The display tags the vendor list and page lean on for speed give the same text as Django's own formatting."""

import datetime

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from tests.factories import AIServiceFactory, VendorFactory
from vendortrack.vendors.forms import VendorFilterForm
from vendortrack.vendors.models import Vendor
from vendortrack.vendors.templatetags.display import day, filter_widget, vendor_rows


@pytest.mark.parametrize("value", [datetime.date(2025, 1, 3), datetime.date(2024, 12, 31), datetime.date(2026, 9, 1)])
def test_day_shows_a_date_as_the_date_filter_does(value):
    assert day(value) == date_filter(value, "M j, Y")
    assert day(value, "N j, Y") == date_filter(value, "N j, Y")


def test_day_shows_nothing_for_no_date():
    assert day(None) == ""


@pytest.mark.parametrize("query", ["", "status=approved", "risk_tier=high&blockers=on", "vendor_type=nonsense"])
def test_filter_widgets_match_djangos_rendering_for_each_value(query):
    form = VendorFilterForm(QueryDict(query))
    form.to_filters()
    for name in ("status", "risk_tier", "vendor_type", "stale", "blockers"):
        assert filter_widget(form[name]) == str(form[name])


def test_a_cached_filter_widget_still_follows_the_chosen_value():
    first = filter_widget(VendorFilterForm(QueryDict("status=approved"))["status"])
    second = filter_widget(VendorFilterForm(QueryDict("status=rejected"))["status"])

    assert '<option value="approved" selected>' in first
    assert '<option value="rejected" selected>' in second
    assert '<option value="approved" selected>' not in second


@pytest.mark.django_db
def test_vendor_rows_escape_names_and_summarise_services():
    vendor = VendorFactory(name="<b>Bold</b> & Co")
    for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"):
        AIServiceFactory(vendor=vendor, name=name)
    listed = Vendor.objects.select_related("owner").prefetch_related("services")

    html = vendor_rows(listed)

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
    assert "<b>Bold" not in html
    assert "Alpha, Beta, Delta +2" in html  # services in name order, the first three shown
    assert reverse("vendors:detail", kwargs={"public_id": vendor.public_id}) in html


@pytest.mark.django_db
def test_vendor_rows_date_the_update_as_the_template_did():
    vendor = VendorFactory(name="Dated")
    Vendor.objects.filter(pk=vendor.pk).update(updated_at=datetime.datetime(2025, 3, 4, 23, 30, tzinfo=datetime.UTC))
    vendor = Vendor.objects.select_related("owner").prefetch_related("services").get(pk=vendor.pk)
    expected = Template('<span title="{{ v.updated_at }}">{{ v.updated_at|date:"M j, Y" }}</span>').render(
        Context({"v": vendor})
    )

    html = vendor_rows([vendor])

    assert expected in html
    assert "No services yet" in html
