"""The stage check-in form: one part of life, one stage, how we know, the day, and an optional note."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import LifeDomain, Stage, StageSource
from waypoint.casework.stages import MEANING
from waypoint.people.forms import CHOOSE, DATE, DescribedErrorsForm


class StageCheckInForm(DescribedErrorsForm):
    domain = forms.ChoiceField(label=_("Part of life"), choices=[])
    stage = forms.ChoiceField(
        label=_("Stage"),
        widget=forms.RadioSelect,
        choices=[],
        help_text=_("Where the person is with this one change today. Moving back is part of the journey."),
    )
    source = forms.ChoiceField(label=_("How you know"), choices=StageSource.choices, initial=StageSource.WORKER)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What they said or what you noticed, if it helps the next conversation. Stored encrypted."),
    )

    def __init__(self, *args: Any, domains: list[LifeDomain], today: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", today)
        super().__init__(*args, **kwargs)
        self.today = today
        self.domains = {str(d.pk): d for d in domains}
        self.fields["domain"].choices = [("", CHOOSE), *((pk, d.label) for pk, d in self.domains.items())]  # type: ignore[attr-defined]
        self.fields["stage"].choices = [(value, f"{label} · {MEANING[value]}") for value, label in Stage.choices]  # type: ignore[attr-defined]

    def clean_domain(self) -> LifeDomain:
        return self.domains[self.cleaned_data["domain"]]  # ChoiceField already refused anything else

    def clean_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError(_("A check-in is about today or a day before it."))
        return day
