"""Rules for the customer's oversight of the vendor: notice of changes, audit rights and access logging."""

from collections.abc import Mapping
from typing import Any

from clause_library import parameters
from clause_library.rules.verdict import Hit, Verdict, decide, rx, verdict_from
from clause_library.rules.view import DocumentView, Unit

# --- change_notification_termination ----------------------------------------------------------------------------
_TERMS_OBJECT = (
    r"(?:terms|agreement|dpa|baa|addendum|polic(?:y|ies)|conditions|rules|practices|(?:these|this)\s+(?-i:[A-Z])\w+|"
    r"(?:these|this)\s+\w+\s+(?:terms|agreement))"
)
_UNILATERAL = rx(
    r"\b(?:may|can|reserves?\s+the\s+right\s+to|(?:has|have)\s+the\s+right\s+to|right\s+to)\s+(?:\w+\s+){0,2}"
    rf"(?:modify|amend|update|revise|change|replace|supplement)\w*\s+(?:\w+\s+){{0,5}}{_TERMS_OBJECT}|"
    rf"{_TERMS_OBJECT}\s+(?:\w+\s+){{0,2}}may\s+(?:be\s+)?(?:subject\s+to\s+change|(?:modified|amended|updated|revised|"
    r"changed))|\bsubject\s+to\s+(?:change|modification)|continued\s+(?:use|access)(?:[^.]|\.(?!\s)){0,100}?(?:constitute|deemed|"
    r"signif\w*|mean\w*|indicat\w*)\s+(?:\w+\s+){0,3}accept"
)
_UNILATERAL_STEMS = ("modif", "amend", "updat", "revis", "chang", "replac", "supplement", "subject", "continued")
_DEEMED_ACCEPTANCE = rx(
    r"continued\s+(?:use|access)(?:[^.]|\.(?!\s)){0,100}?(?:constitute|deemed|signif\w*|mean\w*|indicat\w*)"
)
_NOTICE_OF_CHANGE = rx(
    r"\b(?:notify|notice|inform|tell)\w*\b(?:[^.]|\.(?!\s)){0,100}?\b(?:changes?|modifications?|amendments?|updates?)\b|"
    r"\b(?:changes?|modifications?)\s+to\s+(?:these|this|the)\s+(?:terms|agreement|addendum|polic\w*)\s+(?:will\s+|shall\s+)?"
    r"(?:take|takes|become|becomes)\s+effect|\brevised\s+version\s+of\s+(?:these|this|the)\s+(?:terms|agreement)"
)
_NOTICE_OF_CHANGE_STEMS = ("notif", "notice", "inform", "tell", "chang", "modif", "revised")
_SUBPROCESSOR_ONLY = rx(r"sub-?\s?(?:processor|contractor)s?\b(?!(?:(?!\.\s).)*data\s+handling)")
# A change to prices, not to data handling; a refund of fees on exit does not make the clause about prices.
_PRICE_CHANGE = rx(
    r"\b(?:chang\w*|increas\w*|modif\w*|adjust\w*)\s+(?:\w+\s+){0,3}(?:fees?|pric\w*|billing|rates?|charges)\b|"
    r"\b(?:fees?|pric\w*|rates?|charges)\s+(?:\w+\s+){0,3}(?:chang|increas|adjust)\w*"
)
_NOT_UNILATERAL = rx(r"\bservices\s+are\s+subject|\b(?:the\s+)?parties\s+(?:may|shall|will|agree)|\bmutual")
_MUTUAL_AMENDMENT = rx(
    r"\b(?:no|any)\s+(?:amendment|modification|variation|change|waiver)s?\b(?:[^.]|\.(?!\s)){0,160}?\b(?:unless|except|(?:shall|will)"
    r"\s+not\s+be\s+(?:binding|effective|valid)|only)\b(?:[^.]|\.(?!\s)){0,100}?\b(?:writing|written|mutual|both\s+parties|signed)|"
    r"may\s+(?:not|only)\s+be\s+(?:amended|modified|changed)(?:[^.]|\.(?!\s)){0,100}?\b(?:writing|mutual|both|signed)|"
    r"\bno\s+change(?:[^.]|\.(?!\s)){0,80}?\b(?:until|unless)\s+(?:the\s+)?(?:customer|you|client|controller)\s+agrees"
)
_MUTUAL_AMENDMENT_STEMS = ("amend", "modif", "variation", "chang", "waiver")
_NOTICE = rx(
    r"\b(?:notif\w*|notice|inform\w*|announc\w*|post\w*|e-?mail\w*|communicat\w*|publish\w*|reject\w*|revised\s+version)\b"
)
_ADVANCE = rx(
    r"\b\d+\)?\s*days['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice|\bin\s+advance\b|\bprior\s+(?:written\s+)?notice|"
    r"before\s+(?:they|it|such\s+changes?|the\s+changes?|any\s+changes?)\s+(?:become|becomes|take|takes)\s+effect|"
    r"\bdays\s+before\b|\bbefore\s+(?:any|a|the)\s+(?:material\s+)?change"
)
_NO_NOTICE = rx(
    r"without\s+(?:prior\s+|any\s+|further\s+|advance\s+)?notice|without\s+(?:informing|notifying|telling)|effective\s+"
    r"immediately|effective\s+(?:upon|when|as\s+of)\s+(?:posting|publication)|"
    r"effective\s+on\s+the\s+(?:last\s+updated|date)"
)
_EXIT = rx(
    r"\b(?:you|customer|client|controller|covered\s+entity|either\s+party|both\s+you)\b(?:[^.;]|\.(?!\s)){0,60}?\b(?:may|can|shall\s+have"
    r"\s+the\s+right\s+to|(?:has|have)\s+the\s+right\s+to|is\s+entitled\s+to)\s+(?:\w+\s+){0,2}(?:terminat\w*|end\b|cancel)|"
    r"\bright\s+to\s+terminate\b"
)
_EXIT_STEMS = ("terminat", "end", "cancel")


def change_notification_termination(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    unilateral = [
        u
        for u in view.matching(_UNILATERAL, _UNILATERAL_STEMS)
        if not _NOT_UNILATERAL.search(u.text) or _DEEMED_ACCEPTANCE.search(u.text)
    ]
    unilateral += [
        u
        for u in view.matching(_NOTICE_OF_CHANGE, _NOTICE_OF_CHANGE_STEMS)
        if u not in unilateral and not _PRICE_CHANGE.search(u.text) and not _SUBPROCESSOR_ONLY.search(u.text)
    ]
    unilateral.sort(key=lambda u: u.index)
    mutual = list(view.matching(_MUTUAL_AMENDMENT, _MUTUAL_AMENDMENT_STEMS))
    exits = list(view.matching(_EXIT, _EXIT_STEMS))
    if unilateral:
        return _unilateral_change(view, unilateral, mutual, exits, float(thresholds["min_notice_days"]))
    if mutual:
        units = [*mutual, *exits[:1]]
        return Verdict(
            "present", 0.65, tuple(units[:3]), "change_notification_termination.present.written_amendment_only"
        )
    return decide("change_notification_termination", [])


def _unilateral_change(
    view: DocumentView, unilateral: list[Unit], mutual: list[Unit], exits: list[Unit], min_days: float
) -> Verdict:
    contexts = [(unit, " ".join([unit.text, *(u.text for u in view.following(unit, 2))])) for unit in unilateral]
    silent = [unit for unit, text in contexts if _NO_NOTICE.search(text)]
    if silent:
        hits = [
            Hit("contrary", u, "change_notification_termination.contrary.change_without_notice", 0.8) for u in silent
        ]
        return verdict_from("contrary", hits)
    noticed = [unit for unit, text in contexts if _NOTICE.search(text)]
    if not noticed:
        status = "weak" if mutual else "contrary"
        rule = "vague_change_clause" if mutual else "change_without_notice"
        hits = [Hit(status, u, f"change_notification_termination.{status}.{rule}", 0.65) for u in unilateral]
        return verdict_from(status, hits)
    advance = [unit for unit, text in contexts if _ADVANCE.search(text) and _long_enough(text, min_days)]
    if advance and exits:
        hits = [Hit("present", u, "change_notification_termination.present.notice_and_exit", 0.8) for u in advance]
        return _with_notice_days(view, verdict_from("present", [*hits, Hit("present", exits[0], hits[0].rule, 0.7)]))
    hits = [Hit("weak", u, "change_notification_termination.weak.notice_only", 0.7) for u in noticed]
    return _with_notice_days(view, verdict_from("weak", hits))


def _with_notice_days(view: DocumentView, verdict: Verdict) -> Verdict:
    stated = [d for unit in verdict.units for d in parameters.durations(unit.text)]
    if not stated:
        return verdict
    days = parameters.whole_days(max(stated, key=lambda d: d["days"]))
    return Verdict(verdict.status, verdict.confidence, verdict.units, verdict.rule, {"notice_days": days})


def _long_enough(text: str, min_days: float) -> bool:
    stated = [d["days"] for d in parameters.durations(text)]
    return not stated or max(stated) >= min_days


# --- right_to_audit ---------------------------------------------------------------------------------------------
_AUDIT = rx(
    r"\baudit\w*|\binspect\w*|\bon-?site\s+(?:visit|review|assessment)|\bsoc\s*(?:2|ii|1)\b|\battestation|\bquestionnaires?|"
    r"\b(?:third[\s-]party|independent|external)\s+(?:security\s+)?(?:assessments?|reviews?|penetration\s+tests?)"
)
_AUDIT_STEMS = (
    "audit",
    "inspect",
    "site",
    "onsite",
    "soc",
    "attestation",
    "questionnaire",
    "third",
    "independent",
    "external",
)
_CUSTOMER_AUDITS = rx(
    r"\b(?:may|can|shall\s+be\s+(?:entitled|permitted|allowed)\s+to|(?:is|are)\s+entitled\s+to|(?:has|have)\s+the\s+right\s+"
    r"to|right\s+to)\s+(?:\w+\s+){0,3}(?:audit|inspect|verify|conduct\s+(?:an?\s+)?(?:audit|inspection)|examine)|"
    r"\b(?:may|can)\s+(?:\w+\s+){0,6}(?:conduct|perform|carry\s+out)\s+(?:an?\s+)?(?:audit|inspection)|"
    # "may, on twenty days' notice and after any suspected breach, audit": a parenthetical between modal and verb.
    r"\b(?:may|can)\s*,[^.;]{1,160}?,\s*(?:audit|inspect|examine)\b|"
    r"\b(?:permit|allow|submit\s+to|make\s+available\s+for|cooperate\s+with|facilitate|contribute\s+to)\s+(?:\w+\s+){0,5}"
    r"(?:audit\w*|inspect\w*)|\baudit\s+rights?\b"
)
_REPORT_ONLY = rx(
    r"\bsoc\s*(?:2|ii|1)|\biso\s*/?\s*(?:iec\s*)?27\d{3}|\bcertificat\w*|\b(?:audit|attestation)\s+reports?|\bcopy\s+of\s+"
    r"(?:its\s+)?(?:then[\s-]current\s+)?(?:\w+\s+){0,2}report|\b(?:copy|summary)\s+of\s+(?:[\w'-]+\s+){0,6}?(?:assessments?|"
    r"reports?|certificat\w*)|\bquestionnaires?|\bsufficient\s+evidence|"
    r"to\s+the\s+extent\s+(?:necessary|required)\s+(?:according\s+to|by|under)\s+(?:applicable\s+)?(?:data\s+protection\s+)?"
    r"laws?|where\s+required\s+by\s+(?:applicable\s+)?law|only\s+(?:where|if|when)\s+(?:a\s+|the\s+)?(?:supervisory\s+authorit|"
    r"regulator|law|required)|reports?\s+of\s+(?:its\s+)?(?:independent\s+)?(?:third[\s-]party\s+)?auditors|deemed\s+to\s+satisfy"
)
_PROVIDE = rx(
    r"\b(?:provide|furnish|deliver|share|complete|respond|give|send|answer)\w*|\bmakes?\s+(?:[^.;]|\.(?!\s)){0,60}?available|"
    r"\brequest\w*\b(?:[^.;]|\.(?!\s)){0,60}?\b(?:copy|summary)\s+of"
)
_REGULATOR = rx(r"\b(?:secretary|hhs|health\s+and\s+human\s+services|supervisory\s+authorit|regulator|government)")


_CONDITIONAL_AUDIT = rx(
    r"\b(?:insufficient|not\s+sufficient|sufficient\s+evidence|not\s+(?:been\s+)?provided\s+sufficient)"
)


def right_to_audit(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_AUDIT, _AUDIT_STEMS):
        grant = _CUSTOMER_AUDITS.search(unit.text)
        if _REGULATOR.search(unit.text) and not rx(r"\b(?:customer|client|controller|covered\s+entity|you)\b").search(
            unit.text
        ):
            continue
        context = " ".join([unit.text, *(u.text for u in view.following(unit, 2))])
        if grant and not _vendor_audits_customer(view, unit, grant.start()):
            status = "weak" if _REPORT_ONLY.search(context) else "present"
            rule = "reports_or_conditional_audit" if status == "weak" else "customer_may_audit"
            hits.append(Hit(status, unit, f"right_to_audit.{status}.{rule}", 0.8))
        elif _REPORT_ONLY.search(unit.text) and _PROVIDE.search(unit.text):
            hits.append(Hit("weak", unit, "right_to_audit.weak.third_party_report_only", 0.7))
        if _CONDITIONAL_AUDIT.search(unit.text) and _REPORT_ONLY.search(context):
            # An audit only when the vendor's reports or certificates are found wanting is a report-only right.
            hits.append(Hit("conditional", unit, "right_to_audit.weak.audit_only_if_reports_insufficient", 0.75))
    if any(hit.status == "conditional" for hit in hits):
        hits = [Hit("weak", h.unit, h.rule, h.confidence) for h in hits if h.status == "conditional"]
    return decide("right_to_audit", hits, ("present", "weak"))


def _vendor_audits_customer(view: DocumentView, unit: Unit, position: int) -> bool:
    # "We may audit your use of the Services" is the vendor checking the customer: no right for the customer.
    actor = view.actor(unit, position)
    permission = rx(r"\b(?:may|can|right\s+to|entitled)\b").search(unit.text[position : position + 40])
    return actor == "vendor" and bool(permission)


# --- access_logging ---------------------------------------------------------------------------------------------
_LOGS = rx(
    r"\blog(?:s|ged|ging)?\b(?!\s*(?:in|on|into|out)\b)|\baudit\s+trails?|\baccess\s+records|\btrac(?:e|es|ing)\s+(?:all\s+)?"
    r"actions|\brecord\w*\s+(?:of\s+)?(?:all\s+|each\s+|every\s+)?(?:\w+\s+)?access"
)
_LOGS_STEMS = ("log", "audit", "access", "trac", "record")
_ACCESS_EVENTS = rx(
    r"\b(?:access\w*|security|user\s?ids?|usernames?|timestamps?|events?|activit\w*|actions|monitor\w*)\b"
)
_PROVIDE_LOGS = rx(
    r"\b(?:provide|make\s+available|furnish|deliver|give)\w*\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:logs?|records|audit\s+trails?)\b|"
    r"\b(?:logs?|records|audit\s+trails?)\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:available|provided|furnished)\s+to\s+(?:the\s+)?"
    r"(?:customer|client|controller|covered\s+entity|you)|\b(?:provide|make\s+available|furnish|deliver|give)\w*\s+(?:them|those\s+\w+|"
    r"such\s+\w+|it)\b"
)
# "does not write them to any log" promises the absence of content logs; abuse monitoring is content safety.
_NOT_LOGGED = rx(r"\b(?:not|never|no)\b(?:\s+[\w-]+){0,6}?\s+(?:any\s+)?logs?\b|\bnot\s+(?:be\s+)?logged")
_ABUSE_MONITORING = rx(r"\babuse\s+monitoring")
_SELF_SERVICE_LOGS = rx(r"\b(?:export|download|retrieve|view)\w*\s+(?:\w+\s+){0,2}(?:access|audit)\s+logs")


def access_logging(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    parameters_found: dict[str, Any] = {}
    for unit in view.matching(_LOGS, _LOGS_STEMS):
        log = _LOGS.search(unit.text)
        if _SELF_SERVICE_LOGS.search(unit.text):
            hits.append(Hit("present", unit, "access_logging.present.customer_exports_logs", 0.75))
            continue
        if not log or not _ACCESS_EVENTS.search(_ABUSE_MONITORING.sub(" ", unit.text)) or _NOT_LOGGED.search(unit.text):
            continue
        if view.subject(unit, log.start()) == "customer":
            continue
        deadline = [d["days"] for d in parameters.durations(unit.text)]
        if _PROVIDE_LOGS.search(unit.text) and deadline and min(deadline) <= float(thresholds["max_log_delivery_days"]):
            hits.append(Hit("present", unit, "access_logging.present.logs_provided_within_deadline", 0.8))
            delivery = min(parameters.durations(unit.text), key=lambda d: d["days"])
            parameters_found.setdefault("delivery_days", parameters.whole_days(delivery))
        else:
            hits.append(Hit("weak", unit, "access_logging.weak.logs_kept_no_customer_access_or_deadline", 0.65))
    return decide("access_logging", hits, ("present", "weak"), parameters_found)
