"""The forms of the housing inventory pages. They read what was typed; the rules are ``housing.inventory``'s,
which names the field at fault so its message shows beside it. Forms repeated on the page (a room per site,
a bed per room, a retirement per bed) carry a prefix with their row, so their ids stay apart."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.housing.choices import ProgramKind
from waypoint.housing.inventory import HOLD_HOURS_MAX, TARGET_DAYS_MAX
from waypoint.housing.models import DEFAULT_HOLD_HOURS, Program, Site
from waypoint.people.forms import CHOOSE, DATE, DescribedErrorsForm


class ProgramForm(DescribedErrorsForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    name_fr = forms.CharField(
        label=_("Name in French"), max_length=120, required=False, help_text=_("Shown to people using French.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", CHOOSE), *ProgramKind.choices])
    eligibility = forms.CharField(
        label=_("Who it is for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the program takes, in a sentence or two, for the workers who refer to it."),
    )
    target_days = forms.IntegerField(
        label=_("Target length of stay (days)"),
        required=False,
        min_value=1,
        max_value=TARGET_DAYS_MAX,
        help_text=_("Caseloads flag a stay a week before it reaches this. Leave empty for no target."),
    )
    hold_hours = forms.IntegerField(
        label=_("A hold lasts (hours)"),
        min_value=1,
        max_value=HOLD_HOURS_MAX,
        initial=DEFAULT_HOLD_HOURS,
        help_text=_("How long a bed is kept for someone on their way before it is free again."),
    )

    @classmethod
    def of(cls, program: Program, **kwargs: Any) -> ProgramForm:
        fields = ("name", "name_fr", "kind", "eligibility", "target_days", "hold_hours")
        return cls(initial={name: getattr(program, name) for name in fields}, **kwargs)


class SiteForm(DescribedErrorsForm):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("What staff call it: a name that does not give the address away.")
    )
    address = forms.CharField(
        label=_("Confidential address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept encrypted, and shown only to this program's housing staff and the agency's supervisors "
            "(and to its administrator on this page)."
        ),
    )

    @classmethod
    def of(cls, site: Site, **kwargs: Any) -> SiteForm:
        return cls(initial={"name": site.name, "address": site.address}, **kwargs)


class RoomForm(DescribedErrorsForm):
    name = forms.CharField(label=_("Room name"), max_length=60)


class BedForm(DescribedErrorsForm):
    name = forms.CharField(label=_("Bed name"), max_length=60)
    opened_on = forms.DateField(
        label=_("In use from"),
        required=False,
        widget=DATE,
        help_text=_("For the program review's bed-nights. Leave empty if the bed has always been there."),
    )


class RetireForm(DescribedErrorsForm):
    on = forms.DateField(label=_("Leaves the inventory on"), widget=DATE)


class StaffForm(DescribedErrorsForm):
    user = forms.ChoiceField(
        label=_("Housing worker"),
        help_text=_("Members whose role is housing staff. Adding them shows them this program's beds and addresses."),
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", CHOOSE), *members]
