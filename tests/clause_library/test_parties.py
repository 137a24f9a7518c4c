"""Who is the vendor: when both parties are companies, a sentence naming the business associate decides."""

from clause_library import analyze

PREAMBLE = (
    'Parties: Lakeshore Family Medicine, an Ohio professional corporation ("Lakeshore"), and Brightline '
    'Transcription, Inc., a Delaware corporation ("Brightline").\n'
    "Brightline is Lakeshore's business associate for the transcription services described below.\n"
)


def test_the_customer_named_in_a_role_statement_keeps_its_termination_right():
    text = PREAMBLE + "Lakeshore may terminate this Agreement if Brightline breaches a material term of it.\n"
    assert analyze(text).finding("termination_for_breach").status == "present"


def test_a_customer_audit_right_with_a_parenthetical_before_the_verb_is_present():
    text = PREAMBLE + (
        "Lakeshore or its auditor may, on fifteen (15) days' notice and at any time after a security incident, "
        "audit Brightline's systems, facilities and records relating to PHI.\n"
    )
    assert analyze(text).finding("right_to_audit").status == "present"


def test_without_a_role_statement_the_vendors_own_termination_right_is_not_the_customers():
    text = (
        'Parties: Lakeshore Family Medicine ("Customer") and Brightline Transcription, Inc. ("Brightline").\n'
        "Brightline may terminate this Agreement if Customer fails to pay any fee when due.\n"
    )
    assert analyze(text).finding("termination_for_breach").status == "missing"


def test_a_role_statement_on_the_last_line_after_other_role_words_still_decides():
    # Only lines that name a role are searched for the statement; an earlier line names roles without one. Here the
    # statement makes Lakeshore the vendor, whose right to terminate is not the customer's.
    text = (
        'Parties: Lakeshore Family Medicine ("Lakeshore") and Brightline Transcription, Inc. ("Brightline").\n'
        "Each subcontractor and processor must be approved in writing.\n"
        "Lakeshore may terminate this Agreement if Brightline breaches a material term of it.\n"
    )
    assert analyze(text).finding("termination_for_breach").status == "present"
    assert analyze(text + "Lakeshore is Brightline's business associate").finding("termination_for_breach").status == (
        "missing"
    )
