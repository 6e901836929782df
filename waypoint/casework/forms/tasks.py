"""The worker's small form for a follow-up of their own."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.people.forms import DATE, DescribedErrorsForm
from waypoint.people.models import Person


class TaskForm(DescribedErrorsForm):
    title = forms.CharField(
        label=_("What to do"),
        max_length=200,
        help_text=_("A few words are enough; details about the person stay in their record."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    person = forms.ChoiceField(label=_("About"), required=False, choices=[])

    def __init__(self, *args: Any, today: datetime.date, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.people = {str(p.pk): p for p in people}
        choices = [("", _("No one in particular")), *((pk, p.alias) for pk, p in self.people.items())]
        self.fields["person"].choices = choices  # type: ignore[attr-defined]
        self.fields["due_on"].initial = today

    def clean_due_on(self) -> datetime.date:
        day = self.cleaned_data["due_on"]
        if day < self.today:
            raise forms.ValidationError(_("A follow-up is for today or later."))
        return day

    def clean_person(self) -> Person | None:
        return self.people.get(self.cleaned_data.get("person") or "")
