"""Forms for inviting people and managing memberships. Rules live in services, not here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.roles import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The invitation link is sent here and works for one person, once.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        help_text=_("The role decides what this person can see. It can be changed later."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ReactivationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role when they come back"),
        choices=Role.choices,
        help_text=_(
            "Advocate, housing staff and supervisor open survivor records, so they take effect only after a "
            "second person approves them."
        ),
    )


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        required=False,
        help_text=_("Shown to your colleagues. Optional."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A short sentence is easy to remember and hard to guess."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            from waypoint.accounts.models import User

            try:
                validate_password(data["password1"], User(email=self.email, display_name=data.get("display_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
