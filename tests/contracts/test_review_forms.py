"""The queue's filter options, built without widget templates: escaped, and the chosen value selected."""

from contracts.review_forms import select_options, vendor_options


def test_select_options_escape_values_and_labels_and_mark_the_chosen_one():
    html = select_options([("a<b", "Fish & chips"), ("c", "Plain")], "c")
    assert html == '<option value="a&lt;b">Fish &amp; chips</option><option value="c" selected>Plain</option>'


def test_vendor_options_start_with_any_vendor_and_select_nothing_without_a_filter():
    html = vendor_options([("7f0c", "<Acme>")], None)
    assert html == '<option value="">Any vendor</option><option value="7f0c">&lt;Acme&gt;</option>'
