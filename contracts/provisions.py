"""The provision catalogue as the contracts pages read it: loaded once per process, looked up by id."""

from functools import cache

from clause_library.catalogue import Provision, load_catalogue


@cache
def provisions_by_id() -> dict[str, Provision]:
    return {entry.id: entry for entry in load_catalogue()}


def provision(provision_id: str) -> Provision | None:
    """The catalogue entry for `provision_id`, or None for an id the catalogue no longer has."""
    return provisions_by_id().get(provision_id)


def provision_title(provision_id: str) -> str:
    entry = provision(provision_id)
    return entry.title if entry else provision_id


def provision_severity(provision_id: str) -> str:
    # An id the catalogue dropped keeps a middling severity rather than blocking or vanishing from the queue.
    entry = provision(provision_id)
    return entry.severity if entry else "medium"


def catalogue_ids_for(agreement_type: str) -> tuple[str, ...]:
    """The provisions an agreement of this type is checked for, in catalogue order."""
    return load_catalogue().for_agreement_type(agreement_type).ids
