"""PDF bytes written on the fly for upload tests: a readable one, an encrypted one, a damaged one."""

import io

from pypdf import PdfWriter


def readable_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="vendor-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_password_only_pdf(pages: int = 2) -> bytes:
    """Encrypted with permissions only: any viewer opens it without asking for a password."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    writer.encrypt(user_password="", owner_password="vendor-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def damaged_pdf() -> bytes:
    """Starts like a PDF, then is nothing but noise: a truncated download looks like this."""
    return b"%PDF-1.7\n" + b"\x00garbage" * 50
