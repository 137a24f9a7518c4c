"""Rules for the eight HIPAA-required BAA terms (45 CFR 164.504(e)), written for BAAs and DPAs alike."""

from collections.abc import Mapping
from typing import Any

from clause_library import parameters
from clause_library.rules.verdict import Hit, Verdict, decide, rx, with_parameters
from clause_library.rules.view import DocumentView, Unit
from clause_library.rules.vocabulary import CUSTOMER, CUSTOMER_DATA, NEGATION, PERMISSION

_DATA = rx(rf"\b{CUSTOMER_DATA}\b")
_FEEDBACK_ONLY = rx(r"\b(?:feedback|suggestions?|ideas|comments)\b")

# --- permitted_uses_limited -------------------------------------------------------------------------------------
_USE_VERB = rx(
    r"\b(?:use|uses|used|using|process|processes|processed|processing|disclos\w*|access(?:es|ed)?|handl\w*|shar(?:e|es|ed|ing)|"
    r"sell|sells|sold|licen[cs]e|make\s+available|minimum\s+necessary)\b"
)
_USE_VERB_STEMS = (
    "use",
    "using",
    "process",
    "disclos",
    "access",
    "handl",
    "shar",
    "sell",
    "sold",
    "licen",
    "make",
    "minimum",
)
_LIMITS = (
    rx(r"\b(?:only|solely|exclusively)\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:use|process|disclos|access|handl)\w*(?:[^.;]|\.(?!\s)){0,120}?"
       r"\b(?:for|to|as|in\s+accordance|on|upon|at|pursuant)\b"),
    rx(r"\b(?:use|process|disclos|access|handl)\w*\b(?:[^.;]|\.(?!\s)){0,140}?\b(?:only|solely|exclusively)\b(?:[^.;]|\.(?!\s)){0,40}?"
       r"\b(?:for|to|as|in\s+accordance|on|upon|at|pursuant|insofar|to\s+the\s+extent)\b"),
    rx(r"\bnot\s+(?:to\s+)?(?:\w+,?\s+){0,3}?(?:use|process|disclose)\w*(?:(?!train|improv|develop)[^.;]){0,120}?\b(?:other\s+than|"
       r"except|for\s+any\s+(?:other\s+)?purpose)"),
    rx(r"\bminimum\s+necessary\b"),
    rx(r"\b(?:neither|nor)\s+(?:access|use|process)\w*(?:[^.;]|\.(?!\s)){0,80}?\b(?:for\s+any\s+other\s+purpose|other\s+than)"),
    rx(r"\b(?:process|use)\w*\b(?:[^.;]|\.(?!\s)){0,100}?\b(?:on|in\s+accordance\s+with|pursuant\s+to|subject\s+to)\s+(?:the\s+)?"
       r"(?:\w+['’]?s?\s+)?(?:documented\s+|written\s+)?(?:lawful\s+)?instructions?"),
    rx(r"\bmay\s+(?:only\s+)?use\s+(?:or|and|and/or)\s+disclose\b(?:[^.]|\.(?!\s)){0,220}?\b(?:on\s+behalf\s+of|as\s+specified|to\s+perform"
       r"|to\s+provide|as\s+permitted)"),
    rx(r"\b(?:contains?|constitutes?)\s+(?:all|the\s+complete)\s+(?:documented\s+)?instructions"),
)  # fmt: skip
_BROAD_PURPOSE_CONTRARY = rx(
    r"\b(?:for\s+any\s+(?:reason|purpose)(?:\s+whatsoever)?|any\s+(?:lawful\s+)?(?:business\s+)?purpose|commerciali[sz]\w*|\bsell\b|resell|"
    r"marketing|advertis\w*|sales\s+and\s+marketing|product\s+development)"
)
_BROAD_PURPOSE_WEAK = rx(
    r"\b(?:(?:its|our|their)\s+(?:own\s+)?(?:internal\s+)?(?:legitimate\s+)?business\s+(?:purposes|operations|needs)|"
    r"(?:for|and|or|perform\w*|conduct\w*|internal|own|product|data)\s+analytics|analytics\s+(?:purposes|and)|"
    r"improv\w+\s+(?:\w+\s+){0,2}(?:services?|products?)|improvements?\s+to\s+the\s+services?|"
    r"(?:otherwise\s+)?permitted\s+by\s+(?:applicable\s+)?law|monitor\w*\s+your\s+use|research|benchmark\w*|"
    r"development\s+of\s+new|new\s+(?:products|offerings|features|services)|purposes\s+described\s+in\s+(?:our|its|the)\s+"
    r"privacy\s+(?:policy|notice))"
)
_LICENSE = rx(
    r"\b(?:you|customer|client|user|licensee|controller)s?\b(?:[^.;]|\.(?!\s)){0,40}?\b(?:hereby\s+)?(?:grants?|granting|give|gives)\b"
    r"(?:[^.;]|\.(?!\s)){0,220}?\b(?:licen[cs]e|right)s?\b(?:[^.;]|\.(?!\s)){0,40}?\bto\s+(?:\w+,?\s+){0,12}?(?:and\s+)?"
    r"(?:otherwise\s+)?(?:use|exploit)\b"
)
_BROAD_RIGHTS = rx(r"\b(?:publish\w*|publicly|distribut\w*|irrevocabl\w*|perpetual)\b")
_OWN_USE_PURPOSE = rx(r"\b(?:promot(?:e|es|ing|ion)|marketing|advertis\w*|commerciali[sz]\w*)\b")
_PURPOSE_BOUND = rx(
    r"\b(?:for\s+the\s+(?:sole\s+)?purposes?\s+of\s+(?:operating|providing|obtaining|performing)|to\s+the\s+extent\s+"
    r"necessary|solely\s+(?:to|for)|only\s+(?:to|for)|as\s+necessary\s+to\s+provide|in\s+order\s+to\s+provide)"
)


_DERIVED_ONLY = rx(r"\b(?:anonymi[sz]\w*|de-?identif\w*|aggregat\w*)\b(?!\s+liabilit)")
_TO_OTHERS = rx(r"\b(?:sell|sold|licen[cs]e|third\s+parties|partners)\b")
_USAGE_DATA = rx(
    r"\b(?:usage\s+data|telemetry|usage\s+analytics|analytics|crash\s+reports|diagnostic\s+data|metadata)\b"
)
_USAGE = rx(r"\bmonitor\w*\s+(?:your|customer['’]?s?|the)\s+use\b")


def permitted_uses_limited(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_USE_VERB, _USE_VERB_STEMS):
        if not (_DATA.search(_USAGE_DATA.sub(" ", unit.text)) or _USAGE.search(unit.text)):
            continue
        if _DERIVED_ONLY.search(unit.text) and not _TO_OTHERS.search(unit.text):
            continue  # use of de-identified or aggregated data is the de-identification provision's question
        hit = _use_hit(unit)
        if hit and view.actor(unit, hit[1]) != "customer":
            hits.append(hit[0])
    return decide("permitted_uses_limited", hits)


def _use_hit(unit: Unit) -> tuple[Hit, int] | None:
    """The unit's strongest reading for permitted uses, with the position of the words that decided it."""
    text = unit.text
    license_match = _LICENSE.search(text)
    if license_match and not _feedback_only(text):
        at = license_match.start()
        if _BROAD_RIGHTS.search(text) or _OWN_USE_PURPOSE.search(text):
            if _PURPOSE_BOUND.search(text) and not _OWN_USE_PURPOSE.search(text):
                return Hit("weak", unit, "permitted_uses_limited.weak.broad_license_for_service", 0.7), at
            return Hit("contrary", unit, "permitted_uses_limited.contrary.unrestricted_license", 0.8), at
        if _PURPOSE_BOUND.search(text):
            return Hit("present", unit, "permitted_uses_limited.present.license_for_service", 0.6), at
    permission = rx(PERMISSION).search(text)
    if (
        permission
        and not rx(NEGATION).search(text)
        and _BROAD_PURPOSE_CONTRARY.search(text)
        and not _feedback_only(text)
    ):
        return Hit("contrary", unit, "permitted_uses_limited.contrary.own_purposes", 0.8), permission.start()
    weak = _BROAD_PURPOSE_WEAK.search(text)
    if weak and not rx(NEGATION).search(text[: weak.start()]):
        return Hit("weak", unit, "permitted_uses_limited.weak.extra_purposes", 0.7), _verb_position(text, weak.start())
    for pattern in _LIMITS:
        limit = pattern.search(text)
        if limit:
            return Hit("present", unit, "permitted_uses_limited.present.use_limited_to_purpose", 0.85), limit.start()
    return None


def _verb_position(text: str, fallback: int) -> int:
    verb = _USE_VERB.search(text)
    return verb.start() if verb else fallback


def _feedback_only(text: str) -> bool:
    # Licences to feedback and suggestions are not licences to the customer's data.
    return bool(_FEEDBACK_ONLY.search(text)) and not rx(r"\b(?:content|data|inputs?|phi|information)\b").search(text)


def _customer_acts(view: DocumentView, unit: Unit, verb: Any) -> bool:
    match = verb.search(unit.text)
    return bool(match) and view.actor(unit, match.start()) == "customer"


# --- safeguards_encryption --------------------------------------------------------------------------------------
_SAFEGUARD_SPECIFIC = rx(
    r"(?:administrative|physical|technical)(?:,?\s+(?:and\s+)?(?:administrative|physical|technical|organi[sz]ational)){1,2}\s+"
    r"(?:safeguards|measures|controls)|"
    r"technical,?\s+(?:physical|administrative|and\s+organi[sz]ational)|subpart\s+c\b|security\s+rule|"
    r"164\.3(?:0\d|1\d)|\w*crypt\w*|aes[\s-]?\d{3}|tls\s*v?\d|\bssl\b|technical\s+and\s+organi[sz]ational\s+"
    r"(?:security\s+)?measures|art(?:icle|\.)\s*32|physical\s+(?:security|access)|data\s+in\s+transit|at\s+rest|"
    r"access\s+controls?|multi-?factor|firewalls?|intrusion\s+detection"
)
_SAFEGUARD_GENERIC = rx(
    r"\b(?:reasonable|appropriate|industry[\s-]standard|commercially\s+reasonable|adequate)\s+(?:\w+\s+){0,3}"
    r"(?:security|safeguards|measures|precautions|steps|program)|\bsecurity\s+program|\bindustry\s+standards?|"
    r"security\s+of\s+(?:your|the|its)\s+(?:information|data)|measures\s+described"
)
_SECURITY_CONTEXT = rx(
    r"\b(?:secur\w*|protect\w*|safeguard\w*|confidentiality|integrity|unauthori[sz]ed|\w*crypt\w*|aes|tls|subpart|"
    r"firewalls?|multi-?factor|penetration)\b"
)
_SECURITY_CONTEXT_STEMS = (
    "secur", "protect", "safeguard", "confidential", "integrity", "unauthori", "encrypt", "crypt", "aes", "tls",
    "subpart", "firewall", "multi", "penetration",
)  # fmt: skip


def safeguards_encryption(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_SECURITY_CONTEXT, _SECURITY_CONTEXT_STEMS):
        specific = _SAFEGUARD_SPECIFIC.search(unit.text)
        generic = _SAFEGUARD_GENERIC.search(unit.text)
        match = specific or generic
        if not match or view.actor(unit, match.start()) == "customer":
            continue
        if not specific and rx(r"\btransfer\w*").search(unit.text):
            continue  # "transfers subject to appropriate safeguards" is about where data goes
        if specific:
            hits.append(Hit("present", unit, "safeguards_encryption.present.specific_safeguards", 0.85))
        else:
            hits.append(Hit("weak", unit, "safeguards_encryption.weak.reasonable_measures_only", 0.7))
    return decide("safeguards_encryption", hits, ("present", "weak"))


# --- breach_notification ----------------------------------------------------------------------------------------
_NOTIFY = rx(r"\b(?:notif\w*|report\w*|inform(?!ation)\w*|notice|alert\w*|tell|advise|warn)\b")
_INCIDENT = rx(
    r"(?:data|security|personal\s+data|privacy)\s+breach|(?-i:\bBreach(?:es)?\b)(?!\s+of\s+(?:this|the)\s+agreement)|"
    r"breach\w*\s+of\s+(?:unsecured|the\s+security|security|\w+\s+data|phi|protected)|security\s+incidents?|"
    r"\bincidents?\b|unauthori[sz]ed\s+(?:access|use|disclosure|acquisition|processing|person|part(?:y|ies)|individual)|"
    r"unsecured\s+(?:phi|protected\s+health)|(?:notify|inform|report|tell)\w*(?:[^.]|\.(?!\s)){0,40}?\bof\s+(?:a|any)\s+breach\b|"
    r"(?:use|disclosure)\s+(?:of\s+\w+\s+)?not\s+(?:provided\s+for|permitted)|164\.4(?:0\d|10)|compromise"
)
_INCIDENT_STEMS = ("breach", "incident", "unauthori", "164", "compromis", "provided", "permitted", "unsecured")
_NO_NOTICE = rx(
    r"(?:no|not\s+(?:be\s+)?(?:obligated|required|responsible))\s+(?:obligation\s+)?to,?\s+(?:notify|report|inform)|"
    r"(?:notify|notice|report)(?:[^.]|\.(?!\s)){0,80}?(?:sole|absolute)\s+discretion|"
    r"(?:will|shall|need)\s+not\s+(?:notify|report|inform)"
)
_TIMING_FOLLOW_UP = rx(
    r"\b(?:notif\w*|report\w*|notice)\b(?:[^.]|\.(?!\s)){0,80}?\b(?:within|no\s+later|days|hours|promptly)\b"
)


def breach_notification(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    max_days = float(thresholds["max_notice_days"])
    hits: list[Hit] = []
    timing: dict[str, Any] = {}
    for unit in view.matching(_INCIDENT, _INCIDENT_STEMS):
        notify = _NOTIFY.search(unit.text)
        header = view.header(unit)
        header_notify = _NOTIFY.search(header.text) if header is not None and notify is None else None
        if header is not None and header_notify is not None:
            if view.actor(header, header_notify.start()) == "customer":
                continue
        elif not notify or view.actor(unit, notify.start()) == "customer":
            continue
        if rx(r"\bcure[ds]?\b|material(?:ly)?\s+breach").search(unit.text):
            continue  # a breach of contract and its cure period, not a data breach
        if _NO_NOTICE.search(unit.text):
            hits.append(Hit("contrary", unit, "breach_notification.contrary.no_duty_to_notify", 0.8))
            continue
        status, rule, found = _notice_timing(view, unit, max_days)
        timing = timing or found
        hits.append(Hit(status, unit, f"breach_notification.{status}.{rule}", 0.85 if found else 0.6))
    verdict = decide("breach_notification", hits, ("present", "weak", "contrary"))
    return with_parameters(verdict, timing)


# Notice of confirmed breaches only leaves suspected breaches and security incidents unreported: a carve-out, which
# the table reads as weak even with "without undue delay".
_CONFIRMED_ONLY = rx(
    r"\b(?:confirmed|verified)\s+(?:\w+\s+){0,3}(?:breach|incident)|\b(?:breach|incident)\w*\s+(?:that\s+)?(?:is|are|has\s+been|"
    r"have\s+been)\s+(?:confirmed|verified)|\bonce\s+(?:\w+\s+){0,3}(?:confirm|verif)\w*"
)


def _notice_timing(view: DocumentView, unit: Unit, max_days: float) -> tuple[str, str, dict[str, Any]]:
    texts = [unit.text] + [u.text for u in view.following(unit, 4, span=3) if _TIMING_FOLLOW_UP.search(u.text)]
    durations = [d for text in texts for d in parameters.durations(text)]
    vague = next((v for v in (parameters.vague_timing(t) for t in texts) if v), None)
    if durations:
        first = durations[0]  # the deadline stated first, next to the duty to notify
        status = "present" if first["days"] <= max_days else "weak"
        found = {"notice": first, "notice_days": parameters.whole_days(first)}
        return status, "deadline_within_threshold" if status == "present" else "deadline_too_long", found
    if vague:
        if _CONFIRMED_ONLY.search(unit.text):
            return "weak", "only_confirmed_breaches", {"notice": {"text": vague}}
        return "present", "without_delay", {"notice": {"text": vague}}
    if rx(r"164\.410").search(" ".join(texts)):
        return "present", "as_required_by_164_410", {"notice": {"text": "as required by 45 CFR 164.410"}}
    return "weak", "no_deadline", {}


# --- subprocessor_disclosure ------------------------------------------------------------------------------------
_SUBS = rx(
    r"\bsub-?\s?processors?\b|\bsub-?\s?contractors?\b|\bsubcontract\w*|\bthird[\s-]part(?:y|ies)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:providers?|vendors?|suppliers?)|\b(?:hosting|cloud|infrastructure)\s+(?:service\s+)?providers?|\bservice\s+providers?\b|\bsubprocessing\b|\bvendors\s+who\b|\b(?:affiliates\s+and\s+)?contractors\b"
)
_SUBS_STEMS = ("sub", "provider", "third", "vendors", "contractor")
_FLOW_DOWN = rx(
    r"same\s+(?:restrictions|conditions|terms|obligations|requirements)|(?:at\s+least|no\s+less)\s+as\s+(?:stringent|"
    r"protective|restrictive|strict)|no\s+less\s+(?:onerous|protective|stringent|"
    r"restrictive)|at\s+least\s+(?:the\s+)?(?:same|equivalent|as\s+protective|the\s+level)|(?:substantially\s+)?"
    r"(?:similar|equivalent)\s+(?:data\s+protection\s+)?(?:obligations|terms|restrictions|protections)|consistent\s+"
    r"with\s+(?:the\s+)?(?:requirements|obligations|terms)\s+of\s+this|fulfils?\s+\w+['’]?s?\s+(?:duties|obligations)|"
    r"able\s+to\s+meet\s+the\s+obligations|bound\s+by\s+(?:written\s+)?(?:agreements?|terms|obligations|contracts?)\s+(?:that|"
    r"which)\s+(?:require|impose)|bound\s+by\s+(?:the\s+)?(?:terms|obligations)\s+of\s+this|identical|"
    r"bind\w*\s+(?:it|them|each|such)\b(?:[^.]|\.(?!\s)){0,40}?(?:writing|terms|restrictions)|binding\s+(?:them|it|each)\s+to|"
    r"(?:written\s+)?(?:agreement|contract)\s+(?:with\s+(?:each|its|any)\s+\w+\s+)?(?:which|that)\s+(?:imposes?|requires?"
    r"|contains?)|flow(?:s|ed)?[\s-]down"
)
_SUB_LIST = rx(
    r"(?:list|names?)\s+of\s+(?:all\s+)?(?:its\s+|our\s+|the\s+)?(?:current\s+)?(?:authori[sz]ed\s+)?sub|"
    r"\blists\s+(?:all\s+)?(?:the\s+|its\s+)?(?:current\s+)?(?:authori[sz]ed\s+)?sub|"
    r"(?:notice|notify|notif\w+|inform)\w*(?:[^.]|\.(?!\s)){0,100}?(?:new|additional|replacement|change|addition)|"
    r"(?:new|additional|replacement|further)\s+(?:or\s+replacement\s+)?sub-?\s?(?:processor|contractor)s?(?:[^.]|\.(?!\s)){0,120}?"
    r"(?:notice|notify|inform|object)|engages?\s+the\s+following|set\s+forth\s+(?:on|in)\s+(?:schedule|annex|exhibit|"
    r"appendix)|(?:listed|identified)\s+(?:in|on|at)\b|annex\s+\w+\s*(?:\(|of)"
)
_SUB_WEAK = rx(
    r"\b(?:may|can|will|shall)\s+(?:\w+\s+){0,2}(?:use|engage|appoint|subcontract|retain|rely\s+on|disclose|share|delegate)|"
    r"(?:remain|be|stay|is|are)s?\s+(?:fully\s+)?(?:responsible|liable)|other\s+than\s+(?:our|its)\s+personnel|"
    r"\b(?:uses|engages|relies\s+on)\b"
)


def subprocessor_disclosure(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_SUBS, _SUBS_STEMS):
        if rx(r"\bas\s+a\s+service\s+provider|indemnif|harmless").search(unit.text):
            continue
        if _FLOW_DOWN.search(unit.text):
            hits.append(Hit("present", unit, "subprocessor_disclosure.present.same_terms_flow_down", 0.85))
        elif _SUB_LIST.search(unit.text):
            hits.append(Hit("present", unit, "subprocessor_disclosure.present.list_and_notice", 0.8))
        elif _SUB_WEAK.search(unit.text):
            hits.append(Hit("weak", unit, "subprocessor_disclosure.weak.may_use_without_flow_down", 0.6))
    return decide("subprocessor_disclosure", hits, ("present", "weak"))


# --- access_amendment_accounting --------------------------------------------------------------------------------
_RIGHTS = {
    "access": rx(
        r"164\.524|designated\s+record\s+set|(?:provide|make\s+available|afford)\s+(?:\w+\s+){0,3}access\b(?:[^.]|\.(?!\s)){0,120}?"
        r"(?:individual|phi|protected\s+health)|(?:inspect|obtain)\s+(?:and\s+\w+\s+)?(?:a\s+)?cop(?:y|ies)\s+of\s+(?:their|"
        r"the|his|her)\s+(?:phi|protected|records?)|right\s+of\s+access"
    ),
    "amendment": rx(
        r"164\.526|\bamend(?:s|ed|ing|ment)?\b(?:[^.]|\.(?!\s)){0,60}?(?:phi|protected\s+health|\bit\b|records?)"
    ),
    "accounting": rx(r"164\.528|account(?:ing)?\s+(?:for|of)\s+(?:the\s+|its\s+)?disclosures"),
}
_RIGHTS_STEMS = {
    "access": ("164", "designated", "access", "inspect", "obtain"),
    "amendment": ("164", "amend"),
    "accounting": ("164", "account"),
}
_CUSTOMER_LEADS = rx(
    r"^\W*(?:\(?\w{1,4}[.)]\s*)?(?:the\s+)?(?:covered\s+entity|customer|client|controller|you)\s+(?:shall|will|must|may|agrees?)"
)
_DSR = rx(
    r"data\s+subjects?(?:['’]s?)?\s*(?:access\s+)?(?:rights?|requests?)|requests?\s+(?:from|by|made\s+by|received\s+from)\s+"
    r"(?:data\s+subjects|individuals|consumers|(?:end\s+)?users)|rights\s+requests|requests?\b(?:[^.]|\.(?!\s)){0,40}?\bfrom\s+(?:a|an|any)?\s*"
    r"(?:data\s+subjects?|individuals?|consumers?|end\s+users?)|(?:exercise|exercising)\s+(?:of\s+)?(?:their|such|privacy|data\s+"
    r"subject)(?:[^.]|\.(?!\s)){0,30}?rights|requests?\s+for\s+the\s+exercise|rights\s+of\s+(?:the\s+)?data\s+subjects?|chapter\s+iii|"
    r"individuals['’]?\s+rights|consumer\s+requests?"
)
_DSR_STEMS = ("subject", "request", "exercis", "chapter", "individual", "consumer", "rights")
_ASSIST = rx(
    r"\b(?:assist\w*|cooperat\w*|respond\w*|support\w*|tools?|help\w*|enable\w*|facilitat\w*|fulfil\w*|answer\w*)"
)
_ASSIST_WEAK = rx(
    r"(?:commercially\s+)?reasonabl[ey]\s+(?:assistance|cooperation|efforts|support|request)|commercially\s+reasonable|"
    r"to\s+the\s+extent\s+required\s+by\s+(?:applicable\s+)?law"
)


def access_amendment_accounting(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    rights: dict[str, Unit] = {}
    for name, pattern in _RIGHTS.items():
        for unit in view.matching(pattern, _RIGHTS_STEMS[name]):
            if not _CUSTOMER_LEADS.match(unit.text):
                rights.setdefault(name, unit)
                break
    dsr_hits = [hit for unit in view.matching(_DSR, _DSR_STEMS) for hit in _dsr_hits(view, unit)]
    if len(rights) == 3:
        return Verdict("present", 0.9, tuple(rights.values()), "access_amendment_accounting.present.all_three_rights",
                       {"rights": sorted(rights)})  # fmt: skip
    if any(hit.status == "present" for hit in dsr_hits):
        return decide("access_amendment_accounting", dsr_hits, ("present",))
    if rights:
        return Verdict("weak", 0.75, tuple(rights.values()), "access_amendment_accounting.weak.some_rights_only",
                       {"rights": sorted(rights)})  # fmt: skip
    return decide("access_amendment_accounting", dsr_hits, ("weak",))


def _dsr_hits(view: DocumentView, unit: Unit) -> list[Hit]:
    assist = _ASSIST.search(unit.text)
    if assist is None:
        return []
    if view.actor(unit, assist.start()) == "customer":
        # The customer answers requests itself; the vendor's promise of help, if any, follows.
        support = [u for u in view.following(unit, 2) if _ASSIST.search(u.text) or rx(r"\bcooperat").search(u.text)]
        return [
            Hit("weak", u, "access_amendment_accounting.weak.customer_responds_vendor_supports", 0.55) for u in support
        ]
    if _ASSIST_WEAK.search(unit.text):
        return [Hit("weak", unit, "access_amendment_accounting.weak.reasonable_assistance_only", 0.7)]
    return [Hit("present", unit, "access_amendment_accounting.present.data_subject_requests", 0.8)]


# --- hhs_books_records ------------------------------------------------------------------------------------------
_HHS = rx(
    r"(?:books|records|internal\s+practices)(?:[^.]|\.(?!\s)){0,220}?(?:secretary|\bhhs\b|health\s+and\s+human\s+services)|"
    r"(?:secretary|\bhhs\b)(?:[^.]|\.(?!\s)){0,160}?(?:books|records|internal\s+practices)"
)
_HHS_STEMS = ("secretary", "hhs", "health", "human")


def hhs_books_records(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits = [
        Hit("present", unit, "hhs_books_records.present.available_to_secretary", 0.9)
        for unit in view.matching(_HHS, _HHS_STEMS)
        if not _customer_acts(view, unit, _HHS)
    ]
    return decide("hhs_books_records", hits, ("present",))


# --- return_or_destroy_phi --------------------------------------------------------------------------------------
_DISPOSE = rx(r"\b(?:return\w*|destroy\w*|destruction|delet\w*|purg\w*|eras\w*|dispos\w*|give\s+back)\b")
_DISPOSE_STEMS = ("return", "destr", "delet", "purg", "eras", "dispos", "give")
_END = rx(
    r"\b(?:terminat\w*|expir\w*|expiry|cessation|end\s+of\s+(?:the\s+)?(?:term|agreement|services?|contract)|"
    r"clos(?:e|ing|ure\s+of)\s+(?:your|the|its)\s+account|account\s+(?:is\s+)?(?:closed|deleted|terminated)|non-renewal|"
    r"(?:agreement|term|contract|services?|relationship|subscription)\s+(?:ends|end|expires)\b)"
)
_DISPOSE_WEAK = rx(
    r"(?:retain\w*|keep|kept|except|other\s+than|excluding|remain\w*|from\s+our)\b(?:[^.]|\.(?!\s)){0,80}?back-?\s?ups?|back-?\s?ups?"
    r"(?:[^.]|\.(?!\s)){0,80}?(?:retain\w*|kept|remain\w*|persist\w*|cannot)|archiv\w*|commercially\s+reasonable|reasonabl[ey]\s+practicable|to\s+the\s+extent\s+(?:reasonably\s+)?"
    r"(?:practicable|feasible|possible)|in\s+accordance\s+with\s+(?:its|our)\s+(?:data\s+)?retention|\bmay\s+(?:retain|keep)"
    r"|may\s+(?:be\s+)?delet\w*|may\s+involve\s+(?:the\s+)?delet\w*|no\s+obligation\s+to\s+(?:store|maintain|retain|"
    r"provide)|reasonable\s+time|business\s+(?:needs|purposes)|live\s+databases|except(?:[^.]|\.(?!\s)){0,80}?(?:keep|retain)"
)
_DISPOSED_DATA = rx(rf"\b(?:{CUSTOMER_DATA}|information|files?)\b")
_INFEASIBLE = rx(
    r"infeasible(?:[^.]|\.(?!\s)){0,160}?extend\w*\s+(?:the\s+)?protections|extend\w*\s+(?:the\s+)?protections(?:[^.]|\.(?!\s)){0,160}?infeasib"
)
_VENDOR_MATERIAL = rx(r"\b(?:software|documentation|our\s+confidential|materials\s+provided\s+by)")
_KEEP_AFTER = rx(
    r"(?:may|will|shall\s+be\s+entitled\s+to)\s+(?:retain|keep|continue\s+to\s+use)(?:[^.]|\.(?!\s)){0,100}?(?:after|following|beyond|"
    r"notwithstanding)\s+(?:the\s+)?(?:termination|expiration)|(?:licen[cs]e|rights?)(?:[^.]|\.(?!\s)){0,60}?surviv\w*\s+(?:any\s+)?"
    r"(?:termination|expiration)|(?:after|following|upon)\s+(?:the\s+)?(?:termination|expiration)(?:[^.]|\.(?!\s)){0,80}?"
    r"(?:may|will|is\s+entitled\s+to)\s+(?:retain|keep)\b(?:[^.]|\.(?!\s)){0,80}?(?:and\s+(?:continue\s+to\s+)?use|for\s+(?:its|our)\s+"
    r"(?:own\s+)?(?:business\s+)?purposes|for\s+any\s+purpose|indefinitely)|not\s+affect(?:[^.]|\.(?!\s)){0,60}?right\s+to\s+(?:retain|keep|use)|"
    r"(?:terminat\w*|closed|expir\w*)(?:[^.]|\.(?!\s)){0,100}?(?:may|will)\s+continue\s+to\s+(?:\w+\s+and\s+)?(?:use|keep|retain)|"
    r"no\s+obligation\s+to\s+(?:return|delete|destroy)"
)
_KEEP_AFTER_STEMS = ("retain", "keep", "continue", "surviv", "affect", "obligation")
_PERPETUAL_LICENSE = rx(
    r"\b(?:perpetual|irrevocable)\b(?:[^.]|\.(?!\s)){0,200}?\b(?:licen[cs]e|right)\b(?:[^.]|\.(?!\s)){0,40}?\bto\s+use\b"
)
_PERPETUAL_LICENSE_STEMS = ("perpetual", "irrevocabl")


def return_or_destroy_phi(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_DISPOSE, _DISPOSE_STEMS):
        hit = _disposal_hit(view, unit)
        if hit:
            hits.append(hit)
    for unit in view.matching(_KEEP_AFTER, _KEEP_AFTER_STEMS):
        hits.append(Hit("contrary", unit, "return_or_destroy_phi.contrary.keeps_after_termination", 0.8))
    if not hits:
        hits = [
            Hit("contrary", unit, "return_or_destroy_phi.contrary.irrevocable_licence_to_content", 0.65)
            for unit in view.matching(_PERPETUAL_LICENSE, _PERPETUAL_LICENSE_STEMS)
            if _DATA.search(unit.text) and not _feedback_only(unit.text) and not _PURPOSE_BOUND.search(unit.text)
        ]
    return decide("return_or_destroy_phi", hits, ("contrary", "weak", "present"))


def _disposal_hit(view: DocumentView, unit: Unit) -> Hit | None:
    context = " ".join([_previous_text(view, unit), unit.text])
    if _INFEASIBLE.search(unit.text):
        return Hit("present", unit, "return_or_destroy_phi.present.protections_extended_where_infeasible", 0.8)
    if not _END.search(context) or not _DISPOSED_DATA.search(unit.text) or _VENDOR_MATERIAL.search(unit.text):
        return None
    verb = _DISPOSE.search(unit.text)
    actor = view.actor(unit, verb.start()) if verb else None
    if actor == "customer" and not rx(r"\b(?:can|may)\b").search(unit.text[: verb.start()] if verb else ""):
        return None
    following = " ".join(u.text for u in _same_clause(view, unit))
    if _DISPOSE_WEAK.search(unit.text) or _DISPOSE_WEAK.search(following):
        return Hit("weak", unit, "return_or_destroy_phi.weak.broad_retention_exceptions", 0.7)
    return Hit("present", unit, "return_or_destroy_phi.present.return_or_destroy_at_end", 0.85)


def _same_clause(view: DocumentView, unit: Unit) -> tuple[Unit, ...]:
    # The next sentences of the same numbered clause: a retention exception there qualifies this clause, while
    # the next clause ("8.4 Telemetry ... may keep it disabled") speaks of something else.
    section = unit.sentences[0].section
    return tuple(u for u in view.following(unit, 2) if u.sentences[0].section == section)


def _previous_text(view: DocumentView, unit: Unit) -> str:
    if unit.index == 0:
        return ""
    previous = view.units[unit.index - 1]
    return previous.text if previous.paragraph == unit.paragraph else ""


# --- termination_for_breach -------------------------------------------------------------------------------------
_TERMINATE = rx(
    r"\b(?:may|can|shall\s+(?:be\s+entitled|have\s+the\s+right)\s+to|(?:has|have)\s+the\s+right\s+to|is\s+entitled\s+to|"
    r"right\s+to)\s+(?:immediately\s+)?(?:terminat\w*|end\b|cancel\w*)|\bauthori[sz]es?\s+(?:the\s+)?termination\b"
)
# 45 CFR 164.504(e)(2)(iii): "Business Associate authorizes termination of this BAA by Covered Entity if ..." is
# the covered entity's right, although the business associate is the grammatical subject.
_AUTHORISED_BY_CUSTOMER = rx(
    rf"authori[sz]es?\s+(?:the\s+)?termination\b(?:[^.;]){{0,60}}?\bby\s+(?:the\s+)?{CUSTOMER}"
)
_TERMINATE_STEMS = ("terminat", "end", "cancel")
_BREACH = rx(r"\b(?:breach\w*|violat\w*|fail\w*\s+to\s+(?:comply|cure))\b")
_DATA_TERMS = rx(
    r"\b(?:this\s+(?:baa|dpa|addendum)|business\s+associate|phi|protected\s+health|personal\s+data|data\s+protection|"
    r"hipaa|material\s+term|privacy|security)\b"
)
_CONVENIENCE = rx(
    r"terminat\w*(?:[^.]|\.(?!\s)){0,100}?(?:at\s+any\s+time|for\s+(?:any\s+reason|convenience)|by\s+(?:closing|deleting))"
)
_MUTUAL = rx(r"\b(?:either|each|both)\s+(?:party|parties|you\s+and|of\s+us)\b|\bboth\s+you\b")


def termination_for_breach(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    max_cure = float(thresholds["max_cure_days"])
    hits: list[Hit] = []
    for unit in view.matching(_TERMINATE, _TERMINATE_STEMS):
        match = _TERMINATE.search(unit.text)
        actor = view.actor(unit, match.start()) if match else None
        if _AUTHORISED_BY_CUSTOMER.search(unit.text):
            actor = "customer"
        if actor == "vendor" and not _MUTUAL.search(unit.text[: match.start()]):
            continue
        hit = _termination_hit(view, unit, max_cure)
        if hit:
            hits.append(hit)
    verdict = decide("termination_for_breach", hits, ("present", "weak"))
    cure = [d for unit in verdict.units for d in parameters.durations(_previous_text(view, unit) + " " + unit.text)]
    return with_parameters(
        verdict, {"cure_days": parameters.whole_days(max(cure, key=lambda d: d["days"]))} if cure else {}
    )


def _termination_hit(view: DocumentView, unit: Unit, max_cure: float) -> Hit | None:
    context = " ".join([_previous_text(view, unit), unit.text])
    if _BREACH.search(context):
        cure = [d["days"] for d in parameters.durations(context)]
        if cure and max(cure) > max_cure:
            return Hit("weak", unit, "termination_for_breach.weak.long_cure_period", 0.7)
        if _DATA_TERMS.search(context) or rx(r"covered\s+entity").search(context):
            return Hit("present", unit, "termination_for_breach.present.terminate_for_data_breach", 0.85)
        return Hit("weak", unit, "termination_for_breach.weak.general_material_breach", 0.65)
    if _CONVENIENCE.search(unit.text):
        return Hit("weak", unit, "termination_for_breach.weak.terminate_at_any_time_only", 0.55)
    return None
