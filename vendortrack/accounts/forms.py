"""Forms of the accounts pages: a one-time code, and lifting a sign-in lockout."""

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Six-digit code",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the six digits your authenticator app shows, without letters.")
        return token


class LockoutLiftForm(forms.Form):
    username = forms.CharField(max_length=150)
    ip_address = forms.GenericIPAddressField()
