"""Sign-in and two-factor forms, with GOV.UK error messages."""

from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.forms import BaseForm, BaseFormMixin


class SignInForm(BaseFormMixin, AuthenticationForm):
    submit_label = "Sign in"

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact your system administrator",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
            },
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        )
        self.fields["password"].error_messages = {"required": "Enter your password"}
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
        )


class TokenForm(BaseForm):
    """A six-digit code from an authenticator app."""

    submit_label = "Continue"

    token = forms.CharField(
        label="Security code",
        help_text="Enter the 6-digit code shown in your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "Security code must be 6 digits",
            "max_length": "Security code must be 6 digits",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("token", field_width=Fixed.TEN))

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("Security code must only include numbers")
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                "The security code is wrong or has expired. Enter the newest code"
            )
        return token
