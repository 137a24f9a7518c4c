"""factory_boy factories for agreements, document versions and clause findings."""

import hashlib

import factory
from django.core.files.base import ContentFile

from contracts.analysis import agreement_refresh_current_version
from contracts.models import (
    Agreement,
    AgreementType,
    AnalysisState,
    ClauseFinding,
    DocumentVersion,
    FindingStatus,
    Severity,
)
from contracts.queue_facts import agreement_refresh_queue_facts
from tests.factories import VendorFactory

SAMPLE_TEXT = "Business Associate shall not use or disclose PHI other than as permitted by this Agreement."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    vendor = factory.SubFactory(VendorFactory)
    agreement_type = AgreementType.BAA
    title = factory.Sequence(lambda n: f"Business Associate Agreement {n}")


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """An analysed text version; its file holds `content` and its sha256 matches it."""

    class Meta:
        model = DocumentVersion
        skip_postgeneration_save = True

    class Params:
        content = factory.Sequence(lambda n: f"{SAMPLE_TEXT} Version text {n}.".encode())

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    original_name = "agreement.txt"
    sha256 = factory.LazyAttribute(lambda version: hashlib.sha256(version.content).hexdigest())
    size = factory.LazyAttribute(lambda version: len(version.content))
    media_type = "text/plain"
    pages = 1
    extracted_text = factory.LazyAttribute(lambda version: version.content.decode())
    analysis_state = AnalysisState.DONE
    file = factory.LazyAttribute(lambda version: ContentFile(version.content, name="agreement.txt"))

    @factory.post_generation
    def current(version: DocumentVersion, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        # What the analysis does when it stores a version: the latest analysed one becomes current.
        if create:
            agreement_refresh_current_version(agreement_id=version.agreement_id)
            version.refresh_from_db(fields=["is_current"])


class ClauseFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClauseFinding
        skip_postgeneration_save = True

    version = factory.SubFactory(DocumentVersionFactory)
    provision_id = "breach_notification"
    status = FindingStatus.MISSING
    severity = Severity.CRITICAL
    confidence = 0.9
    evidence = factory.LazyFunction(list)
    parameters = factory.LazyFunction(dict)
    rule = "test.rule"

    @factory.post_generation
    def queue_facts(finding: ClauseFinding, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        # What the analysis does once it has stored a version's findings: their queue facts are refreshed.
        if create:
            agreement_refresh_queue_facts(agreement_id=finding.version.agreement_id)
            finding.refresh_from_db()
