"""The one spaCy pipeline of the process: a blank English model with rule-based sentences and lookup lemmas.

Trained pipelines are not used (they cannot be installed here); spacy-lookups-data supplies the lemma tables.
Built once per process and reused by segmentation and matching.
"""

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp
