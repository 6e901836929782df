"""Forms for the goals a person sets and their steps, and for the agency's list of life domains.

A goal is the person's own, written in their words; the forms ask for nothing else
that could turn it into the worker's plan (no score, no priority, no required goal).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import GoalStatus, LifeDomain, StepWho
from waypoint.people.forms import CHOOSE, DATE, DescribedErrorsForm

WORDS_HELP = _("As the person put it. Stored encrypted.")


class GoalForm(DescribedErrorsForm):
    domain = forms.ChoiceField(label=_("Part of life"), choices=[])
    words = forms.CharField(
        label=_("The goal, in their words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=WORDS_HELP,
    )

    def __init__(self, *args: Any, domains: list[LifeDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = {str(d.pk): d for d in domains}
        self.fields["domain"].choices = [("", CHOOSE), *((pk, d.label) for pk, d in self.domains.items())]  # type: ignore[attr-defined]

    def clean_domain(self) -> LifeDomain:
        return self.domains[self.cleaned_data["domain"]]  # ChoiceField already refused anything else


class GoalEditForm(DescribedErrorsForm):
    words = forms.CharField(
        label=_("The goal, in their words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=WORDS_HELP,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=GoalStatus.choices,
        widget=forms.RadioSelect,
        help_text=_("“No longer wanted” is the person's choice, not a failure."),
    )


class StepForm(DescribedErrorsForm):
    text = forms.CharField(label=_("Step"), max_length=1000, help_text=_("Stored encrypted."))
    who = forms.ChoiceField(label=_("Who takes it"), choices=StepWho.choices, initial=StepWho.PERSON)
    due_on = forms.DateField(
        label=_("By when"),
        required=False,
        widget=DATE,
        help_text=_("A step you take (alone or together) with a date becomes one of your follow-ups."),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_due_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("due_on")
        if day is not None and day < self.today:
            raise forms.ValidationError(_("Choose today or a later date."))
        return day


class DomainNamesForm(DescribedErrorsForm):
    name = forms.CharField(label=_("Name in English"), max_length=80)
    name_fr = forms.CharField(label=_("Name in French"), max_length=80, required=False)
