"""Rules for what happens to the data an AI vendor receives: training, retention, deletion, telemetry, location,
de-identification."""

import re
from collections.abc import Mapping
from typing import Any

from clause_library import parameters
from clause_library.literals import LiteralPattern
from clause_library.rules.verdict import Hit, Verdict, decide, obligor, rx, with_parameters
from clause_library.rules.view import DocumentView, Unit
from clause_library.rules.vocabulary import CUSTOMER_DATA, EXCEPTION, NEGATION, PERMISSION

_DATA = rx(rf"\b{CUSTOMER_DATA}\b")
_NEGATION = rx(NEGATION)
_EXCEPTION = rx(EXCEPTION)
_PERMISSION = rx(PERMISSION)
_CONSENT = rx(
    r"\b(?:consent\w*|opt(?:s|ed|ing)?[\s-]?in|opt(?:s|ed|ing)?[\s-]?out|authori[sz]\w*|permission|elect\w*|choose|"
    r"instruct\w*|settings?)\b"
)
_DERIVED = rx(
    r"\b(?:aggregat\w*|anonymi[sz]\w*|de-?identif\w*|pseudonymi[sz]\w*|statistic\w*|usage\s+(?:data|information)|"
    r"metadata|metrics)\b"
)

# --- no_training_on_phi -----------------------------------------------------------------------------------------
_TRAIN = rx(
    r"\b(?:train\w*|re-?train\w*|fine[\s-]?tun\w*)\b(?!\s+(?:personnel|employees|staff|its\s+personnel))|"
    r"\b(?:improv\w*|develop\w*|enhanc\w*|refin\w*|build\w*)\s+(?:and\s+\w+\s+)?(?:of\s+)?(?:\w+\s+){0,3}"
    r"(?:models?|services?|products?|algorithms?|ai\b|artificial\s+intelligence|machine\s+learning|technolog\w+|"
    r"offerings?|features?|systems?|software|platform)|\bproduct\s+development\b|\bimprovements?\s+to\s+(?:the\s+|our\s+|its\s+)?"
    r"(?:services?|products?|models?)|\b(?:use|exploit|utili[sz]e)\b(?:[^.;]|\.(?!\s)){0,160}?\bfor\s+any\s+(?:reason|purpose)"
)
_TRAIN_STEMS = ("train", "retrain", "fine", "tun", "improv", "develop", "enhanc", "refin", "build", "reason", "purpose")
_ANY_PURPOSE = rx(r"\b(?:use|exploit|utili[sz]e)\b(?:[^.;]|\.(?!\s)){0,160}?\bfor\s+any\s+(?:reason|purpose)")
_SECURITY_TRAINING = rx(
    r"(?:security|privacy|awareness|compliance)\s+training|training\s+(?:on|in)\s+(?:security|privacy)|"
    r"\b(?:personnel|employees|staff|workforce)\b(?:[^.;]|\.(?!\s)){0,250}?\btrain\w*|\btrain\w*\s+(?:of\s+)?(?:its\s+|our\s+)?"
    r"(?:personnel|employees|staff|workforce)"
)
_USE = rx(
    r"\b(?:use|uses|used|using|process\w*|analy[sz]\w*|monitor\w*|exploit\w*|utili[sz]\w*|access\w*|share|"
    r"disclose|licen[cs]e)\b|\btrain\w*\b(?:[^.;]|\.(?!\s)){0,60}?\bon\b"
)
_OPT_OUT_OF_TRAINING = rx(r"\bopt(?:s|ed|ing)?[\s-]?out\b(?:[^.]|\.(?!\s)){0,80}?(?:train\w*|improv\w*)")
_PASSIVE_TRAINING = rx(
    r"\b(?:is|are|will\s+be|may\s+be|can\s+be)\s+used\s+(?:\w+\s+){0,2}to\s+(?:train|improve|develop|fine-?tune)"
)
_PROHIBITION = rx(
    r"\b(?:not|never|no)\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:use|used|using|train\w*|process\w*|fine[\s-]?tun\w*|improv\w*|develop\w*)\b|"
    r"\b(?:prohibited|refrain)\b"
)
_USAGE_MONITORING = rx(
    r"\bmonitor\w*\s+(?:your|customer['’]?s?|the)\s+use\b|\b(?:your|customer['’]?s?)\s+use\s+of\s+the"
)


def no_training_on_phi(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_TRAIN, _TRAIN_STEMS):
        train = _TRAIN.search(unit.text)
        if not train or _SECURITY_TRAINING.search(unit.text) or not _USE.search(unit.text):
            continue
        if not (_DATA.search(unit.text) or _USAGE_MONITORING.search(unit.text) or _DERIVED.search(unit.text)):
            continue
        use = _USE.search(unit.text)
        if use and view.actor(unit, use.start()) == "customer" and not _vendor_permission(unit.text):
            if not _OPT_OUT_OF_TRAINING.search(unit.text):
                continue
        hit = _training_hit(unit, view.header(unit))
        if hit:
            hits.append(hit)
    prohibited = any(hit.status == "present" for hit in hits)
    derived = _derived_pattern(view)
    hits = [_soften_derived(hit, prohibited, derived) for hit in hits]
    return decide("no_training_on_phi", hits, ("contrary", "weak", "present"))


def _vendor_permission(text: str) -> bool:
    return bool(rx(r"\b(?:grant|grants|granting)\b(?:[^.;]|\.(?!\s)){0,120}?\b(?:licen[cs]e|right)").search(text))


def _training_hit(unit: Unit, header: Unit | None) -> Hit | None:
    text = unit.text if header is None else f"{header.text} {unit.text}"
    train = _TRAIN.search(text)
    if _OPT_OUT_OF_TRAINING.search(text):
        return Hit("weak", unit, "no_training_on_phi.weak.opt_out_only", 0.75)
    if _PROHIBITION.search(text[: train.end()] if train else text) or rx(r"\bnot\s+(?:be\s+)?used\b").search(text):
        if train and _ANY_PURPOSE.match(train.group(0)):
            return None  # "shall not use the data for any other purpose" limits use; it says nothing of training
        if _EXCEPTION.search(text) or _CONSENT.search(text):
            return Hit("weak", unit, "no_training_on_phi.weak.prohibition_with_exception", 0.8)
        return Hit("present", unit, "no_training_on_phi.present.prohibition", 0.9)
    permitted = _PERMISSION.search(text) or rx(
        r"\b(?:for\s+(?:its|our)\s+legitimate\s+business|you\s+consent\s+"
        r"(?:\w+\s+){0,12}to\s+our\s+use)"
    ).search(text)
    declared = rx(r"\b(?:we|it|they)\s+(?:will\s+|shall\s+)?(?:use|process|analy[sz]e)\b").search(text)
    if not permitted and not declared and not _PASSIVE_TRAINING.search(text):
        return None
    if _CONSENT.search(text):
        return Hit("weak", unit, "no_training_on_phi.weak.training_with_consent", 0.7)
    return Hit("contrary", unit, "no_training_on_phi.contrary.may_use_to_train_or_improve", 0.85)


def _derived_pattern(view: DocumentView) -> LiteralPattern:
    # A term defined as aggregated or anonymised data ("Usage Statistics" means ...) carries that meaning wherever
    # the agreement uses it.
    terms = view.defined_terms(rx(_DEID))
    return rx("|".join([_DERIVED.pattern, *(re.escape(term) for term in terms)]))


def _soften_derived(hit: Hit, prohibited: bool, derived: LiteralPattern) -> Hit:
    # Use of aggregated or anonymised data, or of usage data beside a prohibition on the content itself, is a
    # narrower permission than using the content: weak, not contrary.
    text = hit.unit.text
    if hit.status != "contrary":
        return hit
    # The derived phrases go first, whole ("anonymise and aggregate your content"), before their single words do.
    content = _DATA.search(derived.sub(" ", _USAGE_DATA_WORDS.sub(" ", _DERIVED_OBJECT.sub(" ", text))))
    if (derived.search(text) and not content) or (prohibited and _USAGE_MONITORING.search(text)):
        return Hit("weak", hit.unit, "no_training_on_phi.weak.derived_data_only", 0.65)
    return hit


# --- log_retention_limit ----------------------------------------------------------------------------------------
_USAGE_DATA_WORDS = rx(r"\busage\s+(?:data|information|statistics|metrics)|\bmetadata|\btelemetry")
# "aggregated usage data", "anonymise and aggregate your content", "PHI has been de-identified": the data named
# there is used only in derived form.
_DERIVED_OBJECT = rx(
    rf"\b(?:aggregat|anonymi[sz]|de-?identif|pseudonymi[sz])\w*(?:\s+and\s+\w+)?\s+(?:\w+\s+){{0,2}}{CUSTOMER_DATA}\b|"
    rf"\b{CUSTOMER_DATA}\s+(?:has|have)\s+been\s+(?:de-?identified|anonymi[sz]ed|aggregated)"
)
_RETAIN = rx(
    r"\b(?:retain\w*|retention|stor(?:e|ed|es|ing)|keep|kept|persist\w*|logged|cached?)\b|"
    r"\bdelet\w*\b(?:[^.;]|\.(?!\s)){0,80}?\b(?:\d+|\w+\s+\(\d+\))\s+(?:days|hours)\s+after\s+(?:you\s+submit|submission|receipt|creation|"
    r"processing|it\s+is\s+(?:submitted|received|created))"
)
_RETAIN_STEMS = ("retain", "retention", "stor", "keep", "kept", "persist", "logged", "cach", "delet")
_RETAINED_DATA = rx(rf"\b(?:{CUSTOMER_DATA}|logs?|messages?|requests?|records)\b")
_AT_END = rx(
    r"\b(?:terminat\w*|expir\w*|return\s+(?:or|and(?:/or)?)\s+(?:destroy|delet)\w*|destroy\w*|destruction|end\s+of\s+"
    r"(?:the\s+)?(?:agreement|term|contract|services?))\b"
)
# A sentence that starts from deletion ("Deleted content is removed within 30 days, but backups may remain") is
# about deletion and its exceptions, which log_deletion reads; retention is the period data is kept in use.
_DELETION_FIRST = rx(r"\b(?:delet(?:ed|es|ion)|removed|erased|purged)\b")
_NOT_RETAINED = rx(
    r"\b(?:not|never|no)\s+(?:\w+\s+){0,3}(?:retain\w*|stor\w*|log\w*|persist\w*|keep|kept)\b|zero[\s-](?:data[\s-])?"
    r"retention|\bstateless\b"
)
_NO_DUTY = rx(
    r"no\s+obligation\s+to\s+(?:store|retain|keep|maintain)|not\s+(?:be\s+)?(?:obligated|required)\s+to\s+(?:store|retain)"
)
_NOT_ABOUT_RETENTION = rx(
    r"\b(?:retain|keep|store),?\s+(?:use|disclose|sell)|retention\s+(?:practices|polic\w*)|records?\s+of\s+(?:each|all|"
    r"every)?\s*access|\baccess\s+logs?|\baudit\s+(?:logs?|trails?)|\blogs?\s+(?:of\s+)?(?:every|each|all)\s+access|"
    r"delet\w*\s+requests?|requests?\s+(?:for|to)\s+delet"
)
_RETAIN_VAGUE = rx(
    r"\btemporar\w*|as\s+long\s+as\s+(?:is\s+)?(?:necessary|needed|required|reasonably)|only\s+for\s+as\s+long|"
    r"until\s+(?:the\s+)?(?:customer|you|controller)\s+delet\w*|available\s+(?:for|on)\s+(?:the\s+)?(?:\w+\s+)?endpoints?|"
    r"for\s+as\s+long\s+as\s+(?:the\s+)?(?:customer|controller|you)|(?:for|during)\s+(?:the\s+purposes?\s+of\s+)?(?:\w+\s+)?abuse\s+monitoring|at\s+least"
)
_RETAIN_FOREVER = rx(
    r"\bindefinite\w*|\bperpetual\w*|as\s+long\s+as\s+(?!(?:the\s+)?(?:customer|controller|client|you|covered))"
    r"(?:\w+\s+){1,2}(?:deems?|sees?\s+fit|wish\w*|chooses?|wants?|considers?)|for\s+(?:its|our)\s+(?:own\s+)?business\s+purposes"
)


def log_retention_limit(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    max_days = float(thresholds["max_retention_days"])
    hits: list[Hit] = []
    period: dict[str, Any] = {}
    for unit in view.matching(_RETAIN, _RETAIN_STEMS):
        retain = _RETAIN.search(unit.text)
        if (
            not retain
            or not _RETAINED_DATA.search(unit.text)
            or _AT_END.search(unit.text)
            or _NO_DUTY.search(unit.text)
            or _NOT_ABOUT_RETENTION.search(unit.text)
        ):
            continue
        if view.actor(unit, retain.start()) == "customer" or _DELETION_FIRST.search(unit.text, 0, retain.start()):
            continue
        hit, found = _retention_hit(unit, max_days)
        if hit:
            hits.append(hit)
            period = period or found
    verdict = decide("log_retention_limit", hits, ("contrary", "weak", "present"))
    return with_parameters(verdict, period)


def _retention_hit(unit: Unit, max_days: float) -> tuple[Hit | None, dict[str, Any]]:
    text = unit.text
    if _RETAIN_FOREVER.search(text):
        return Hit("contrary", unit, "log_retention_limit.contrary.kept_indefinitely", 0.75), {}
    durations = [d for d in parameters.durations(text) if d["days"] > 0]
    if durations:
        longest = max(durations, key=lambda d: d["days"])
        if longest["days"] <= max_days:
            found = {"retention": longest, "retention_days": parameters.whole_days(longest)}
            return Hit("present", unit, "log_retention_limit.present.within_limit", 0.8), found
        found = {"retention": longest, "retention_days": parameters.whole_days(longest)}
        return Hit("weak", unit, "log_retention_limit.weak.retained_for_period", 0.8), found
    if _NOT_RETAINED.search(text) and not _EXCEPTION.search(text) and not _RETAIN_VAGUE.search(text):
        return Hit("present", unit, "log_retention_limit.present.not_retained", 0.8), {"retention_days": 0}
    if _RETAIN_VAGUE.search(text) or (_NOT_RETAINED.search(text) and _EXCEPTION.search(text)):
        return Hit("weak", unit, "log_retention_limit.weak.retained_while_needed", 0.65), {}
    return None, {}


# --- log_deletion -----------------------------------------------------------------------------------------------
_DELETE = rx(r"\b(?:delet\w*|destroy\w*|destruction|eras(?:e|es|ed|ing)|purg\w*|dispos\w*)\b")
_DELETED_DATA = rx(rf"\b(?:{CUSTOMER_DATA}|cop(?:y|ies)|models?|information)\b")
_DELETE_STEMS = ("delet", "destr", "eras", "purg", "dispos")
_DELETE_WHEN = rx(
    r"\b(?:terminat\w*|expir\w*|expiry|cessation|end\s+of\s+(?:the\s+)?(?:term|agreement|services?)|clos(?:e|ing|ure\s+of)\s+"
    r"(?:your|the|its)\s+account|account\s+(?:is\s+)?(?:closed|deleted|terminated)|request\w*|instruct\w*|ask\w*|non-renewal|"
    r"(?:agreement|term|contract|services?|relationship|subscription)\s+(?:ends|end|expires))\b"
)
_ARTEFACTS = rx(
    r"\b(?:logs?|prompts?|outputs?|embeddings?|fine[\s-]?tun\w*|derived|derivatives?|cach\w+|back-?\s?ups?|copies|training\s+files)\b"
)
_DELETE_WEAK = rx(
    r"back-?\s?up|archiv\w*|commercially\s+reasonable|reasonabl[ey]\s+practicable|to\s+the\s+extent|retention\s+polic\w*|"
    r"\bmay\s+(?:retain|keep|persist)|may\s+(?:be\s+)?delet\w*|may\s+involve|reasonable\s+time|(?:except|unless|provided\s+that)"
    r"(?:[^.]|\.(?!\s)){0,80}?(?:backup|archiv|business|legitimate|decide|polic|interests|reasonably)|residual"
)


def log_deletion(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    for unit in view.matching(_DELETE, _DELETE_STEMS):
        context = _with_previous(view, unit)
        if not _DELETED_DATA.search(unit.text) or not _DELETE_WHEN.search(context):
            continue
        if rx(r"\b(?:software|documentation)\b").search(unit.text) or _customer_must(view, unit, _DELETE):
            continue
        strong = _ARTEFACTS.search(unit.text) and parameters.durations(unit.text) and not _DELETE_WEAK.search(unit.text)
        if strong:
            hits.append(Hit("present", unit, "log_deletion.present.artefacts_deleted_with_deadline", 0.8))
        else:
            hits.append(Hit("weak", unit, "log_deletion.weak.deletion_without_deadline_or_with_exceptions", 0.7))
    verdict = decide("log_deletion", hits, ("present", "weak"))
    deadlines = [d for unit in verdict.units for d in parameters.durations(unit.text)]
    return with_parameters(verdict, {"deletion_days": parameters.whole_days(deadlines[0])} if deadlines else {})


def _customer_must(view: DocumentView, unit: Unit, verb: LiteralPattern) -> bool:
    match = verb.search(unit.text)
    if not match or obligor(view, unit, match.start()) != "customer":
        return False
    return not rx(r"\b(?:can|may|request)\w*\b").search(unit.text[: match.start()])


def _with_previous(view: DocumentView, unit: Unit) -> str:
    previous = view.units[unit.index - 1] if unit.index else None
    if previous is not None and previous.paragraph == unit.paragraph:
        return f"{previous.text} {unit.text}"
    return unit.text


# --- telemetry_disable ------------------------------------------------------------------------------------------
_TELEMETRY = rx(
    r"\busage\s+(?:data|information|statistics|metrics)|\btelemetry|\bdiagnostic\w*|\banalytics\b|"
    r"\b(?:your|customer['’]?s?|the)\s+use\s+of\s+the\s+(?:services?|platform|site|products?)|(?:relating|related|in\s+"
    r"relation)\s+to\s+the\s+(?:provision,?\s+)?(?:support\s+and/or\s+)?use|\bperformance\s+(?:data|of\s+the)|"
    r"\btechnical\s+(?:data|information)|\butili[sz]ation\s+of|\bservice\s+data|\bresultant\s+data|"
    r"\b(?:performance|usage|basic)\s+metrics|\bcrash\s+(?:report\w*|information|data|logs?)|"
    r"\busage\s+and\s+(?:crash|diagnostic|performance)\s+(?:data|information)|\bhow\s+you\s+use\s+the|\binteractions\s+with"
)
_TELEMETRY_STEMS = (
    "usage",
    "telemetr",
    "diagnostic",
    "analytics",
    # "the use of the services/platform/site/products": the nouns, not "use", which is in nearly every sentence.
    "platform",
    "site",
    "product",
    "relat",
    "performance",
    "technical",
    "utili",
    "service",
    "resultant",
    "metrics",
    "crash",
    "how",
    "interactions",
)
_OFF_SWITCH = rx(
    r"\b(?:opt[\s-]?out|disabl\w*|turn\w*\s+off|switch\w*\s+off|deactivat\w*|decline|choose\s+not\s+to|configur\w*|"
    r"withdraw\w*)\b"
)
_ALWAYS_ON = rx(
    r"\b(?:always|required|essential|necessary\s+for\s+the\s+operation|cannot\s+be\s+disabled|mandatory|although|"
    r"collected\s+to\s+operate|not\s+(?:fully|completely|entirely)\s+disable|limit\s+but\s+not)\b"
)
_OFF_BY_DEFAULT = rx(
    r"\b(?:off|disabled)\s+by\s+default|\bunless\s+(?:the\s+)?(?:customer|you|client)\s+opts?\s+in|\bopt(?:s|ed)?[\s-]in\b|"
    r"\b(?:shall|will|does|do)\s+not\s+(?:\w+\s+){0,2}(?:collect|send|transmit|gather)|\bsends?\s+no\b"
)
_OWN_PURPOSE = rx(
    r"\b(?:improv\w*|develop\w*|own\s+purposes|legitimate\s+business|analy[sz]\w*|marketing|statistic\w*|any\s+purpose|"
    r"acting\s+as\s+(?:an?\s+)?(?:independent\s+)?controller|enhanc\w*|assess\w*)"
)
_AS_CONTROLLER = rx(r"processed\s+by\s+\w+(?:\s+\w+)?\s+acting\s+as\s+(?:an?\s+)?(?:independent\s+)?controller")
_CANNOT = rx(r"\b(?:cannot|can\s*not|can't|may\s+not|is\s+not\s+able\s+to|unable\s+to)\s+(?:be\s+)?$")
_COLLECTS = rx(r"\b(?:collect\w*|monitor\w*|analy[sz]\w*|process\w*|use|gather\w*|record\w*|track\w*|right\s+to)\b")


def telemetry_disable(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    always_on: list[Hit] = []
    for unit in view.matching(_TELEMETRY, _TELEMETRY_STEMS):
        if _OFF_BY_DEFAULT.search(unit.text):
            status = "weak" if _ALWAYS_ON.search(unit.text) else "present"
            hits.append(Hit(status, unit, f"telemetry_disable.{status}.off_unless_customer_opts_in", 0.75))
            continue
        # "Customer cannot disable this collection" is the absence of an off switch, not one.
        switches = [
            (m, _CANNOT.search(unit.text[max(0, m.start() - 24) : m.start()])) for m in _OFF_SWITCH.finditer(unit.text)
        ]
        off = next((m for m, negated in switches if not negated), None)
        if any(negated for _, negated in switches):
            always_on.append(Hit("weak", unit, "telemetry_disable.weak.some_telemetry_always_on", 0.7))
        if off and view.actor(unit, off.start()) != "vendor":
            status = "weak" if _ALWAYS_ON.search(unit.text) else "present"
            hits.append(Hit(status, unit, f"telemetry_disable.{status}.customer_can_turn_off", 0.75))
            continue
        if _AS_CONTROLLER.search(unit.text):
            hits.append(Hit("contrary", unit, "telemetry_disable.contrary.vendor_controls_usage_data", 0.7))
            continue
        collect = next((m for m in _COLLECTS.finditer(unit.text) if view.actor(unit, m.start()) != "customer"), None)
        if not collect or _NEGATION.search(unit.text[: collect.start()]):
            continue
        declared = rx(
            r"\b(?:we|vendor|provider|company|supplier)\s+(?:\w+\s+)?(?:collects?|monitors?|gathers?|records?)\b"
        )
        if _OWN_PURPOSE.search(unit.text) and (_PERMISSION.search(unit.text) or declared.search(unit.text)):
            hits.append(Hit("contrary", unit, "telemetry_disable.contrary.usage_data_for_own_purposes", 0.7))
    return decide("telemetry_disable", _with_always_on(hits, always_on), ("present", "weak", "contrary"))


def _with_always_on(hits: list[Hit], always_on: list[Hit]) -> list[Hit]:
    # An off switch for optional analytics beside telemetry that "cannot be turned off" leaves some collection
    # always on: weak, with both clauses as evidence.
    switches = [hit for hit in hits if hit.status == "present"]
    if not switches or not always_on:
        return hits
    return [
        *(Hit("weak", h.unit, "telemetry_disable.weak.some_telemetry_always_on", h.confidence) for h in switches),
        *always_on,
        *(h for h in hits if h.status != "present"),
    ]


# --- data_residency ---------------------------------------------------------------------------------------------
_LOCATION = rx(
    r"\b(?:outside|within|located|location|geographic\w*|residen\w*|locali[sz]ation|region\w*|countr\w+|territor\w*|"
    r"jurisdiction|cross[\s-]border|transfer\w*|data\s+cent(?:er|re)s?|servers?|standard\s+contractual|member\s+states|"
    r"relocat\w*|anywhere|move)\b|" + "|".join(pattern for _, pattern in parameters.PLACES)
)
_LOCATION_STEMS = (
    "outside",
    "within",
    "locat",
    "geograph",
    "residen",
    "locali",
    "region",
    "countr",
    "territor",
    "jurisdiction",
    "cross",
    "transfer",
    "cent",
    "server",
    "standard",
    "member",
    "relocat",
    "anywhere",
    "move",
    *parameters.PLACE_STEMS,
)
_RESTRICT = rx(
    r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,5}(?:in|within)\b|\b(?:stor\w*|host\w*|process\w*|maintain\w*|locat\w*"
    r"|performs?)\b(?:[^.;]|\.(?!\s)){0,100}?\b(?:in|within)\s+(?:the\s+)?(?:\w+\s+){0,4}(?:states|union|kingdom|area|switzerland|"
    r"canada|country|region|territory|U\.?S\.?A?\.?)|\bnot\s+(?:\w+\s+){0,5}(?:transfer\w*|stor\w*|process\w*|access\w*|"
    r"use|located)\b(?:[^.;]|\.(?!\s)){0,120}?\boutside\b|will\s+not\s+(?:modify|move|change)(?:[^.;]|\.(?!\s)){0,60}?(?:location|region|country)|"
    r"\bremain\w*\s+(?:\w+\s+){0,2}(?:in|within)\b"
)
_TRANSFER_ALLOWED = rx(
    r"\btransfer\w*\s+(?:of\s+)?(?:[^.;]|\.(?!\s)){0,100}?(?:outside|third\s+countr\w*|to\s+countries|internationally|abroad|"
    r"within\s+(?:its|our)\s+(?:company\s+)?group|to\s+(?:its\s+|our\s+)?affiliates)|standard\s+contractual\s+clauses|transfer\s+mechanisms?|"
    r"restricted\s+transfers?|may\s+take\s+place\s+outside|remotely\s+(?:access|process)\w*|cross[\s-]border\s+transfers?|"
    r"(?:other|foreign)\s+countr\w*|access\w*\s+(?:it\s+|them\s+)?from\s+(?:other|outside)|(?:in|to)\s+a\s+new\s+(?:country|region|"
    r"location)|by\s+default"
)
_TRANSFER_CONDITIONED = rx(
    r"(?:on|upon)\s+(?:the\s+)?instructions?\s+of\s+the|(?:prior\s+)?written\s+consent|with(?:out)?\s+(?:the\s+)?"
    r"(?:customer['’]?s?|controller['’]?s?|client['’]?s?|your|covered\s+entity['’]?s?)\s+(?:prior\s+)?(?:written\s+)?"
    r"(?:consent|approval|authori[sz]ation)"
)
_SAFEGUARDED = rx(
    r"standard\s+contractual|adequa\w*|transfer\s+mechanism|safeguards|binding\s+corporate|recogni[sz]ed\s+by"
)
_NAMED_AREA = rx(r"\b(?:location|region|country|data\s+cent(?:er|re)s?)\b")
_ANYWHERE = rx(
    r"\b(?:any\s+(?:other\s+)?countr(?:y|ies)|anywhere|any\s+(?:location|jurisdiction)|worldwide|globally)\b(?:[^.;]|\.(?!\s)){0,80}?"
    r"\b(?:where|in\s+which)\b(?:[^.;]|\.(?!\s)){0,90}?\b(?:operat\w*|maintain\w*|facilities|located)|"
    r"(?:stored|processed|transferred)\s+(?:in|to)\s+(?:\w+\s+){0,6}any\s+(?:other\s+)?countr|anywhere\s+in\s+the\s+world|"
    r"to\s+any\s+(?:location|country|jurisdiction)|any\s+(?:location|country)\s+(?:at|in)\s+its\s+(?:sole\s+)?discretion"
)


def data_residency(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    hits: list[Hit] = []
    places: list[str] = []
    for unit in view.matching(_LOCATION, _LOCATION_STEMS):
        if not (_DATA.search(unit.text) or rx(r"\b(?:processing|servers?|data\s+cent)").search(unit.text)):
            continue
        if (
            _ANYWHERE.search(unit.text)
            and not _TRANSFER_CONDITIONED.search(unit.text)
            and not _SAFEGUARDED.search(unit.text)
        ):
            hits.append(Hit("contrary", unit, "data_residency.contrary.anywhere_vendor_operates", 0.75))
        elif _TRANSFER_ALLOWED.search(unit.text) and not _TRANSFER_CONDITIONED.search(unit.text):
            hits.append(Hit("weak", unit, "data_residency.weak.transfers_allowed_with_safeguards", 0.7))
        elif _RESTRICT.search(unit.text) and (parameters.places(unit.text) or _NAMED_AREA.search(unit.text)):
            hits.append(Hit("present", unit, "data_residency.present.named_locations_only", 0.8))
    verdict = decide("data_residency", hits, ("contrary", "weak", "present"))
    for unit in verdict.units:
        places.extend(p for p in parameters.places(unit.text) if p not in places)
    return with_parameters(verdict, {"places": places, "regions": places} if places else {})


# --- deidentification -------------------------------------------------------------------------------------------
_DEID = (
    r"de-?identif\w*|anonymi[sz]\w*|pseudonymi[sz]\w*|aggregated\b(?!\s+liability)|aggregate\s+(?:and\s+\w+\s+)?"
    r"(?:data|information|form|statistics)|in\s+(?:an?\s+)?aggregated?\s+(?:and|or)\b"
)
_DEID_LIMIT = rx(
    r"\b(?:solely|only)\s+(?:to|for)\s+(?:provide|perform|the\s+benefit|the\s+purposes?\s+of\s+(?:providing|this))|"
    r"\bonly\s+to\s+\w+(?:[^.;]|\.(?!\s)){0,40}?for\s+(?:the\s+)?(?:customer|covered\s+entity|client)|"
    r"\bonly\s+as\s+(?:directed|instructed|authori[sz]ed)|\bonly\s+(?:on|upon|with|in\s+accordance\s+with)\s+(?:the\s+)?"
    r"(?:written\s+)?(?:instructions?|direction)|"
    r"not\s+use\s+(?:such\s+|the\s+)?(?:aggregated|de-?identified|anonymi[sz]ed)\s+(?:data|information)|"
    r"on\s+behalf\s+of\s+(?:the\s+)?(?:covered\s+entity|customer|client)|with\s+(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:prior\s+)?"
    r"(?:written\s+)?(?:consent|approval|authori[sz]ation)"
)


def deidentification(view: DocumentView, thresholds: Mapping[str, Any]) -> Verdict:
    deid = rx(_deid_pattern(view))
    hits: list[Hit] = []
    for unit in view.matching(deid, _deid_stems(view)):
        match = deid.search(unit.text)
        if not match or rx(r"data\s+aggregation\s+services").search(unit.text):
            continue
        if obligor(view, unit, match.start()) == "customer" and not _vendor_permission_after(unit.text):
            continue
        before = unit.text[: match.start()]
        if rx(r"\busage\s+data").search(unit.text[match.start() : match.end() + 20]):
            continue  # aggregated usage data is telemetry, not de-identified customer data
        if _NOTHING_LIMITS.search(unit.text):
            hits.append(Hit("contrary", unit, "deidentification.contrary.use_of_deidentified_data_unlimited", 0.75))
        elif _NEGATION.search(before) or _DEID_LIMIT.search(unit.text):
            hits.append(Hit("present", unit, "deidentification.present.deidentification_limited", 0.75))
        elif _permits_deidentified_use(unit.text, match.start()):
            hits.append(Hit("contrary", unit, "deidentification.contrary.may_deidentify_and_use", 0.8))
    return decide("deidentification", hits, ("contrary", "present"))


_NOTHING_LIMITS = rx(r"\bnothing\s+in\s+this\s+\w+\s+(?:shall\s+)?(?:limits?|restricts?|prevents?|prohibits?)")


def _permits_deidentified_use(text: str, position: int) -> bool:
    # The permission must govern the de-identified data: "may de-identify", "may use anonymised data", not an
    # audit right that merely mentions de-identified records.
    if rx(r"\b(?:audit\w*|inspect\w*)\b").search(text):
        return False
    if rx(r"\b(?:will\s+be\s+free|be\s+retained,\s+processed)").search(text):
        return True
    return any(abs(position - m.end()) <= 120 for m in _PERMISSION.finditer(text))


def _deid_stems(view: DocumentView) -> tuple[str, ...]:
    defined = tuple(term.split()[0].lower() for term in view.defined_terms(rx(_DEID)))
    return ("identif", "deidentif", "anonymi", "pseudonymi", "aggregat", *defined)


def _deid_pattern(view: DocumentView) -> str:
    return "|".join([_DEID, *(re.escape(term) for term in view.defined_terms(rx(_DEID)))])


def _vendor_permission_after(text: str) -> bool:
    return bool(rx(r"\b(?:that|agrees\s+that)\s+\w+\s+(?:may|can|shall\s+have\s+the\s+right)").search(text))
