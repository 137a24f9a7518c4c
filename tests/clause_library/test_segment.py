"""Segmentation for legal text: sentence boundaries, clause numbers, headings, pages and exact offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clause_library import nlp
from clause_library.document import Page
from clause_library.segment import segment


def _texts(text: str) -> list[str]:
    return [sentence.text for sentence in segment(text)]


def test_abbreviations_and_clause_numbers_do_not_end_sentences() -> None:
    text = "Under Sec. 4 and No. 5, Acme Inc. must act, e.g. in the U.S., i.e. here, per Section 4.2(b) and (a). Next."

    assert _texts(text) == [text[:-6], "Next."]


def test_a_numbered_heading_is_its_own_unit_and_not_split_after_its_number() -> None:
    assert _texts("1. DEFINITIONS\nSection 5. Term and Termination\nThe term is one year.") == [
        "1. DEFINITIONS",
        "Section 5. Term and Termination",
        "The term is one year.",
    ]


def test_an_inline_list_stays_one_sentence_so_the_evidence_keeps_its_subject() -> None:
    text = "Vendor shall: (a) encrypt data; (b) log access; and (c) report breaches."

    assert _texts(text) == [text]


def test_sentences_carry_the_clause_number_and_heading_in_force() -> None:
    text = (
        "ARTICLE IV - SECURITY\n"
        "4.1 Safeguards. Vendor shall encrypt data.\n"
        "(a) at rest;\n"
        "(i) with AES;\n"
        "(ii) with managed keys;\n"
        "(b) in transit.\n"
        "4.2 Vendor shall log access.\n"
        "RECITALS\n"
        "The parties agree."
    )
    found = [(s.text, s.section, s.heading) for s in segment(text)]

    assert found == [
        ("ARTICLE IV - SECURITY", "Article IV", "SECURITY"),
        ("4.1 Safeguards.", "4.1", "Safeguards"),
        ("Vendor shall encrypt data.", "4.1", "Safeguards"),
        ("(a) at rest;", "4.1(a)", "Safeguards"),
        ("(i) with AES;", "4.1(a)(i)", "Safeguards"),
        ("(ii) with managed keys;", "4.1(a)(ii)", "Safeguards"),
        ("(b) in transit.", "4.1(b)", "Safeguards"),
        ("4.2 Vendor shall log access.", "4.2", "SECURITY"),
        ("RECITALS", None, "RECITALS"),
        ("The parties agree.", None, "RECITALS"),
    ]


def test_a_citation_at_the_start_of_a_sentence_is_not_a_clause_number() -> None:
    sentences = segment("7. FEES\nSection 4.2 applies to every invoice.")

    assert sentences[-1].section == "7"


def test_the_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    text = "1. LIST\n(h) eighth item;\n(i) ninth item."

    assert segment(text)[-1].section == "1(i)"


def test_a_line_that_opens_with_a_quote_mark_or_a_bracket_starts_its_sentence_with_it() -> None:
    text = 'The parties agree.\n"Customer Data" means all data.\n“Breach” means a breach.\n(A) Vendor shall notify.'

    assert _texts(text) == [
        "The parties agree.",
        '"Customer Data" means all data.',
        "“Breach” means a breach.",
        "(A) Vendor shall notify.",
    ]


def test_each_sentence_knows_the_page_it_starts_on() -> None:
    text = "First page sentence.\nSecond page sentence. Another one."
    pages = (Page(number=1, start=0, end=21), Page(number=2, start=21, end=len(text)))

    assert [s.page for s in segment(text, pages)] == [1, 2, 2]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .;()1\n\u00a0\tIV4§-"), max_size=120))
def test_offsets_always_cut_the_sentence_out_of_the_text(text: str) -> None:
    sentences = segment(text)

    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text for s in sentences)
    assert all("\n" not in s.text for s in sentences)
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_sentence_starts_on_token_arrays_agree_with_spacys_sentencizer_on_plain_prose() -> None:
    # Capitalised sentences without abbreviations or line breaks: the legal corrections change nothing, so the
    # array-based rule must split exactly where spaCy's own sentencizer does, closing quotes and "?!" included.
    import spacy

    text = (
        'Vendor shall notify Customer. Customer may ask "Why?" Then Vendor answers!! Notice is given (in writing). '
        "Each party agrees… Records are kept; Logs are kept. Done"
    )
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")

    assert _texts(text) == [span.text.strip() for span in reference(text).sents]


BLOCK = (
    "DEFINITIONS AND DUTIES\n"
    "1. Scope. Vendor shall encrypt data, e.g. at rest. Acme Inc. agrees.\n"
    '"Breach" means an incident under Sec. 4.2 of the U.S. rules.\n'
    "(a) report within 10 days;\n"
    "  (b) notify Customer.\n"
    "\n"
    "No. 5 applies. see above. Then stop? Yes!\n"
    "2.1 Records.\n"
    ". Stray mark. Done"
)


@pytest.mark.parametrize("chunk_characters", [None, 1, 90])
def test_copies_of_a_block_give_copies_of_its_sentences(
    monkeypatch: pytest.MonkeyPatch, chunk_characters: int | None
) -> None:
    # A long document is tokenised in chunks; where the chunks are cut must not show in the sentences.
    if chunk_characters is not None:
        monkeypatch.setattr(nlp, "CHUNK_CHARACTERS", chunk_characters)
    copies = 30 if chunk_characters else 2 * nlp.CHUNK_CHARACTERS // len(BLOCK) + 5
    text = "\n".join([BLOCK] * copies)
    one = [(s.text, s.start, s.section, s.heading) for s in segment(BLOCK)]

    sentences = segment(text)

    assert len(one) == 13  # a line opening with a quote mark or a full stop keeps it in its first sentence
    assert len(sentences) == copies * len(one)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    shift = len(BLOCK) + 1
    for index, sentence in enumerate(sentences):
        copy, position = divmod(index, len(one))
        expected_text, expected_start, section, heading = one[position]
        assert (sentence.text, sentence.start, sentence.section, sentence.heading) == (
            expected_text,
            expected_start + copy * shift,
            section,
            heading,
        )
