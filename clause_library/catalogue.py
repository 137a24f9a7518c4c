"""The provision catalogue: reviewed YAML data, one file per provision, validated against a JSON Schema on load.

The catalogue is data, not code. Each `catalogue/<id>.yaml` describes one provision (what a compliant clause says,
why, how weak and contrary read, thresholds the engine reads, the RFI question and a fallback clause);
`catalogue/_order.yaml` fixes the order in which provisions are listed everywhere (exports, CLI, web app).
The ids in REQUIRED_IDS are stable identifiers used across the product and are never renamed.
"""

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jsonschema

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "catalogue.schema.json"
ORDER_FILE = "_order.yaml"
SCHEMA_VERSION = "1"

REQUIRED_IDS: tuple[str, ...] = (
    "permitted_uses_limited",
    "safeguards_encryption",
    "breach_notification",
    "subprocessor_disclosure",
    "access_amendment_accounting",
    "hhs_books_records",
    "return_or_destroy_phi",
    "termination_for_breach",
    "no_training_on_phi",
    "log_retention_limit",
    "log_deletion",
    "telemetry_disable",
    "data_residency",
    "change_notification_termination",
    "deidentification",
    "right_to_audit",
    "access_logging",
    "indemnification",
    "cyber_insurance",
    "liability_cap",
    "phi_permitted",
)

# Labels shown to people; the keys are the values stored in data and accepted by the CLI and the schema.
AGREEMENT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "baa": "Business Associate Agreement",
        "dpa": "Data Processing Addendum",
        "msa": "Master Services Agreement",
        "ai_addendum": "AI Addendum",
        "order_form": "Order Form",
        "tos": "Terms of Service",
    }
)
ANY_AGREEMENT_TYPE = "any"

RFI_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "agreement_terms": "Agreement terms",
        "training_and_data_use": "Training and data use",
        "retention_and_deletion": "Retention and deletion",
        "telemetry": "Telemetry and usage data",
        "security_evidence": "Security controls and evidence",
        "subprocessors": "Sub-processors",
        "endpoints_and_coverage": "Endpoints and BAA coverage",
        "incident_response": "Incident response and breach notification",
        "data_residency": "Data residency",
        "insurance": "Insurance",
    }
)

CATEGORIES: Mapping[str, str] = MappingProxyType(
    {"hipaa_required": "HIPAA-required BAA term", "ai_negotiated": "AI-specific or negotiated term"}
)
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")


# The C build of PyYAML's safe loader parses the catalogue about ten times faster than the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(Exception):
    """The catalogue data is invalid: the message names the file and the JSON path of the problem."""


@dataclass(frozen=True)
class RfiQuestion:
    """What procurement asks the vendor when the provision is missing or weak."""

    section: str
    question: str
    answer_format: str


@dataclass(frozen=True)
class Detection:
    """How the engine recognises the provision, written for legal; the rules themselves live in code."""

    summary: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Provision:
    """One reviewed catalogue entry. Read-only: mappings are proxies and lists are tuples."""

    id: str
    title: str
    category: str
    severity: str
    applies_to: tuple[str, ...]
    requirement: str
    rationale: str
    citations: tuple[str, ...]
    statuses: Mapping[str, str | None]
    weak_when: tuple[str, ...]
    contrary_when: tuple[str, ...]
    thresholds: Mapping[str, Any]
    detection: Detection
    parameters: tuple[str, ...]
    rfi: RfiQuestion
    fallback_clause: str
    negotiation_notes: str | None = None

    def applies_to_type(self, agreement_type: str) -> bool:
        """Whether an agreement of this type should contain the provision; "any" matches every provision."""
        if agreement_type == ANY_AGREEMENT_TYPE:
            return True
        _check_agreement_type(agreement_type)
        return agreement_type in self.applies_to

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping with the same keys as the YAML file."""
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "severity": self.severity,
            "applies_to": list(self.applies_to),
            "requirement": self.requirement,
            "rationale": self.rationale,
            "citations": list(self.citations),
            "statuses": dict(self.statuses),
            "weak_when": list(self.weak_when),
            "contrary_when": list(self.contrary_when),
            "thresholds": dict(self.thresholds),
            "detection": {"summary": self.detection.summary, "cues": list(self.detection.cues)},
            "parameters": list(self.parameters),
            "rfi": {
                "section": self.rfi.section,
                "question": self.rfi.question,
                "answer_format": self.rfi.answer_format,
            },
            "fallback_clause": self.fallback_clause,
            "negotiation_notes": self.negotiation_notes,
        }


@dataclass(frozen=True)
class Catalogue:
    """The provisions in catalogue order."""

    provisions: tuple[Provision, ...]

    def __iter__(self) -> Iterator[Provision]:
        return iter(self.provisions)

    def __len__(self) -> int:
        return len(self.provisions)

    def __contains__(self, provision_id: object) -> bool:
        return provision_id in self.ids

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(provision.id for provision in self.provisions)

    def get(self, provision_id: str) -> Provision:
        """The provision with this id; an unknown id is a programming error and raises CatalogueError."""
        for provision in self.provisions:
            if provision.id == provision_id:
                return provision
        raise CatalogueError(f"no provision with id {provision_id!r} in the catalogue")

    def for_agreement_type(self, agreement_type: str) -> "Catalogue":
        """The provisions an agreement of this type should contain, in catalogue order."""
        return Catalogue(tuple(p for p in self.provisions if p.applies_to_type(agreement_type)))

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "provisions": [p.to_dict() for p in self.provisions]}


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load and validate the catalogue; the packaged one is read once per process."""
    if directory is None:
        return _load_packaged()
    return _load_directory(Path(directory))


@lru_cache(maxsize=1)
def _load_packaged() -> Catalogue:
    return _load_directory(CATALOGUE_DIR)


@lru_cache(maxsize=1)
def _validator() -> "jsonschema.protocols.Validator":
    # Imported here: jsonschema is slow to import, and the constants above are read by code that never loads.
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _load_directory(directory: Path) -> Catalogue:
    order = _read_order(directory)
    files = {path.stem: path for path in sorted(directory.glob("*.yaml")) if path.name != ORDER_FILE}
    _check_order_matches_files(directory, order, files)
    provisions = tuple(_load_provision(files[provision_id]) for provision_id in order)
    missing = [provision_id for provision_id in REQUIRED_IDS if provision_id not in order]
    if missing:
        raise CatalogueError(f"{directory}: required provisions missing: {', '.join(missing)}")
    return Catalogue(provisions)


def _read_order(directory: Path) -> list[str]:
    path = directory / ORDER_FILE
    if not path.is_file():
        raise CatalogueError(f"{path}: the order file is missing")
    order = _read_yaml(path)
    if not isinstance(order, list) or not all(isinstance(item, str) for item in order):
        raise CatalogueError(f"{path} at $: expected a list of provision ids")
    duplicates = sorted({item for item in order if order.count(item) > 1})
    if duplicates:
        raise CatalogueError(f"{path} at $: duplicate provision ids: {', '.join(duplicates)}")
    return order


def _check_order_matches_files(directory: Path, order: list[str], files: Mapping[str, Path]) -> None:
    # Both directions matter: an unlisted file would silently vanish, a listed id without a file would crash later.
    unlisted = sorted(set(files) - set(order))
    if unlisted:
        raise CatalogueError(f"{directory / ORDER_FILE}: files not listed in the order: {', '.join(unlisted)}")
    absent = [provision_id for provision_id in order if provision_id not in files]
    if absent:
        raise CatalogueError(f"{directory / ORDER_FILE}: listed ids without a file: {', '.join(absent)}")


def _load_provision(path: Path) -> Provision:
    data = _read_yaml(path)
    errors = sorted(_validator().iter_errors(data), key=lambda error: (list(error.absolute_path), error.message))
    if errors:
        details = "; ".join(f"at {error.json_path}: {error.message}" for error in errors)
        raise CatalogueError(f"{path}: {details}")
    if data["id"] != path.stem:
        raise CatalogueError(f"{path} at $.id: id {data['id']!r} does not match the file name {path.stem!r}")
    return _provision_from_dict(data)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader  # nosec B506
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: not valid YAML: {error}") from error


def _provision_from_dict(data: Mapping[str, Any]) -> Provision:
    rfi = data["rfi"]
    return Provision(
        id=data["id"],
        title=data["title"],
        category=data["category"],
        severity=data["severity"],
        applies_to=tuple(data["applies_to"]),
        requirement=data["requirement"].strip(),
        rationale=data["rationale"].strip(),
        citations=tuple(data["citations"]),
        statuses=MappingProxyType({key: _strip(value) for key, value in data["statuses"].items()}),
        weak_when=tuple(data["weak_when"]),
        contrary_when=tuple(data["contrary_when"]),
        thresholds=MappingProxyType(dict(data["thresholds"])),
        detection=Detection(summary=data["detection"]["summary"].strip(), cues=tuple(data["detection"]["cues"])),
        parameters=tuple(data["parameters"]),
        rfi=RfiQuestion(section=rfi["section"], question=rfi["question"].strip(), answer_format=rfi["answer_format"]),
        fallback_clause=data["fallback_clause"].strip(),
        negotiation_notes=_strip(data.get("negotiation_notes")),
    )


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None


def _check_agreement_type(agreement_type: str) -> None:
    if agreement_type not in AGREEMENT_TYPES:
        known = ", ".join([*AGREEMENT_TYPES, ANY_AGREEMENT_TYPE])
        raise CatalogueError(f"unknown agreement type {agreement_type!r}; expected one of {known}")
