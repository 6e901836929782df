"""Forms for workshops: the public filter, booking, cancelling, feedback; intake's attendance. Services write."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.core.honeypot import HoneypotMixin, honeypot_field
from waypoint.core.names import clean_plain_name
from waypoint.learning.forms import AUDIENCE_CHOICES
from waypoint.workshops.models import Registration, RegistrationState

HONEYPOT_LABEL = _("Leave this field empty")
NAME_WITH_LINK = _("Please write only your name, without a web or e-mail address.")


class WorkshopFilterForm(forms.Form):
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)


class RegistrationForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, help_text=_("So we know who to expect."))
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send your confirmation and a link to change or cancel your booking here.")
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("So the facilitator knows which settings are in the room."),
    )
    profession = forms.CharField(
        label=_("Profession"),
        max_length=120,
        required=False,
        help_text=_("For example nurse, teacher or social worker. It helps the facilitator prepare examples."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Anything that would make the session work better for you. Only the organisers see it."),
    )
    consent_to_contact = forms.BooleanField(label=_("You may e-mail me about future workshops"), required=False)
    website = honeypot_field(HONEYPOT_LABEL)

    def clean_name(self) -> str:
        return clean_plain_name(self.cleaned_data["name"], message=NAME_WITH_LINK)


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel my booking"))


class FeedbackForm(forms.Form):
    SCALE = [(str(n), str(n)) for n in range(1, 6)]
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session for your work? (1 = not useful, 5 = very useful)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    confidence = forms.TypedChoiceField(
        label=_("How confident do you feel applying what you learned? (1 = not confident, 5 = very confident)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Anything else you would like to tell us"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Your answers are shared with the organisers without your name."),
    )


class IntakeSessionsFilterForm(forms.Form):
    """Intake's ?show= filter: the sessions to come (the default), or all of them, past ones included."""

    show = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Sessions to come")), ("all", _("All sessions, past ones included"))],
        required=False,
    )


ATTENDANCE_CHOICES = {"attended": True, "no_show": False}


def attendance_field_name(registration_id: uuid.UUID) -> str:
    return f"attendance-{registration_id}"


def attendance_marks(data: Mapping[str, Any], registrations: Iterable[Registration]) -> dict[uuid.UUID, bool]:
    """Read the attendance radios (``attendance-<id>`` = attended | no_show) for these bookings.

    Only bookings of the session count, a waitlisted one never does, and any other
    value (or none) leaves that person as they were.
    """
    marks: dict[uuid.UUID, bool] = {}
    for registration in registrations:
        if registration.state == RegistrationState.WAITLISTED:
            continue
        value = data.get(attendance_field_name(registration.id))
        if value in ATTENDANCE_CHOICES:
            marks[registration.id] = ATTENDANCE_CHOICES[value]
    return marks
