"""The one spaCy pipeline of the process: a blank English model with rule-based sentences and lookup lemmas.

Trained pipelines are not used (they cannot be installed here); spacy-lookups-data supplies the lemma tables.
Built once per process and reused by segmentation and matching. Sentence boundaries are computed on token
attribute arrays, never on Token objects: creating a Token per token was most of the cost of segmenting.
"""

import gc
import re
import sys
from collections.abc import Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.lookups import Table
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string
from spacy.tokens import Doc

from clause_library.numbering import ABBREVIATIONS, clause_number

# The first visible character of every line.
LINE_OPENING = re.compile(r"^[^\S\n]*(\S)", re.MULTILINE)
# spaCy's sentencizer ends a sentence after a token that is one of these characters.
SENTENCE_PUNCT = numpy.array(sorted(hash_string(char) for char in Sentencizer.default_punct_chars), dtype="uint64")
# Characters tokenised at a time when segmenting a whole document (see sentence_spans).
CHUNK_CHARACTERS = 20_000


@Language.component("legal_sentence_boundaries")
def legal_sentence_boundaries(doc: Doc) -> Doc:
    """Sentence starts for legal text (see mark_boundaries)."""
    return mark_boundaries(doc, doc.text)


def mark_boundaries(doc: Doc, text: str) -> Doc:
    """Sentence starts for legal text; `text` has the document's line breaks, which `doc` may have as spaces.

    The sentencizer's rule first: a sentence starts at the first non-punctuation token after a ".", "!", "?" or
    similar. Then, for legal text: a line is a paragraph, so its first word starts a sentence and no sentence
    crosses a line break. A full stop after an abbreviation ("Sec.", "No.", "Inc.") or a clause number ("1.",
    "Section 5.") ends nothing, nor does one before a lowercase word. "e.g.", "i.e." and "U.S." are single tokens.
    """
    if len(doc) < 2:
        return doc
    doc.from_array([SENT_START], _sentence_starts(doc, text).reshape(-1, 1).astype("uint64"))
    return doc


def _sentence_starts(doc: Doc, text: str) -> numpy.ndarray:
    """1 for a token that starts a sentence, -1 for one that does not (see mark_boundaries); `doc` has 2+ tokens."""
    arrays = doc.to_array([ORTH, IS_PUNCT, IS_SPACE, IDX, LENGTH])
    offsets, lengths = arrays[:, 3].astype("int64"), arrays[:, 4].astype("int64")
    spaces = arrays[:, 2].astype(bool)
    punctuation = arrays[:, 1].astype(bool) | numpy.isin(arrays[:, 0], SENTENCE_PUNCT)
    starts = numpy.where(_punctuation_starts(arrays[:, 0], punctuation), 1, -1)
    for index in numpy.flatnonzero(starts == 1)[1:]:
        if spaces[index] or _continues_sentence(text, offsets, lengths, int(index)):
            starts[index] = -1
    line_openings = numpy.array([match.start(1) for match in LINE_OPENING.finditer(text)], dtype="int64")
    opening = numpy.isin(offsets, line_openings)
    # A line that opens with punctuation ('"Customer Data" means', "(A) Vendor shall") starts its sentence there;
    # its first word, which follows a full stop on the line before, starts nothing of its own.
    words = numpy.flatnonzero(~punctuation & ~spaces)
    following = numpy.searchsorted(words, numpy.flatnonzero(opening & punctuation), side="right")
    starts[words[following[following < len(words)]]] = -1
    starts[opening] = 1
    starts[spaces] = -1
    starts[0] = 1
    return starts


def _punctuation_starts(orth: numpy.ndarray, punctuation: numpy.ndarray) -> numpy.ndarray:
    """spaCy's sentencizer on arrays: a token that is not punctuation (`punctuation`: IS_PUNCT or a sentence-ending
    mark), with a sentence-ending mark since the last token that was not punctuation, starts a sentence."""
    ends = numpy.isin(orth, SENTENCE_PUNCT)
    words = numpy.flatnonzero(~punctuation)
    marks_before = numpy.concatenate(([0], numpy.cumsum(ends)))  # marks_before[i]: marks among tokens [0, i)
    previous_word = numpy.concatenate(([-1], words[:-1]))
    starts = numpy.zeros(len(orth), dtype=bool)
    starts[words] = marks_before[words] - marks_before[previous_word + 1] > 0
    starts[0] = True
    return starts


def _continues_sentence(text: str, offsets: numpy.ndarray, lengths: numpy.ndarray, index: int) -> bool:
    start = int(offsets[index])
    if text[start].islower():
        return True
    previous = int(offsets[index - 1])
    if text[previous : previous + int(lengths[index - 1])] != "." or index < 2:
        return False
    before = int(offsets[index - 2])
    if f"{text[before : before + int(lengths[index - 2])].lower()}." in ABBREVIATIONS:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    opening = text[line_start:start].rstrip()
    number = clause_number(opening)
    return number is not None and number.end >= len(opening)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("legal_sentence_boundaries")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    # spaCy refuses texts over a million characters to spare the memory of a parser and NER, which this pipeline
    # does not have; the engine bounds a document itself (Limits.max_characters, checked before segmenting).
    nlp.max_length = sys.maxsize
    return nlp


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], Table]:
    """The lemmas of spaCy's English lookup table and the table itself (inflected form -> lemma).

    Built once per process, with the pipeline (see warm_up): repairing hyphenated line ends needs it on every PDF.
    """
    table = get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return frozenset(table.values()), table


def warm_up() -> None:
    """Build everything a process builds once: the pipeline and the word list."""
    known_words()
    # The pipeline's hundred thousand or so objects live as long as the process: move them out of the garbage
    # collector's reach, so no collection during an analysis walks them again (about 8% of a 200-page analysis),
    # and, in the Celery worker's parent, forked children do not copy their pages when the collector touches them.
    gc.freeze()


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence of a whole document, as `Doc.sents` of a Doc made by mark_boundaries gives
    them (whitespace at either end included), without building a Doc of the whole document.

    The text is tokenised in chunks of about CHUNK_CHARACTERS, each cut just before a line whose first character
    is a letter or a digit. Such a line opens with a word, which starts a sentence whatever precedes it, and no
    rule looks back past it, so the boundaries inside a chunk are the ones the whole Doc would have: a Doc growing
    to the whole document (its reallocations and first-touched memory) made segmenting grow faster than the
    document. Each chunk is tokenised with line breaks turned into spaces, which keeps the offsets: spaCy caches
    the analysis of space-separated pieces, and pieces glued by line breaks miss that cache (on 50 pages, 0.04 s
    against 1.4 s). Line starts are taken from the real text.
    """
    tokenizer = get_nlp().tokenizer
    for chunk_start, chunk_end in _chunks(text):
        chunk = text[chunk_start:chunk_end]
        doc = tokenizer(chunk.replace("\n", " "))
        if not len(doc):
            continue
        arrays = doc.to_array([IDX, LENGTH]).astype("int64")
        ends = arrays[:, 0] + arrays[:, 1]
        firsts = numpy.flatnonzero(_sentence_starts(doc, chunk) == 1) if len(doc) > 1 else numpy.array([0])
        lasts = numpy.append(firsts[1:] - 1, len(doc) - 1)
        yield from zip((arrays[firsts, 0] + chunk_start).tolist(), (ends[lasts] + chunk_start).tolist(), strict=True)


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each cut before a line that opens with a letter or digit."""
    start = 0
    while len(text) - start > CHUNK_CHARACTERS:
        cut = text.find("\n", start + CHUNK_CHARACTERS) + 1
        while cut and not text[cut : cut + 1].isalnum():
            cut = text.find("\n", cut) + 1
        if not cut:
            break
        yield start, cut
        start = cut
    yield start, len(text)
