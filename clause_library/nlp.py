"""The one spaCy pipeline of the process: a blank English model with rule-based sentences and lookup lemmas.

Trained pipelines are not used (they cannot be installed here); spacy-lookups-data supplies the lemma tables.
Built once per process and reused by segmentation and matching. Sentence boundaries are computed on token
attribute arrays, never on Token objects: creating a Token per token was most of the cost of segmenting.
"""

import re
import sys
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
    arrays = doc.to_array([ORTH, IS_PUNCT, IS_SPACE, IDX, LENGTH])
    offsets, lengths = arrays[:, 3].astype("int64"), arrays[:, 4].astype("int64")
    spaces = arrays[:, 2].astype(bool)
    starts = numpy.where(_punctuation_starts(arrays[:, 0], arrays[:, 1].astype(bool)), 1, -1)
    for index in numpy.flatnonzero(starts == 1)[1:]:
        if spaces[index] or _continues_sentence(text, offsets, lengths, int(index)):
            starts[index] = -1
    line_openings = numpy.array([match.start(1) for match in LINE_OPENING.finditer(text)], dtype="int64")
    starts[numpy.isin(offsets, line_openings)] = 1
    starts[spaces] = -1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
    return doc


def _punctuation_starts(orth: numpy.ndarray, is_punct: numpy.ndarray) -> numpy.ndarray:
    """spaCy's sentencizer on arrays: a token that is not punctuation, with a sentence-ending mark since the last
    token that was not punctuation, starts a sentence."""
    ends = numpy.isin(orth, SENTENCE_PUNCT)
    punctuation = is_punct | ends
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


def sentence_doc(text: str) -> Doc:
    """Tokens and sentence boundaries only (no lemmas), for segmenting a whole document.

    The tokenizer is run on a copy with line breaks turned into spaces, which has the same offsets: spaCy caches
    the analysis of space-separated chunks, and chunks glued by line breaks miss that cache (on 50 pages, 0.04 s
    against 1.4 s). Line starts are taken from the real text.
    """
    return mark_boundaries(get_nlp().make_doc(text.replace("\n", " ")), text)
