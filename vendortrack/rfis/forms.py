"""Forms of the RFI pages, and the parser of what the vendor posts through a response link."""

import re

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from vendortrack.rfis.gaps import ENDPOINT, SERVICE
from vendortrack.rfis.models import Rfi, RfiQuestion
from vendortrack.rfis.response_link import LinkRefused, Submission
from vendortrack.vendors.models import AIService, Endpoint, FactField

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
TEXTAREA = forms.Textarea(attrs={"rows": 3})
QUESTION_KEY = re.compile(r"^[qf]-(\d{1,18})$")


class RfiCreateForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Blank: “<vendor>: request for information”.")


class RfiForm(forms.ModelForm):
    class Meta:
        model = Rfi
        fields = ["title", "recipient_name", "recipient_email", "due_on", "internal_notes"]
        widgets = {"due_on": DATE_INPUT, "internal_notes": TEXTAREA}


class SendForm(forms.Form):
    recipient_name = forms.CharField(max_length=200)
    recipient_email = forms.EmailField()
    due_on = forms.DateField(label="Answers due", widget=DATE_INPUT)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = RfiQuestion
        fields = ["section", "text", "context", "answer_format", "internal_note"]
        widgets = {"text": TEXTAREA, "context": TEXTAREA, "internal_note": TEXTAREA}


class AnswerForm(forms.Form):
    """Procurement records an answer the vendor gave by other means (e-mail, call, spreadsheet)."""

    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(required=False, label="Attachment", help_text="PDF, DOCX, XLSX, CSV, TXT, PNG or JPEG.")


class AcceptForm(forms.Form):
    """The value procurement confirms for the profile field a question maps to; absent for unmapped questions."""

    def __init__(self, *args: object, question: RfiQuestion, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = _profile_field(question)
        if field is None:
            return
        choices = [(value, label) for value, label in field.choices or [] if value != "unknown"]
        name = FactField(field.name).label if field.name in FactField.values else field.verbose_name
        label = f"Confirmed value for “{name}”"
        if choices:
            self.fields["value"] = forms.ChoiceField(choices=[("", "—"), *choices], label=label)
        elif field.get_internal_type() == "PositiveIntegerField":
            self.fields["value"] = forms.IntegerField(min_value=0, label=label, help_text=str(field.help_text))
        else:
            self.fields["value"] = forms.CharField(max_length=field.max_length, label=label)

    def value(self) -> str:
        value = self.cleaned_data.get("value")
        return "" if value is None else str(value)


def _profile_field(question: RfiQuestion):  # noqa: ANN202 - a Django model field
    model = {SERVICE: AIService, ENDPOINT: Endpoint}.get(question.target_model)
    return model._meta.get_field(question.target_field) if model else None


def response_submission(post: QueryDict, files: MultiValueDict) -> Submission:
    """The vendor's POST as a Submission: answers `q-<id>`, files `f-<id>`; any other shape is refused."""
    answers, uploads = {}, {}
    for key in [*post.keys(), *files.keys()]:
        if key in ("csrfmiddlewaretoken", "nonce", "rfi"):
            continue
        match = QUESTION_KEY.match(key)
        if match is None:
            raise LinkRefused("The form was not understood. Reload the page and answer again.", status=400)
        if key.startswith("q-"):
            answers[int(match.group(1))] = post.get(key, "")
        else:
            uploads[int(match.group(1))] = files[key]
    return Submission(rfi_public_id=post.get("rfi", ""), nonce=post.get("nonce", ""), answers=answers, files=uploads)
