"""The vendor response link: answering one RFI without an account.

Guarantees (docs/rfi.md):
- The token is 32 random bytes (URL-safe base64) shown once; only its SHA-256 is stored, so the database cannot
  give a working link away.
- A link is bound to one RFI, expires (RFI_LINK_VALID_DAYS, default 30), can be revoked, and stops working when the
  RFI is closed. An unknown token and a refused one are told apart only by the message, never by what they show.
- Requests are rate-limited in the Django cache per token and per client address (RFI_LINK_RATE_LIMIT requests
  per RFI_LINK_RATE_WINDOW seconds, default 60 per 600 s).
- The form is CSRF-protected (Django's middleware) and carries a one-time nonce: a POST is accepted once, and a
  replayed POST is refused. A submission naming another RFI or its questions is refused whole.
- Every attachment is checked (attachments.py) before anything is written; answers are recorded as the vendor's,
  and nothing reaches the profile until procurement accepts it.
"""

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from vendortrack.rfis.attachments import AttachmentRefused, check_attachment
from vendortrack.rfis.errors import RfiError
from vendortrack.rfis.models import (
    AnsweredVia,
    QuestionState,
    Rfi,
    RfiQuestion,
    RfiResponseLink,
    RfiStatus,
    RfiSubmissionNonce,
)
from vendortrack.rfis.services import ANSWERABLE, answer_record, attachment_store

DEFAULT_VALID_DAYS = 30
DEFAULT_RATE_LIMIT = 60
DEFAULT_RATE_WINDOW = 600


class LinkRefused(Exception):
    """The link or the submission is refused; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_create(*, actor: AbstractBaseUser, rfi: Rfi, valid_days: int | None = None) -> tuple[RfiResponseLink, str]:
    """A new link for a sent RFI; returns it with the token, which is never stored and cannot be shown again."""
    if rfi.status not in ANSWERABLE:
        raise RfiError("A response link can be made once the RFI is sent, and until it is closed.")
    days = valid_days or getattr(settings, "RFI_LINK_VALID_DAYS", DEFAULT_VALID_DAYS)
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), set_actor(actor):
        link = RfiResponseLink.objects.create(
            rfi=rfi,
            token_hash=token_hash(token),
            created_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
    return link, token


def link_email(*, rfi: Rfi, url: str) -> None:
    """Send the link to the RFI's recipient (called on commit by the view that made it)."""
    if not rfi.recipient_email:
        return
    due = f" Please answer by {rfi.due_on:%B %-d, %Y}." if rfi.due_on else ""
    body = (
        f"{rfi.recipient_name or 'Hello'},\n\nPlease answer our request for information {rfi.reference} "
        f"({rfi.title}) at this link. No account is needed; the link works for this request only.{due}\n\n{url}\n"
    )
    send_mail(f"{rfi.reference}: {rfi.title}", body, None, [rfi.recipient_email])


def link_revoke(*, actor: AbstractBaseUser, link: RfiResponseLink) -> RfiResponseLink:
    if link.revoked_at is None:
        with transaction.atomic(), set_actor(actor):
            link.revoked_at = timezone.now()
            link.save()
    return link


def _within_limit(key: str) -> bool:
    limit = getattr(settings, "RFI_LINK_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    window = getattr(settings, "RFI_LINK_RATE_WINDOW", DEFAULT_RATE_WINDOW)
    bucket = f"rfi-link:{key}:{int(timezone.now().timestamp()) // window}"
    cache.add(bucket, 0, timeout=window)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the bucket expired between add and incr: this request opens a new one
        cache.set(bucket, 1, timeout=window)
        return True


def request_allowed(*, token: str, client_address: str) -> bool:
    """Count this request against the token and the client address; False once either is over its limit."""
    per_token = _within_limit(f"t:{token_hash(token)[:32]}")
    per_address = _within_limit(f"a:{client_address}")
    return per_token and per_address


def link_for_token(token: str) -> RfiResponseLink:
    """The usable link for `token`; LinkRefused (404 unknown, 410 expired, revoked or closed) otherwise."""
    link = RfiResponseLink.objects.select_related("rfi__vendor").filter(token_hash=token_hash(token)).first()
    if link is None:
        raise LinkRefused("This link is not valid. Ask your contact for a new one.", status=404)
    if link.revoked_at is not None or link.rfi.status == RfiStatus.CLOSED:
        raise LinkRefused("This link has been withdrawn. Ask your contact for a new one.", status=410)
    if link.expires_at <= timezone.now():
        raise LinkRefused("This link has expired. Ask your contact for a new one.", status=410)
    return link


def nonce_issue(link: RfiResponseLink) -> str:
    """A one-time value for one rendered form; only its hash is stored."""
    nonce = secrets.token_urlsafe(24)
    RfiSubmissionNonce.objects.create(link=link, nonce_hash=token_hash(nonce))
    return nonce


def _nonce_spend(link: RfiResponseLink, nonce: str) -> None:
    # One UPDATE that only succeeds on an unspent nonce of this link: two concurrent replays cannot both win.
    spent = RfiSubmissionNonce.objects.filter(link=link, nonce_hash=token_hash(nonce), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if spent != 1:
        raise LinkRefused("This form was already sent or is out of date. Reload the page and answer again.", status=409)


@dataclass(frozen=True)
class Submission:
    """What the vendor posted: the RFI it names, answers and files by question id."""

    rfi_public_id: str
    nonce: str
    answers: Mapping[int, str]
    files: Mapping[int, UploadedFile]


def _questions_for(link: RfiResponseLink, submission: Submission) -> dict[int, RfiQuestion]:
    if str(link.rfi.public_id) != submission.rfi_public_id:
        raise LinkRefused("This form belongs to another request for information.", status=400)
    questions = {question.pk: question for question in link.rfi.questions.all()}
    named = set(submission.answers) | set(submission.files)
    if not named <= set(questions):
        raise LinkRefused("This form names questions that are not part of this request.", status=400)
    return questions


def _checked_files(submission: Submission, questions: dict[int, RfiQuestion]) -> dict[int, tuple]:
    checked = {}
    for question_id, upload in submission.files.items():
        try:
            checked[question_id] = (upload, check_attachment(upload, name=upload.name, size=upload.size))
        except AttachmentRefused as error:
            raise LinkRefused(f"Q{questions[question_id].number}: {error}", status=400) from error
    return checked


def response_submit(*, link: RfiResponseLink, submission: Submission) -> int:
    """Record the vendor's answers and attachments, all or nothing; returns how many questions were answered."""
    if link.rfi.status not in ANSWERABLE:
        raise LinkRefused("This request is not open for answers.", status=410)
    questions = _questions_for(link, submission)
    checked = _checked_files(submission, questions)
    answered = 0
    with transaction.atomic():
        _nonce_spend(link, submission.nonce)
        for question_id, text in submission.answers.items():
            question = questions[question_id]
            if not text.strip() or question.state == QuestionState.ACCEPTED:
                continue
            answer_record(actor=None, question=question, answer=text, via=AnsweredVia.VENDOR_LINK)
            answered += 1
        for question_id, (upload, facts) in checked.items():
            attachment_store(
                question=questions[question_id], name=upload.name, checked=facts, via=AnsweredVia.VENDOR_LINK
            )
        RfiResponseLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return answered
