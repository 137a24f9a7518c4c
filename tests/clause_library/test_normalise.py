"""Normalisation repairs what PDF extraction breaks and leaves plain-text paragraphs exactly as written."""

from clause_library.normalise import normalise_pages, normalise_paragraphs, normalise_plain_text


def _page(number: int, body: str, total: int = 3) -> str:
    return f"Acme Health Confidential\r\n{body}\r\nPage {number} of {total}"


def test_running_headers_and_numbered_footers_are_removed() -> None:
    pages = [_page(1, "1. TERM"), _page(2, "2. SCOPE"), _page(3, "3. FEES")]

    assert normalise_pages(pages).text == "1. TERM\n2. SCOPE\n3. FEES"


def test_page_numbers_in_their_usual_forms_are_removed() -> None:
    pages = ["- 1 -\nVendor shall comply.", "Vendor shall pay.\n2", "Vendor shall act.\nPage 3", "iv\nDone.\n4 | Page"]

    text = normalise_pages(pages).text

    assert "1" not in text and "2" not in text and "3" not in text and "4" not in text


def test_body_lines_at_the_edge_of_a_page_are_kept_when_they_differ_from_page_to_page() -> None:
    names = ("one", "two", "three")
    pages = [f"Header\nClause {name} opens.\nMiddle of {name}.\nClause {name} ends.\nFooter" for name in names]

    assert normalise_pages(pages).text.split("\n") == [
        line for name in names for line in (f"Clause {name} opens.", f"Middle of {name}.", f"Clause {name} ends.")
    ]


def test_hyphenation_at_line_ends_is_undone_but_compounds_keep_their_hyphen() -> None:
    text = normalise_pages(
        ["Upon termi-\nnation the third-\nparty and sub-\nprocessor keep de-\nidentified data."]
    ).text

    assert text == "Upon termination the third-party and sub-processor keep de-identified data."


def test_ligatures_soft_hyphens_and_odd_spaces_are_repaired() -> None:
    text = normalise_pages(["The \ufb01nal o\ufb03cer's sof\u00adtware\u00a0and \ufb02ow\u200b."]).text

    assert text == "The final officer's software and flow."


def test_a_line_with_other_non_ascii_characters_keeps_them_and_still_gets_its_repairs() -> None:
    pages = ["Acme \u2014 \u201cthe \ufb01nal text\u201d \u00e9t\u00e9\n\u00a7 4 \u2014 the pre\x02", "paid fee."]

    assert (
        normalise_pages(pages).text
        == "Acme \u2014 \u201cthe final text\u201d \u00e9t\u00e9 \u00a7 4 \u2014 the prepaid fee."
    )


def test_lines_broken_mid_sentence_are_joined_and_numbered_clauses_start_paragraphs() -> None:
    raw = (
        "4. BREACH NOTIFICATION\n"
        "4.2(b) Vendor shall notify the Covered\nEntity within thirty\n(30) days after discovery of a\nBreach.\n"
        "(iii) Notice shall be in writing; and\n(iv) sent by e-mail.\n"
        "Section 5. Term\nARTICLE IV – CONFIDENTIALITY"
    )

    assert normalise_pages([raw]).text.split("\n") == [
        "4. BREACH NOTIFICATION",
        "4.2(b) Vendor shall notify the Covered Entity within thirty (30) days after discovery of a Breach.",
        "(iii) Notice shall be in writing; and",
        "(iv) sent by e-mail.",
        "Section 5. Term",
        "ARTICLE IV – CONFIDENTIALITY",
    ]


def test_a_sentence_that_crosses_a_page_is_joined_and_the_page_starts_inside_it() -> None:
    normalised = normalise_pages(["Vendor shall delete the\n1", "logs on request.\n2"])

    assert normalised.text == "Vendor shall delete the logs on request."
    assert [(page.start, page.end) for page in normalised.pages] == [(0, 24), (24, 40)]


def test_abbreviations_at_a_line_end_do_not_end_the_paragraph() -> None:
    raw = "Services are provided by Acme Inc.\nBusiness Associate of the U.S.\nGovernment."

    assert (
        normalise_pages([raw]).text == "Services are provided by Acme Inc. Business Associate of the U.S. Government."
    )


def test_plain_text_keeps_one_paragraph_per_line_exactly() -> None:
    text = "Terms\r\n\r\nVendor  may use\u00a0data\u00ad.   \r\n\tIndented (a) item"

    assert normalise_plain_text(text).text == "Terms\n\nVendor  may use\u00a0data\u00ad.\n\tIndented (a) item"


def test_docx_paragraphs_are_cleaned_one_per_line() -> None:
    normalised = normalise_paragraphs(["  Vendor shall\nnot\ttrain.", "", "\ufb01nal"])

    assert normalised.text == "Vendor shall not train.\nfinal"
    assert normalised.pages[0].end == len(normalised.text)
