"""Forms for the engagement log: the full form, the quick add, the correction, and the caseload's filters.

Forms check shapes (and the rules a person can fix at the field: no future time, no past follow-up);
the services check the rest. Date-times are read and shown in the agency's time zone: the views
validate and render inside ``timezone.override``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.validators import MinLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.casework import flags
from waypoint.casework.models import EncounterKind, LifeDomain, PlaceKind
from waypoint.casework.selectors import CASELOAD_SORTS, DEFAULT_SORT
from waypoint.casework.services.encounters import FUTURE_SLACK, EncounterDetails
from waypoint.people.forms import DATE, DescribedErrorsForm
from waypoint.people.models import Status

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def now_to_the_minute() -> datetime.datetime:
    return timezone.now().replace(second=0, microsecond=0)


def local_input_value(moment: datetime.datetime, zone: datetime.tzinfo) -> str:
    """A moment as a datetime-local input shows it, in the agency's zone."""
    return timezone.localtime(moment, zone).strftime(DATETIME_FORMAT)


class QuickEncounterForm(DescribedErrorsForm):
    """The four answers a contact needs in a hurry; everything else waits for the full form."""

    kind = forms.ChoiceField(label=_("Kind of contact"), choices=EncounterKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME, input_formats=DATETIME_INPUTS)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Only what the work needs; the person may read it one day."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=DATE,
        help_text=_("A date makes a follow-up task for you."),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_occurred_at(self) -> datetime.datetime:
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError(
                _("A contact is logged once it has happened: choose a time that is not in the future.")
            )
        return when

    def clean_follow_up_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("follow_up_on")
        if day is not None and day < self.today:
            raise forms.ValidationError(_("A follow-up is for today or later."))
        return day

    def details(self) -> EncounterDetails:
        data = self.cleaned_data
        return EncounterDetails(kind=data["kind"], occurred_at=data["occurred_at"], summary=data.get("summary", ""))


class EncounterForm(QuickEncounterForm):
    """The whole entry: kind, when, how long, kind of place, who was there, what was said, needs touched."""

    field_order = [
        "kind",
        "occurred_at",
        "duration_minutes",
        "place_kind",
        "staff",
        "summary",
        "own_words",
        "needs",
        "follow_up_on",
    ]

    duration_minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=24 * 60)
    place_kind = forms.ChoiceField(
        label=_("Kind of place"),
        required=False,
        choices=[("", _("Choose…")), *PlaceKind.choices],
        help_text=_("Never an address."),
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Other staff present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You are always counted as present."),
    )
    own_words = forms.CharField(
        label=_("In their own words"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the person said, as they said it. It is always shown as theirs, in quotation."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs touched"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, today: datetime.date, author: User, staff: Any, domains: list[LifeDomain], **kwargs: Any
    ) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["staff"].queryset = staff.exclude(pk=author.pk)  # type: ignore[attr-defined]
        self.fields["needs"].choices = [(str(d.pk), d.label) for d in domains]  # type: ignore[attr-defined]

    def details(self) -> EncounterDetails:
        data = self.cleaned_data
        return EncounterDetails(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            duration_minutes=data.get("duration_minutes"),
            place_kind=data.get("place_kind", ""),
            summary=data.get("summary", ""),
            own_words=data.get("own_words", ""),
            needs=[uuid.UUID(pk) for pk in data.get("needs", [])],
            staff=list(data.get("staff") or []),
        )


class CorrectionForm(EncounterForm):
    """The author's correction: the same answers, no new follow-up, and a reason once the entry is a day old."""

    reason = forms.CharField(
        label=_("Why are you correcting this entry?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your supervisors can read it, with the earlier text."),
    )

    def __init__(self, *args: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["follow_up_on"]
        self.needs_reason = needs_reason
        if needs_reason:
            self.fields["reason"].required = True
            # Set after construction, so the validator CharField would have made is added by hand.
            self.fields["reason"].validators.append(MinLengthValidator(5))
            self.fields["reason"].label = _("Why are you correcting this entry? (needed: it is more than a day old)")

    def clean_follow_up_on(self) -> None:
        return None


# --- the caseload's filters -------------------------------------------------------------------


SORT_LABELS = {
    "last_contact": _("Last contact (longest ago first)"),
    "next_follow_up": _("Next follow-up (soonest first)"),
    "alias": _("Alias"),
}


class CaseloadFilterForm(forms.Form):
    """Sort and filter the caseload by GET, so it works without JavaScript and a view can be bookmarked."""

    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    flag = forms.ChoiceField(label=_("Flag"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    stage = forms.ChoiceField(label=_("Show the stage of"), required=False)

    def __init__(self, *args: Any, domains: Sequence[LifeDomain] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain_labels = {d.key: d.label for d in domains}
        self.fields["stage"].choices = [("", _("No part of life")), *self.domain_labels.items()]  # type: ignore[attr-defined]
        self.fields["sort"].choices = [(key, SORT_LABELS.get(key, key)) for key in CASELOAD_SORTS]  # type: ignore[attr-defined]
        self.fields["flag"].choices = [("", _("Any")), *((f.key, f.label) for f in flags.REGISTRY.values())]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Any")), *Status.choices]  # type: ignore[attr-defined]

    @classmethod
    def from_query(cls, query: Any, *, domains: Sequence[LifeDomain] = ()) -> CaseloadFilterForm:
        """An unbound form showing the valid answers of the query: a filter typed wrong shows the whole list."""
        form = cls(domains=domains)
        for name, default in (("sort", DEFAULT_SORT), ("flag", ""), ("status", ""), ("stage", "")):
            value = query.get(name, "")
            form.initial[name] = value if value in dict(form.fields[name].choices) else default  # type: ignore[attr-defined]
        return form

    @property
    def chosen_sort(self) -> str:
        return str(self.initial["sort"])

    @property
    def chosen_flag(self) -> str:
        return str(self.initial["flag"])

    @property
    def chosen_status(self) -> str:
        return str(self.initial["status"])

    @property
    def chosen_stage_domain(self) -> str:
        """The key of the part of life whose latest stage the list shows as a column ('' for none)."""
        return str(self.initial["stage"])

    @property
    def filtered(self) -> bool:
        return bool(self.chosen_flag or self.chosen_status)


# --- the quick add, rendered by hand (once per caseload row: Django's widgets would cost more than the page) ---


@dataclass
class QuickAdd:
    """What the quick-add form shows: defaults for a new contact, or what was typed and what was wrong."""

    kind: str
    when: str
    today: str
    summary: str = ""
    follow_up_on: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    non_field_errors: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in EncounterKind.choices]

    @classmethod
    def defaults(cls, *, kind: str, zone: datetime.tzinfo, today: datetime.date) -> QuickAdd:
        return cls(kind=kind, when=local_input_value(timezone.now(), zone), today=today.isoformat())

    @classmethod
    def from_form(cls, form: forms.Form, *, today: datetime.date) -> QuickAdd:
        data = form.data
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items() if name != "__all__"}
        return cls(
            kind=str(data.get("kind", "")),
            when=str(data.get("occurred_at", "")),
            today=today.isoformat(),
            summary=str(data.get("summary", "")),
            follow_up_on=str(data.get("follow_up_on", "")),
            errors=errors,
            non_field_errors=[str(e) for e in form.non_field_errors()],
        )
