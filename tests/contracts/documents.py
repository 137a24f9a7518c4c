"""Agreement documents the contracts tests upload: fixture files and short, clear-cut texts written here."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

AGREEMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "agreements"

# A BAA that clearly breaks the training prohibition, and one that clearly keeps it.
TRAINING_ALLOWED = (
    "1. Use of Data. Vendor may use Customer Data, including PHI, to train and improve its models and services.\n"
    "2. Breach. Vendor shall report any Breach of Unsecured PHI to Customer within five (5) business days.\n"
)
TRAINING_FORBIDDEN = (
    "1. Use of Data. Vendor shall not use PHI or Customer Data to train, fine-tune or improve any model.\n"
    "2. Breach. Vendor shall report any Breach of Unsecured PHI to Customer within five (5) business days.\n"
)


def fixture_bytes(name: str) -> bytes:
    return (AGREEMENTS / name).read_bytes()


def uploaded(data: bytes, name: str = "agreement.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def upload_args(data: bytes, name: str = "agreement.txt") -> dict:
    """The keyword arguments version_upload takes for a file with these bytes."""
    return {"file": io.BytesIO(data), "original_name": name, "size": len(data)}
