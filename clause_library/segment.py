"""Sentences of a normalised text, with page, section number and character offsets.

Interim version: spaCy's sentencizer over each line. Section numbers and headings are added by the full
segmenter.
"""

from clause_library.document import Page, Sentence
from clause_library.nlp import get_nlp


def segment(text: str, pages: tuple[Page, ...] = ()) -> tuple[Sentence, ...]:
    nlp = get_nlp()
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for sent in nlp(line).sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                sentences.append(Sentence(text=text[start:end], start=start, end=end, page=_page_of(start, pages)))
        offset += len(line) + 1
    return tuple(sentences)


def _page_of(position: int, pages: tuple[Page, ...]) -> int:
    for page in pages:
        if page.start <= position < page.end:
            return page.number
    return 1
