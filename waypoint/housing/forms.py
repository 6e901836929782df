"""The forms of the bed board, a person's housing page and the waitlist.

Choices of people and beds are made by the view from what the gate and the board let the worker see, so
a form can only name a person or a bed the worker could have picked. Each form on the board carries a
prefix with its bed, so several open panels keep their ids apart.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypoint.housing.choices import Destination, ExitReason, PriorSituation, ReferralSource, WaitStatus
from waypoint.people.forms import CHOOSE, DATE, DescribedErrorsForm

Choices = list[tuple[str, str]]


def _prompted(choices: Any) -> Choices:
    return [("", str(CHOOSE)), *((str(value), str(label)) for value, label in choices)]


def _offer(form: forms.Form, name: str, choices: Any) -> None:
    """Set a choice field's list, a prompt first (the view made the list from what the worker may pick)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = _prompted(choices)


class _DayForm(DescribedErrorsForm):
    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if "on" in self.fields:
            self.fields["on"].initial = today

    def clean_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError(_("Choose today or an earlier date."))
        return day


class AdmitForm(_DayForm):
    person = forms.ChoiceField(label=_("Who"))
    on = forms.DateField(label=_("Admitted on"), widget=DATE)
    referral_source = forms.ChoiceField(label=_("Referred by"), required=False)
    prior_situation = forms.ChoiceField(label=_("Where they stayed last night"), required=False)
    household_with = forms.ChoiceField(
        label=_("Lives with"), required=False, help_text=_("A child or partner already in this room: one household.")
    )

    def __init__(self, *args: Any, people: Choices, household: Choices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "person", people)
        _offer(self, "referral_source", ReferralSource.choices)
        _offer(self, "prior_situation", PriorSituation.choices)
        if household:
            _offer(self, "household_with", household)
        else:
            del self.fields["household_with"]


class HoldForm(DescribedErrorsForm):
    person = forms.ChoiceField(label=_("For someone with a record"), required=False)
    alias = forms.CharField(
        label=_("Or an alias"),
        required=False,
        max_length=120,
        help_text=_("For a referral who has no record yet: a name that says nothing about who they are."),
    )

    def __init__(self, *args: Any, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "person", people)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("alias") or "").strip():
            raise forms.ValidationError(_("Choose the person, or give an alias for a referral without a record."))
        return data


AFTERCARE = [("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))]


class DischargeForm(_DayForm):
    on = forms.DateField(label=_("Left on"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"))
    destination = forms.ChoiceField(label=_("Where they went"), help_text=_("Choose 'Not known' when you do not know."))
    aftercare_offered = forms.ChoiceField(label=_("Aftercare offered"), choices=AFTERCARE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "reason", ExitReason.choices)
        _offer(self, "destination", Destination.choices)

    def aftercare(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("aftercare_offered", ""))


class MoveForm(_DayForm):
    bed = forms.ChoiceField(label=_("To bed"))
    on = forms.DateField(label=_("Moved on"), widget=DATE)

    def __init__(self, *args: Any, beds: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "bed", beds)


class OutageForm(DescribedErrorsForm):
    reason = forms.CharField(label=_("Why it is out of service"), max_length=200)
    starts_on = forms.DateField(label=pgettext_lazy("a span of days", "From"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Back in service on"), widget=DATE, required=False, help_text=_("Leave empty: until further notice.")
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = today


class OutageEndForm(_DayForm):
    on = forms.DateField(label=_("Back in service on"), widget=DATE)


class MoveInForm(_DayForm):
    """Into a bed held for someone staying in another bed: the day they move."""

    on = forms.DateField(label=_("Moved on"), widget=DATE)


class BedAdmitForm(_DayForm):
    """From a person's housing page: any free bed of the programs the worker acts on."""

    bed = forms.ChoiceField(label=_("Bed"))
    on = forms.DateField(label=_("Admitted on"), widget=DATE)
    referral_source = forms.ChoiceField(label=_("Referred by"), required=False)
    prior_situation = forms.ChoiceField(label=_("Where they stayed last night"), required=False)

    def __init__(self, *args: Any, beds: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "bed", beds)
        _offer(self, "referral_source", ReferralSource.choices)
        _offer(self, "prior_situation", PriorSituation.choices)


class WaitlistAddForm(DescribedErrorsForm):
    person = forms.ChoiceField(label=_("Who"))
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        initial=3,
        help_text=_("1 is the most urgent."),
    )

    def __init__(self, *args: Any, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "person", people)


class OfferForm(DescribedErrorsForm):
    bed = forms.ChoiceField(label=_("Offer bed"))

    def __init__(self, *args: Any, beds: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "bed", beds)


class WaitlistCloseForm(DescribedErrorsForm):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(WaitStatus.DECLINED.value, _("Declined")), (WaitStatus.WITHDRAWN.value, _("Withdrawn"))],
    )
    lack_of_bed = forms.BooleanField(label=_("Declined because no bed was free (a turn-away)"), required=False)
