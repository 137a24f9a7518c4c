"""A document as the rules see it: clause units (sentences rejoined where extraction broke them) and its parties.

A unit is one sentence, or several consecutive segments when a line break cut a sentence in two (PDF text and
plain-text exports often break lines mid-sentence). Rules match units; evidence lists the unit's own sentences, so
offsets still cut exactly the quoted sentence from the document text.
"""

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from clause_library.document import Document, Sentence
from clause_library.literals import LiteralPattern, compile_literal, lowered_text
from clause_library.rules.vocabulary import CUSTOMER, NOT_ACTING, VENDOR, actor_before

_WORD = re.compile(r"[a-z0-9]+")
_OPEN_ENDING = re.compile(
    r"\b(?:of|the|a|an|to|within|and|or|by|for|in|with|any|all|its|their|that|than|from|under|on|at|as)\s*$", re.I
)
_MODAL = compile_literal(r"\b(?:shall|will|must|may|agrees?\s+to|undertakes?\s+to)\b", re.IGNORECASE)
_ABBREVIATION = compile_literal(
    r"\b(?:U\.S\.(?:A\.)?|e\.g\.|i\.e\.|etc\.|Inc\.|Ltd\.|Co\.|No\.|Sec\.|Art\.|cf\.|vs\.)(?=\s)"
)
_TERMINAL = re.compile(r"[.;:!?][)\]”\"’']*\s*$")
_MAX_PARTS = 8
_DEFINITION = compile_literal(
    r"^\W*(?:\(?[\da-z]{1,4}[.)]\s*)*(?:the\s+(?:term|definition\s+of)\s+)?[“\"‘'][^”\"’]{1,80}[”\"’']\s*"
    r"(?:\([^)]{0,60}\)\s*)?(?:shall\s+)?(?:means?|has\s+the\s+meaning|refers?\s+to|is\s+defined|includes|shall\s+have)\b"
    r"|^\W*[A-Z][\w\s-]{0,50}?\s+(?:shall\s+)?means\s",
    re.IGNORECASE,
)
_LIST_ITEM = compile_literal(r"^\s*(?:[*•·-]|\(?[a-z0-9]{1,4}[.)]|\(?[ivx]{1,5}[.)]|\d+(?:\.\d+)+\.?)\s", re.IGNORECASE)
_DEFINED_TERM = re.compile(r"^\W*(?:\(?[\da-z]{1,4}[.)]\s*)*[“\"']?([A-Z][\w -]{2,40}?)[”\"']?\s+(?:shall\s+)?means\b")
_RECITAL = compile_literal(r"^\W*(?:whereas|recitals?\b|background\b)", re.IGNORECASE)
_QUOTED_GROUP = compile_literal(
    r"\((?:the\s+|each\s+|collectively\s+)?(?P<group>[“\"][^)]{1,120}?[”\"])[^)]{0,40}\)|"
    r"(?P<list>(?:[“\"][^”\"]{1,30}[,]?[”\"]\s*,?\s*(?:and\s+|or\s+)?){2,6})\s+(?:refer|mean)",
    re.IGNORECASE,
)
_QUOTED_NAME = re.compile(r"[“\"]([^”\"]{1,40}?)[,]?[”\"]")
_COUNTERPARTY_DEF = compile_literal(
    r"[“\"](?P<name>[A-Z][\w .&-]{1,30})[”\"]\s+means\s+(?:the|any|an?)\s+(?:entity|company|organi[sz]ation|person|"
    r"party|customer|business)[^.]{0,40}?\b(?:that|who|which)\s+(?:has\s+)?(?:entered|enters|agreed|agrees|accept|use)",
    re.IGNORECASE,
)
# The two patterns below run over the whole document. Each starts a name at a capital that begins a word, written
# `[A-Z](?<!\w\w)` rather than `\b[A-Z]` (the same positions): a pattern that opens with a character class lets the
# regex engine skip to the next capital in C instead of trying every position.
_ROLE_STATEMENT = re.compile(
    r"(?P<vendor>[A-Z](?<!\w\w)[\w&-]*(?: [A-Z][\w&-]*){0,3}) (?:is|acts as|shall act as|will act as) "
    r"(?P<customer>[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,3})['’]s? (?:business associate|(?:data )?processor|subcontractor)\b"
)
_ROLE_WORDS = ("business associate", "processor", "subcontractor")
_CORPORATE = re.compile(r"(?:inc|llc|ltd|limited|gmbh|corp|corporation|plc|s\.?a\.?s?|b\.?v|ag|sarl|co)\.?,?\s*$", re.I)
_SUBJECT_NAME = compile_literal(r"([A-Z](?<!\w\w)[A-Za-z]{1,20}(?:\s[A-Z][A-Za-z]{1,20})?)\s+(?:shall|will|may|must)\b")
_NOT_NAMES = frozenset(
    "this the such each either neither party parties agreement services service any all no it they he she "
    "these those that dpa baa terms section schedule annex exhibit customer client controller you we company "
    "processor vendor provider supplier licensor user users covered entity business associate data subject "
    "applicable law nothing notice if in upon".split()
)
_CUSTOMER_WORDS = re.compile(rf"^(?:the\s+)?{CUSTOMER}$", re.IGNORECASE)
_VENDOR_WORDS = re.compile(rf"^(?:the\s+)?{VENDOR}$", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class Unit:
    """One logical sentence: the segments it spans and its joined text.

    A unit equals only itself: the units of a view are distinct, and comparing their sentences field by field made
    deduplicating evidence a noticeable share of detection.
    """

    index: int
    sentences: tuple[Sentence, ...]
    text: str
    paragraph: int

    @cached_property
    def is_definition(self) -> bool:
        return bool(_DEFINITION.match(self.text))

    @cached_property
    def is_heading(self) -> bool:
        # Splitting stops after the ninth word: a longer unit is no heading, however long it is.
        return len(self.text.split(None, 8)) <= 8 and not _TERMINAL.search(self.text)

    @cached_property
    def is_recital(self) -> bool:
        return bool(_RECITAL.match(self.text))

    @property
    def decides_nothing(self) -> bool:
        """Definitions, headings and recitals mention the words of a provision but bind nobody."""
        return self.is_heading or self.is_recital or self.is_definition  # cheapest first


@dataclass
class DocumentView:
    """The units of a document, its party names, and per-pattern caches for the rules."""

    document: Document
    units: tuple[Unit, ...] = field(init=False)
    parties: LiteralPattern = field(init=False)
    _cache: dict[str, tuple[Unit, ...]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.units = _units(self.document)
        self.parties = _party_pattern(self.document.text)

    def matching(
        self, pattern: LiteralPattern, stems: tuple[str, ...] = (), *, binding_only: bool = True
    ) -> tuple[Unit, ...]:
        """Units where `pattern` matches; by default skipping definitions, headings and recitals.

        `stems` are word beginnings of which every match of `pattern` contains at least one: a cheap word index
        picks the candidate units, so the full pattern runs on a few sentences rather than the whole document.
        """
        key = f"{pattern.pattern}|{binding_only}"
        if key not in self._cache:
            candidates = self._candidates(stems) if stems else self.units
            if binding_only:
                candidates = self._binding(candidates)
            search = pattern.search
            self._cache[key] = tuple(unit for unit in candidates if search(unit.text))
        return self._cache[key]

    def _binding(self, units: tuple[Unit, ...]) -> list[Unit]:
        """The units that bind someone. Whether a unit decides nothing is read once per unit, on first need."""
        binds = self._binds
        for unit in units:
            if binds[unit.index] is None:
                binds[unit.index] = not unit.decides_nothing
        return [unit for unit in units if binds[unit.index]]

    @cached_property
    def _binds(self) -> list[bool | None]:
        return [None] * len(self.units)

    def _candidates(self, stems: tuple[str, ...]) -> tuple[Unit, ...]:
        vocabulary = self._vocabulary
        word_index = self._word_index
        indices: set[int] = set()
        for stem in stems:
            position = bisect_left(vocabulary, stem)
            while position < len(vocabulary) and vocabulary[position].startswith(stem):
                indices.update(word_index[vocabulary[position]])
                position += 1
        units = self.units
        return tuple(units[i] for i in sorted(indices))

    @cached_property
    def _vocabulary(self) -> list[str]:
        return sorted(self._word_index)

    @cached_property
    def _word_index(self) -> dict[str, list[int]]:
        """The units each word appears in, in order."""
        index: dict[str, list[int]] = {}
        get = index.get
        for unit in self.units:
            for word in set(_WORD.findall(lowered_text(unit.text) or unit.text.lower())):
                units = get(word)
                if units is None:
                    index[word] = [unit.index]
                else:
                    units.append(unit.index)
        return index

    def actor(self, unit: Unit, position: int) -> str | None:
        """'vendor', 'customer' or None for the party that does what is written at `position` in the unit.

        A list item without a subject ("(b) notify the customer ...") takes the subject of the list's lead-in.
        """
        actor = actor_before(unit.text, position, parties=self.parties)
        if actor is None:
            header = self.header(unit)
            if header is not None:
                # The lead-in's subject is the party before its last modal: "Business Associate agrees to report to
                # Covered Entity:" is Business Associate's promise.
                modals = list(_MODAL.finditer(header.text))
                at = modals[-1].start() if modals else len(header.text)
                return actor_before(header.text, at, parties=self.parties)
        return actor

    def subject(self, unit: Unit, position: int) -> str | None:
        """The party bound by the unit's first modal before `position` ("Vendor shall provide Customer with logs")."""
        modal = _MODAL.search(unit.text, 0, position)
        return self.actor(unit, modal.start() if modal else position)

    def header(self, unit: Unit) -> Unit | None:
        """The lead-in ending with a colon that a list item belongs to, if the unit is a list item."""
        if not _LIST_ITEM.match(unit.text):
            return None
        for previous in reversed(self.units[max(0, unit.index - 12) : unit.index]):
            if previous.text.rstrip().endswith(":"):
                return previous
            if not _LIST_ITEM.match(previous.text):
                return None
        return None

    def defined_terms(self, meaning: LiteralPattern) -> tuple[str, ...]:
        """Terms the agreement defines with a definition matching `meaning` ("Usage Data" means aggregated ...)."""
        key = f"terms|{meaning.pattern}"
        if key not in self._cache:
            terms = []
            for unit in self.units:
                if unit.is_definition and meaning.search(unit.text):
                    term = _DEFINED_TERM.match(unit.text)
                    if term:
                        terms.append(term.group(1))
            self._cache[key] = tuple(terms)  # type: ignore[assignment]
        return self._cache[key]  # type: ignore[return-value]

    def following(self, unit: Unit, count: int = 2, *, span: int = 1) -> tuple[Unit, ...]:
        """The next `count` units, within `span` paragraphs of this one (1: this paragraph and the next)."""
        after = self.units[unit.index + 1 : unit.index + 1 + count]
        return tuple(u for u in after if u.paragraph - unit.paragraph <= span)


def _units(document: Document) -> tuple[Unit, ...]:
    units: list[Unit] = []
    group: list[Sentence] = []
    paragraph = 0
    previous_end = 0
    for sentence in document.sentences:
        gap = document.text[previous_end : sentence.start]
        if "\n" in gap and group and not _continues(group[-1], sentence):
            units.append(_unit(len(units), group, document.text, paragraph))
            group = []
        if "\n" in gap:
            paragraph += 1
        if group and (_TERMINAL.search(group[-1].text) or len(group) >= _MAX_PARTS):
            units.append(_unit(len(units), group, document.text, paragraph))
            group = []
        group.append(sentence)
        previous_end = sentence.end
    if group:
        units.append(_unit(len(units), group, document.text, paragraph))
    return tuple(units)


def _continues(previous: Sentence, sentence: Sentence) -> bool:
    # A line that ends without punctuation, followed by a line starting in lower case or a number, or after a
    # word that cannot end a sentence, is one sentence broken in two.
    if _TERMINAL.search(previous.text):
        return False
    first = sentence.text[:1]
    return first.islower() or first.isdigit() or bool(_OPEN_ENDING.search(previous.text))


def _unit(index: int, sentences: list[Sentence], text: str, paragraph: int) -> Unit:
    joined = " ".join(s.text.strip() for s in sentences)
    return Unit(index=index, sentences=tuple(sentences), text=_plain(joined), paragraph=paragraph)


def _plain(text: str) -> str:
    # Curly quotes and odd spaces vary by publisher; the rules match straight ones. Abbreviations lose their
    # full stops so that "U.S. Department" does not read as the end of a sentence.
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("\u200d", "")
    return _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)


def _party_pattern(text: str) -> LiteralPattern:
    vendor_names, customer_names = _defined_parties(text)
    vendor_names |= _frequent_subjects(text) - customer_names
    customer = "|".join([CUSTOMER, *sorted(map(re.escape, customer_names), key=len, reverse=True)])
    vendor = "|".join([*sorted(map(re.escape, vendor_names - customer_names), key=len, reverse=True), VENDOR])
    return compile_literal(
        rf"\b(?P<customer>{customer})\b{NOT_ACTING}|\b(?P<vendor>{vendor})\b{NOT_ACTING}", re.IGNORECASE
    )


def _defined_parties(text: str) -> tuple[set[str], set[str]]:
    vendor: set[str] = set()
    customer: set[str] = set()
    for match in _QUOTED_GROUP.finditer(text):
        names = [n.strip() for n in _QUOTED_NAME.findall(match.group(0))]
        lowered = {n.lower() for n in names}
        before = text[max(0, match.start() - 40) : match.start()]
        if any(_CUSTOMER_WORDS.match(n) for n in names):
            customer.update(n for n in names if not _CUSTOMER_WORDS.match(n))
        elif any(_VENDOR_WORDS.match(n) for n in names):
            vendor.update(n for n in names if not _VENDOR_WORDS.match(n))
        elif lowered & {"we", "us", "our"} or _CORPORATE.search(before):
            vendor.update(n for n in names if n.lower() not in {"we", "us", "our"} and not _VENDOR_WORDS.match(n))
        elif lowered & {"you", "your"}:
            customer.update(n for n in names if n.lower() not in {"you", "your"} and not _CUSTOMER_WORDS.match(n))
    for match in _COUNTERPARTY_DEF.finditer(text):
        customer.add(match.group("name"))
    # Both parties are often companies, so a corporate suffix alone cannot tell them apart; a sentence that says
    # which one is the other's business associate (or processor) can, and it wins.
    for match in _role_statements(text):
        vendor.add(match.group("vendor"))
        customer.add(match.group("customer"))
        vendor.discard(match.group("customer"))
        customer.discard(match.group("vendor"))
    return {n for n in vendor if len(n) > 1}, {n for n in customer if len(n) > 1}


def _role_statements(text: str) -> Iterator[re.Match[str]]:
    """_ROLE_STATEMENT's matches in `text`, in order, searched only in the lines that name a role.

    A match never crosses a line (it is spelled with spaces and word characters) and always contains one of
    _ROLE_WORDS, so the other lines, most of a long agreement, cannot hold one.
    """
    lines: set[tuple[int, int]] = set()
    for word in _ROLE_WORDS:
        found = text.find(word)
        while found != -1:
            end = text.find("\n", found)
            end = len(text) if end == -1 else end
            lines.add((text.rfind("\n", 0, found) + 1, end))
            found = text.find(word, end)
    for start, end in sorted(lines):
        yield from _ROLE_STATEMENT.finditer(text, start, end)


def _frequent_subjects(text: str) -> set[str]:
    counts = Counter(m.group(1) for m in _SUBJECT_NAME.finditer(text) if m.group(1).lower() not in _NOT_NAMES)
    return {name for name, count in counts.items() if count >= 3 and not _CUSTOMER_WORDS.match(name)}
