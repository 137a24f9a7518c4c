"""Sentences of a normalised text, with page, clause number, heading and character offsets.

Decisions, for readable evidence:
- A line is a paragraph and a sentence never crosses a line; a heading line is a unit of its own.
- A list written inside one paragraph ("shall: (a) report ...; (b) notify ...") stays one sentence, so that
  the evidence keeps its subject ("Business Associate shall"); a list laid out one item per paragraph gives one
  unit per item, and each item carries its clause number ("4.2(b)") and the heading in force.
- No split after "e.g.", "i.e.", "U.S.", "Sec.", "No.", "Inc." or a clause number ("1.", "4.2", "(a)").
"""

from bisect import bisect_right
from dataclasses import dataclass, field

from clause_library.document import Page, Sentence
from clause_library.nlp import sentence_spans
from clause_library.numbering import ClauseNumber, Heading, clause_number, heading, item_kind

MAX_ITEM_DEPTH = 4
# Depth given to a heading without a number that is not set in capitals: a sub-heading of the clause in force.
SUBHEADING_DEPTH = 99


@dataclass
class _Context:
    """The clause number and headings in force while reading paragraphs in order."""

    base: str | None = None
    base_depth: int = 0
    items: list[tuple[str, str]] = field(default_factory=list)  # (kind, label) per list level
    headings: list[tuple[int, str]] = field(default_factory=list)  # (depth, text)

    @property
    def section(self) -> str | None:
        labels = "".join(f"({label})" for _, label in self.items)
        return (self.base or "") + labels or None

    @property
    def heading(self) -> str | None:
        return self.headings[-1][1] if self.headings else None

    def read(self, paragraph: str) -> None:
        number = clause_number(paragraph)
        found = heading(paragraph)
        depth = self._enter(number) if number else self._unnumbered_depth(paragraph, found)
        if found is not None and depth is not None:
            self.headings = [entry for entry in self.headings if entry[0] < depth]
            self.headings.append((depth, found.text))

    def _enter(self, number: ClauseNumber) -> int:
        if number.base is not None:
            self.base = number.base
            self.base_depth = 0 if number.kind == "article" else number.base.count(".") + 1
            self.items = []
        for label in number.items:
            kind = item_kind(label, self.items)
            kinds = [entry[0] for entry in self.items]
            self.items = self.items[: kinds.index(kind)] if kind in kinds else self.items[: MAX_ITEM_DEPTH - 1]
            self.items.append((kind, label))
        depth = self.base_depth + len(self.items)
        self.headings = [entry for entry in self.headings if entry[0] < depth]
        return depth

    def _unnumbered_depth(self, paragraph: str, found: Heading | None) -> int | None:
        if found is None or found.run_in:
            return None
        marks = len(paragraph) - len(paragraph.lstrip("#"))
        top_level = marks == 1 or (marks == 0 and found.text.isupper())
        if not top_level:
            return marks - 1 if marks else SUBHEADING_DEPTH
        self.base, self.base_depth, self.items, self.headings = None, 0, [], []
        return 0


def segment(text: str, pages: tuple[Page, ...] = ()) -> tuple[Sentence, ...]:
    """Every sentence of `text`; `text[s.start:s.end] == s.text` holds for each one."""
    line_starts, contexts = _paragraph_contexts(text)
    page_starts = [page.start for page in pages]
    sentences: list[Sentence] = []
    for span_start, span_end in sentence_spans(text):
        start, end = _trim(text, span_start, span_end)
        if start >= end:
            continue
        section, heading_text = contexts[bisect_right(line_starts, start) - 1]
        page = pages[max(bisect_right(page_starts, start) - 1, 0)].number if pages else 1
        sentences.append(Sentence(text[start:end], start, end, page=page, section=section, heading=heading_text))
    return tuple(sentences)


def _paragraph_contexts(text: str) -> tuple[list[int], list[tuple[str | None, str | None]]]:
    """The start of every line and the (section, heading) in force in it."""
    context = _Context()
    starts: list[int] = []
    contexts: list[tuple[str | None, str | None]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            context.read(line)
        starts.append(offset)
        contexts.append((context.section, context.heading))
        offset += len(line) + 1
    return starts, contexts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
