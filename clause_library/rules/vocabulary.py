"""Shared vocabulary of agreements: parties, data, modality, negation and exceptions, as regex fragments.

Fragments are written for the variety of drafting (many law firms, many vendors), never for one document: every
alternation lists the synonyms lawyers use, and verbs accept their inflections. They are lower-case and meant to
be compiled with re.IGNORECASE by the rule modules.
"""

import re

from clause_library.literals import LiteralPattern, compile_literal

# Who is bound. The vendor is the party receiving the data; the customer is the one disclosing it.
VENDOR = (
    r"(?:business\s+associates?|vendors?|(?:service\s+)?providers?|suppliers?|(?:sub-?)?processors?|"
    r"(?:sub-?)?contractors?|licensors?|company|we|us)"
)
CUSTOMER = (
    r"(?:covered\s+entit(?:y|ies)|customers?|clients?|controllers?|you|users?|licensees?|subscribers?|"
    r"data\s+exporters?|organi[sz]ations?|"
    # Healthcare BAAs often name the covered entity by its kind; capitals keep "in practice" or "plan" out.
    r"(?-i:(?:the\s+)?(?:Practice|Hospital|Clinic|Health\s+System|Health\s+Plan|Medical\s+Group|Physician\s+Group)))"
)
# A party's name used as an adjective names its data or account, not the party acting: "Customer Data".
NOT_ACTING = (
    r"(?!['’]s\b|\s+(?:data|content|personal|information|materials|inputs?|outputs?|prompts?|files|account|usage))"
)

# What is protected. Order matters only for readability; matching is by alternation.
CUSTOMER_DATA = (
    r"(?:protected\s+health\s+information|e?phi|personal\s+(?:data|information)|"
    r"(?:customer|client|controller|user|company|your|api)(?:[’']s)?\s+(?:personal\s+)?"
    r"(?:data|content|information|inputs?|outputs?|prompts?|materials|files|submissions)|"
    r"inputs?\s+(?:and|or|and/or)\s+outputs?|inputs?|outputs?|prompts?|completions?|content|submissions?|"
    r"uploads?|conversations?|audio|voices?|recordings?|transcripts?|files|data)"
)

# Modal verbs and phrases that grant a permission to the party before them.
PERMISSION = (
    r"(?:may|can|might|(?:is|are|shall\s+be|will\s+be)\s+(?:permitted|entitled|allowed|authori[sz]ed|free)\s+to|"
    r"(?:shall|will)\s+have\s+(?:the|a|an)\s+(?:\w+\s+)?right\s+to|(?:has|have)\s+(?:the|a)\s+(?:right|ability)\s+to|"
    r"reserves?\s+the\s+right\s+to|retains?\s+the\s+right\s+to|(?:grant|give)s?\s+(?:to\s+)?\w+[^.;]{0,200}?"
    r"(?:licen[cs]e|right)s?\s+to)"
)
OBLIGATION = r"(?:shall|will|must|agrees?\s+to|undertakes?\s+to|(?:is|are)\s+(?:required|obligated)\s+to|commits?\s+to)"
NEGATION = (
    r"(?:\bnot\b|\bnever\b|\bno\b|\bnor\b|n[’']t\b|\bneither\b|\bprohibited\b|\brefrains?\b|\bwithout\s+"
    r"(?:your|the\s+customer[’']?s?|customer[’']?s?|covered\s+entity[’']?s?|prior|express)[^.;]{0,40}?"
    r"(?:consent|authori[sz]ation|approval|permission))"
)
EXCEPTION = (
    r"(?:\bexcept\b|\bunless\b|\bother\s+than\b|\bsave\s+(?:as|where|for)\b|\bexcluding\b|\bprovided\s+(?:that|however)\b|"
    r"\bopt(?:s|ed|ing)?[\s-](?:in|out)\b|\bwith\s+your\s+(?:consent|permission)\b|\bif\s+you\s+(?:choose|elect|agree|consent|opt))"
)

# Who does a verb: the party mentioned nearest before it in the same clause.
_PARTY = compile_literal(
    rf"\b(?P<customer>{CUSTOMER})\b{NOT_ACTING}|\b(?P<vendor>{VENDOR})\b{NOT_ACTING}", re.IGNORECASE
)
_CLAUSE_BREAK = compile_literal(
    r"(?P<list>[;:]|\.\s|\(\s*[a-z0-9ivx]{1,4}\s*\)\s)|(?P<sub>\b(?:that|which|who|whether|if|where)\b)", re.IGNORECASE
)


def actor_before(text: str, position: int, *, parties: LiteralPattern = _PARTY) -> str | None:
    """'vendor', 'customer' or None: the party named last before `position`, within its clause.

    When the clause names nobody ("you will (i) ...; and (ii) notify us"), the subject is looked for in the
    clauses before it, but never across "that", "which" or "if": a subordinate clause has its own subject.
    `parties` is a pattern with the groups `customer` and `vendor`; documents add the names they define.
    """
    window = text[max(0, position - 400) : position]
    end = len(window)
    for brk in reversed([None, *_CLAUSE_BREAK.finditer(window)]):
        start = brk.end() if brk else 0
        found = _last_party(window[start:end], parties)
        if found:
            return found
        if brk is None or brk.group("sub"):
            return None
        end = brk.start()
    return None


def _last_party(segment: str, parties: LiteralPattern) -> str | None:
    last = None
    for match in parties.finditer(segment):
        last = "customer" if match.group("customer") else "vendor"
    return last
