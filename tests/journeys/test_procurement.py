"""Procurement's day: a new vendor with a service, endpoints and sub-processors, a SOC 2 report, and its RFI."""

import io
import re

import docx
import pypdfium2
import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.vendors.pdf_samples import readable_pdf
from vendortrack.accounts.roles import Role
from vendortrack.vendors.models import Vendor

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([paragraph.text for paragraph in document.paragraphs] + cells)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_procurement_adds_a_vendor_and_downloads_its_rfi(journey, background_work, tmp_path):
    user = UserFactory(username="procurement", roles=[Role.PROCUREMENT])
    page = journey.page
    journey.sign_in(user, check_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Vendors").click()
    journey.check_accessibility("vendor-list")
    page.get_by_role("link", name="Add vendor").click()
    journey.check_accessibility("vendor-form")
    page.get_by_label("Name").first.fill("Northwind Scribe")
    page.get_by_label("Website").fill("https://northwind-scribe.example")
    subprocessors = page.locator("#subprocessors")
    subprocessors.locator("input[name$='-0-name']").fill("Blue Harbor Cloud")
    subprocessors.locator("input[name$='-0-purpose']").fill("Hosting of the transcription service")
    subprocessors.locator("input[name$='-0-country']").fill("United States")
    subprocessors.locator("select[name$='-0-touches_phi']").select_option("yes")
    subprocessors.locator("input[name$='-0-first_seen']").fill("2025-02-01")
    journey.shot("new vendor with a sub-processor")
    page.get_by_role("button", name="Add vendor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Northwind Scribe"))
    vendor = Vendor.objects.get(name="Northwind Scribe")
    assert vendor.owner == user
    assert list(vendor.subprocessors.values_list("name", flat=True)) == ["Blue Harbor Cloud"]
    journey.check_accessibility("vendor-page")
    journey.shot("vendor page")

    page.get_by_role("link", name="+ Service").click()
    page.get_by_label("Name").first.fill("Ambient notes API")
    endpoints = page.locator("fieldset", has=page.get_by_text("Endpoints", exact=True))
    endpoints.locator("input[name$='-0-name']").fill("Transcribe")
    endpoints.locator("input[name$='-0-path_or_feature']").fill("/v1/transcribe")
    endpoints.locator("select[name$='-0-baa_covered']").select_option("unknown")
    journey.shot("new service with an endpoint")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_text("Ambient notes API").first).to_be_visible()
    service = vendor.services.get()
    assert list(service.endpoints.values_list("path_or_feature", flat=True)) == ["/v1/transcribe"]

    # A second endpoint on the same service: the form shows the saved one and a new blank row.
    page.get_by_role("link", name="Edit service").click()
    endpoints = page.locator("fieldset", has=page.get_by_text("Endpoints", exact=True))
    endpoints.locator("input[name$='-1-name']").fill("Summarise")
    endpoints.locator("input[name$='-1-path_or_feature']").fill("/v1/summaries")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_text("Ambient notes API").first).to_be_visible()
    assert service.endpoints.count() == 2

    page.get_by_role("link", name="Upload evidence").first.click()
    page.get_by_label("Kind").select_option("soc2_type2")
    page.get_by_label("Title").fill("SOC 2 Type II 2025")
    report = tmp_path / "soc2-2025.pdf"
    report.write_bytes(readable_pdf(pages=2))
    page.get_by_label("PDF file").set_input_files(str(report))
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2025-12-31")
    page.get_by_label("Auditor").fill("Example Assurance LLP")
    journey.shot("SOC 2 report")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("SOC 2 Type II 2025").first).to_be_visible()
    assert vendor.evidence.get().file_sha256
    journey.shot("vendor page with the report")

    page.get_by_role("link", name="RFIs", exact=True).last.click()
    page.get_by_role("button", name="Draft the RFI").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    journey.check_accessibility("rfi-page")
    rfi = vendor.rfis.get()
    question = _words(rfi.questions.order_by("number").first().text)
    page.get_by_role("button", name="Build documents").click()
    documents = page.locator("#rfi-documents")
    expect(documents.get_by_role("link", name="PDF")).to_be_visible(timeout=60_000)
    journey.shot("RFI documents ready")

    with page.expect_download() as pdf_download:
        documents.get_by_role("link", name="PDF").click()
    pdf = pdf_download.value
    pdf_bytes = open(pdf.path(), "rb").read()  # noqa: PTH123
    assert pdf.suggested_filename.endswith(".pdf")
    assert pdf_bytes.startswith(b"%PDF")
    assert question[:60] in _words(_pdf_text(pdf_bytes))

    with page.expect_download() as docx_download:
        documents.get_by_role("link", name="DOCX").click()
    assert question in _words(_docx_text(open(docx_download.value.path(), "rb").read()))  # noqa: PTH123
