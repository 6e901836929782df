"""The supervisor's forms: reassigning a person, and deciding an item of the approvals queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.people.forms import CHOOSE, DescribedErrorsForm


class ReassignForm(DescribedErrorsForm):
    to_user = forms.ModelChoiceField(label=_("New worker"), queryset=User.objects.none(), empty_label=CHOOSE)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff
        field.help_text = _(
            "They take the same role on the care team from today, with the open follow-ups about this person."
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
