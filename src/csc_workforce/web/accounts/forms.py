from django import forms
from django.contrib.auth.forms import AuthenticationForm

from csc_workforce.web import govuk


class SignInForm(govuk.GovukMessages, AuthenticationForm):
    """Django's sign-in form with GOV.UK wording."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        )


class OneTimeCodeForm(govuk.Form):
    """The code from an authenticator app, or a recovery code."""

    LABEL = "Code"
    HINT = "The 6-digit code your authenticator app shows, or one of your recovery codes"
    INPUT: dict[str, str] = {}

    code = forms.CharField(
        max_length=20, error_messages={"required": "Enter the code from your authenticator app"}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["code"]
        field.label, field.help_text = self.LABEL, self.HINT
        field.widget.attrs |= {"autocomplete": "one-time-code", "spellcheck": "false"} | self.INPUT


class NewAuthenticatorForm(OneTimeCodeForm):
    """The first code from a newly set-up app, which shows it has the key."""

    LABEL = "Code from the app"
    HINT = "The 6-digit code the app shows for CSC Workforce"
    INPUT = {"inputmode": "numeric"}
