from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
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
