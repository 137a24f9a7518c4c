"""Rules for risk allocation and scope: indemnities, cyber insurance, the liability cap and whether PHI is allowed."""

from collections.abc import Mapping
from typing import Any

from clause_library import parameters
from clause_library.rules.verdict import Hit, Verdict, decide, rx
from clause_library.rules.view import DocumentView, Unit

# --- indemnification --------------------------------------------------------------------------------------------
_INDEMNIFY = rx(
    r"\b(?:shall|will|must|agrees?\s+to|undertakes?\s+to|hereby|to)\s+(?:\w+,?\s+){0,4}?(?:indemnif(?:y|ies)|"
    r"defend\b(?=(?:[^.]|\.(?!\s)){0,80}?\b(?:against|from|harmless|indemnif))|"
    r"hold\s+(?:\w+\s+){0,14}?harmless)\b"
)
_INDEMNIFY_STEMS = ("indemnif", "defend", "harmless", "indemnit")
_NOT_AN_INDEMNITY = rx(r"\bright\b(?:[^.;]|\.(?!\s)){0,40}$|\bindemnitees?\b(?:[^.;]|\.(?!\s)){0,60}$")
_DATA_SCOPE = rx(
    r"breach\w*\s+of\s+(?:this\s+|the\s+)?(?:baa|agreement|dpa|addendum|its\s+obligations|confidentiality|security|data|"
    r"privacy|business\s+associate)|(?:unauthori[sz]ed|improper)\s+(?:use|disclosure|access)|data\s+breach|security\s+"
    r"(?:breach|incident)|violation\s+of\s+(?:hipaa|applicable\s+(?:data\s+protection|privacy)\s+laws?|data\s+protection)|"
    r"\bphi\b|protected\s+health|personal\s+data|negligen\w*|wil(?:l)?ful\s+misconduct"
)
_NARROW_SCOPE = rx(r"\binfring\w*|misappropriat\w*|intellectual\s+property|\bpatent|\bcopyright|trade\s+secret")
_CAPPED = rx(
    r"\b(?:limited\s+to|not\s+exceed|capped\s+at|up\s+to|maximum\s+of)\b(?:[^.;]|\.(?!\s)){0,60}?(?:\$|usd|eur|€|£|amount|fees|dollars)|"
    r"subject\s+to\s+(?:the\s+)?(?:limitation|cap)"
)
_CAPPED_INDEMNITY = rx(
    r"\bindemnif\w+\s+(?:obligations?\s+)?(?:(?:[^.;]|\.(?!\s)){0,60}?\s)?(?:shall\s+be\s+limited|are\s+subject\s+to\s+(?:the\s+)?(?:limitation|cap))|"
    r"(?:total|aggregate)\s+indemnit\w*(?:[^.]|\.(?!\s)){0,80}?(?:not\s+exceed|limited)"
)
_MUTUAL_PARTY = rx(r"\b(?:each|either)\s+party\b|\bthe\s+parties\b")


def indemnification(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    candidates = {*view.matching(_INDEMNIFY, _INDEMNIFY_STEMS), *view.matching(_CAPPED_INDEMNITY, _INDEMNIFY_STEMS)}
    for unit in sorted(candidates, key=lambda unit: unit.index):
        if _CAPPED_INDEMNITY.search(unit.text):
            hits.append(Hit("weak", unit, "indemnification.weak.capped_indemnity", 0.7))
            continue
        match = next(
            (m for m in _INDEMNIFY.finditer(unit.text) if not _NOT_AN_INDEMNITY.search(unit.text[: m.start() + 8])),
            None,
        )
        if not match:
            continue
        indemnitor = _indemnitor(view, unit, match.start())
        if indemnitor == "customer":
            hits.append(Hit("contrary", unit, "indemnification.contrary.customer_indemnifies_vendor", 0.75))
        elif indemnitor == "vendor":
            hits.append(_vendor_indemnity(unit))
    verdict = decide("indemnification", hits, ("present", "weak", "contrary"))
    dollars = [a["amount"] for u in verdict.units for a in parameters.money(u.text) if a["currency"] == "USD"]
    if verdict.status in {"present", "weak"} and dollars:
        return Verdict(verdict.status, verdict.confidence, verdict.units, verdict.rule, {"amount_usd": dollars[0]})
    return verdict


def _indemnitor(view: DocumentView, unit: Unit, position: int) -> str | None:
    if _MUTUAL_PARTY.search(unit.text[max(0, position - 80) : position]):
        return "vendor"
    return view.actor(unit, position)


def _vendor_indemnity(unit: Unit) -> Hit:
    if _CAPPED.search(unit.text):
        return Hit("weak", unit, "indemnification.weak.capped_indemnity", 0.7)
    if _NARROW_SCOPE.search(unit.text) and not _DATA_SCOPE.search(unit.text):
        return Hit("weak", unit, "indemnification.weak.ip_infringement_only", 0.7)
    return Hit("present", unit, "indemnification.present.vendor_indemnifies_data_breach", 0.8)


# --- cyber_insurance --------------------------------------------------------------------------------------------
_INSURANCE = rx(r"\binsurance\b(?!\s+portability)|\binsured\b|\binsurance\s+polic")
_INSURANCE_STEMS = ("insur",)
_MAINTAIN = rx(r"\b(?:maintain\w*|carry|carries|procure\w*|obtain\w*|keep|purchase\w*|have\s+in\s+(?:place|force))\b")
_CYBER = rx(
    r"\bcyber\w*|\bprivacy\b|network\s+security|data\s+breach|technology\s+errors|errors\s+and\s+omissions|\be&o\b|"
    r"information\s+security|media\s+liability|security\s+(?:and|&)\s+privacy"
)


def cyber_insurance(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    limits: list[dict[str, Any]] = []
    for unit in view.matching(_INSURANCE, _INSURANCE_STEMS):
        if rx(r"health\s+insurance").search(unit.text) and not _MAINTAIN.search(unit.text):
            continue
        maintain = _MAINTAIN.search(unit.text)
        if not maintain or view.actor(unit, maintain.start()) == "customer":
            continue
        amounts = parameters.money(unit.text)
        limits.extend(amounts)
        hits.append(_insurance_hit(unit, amounts, float(thresholds["min_coverage_usd"])))
    verdict = decide("cyber_insurance", hits, ("present", "weak"))
    if verdict.status != "missing" and limits:
        amount = next((limit["amount"] for limit in limits if limit["currency"] == "USD"), None)
        return Verdict(
            verdict.status, verdict.confidence, verdict.units, verdict.rule, {"limits": limits, "amount_usd": amount}
        )
    return verdict


def _insurance_hit(unit: Unit, amounts: list[dict[str, Any]], minimum: float) -> Hit:
    if not _CYBER.search(unit.text):
        return Hit("weak", unit, "cyber_insurance.weak.general_insurance_only", 0.75)
    if not amounts or max(a["amount"] for a in amounts) < minimum:
        return Hit("weak", unit, "cyber_insurance.weak.cyber_cover_below_or_without_limit", 0.75)
    return Hit("present", unit, "cyber_insurance.present.cyber_cover_with_limits", 0.85)


# --- liability_cap ----------------------------------------------------------------------------------------------
_CAP = rx(
    r"(?:total|aggregate|cumulative|entire|maximum|collective)\s+(?:\w+\s+){0,4}liabilit\w*(?:[^.]|\.(?!\s)){0,400}?(?:exceed|in\s+excess"
    r"\s+of|greater\s+than|more\s+than|limited\s+to|capped|not\s+to\s+exceed)|"
    r"liab\w+(?:[^.]|\.(?!\s)){0,300}?(?:shall|will)\s+(?:not|in\s+no\s+event)\s+exceed|"
    r"(?:shall|will)\s+not\s+be\s+liable(?:[^.]|\.(?!\s)){0,200}?(?:amount|fees|sum|\$|exceed)|"
    r"in\s+no\s+event\s+(?:shall|will)(?:[^.]|\.(?!\s)){0,250}?\bliable|"
    r"(?:not|never|no\s+party)\s+(?:\w+\s+){0,2}be\s+liable\s+(?:\w+\s+){0,3}for\s+any\s+(?:\w+\s+){0,2}(?:indirect|"
    r"incidental|consequential|special|punitive|exemplary|lost)|"
    r"limitations?\s+of\s+liability(?:[^.]|\.(?!\s)){0,120}?(?:shall\s+)?appl|disclaims?\s+(?:any|all)\s+liability|"
    r"neither\s+party\s+shall\s+(?:bear|be\s+liable)(?:[^.]|\.(?!\s)){0,160}?(?:incidental|consequential|indirect)|"
    r"can\s+only\s+be\s+(?:held\s+)?liable|(?:total|aggregate)\s+amount\s+of(?:[^.]|\.(?!\s)){0,160}?(?:shall|will)\s+not\s+exceed|"
    r"liability\s+(?:\w+\s+){0,6}(?:shall|will|is|are)\s+(?:be\s+)?limited\s+to|liability\s+cap|"
    r"limitations?\s+(?:of\s+liability\s+)?(?:in|under|set\s+out\s+in)\s+this\s+(?:section|article|clause)(?:[^.]|\.(?!\s)){0,60}?(?:shall|will|do|does)"
    r"\s+not\s+apply"
)
_CAP_STEMS = ("liab", "exceed", "limitation")
_CARVE_OUT_CUE = rx(
    r"\bexcept(?:\s+for)?\b|\bexcluding\b|\bshall\s+not\s+apply\s+to\b|\bdoes\s+not\s+apply\b|\bother\s+than\b"
)
_CARVE_OUTS: tuple[tuple[str, str], ...] = (
    ("confidentiality", r"confidentiality"),
    ("indemnification", r"indemnif\w*"),
    ("gross_negligence", r"gross(?:ly)?\s+negligen\w*"),
    ("wilful_misconduct", r"wil(?:l)?ful\s+misconduct"),
    ("fraud", r"\bfraud\w*"),
    ("breach_of_baa", r"(?:data|security)\s+breach|breach\s+of\s+this\s+(?:agreement|addendum|baa)|"
                    r"breach\s+of\s+(?:the\s+)?(?:baa|business\s+associate|data\s+protection|security)|"
                    r"unauthori[sz]ed\s+(?:use|disclosure)"),
    ("intellectual_property", r"intellectual\s+property|infring\w*|misappropriat\w*"),
    ("payment_obligations", r"payment\s+obligations|fees\s+(?:owed|due)"),
)  # fmt: skip


def liability_cap(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits = [
        Hit("present", unit, "liability_cap.present.limitation_of_liability", 0.85)
        for unit in view.matching(_CAP, _CAP_STEMS)
        if not rx(r"^\W*(?:\d+[.)]?\s*)?limitation\s+of\s+liability\W*$").match(unit.text)
    ]
    verdict = decide("liability_cap", hits, ("present",))
    if verdict.status == "missing":
        return verdict
    return Verdict(verdict.status, verdict.confidence, verdict.units, verdict.rule, _cap_parameters(hits))


def _cap_parameters(hits: list[Hit]) -> dict[str, Any]:
    text = " ".join(hit.unit.text for hit in hits)
    cap: dict[str, Any] | None = parameters.fees_cap(text)
    amounts = parameters.money(text)
    if cap is None and amounts:
        cap = {"kind": "amount", **amounts[0]}
    carve_outs: list[str] = []
    for hit in hits:
        cue = _CARVE_OUT_CUE.search(hit.unit.text)
        if not cue:
            continue
        window = hit.unit.text[max(0, cue.start() - 200) : cue.end() + 300]
        carve_outs.extend(
            name for name, pattern in _CARVE_OUTS if rx(pattern).search(window) and name not in carve_outs
        )
    flat: dict[str, Any] = {}
    if cap and cap.get("kind") == "fees_paid":
        flat["cap_fees_months"] = cap["months"]
    dollars = [a["amount"] for a in amounts if a["currency"] == "USD"]
    if dollars:
        flat["amount_usd"] = dollars[0]
    return {"cap": cap, "amounts": amounts, "carve_outs": carve_outs, **flat}


# --- phi_permitted ----------------------------------------------------------------------------------------------
_HEALTH = rx(
    r"protected\s+health\s+information|\be?phi\b|health(?:\s+|-)(?:care\s+|related\s+)?(?:data|information|records)|"
    r"medical\s+(?:data|information|records)|\bhipaa\b|sensitive\s+(?:personal\s+)?(?:data|information)|special\s+"
    r"categor\w+|patient\s+(?:data|information)"
)
_HEALTH_STEMS = ("protected", "phi", "ephi", "health", "medical", "hipaa", "sensitive", "special", "patient")
_HEALTH_WORDS = (
    r"(?:protected\s+health\s+information|\be?phi\b|health(?:\s+|-)(?:care\s+|related\s+)?(?:data|information|records)|"
    r"medical\s+(?:data|information|records)|patient\s+(?:data|information))"
)
_SUBMIT = rx(
    r"\b(?:submit\w*|upload\w*|provid\w*|transmit\w*|shar\w*|send\w*|input\w*|make\s+available|transfer\w*|process\w*|"
    r"disclos\w*|includ\w*|contain\w*|us(?:e|ing)\s+the\s+services?\s+to)\b"
)
_PROHIBITIVE = rx(
    r"\b(?:shall|will|must|may|should|do|does|can)\s+not\b|\b(?:agree|agrees|undertake)\s+not\s+to\b|\bnot\s+to\b|"
    r"^\W*(?:\(?[\da-z]{1,4}[.)]\s*)?not\b|\bnever\b|\bprohibit\w*|\brefrain|\bmay\s+only\b"
)
_NO_HEALTH_DATA = rx(
    r"\bno\s+(?:\w+\s+){0,2}(?:sensitive\s+(?:personal\s+)?data|health\s+(?:data|information)|phi|protected\s+health"
    r"\s+information|special\s+categor\w+\s+(?:of\s+)?(?:personal\s+)?data)(?:[^.]|\.(?!\s)){0,60}?(?:shall|will|may)\s+be\s+"
    r"(?:transferred|submitted|processed|provided|shared|uploaded|sent)"
)
_NOT_FOR_PHI = rx(
    r"not\s+(?:intended|designed|suitable|compliant|certified)(?:[^.]|\.(?!\s)){0,80}?(?:hipaa|phi|health)|"
    r"(?:do|does|will)\s+not\s+(?:sign|enter\s+into|offer|execute)\s+(?:a\s+|any\s+)?(?:baa|business\s+associate)"
)
_BAA_EXCEPTION = rx(
    r"\b(?:unless|except|other\s+than|without)\b(?:[^.]|\.(?!\s)){0,120}?(?:baa|business\s+associate\s+(?:agreement|addendum)|"
    r"hipaa|eligible)"
)
_NAMED_SERVICES_ONLY = rx(
    rf"{_HEALTH_WORDS}(?:[^.]|\.(?!\s)){{0,40}}?\b(?:may|can)\s+be\s+(?:\w+\s+)?(?:processed|submitted|used|uploaded|sent)\s+only|"
    r"(?:sign|execute|enter\s+into)\w*\s+(?:a|an)\s+(?:baa|business\s+associate)(?:[^.]|\.(?!\s)){0,60}?before|"
    rf"before\s+(?:sending|submitting|uploading)(?:[^.]|\.(?!\s)){{0,40}}?{_HEALTH_WORDS}|"
    # "may submit audio containing PHI only to the Medical Endpoint", "may send PHI to the Covered Endpoints only",
    # "only while the BAA is in effect": PHI allowed on named services or under a BAA.
    rf"{_HEALTH_WORDS}\s+(?:\w+\s+){{0,2}}only\s+(?:to|on|through|via|with|in)\s+(?:the\s+)?(?-i:[A-Z])|"
    rf"{_HEALTH_WORDS}\s+to\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}(?:endpoints?|services?|products?|apis?|features?|offerings?)\s+only\b|"
    r"\bonly\s+(?:after|while|if|when|once)\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:baa|business\s+associate\s+(?:agreement|addendum))\b"
)
_NAMED_SERVICES = rx(
    r"(?:certain|specific|designated|eligible|hipaa[\s-]eligible|dedicated)\s+(?:\w+\s+){0,2}(?:services|products|offerings|"
    r"endpoints|features)(?:[^.]|\.(?!\s)){0,160}?(?:health|phi|hipaa|medical)|(?:health|phi|hipaa|medical)(?:[^.]|\.(?!\s)){0,160}?(?:certain|"
    r"specific|designated|eligible)\s+(?:\w+\s+){0,2}(?:services|products|offerings|endpoints)"
)
_PHI_ALLOWED = rx(
    r"\b(?:(?:may|can|is\s+permitted\s+to|are\s+permitted\s+to)\s+(?:\w+\s+){0,2}(?:use|disclose|process|create|receive|maintain|handle|"
    rf"transmit|submit|upload)|(?:will|shall)\s+(?:\w+\s+)?(?:create|receive|transmit)(?=\s+(?:\w+\s+){{0,2}}{_HEALTH_WORDS}))\b(?:[^.]|\.(?!\s)){{0,60}}?{_HEALTH_WORDS}|{_HEALTH_WORDS}(?:[^.]|\.(?!\s)){{0,40}}?\bmay\s+be\s+(?:submitted|processed|used|"
    rf"uploaded)|\b(?:governs|covers|applies\s+to)\s+(?:\w+\s+){{0,3}}{_HEALTH_WORDS}|\binvolve\s+(?:\w+\s+){{0,2}}{_HEALTH_WORDS}|"
    rf"\bmay\s+be\s+used\s+with\s+{_HEALTH_WORDS}"
)
_PERMISSIVE_BLANKET = rx(r"in\s+any\s+manner|not\s+(?:be\s+)?permissible|would\s+not\s+be\s+permitted|would\s+violate")


def phi_permitted(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_HEALTH, _HEALTH_STEMS):
        hit = _phi_hit(view, unit)
        if hit:
            hits.append(hit)
    return decide("phi_permitted", hits, ("contrary", "weak", "present"))


def _phi_hit(view: DocumentView, unit: Unit) -> Hit | None:
    text = unit.text
    if _NOT_FOR_PHI.search(text):
        return _prohibition(unit, "not_offered_for_phi")
    if _NO_HEALTH_DATA.search(text):
        return _prohibition(unit, "terms_forbid_health_data")
    negation = _PROHIBITIVE.search(text)
    submit = _SUBMIT.search(text, negation.end()) if negation else None
    if negation and submit and not _PERMISSIVE_BLANKET.search(text):
        health = _HEALTH.search(text, submit.start())
        if health and health.start() - submit.end() < 500 and view.actor(unit, negation.start()) != "vendor":
            return _prohibition(unit, "terms_forbid_health_data")
    if _NAMED_SERVICES.search(text) or _NAMED_SERVICES_ONLY.search(text):
        return Hit("weak", unit, "phi_permitted.weak.named_services_only", 0.65)
    allowed = _PHI_ALLOWED.search(text)
    if allowed and not _PROHIBITIVE.search(text[: allowed.start()]) and not rx(r"restrict|limits\s+how").search(text):
        return Hit("present", unit, "phi_permitted.present.phi_expressly_covered", 0.85)
    return None


def _prohibition(unit: Unit, rule: str) -> Hit:
    if _BAA_EXCEPTION.search(unit.text):
        return Hit("weak", unit, "phi_permitted.weak.only_under_separate_baa", 0.75)
    return Hit("contrary", unit, f"phi_permitted.contrary.{rule}", 0.8)
