"""The one spaCy pipeline of the process: a blank English model with rule-based sentences and lookup lemmas.

Trained pipelines are not used (they cannot be installed here); spacy-lookups-data supplies the lemma tables.
Built once per process and reused by segmentation and matching.
"""

from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from clause_library.numbering import ABBREVIATIONS, clause_number

SENTENCE_PIPES = ("sentencizer", "legal_sentence_boundaries")


@Language.component("legal_sentence_boundaries")
def legal_sentence_boundaries(doc: Doc) -> Doc:
    """Correct the sentencizer for legal text.

    A line is a paragraph, so a sentence never crosses a line break; a full stop after an abbreviation ("Sec.",
    "No.", "Inc.") or a clause number ("1.", "Section 5.") ends nothing, and neither does one before a lowercase
    word. "e.g.", "i.e." and "U.S." are single tokens the sentencizer already leaves alone.
    """
    if len(doc) < 2:
        return doc
    # Written back in one array: setting Token.is_sent_start scans the whole document each time.
    starts = doc.to_array(SENT_START).astype("int64")  # -1 "not a start", 0 unknown, 1 start
    text = doc.text  # built on each access: read it once
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            starts[token.i] = -1 if token.is_space else 1
        elif starts[token.i] == 1 and _continues_sentence(doc, text, token):
            starts[token.i] = -1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
    return doc


def _continues_sentence(doc: Doc, text: str, token: Token) -> bool:
    if token.is_space or token.text[0].islower():
        return True
    previous = doc[token.i - 1]
    if previous.text != "." or token.i < 2:
        return False
    if f"{doc[token.i - 2].text.lower()}." in ABBREVIATIONS:
        return True
    line_start = text.rfind("\n", 0, token.idx) + 1
    opening = text[line_start : token.idx].rstrip()
    number = clause_number(opening)
    return number is not None and number.end >= len(opening)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("legal_sentence_boundaries")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def sentence_doc(text: str) -> Doc:
    """Tokens and sentence boundaries only: the lemmatizer is skipped, segmentation does not need lemmas."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    for name in SENTENCE_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc
