"""Forms for survivor records. Each question says why it is asked; only the alias is required.

Forms validate shapes only; the rules live in services (and `rules` for those needing no database).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Agency, User
from waypoint.people.access import agency_today
from waypoint.people.models import (
    PREFER_NOT,
    AgeBand,
    CareRole,
    Channel,
    ClosureReason,
    HowGiven,
    IndigenousIdentity,
    InfoCategory,
    Interpreter,
    Status,
    Weekday,
)
from waypoint.people.rules import OPTIONAL_FIELDS, release_latest_expiry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


CHOOSE = _("Choose…")
# Questions answered from a list decline through the list's own "Prefer not to say" choice;
# the others get one "prefer not to say" box beside their label.
DECLINE_CHOICES = ("age_band", "interpreter", "indigenous_identity")
DECLINE_BOXES = tuple(name for name in OPTIONAL_FIELDS if name not in DECLINE_CHOICES)


def _prompted(choices: Any) -> list[tuple[str, Any]]:
    """A select list that starts with a real prompt (an empty answer), never Django's "---------"."""
    return [("", CHOOSE), *choices]


class DescribedErrorsForm(forms.Form):
    """A field with an error names it in ``aria-describedby``, next to its help text.

    ``core/field.html`` shows each error beside its field as ``<id>_error``; this links the input
    to it, so a screen reader reads the error when the field gets focus.
    """

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue  # non-field errors are shown at the top, in an alert
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


class PersonForm(DescribedErrorsForm):
    """Alias first. Each other question offers "prefer not to say" once, beside its label: a box next to
    the label for written answers, the list's own "Prefer not to say" choice for a select."""

    alias = forms.CharField(
        label=_("Alias"),
        max_length=120,
        help_text=_(
            "The name the person wants us to use. It is the only thing shown in lists, so it need not be their real name."
        ),
    )
    legal_name = forms.CharField(
        label=_("Legal name"),
        required=False,
        max_length=200,
        help_text=_(
            "Only if the person wants it recorded: it helps with ID documents, court and benefits. Stored encrypted."
        ),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DATE,
        help_text=_("With the legal name, it lets us avoid opening two records for one person. Stored encrypted."),
    )
    age_band = forms.ChoiceField(
        label=_("Age range"),
        required=False,
        choices=_prompted(AgeBand.choices),
        help_text=_("Some programs and beds are for certain ages. A range is enough."),
    )
    pronouns = forms.CharField(
        label=_("Pronouns"), required=False, max_length=60, help_text=_("So everyone on the team addresses them well.")
    )
    gender = forms.CharField(
        label=_("Gender, in their own words"),
        required=False,
        max_length=120,
        help_text=_("Some housing and groups are gender-specific. Write it as the person says it."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("So we can speak with the person in a language they are comfortable with."),
    )
    interpreter = forms.ChoiceField(
        label=_("Needs an interpreter"),
        required=False,
        choices=_prompted(Interpreter.choices),
        help_text=_("So we book one before meetings, court dates or appointments."),
    )
    indigenous_identity = forms.ChoiceField(
        label=_("Indigenous identity, self-identified"),
        required=False,
        choices=_prompted(IndigenousIdentity.choices),
        help_text=_(
            "Only if the person wishes: it lets us offer Indigenous-led services and supports. Stored encrypted."
        ),
    )
    immigration_status = forms.CharField(
        label=_("Immigration status"),
        required=False,
        max_length=200,
        help_text=_(
            "Some legal help, benefits and housing depend on it. Never shared without a release. Stored encrypted."
        ),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("So meetings, places and documents work for the person. Stored encrypted."),
    )

    def __init__(self, *args: Any, agency: Agency, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        for name in DECLINE_BOXES:
            self.fields[f"decline_{name}"] = forms.BooleanField(label=_("Prefer not to say"), required=False)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=_prompted([(s.value, s.label) for s in (Status.REFERRED, Status.ACTIVE, Status.DORMANT)]),
                help_text=_("Dormant means no recent contact; the door stays open."),
            )

    @classmethod
    def initial_for(cls, person: Any) -> dict[str, Any]:
        initial = {"alias": person.alias, "status": person.status}
        for name in OPTIONAL_FIELDS:
            initial[name] = PREFER_NOT if name in DECLINE_CHOICES and name in person.declined else getattr(person, name)
        for name in DECLINE_BOXES:
            initial[f"decline_{name}"] = name in person.declined
        return initial

    def questions(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each optional question with its "prefer not to say" box (None: the choice is in its list)."""
        return [(self[name], self[f"decline_{name}"] if name in DECLINE_BOXES else None) for name in OPTIONAL_FIELDS]

    def details(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name) or (None if name == "date_of_birth" else "") for name in OPTIONAL_FIELDS
        }

    def declined(self) -> list[str]:
        boxes = [name for name in DECLINE_BOXES if self.cleaned_data.get(f"decline_{name}")]
        chosen = [name for name in DECLINE_CHOICES if self.cleaned_data.get(name) == PREFER_NOT]
        return [name for name in OPTIONAL_FIELDS if name in boxes or name in chosen]

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value and value > agency_today(self.agency):
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value


class DuplicateConfirmForm(DescribedErrorsForm):
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked with my supervisor: this is a different person, or a new record is needed"), required=False
    )


class FinderForm(DescribedErrorsForm):
    q = forms.CharField(
        label=_("Alias or case number"),
        required=False,
        max_length=120,
        help_text=_("Part of an alias or case number is enough."),
    )


class ExactFinderForm(DescribedErrorsForm):
    """Sent by POST only: a legal name and birth date must never sit in a URL, a log or browser history."""

    legal_name = forms.CharField(
        label=_("Legal name (exact)"),
        max_length=200,
        help_text=_("With the date of birth, finds an exact match without storing or searching names in plain text."),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE)


class ClosureForm(DescribedErrorsForm):
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=_prompted(ClosureReason.choices),
        help_text=_("Closing never means the person did something wrong. A supervisor approves every closure."),
    )


class CareTeamForm(DescribedErrorsForm):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none(), empty_label=CHOOSE)
    role = forms.ChoiceField(label=_("Role on the team"), choices=_prompted(CareRole.choices))
    since = forms.DateField(label=_("Since"), widget=DATE)

    def __init__(self, *args: Any, staff: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]
        # Today where the agency is, not where the server is.
        self.initial.setdefault("since", agency_today(agency))


class BreakGlassForm(DescribedErrorsForm):
    reason = forms.CharField(
        label=_("Why do you need this record now?"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your supervisors will read this. Access ends on its own after a few hours, and every page you open is recorded."
        ),
    )


class ReleaseForm(DescribedErrorsForm):
    recipient_agency = forms.ModelChoiceField(
        label=_("Agency on Waypoint"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=CHOOSE,
        help_text=_("Choose the agency, or write the name of an outside organisation below."),
    )
    recipient_name = forms.CharField(label=_("Outside organisation"), required=False, max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's words if possible: what the sharing is for."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Information that may be shared"),
        choices=InfoCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the person agreed to. Nothing else is shared."),
    )
    given_on = forms.DateField(label=_("Date consent was given"), widget=DATE)
    how_given = forms.ChoiceField(label=_("How consent was given"), choices=_prompted(HowGiven.choices))
    witness = forms.ModelChoiceField(
        label=_("Witness (for verbal consent)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=CHOOSE,
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DATE,
        help_text=_("At most 12 months from the date given. The person can revoke it at any time."),
    )

    def __init__(self, *args: Any, agency: Agency, witnesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].queryset = Agency.objects.exclude(pk=agency.pk)  # type: ignore[attr-defined]
        self.fields["witness"].queryset = witnesses  # type: ignore[attr-defined]
        if not self.is_bound:
            # Today where the agency is, not where the server is.
            today = agency_today(agency)
            self.initial.setdefault("given_on", today)
            self.initial.setdefault("expires_on", release_latest_expiry(today))


class ReleaseChangeForm(DescribedErrorsForm):
    purpose = ReleaseForm.base_fields["purpose"]
    categories = ReleaseForm.base_fields["categories"]
    expires_on = ReleaseForm.base_fields["expires_on"]


class RevokeForm(DescribedErrorsForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        help_text=_("The person does not have to give one."),
    )


class SafeContactForm(DescribedErrorsForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=_prompted(Channel.choices))
    value = forms.CharField(
        label=_("Number, address or place"),
        max_length=200,
        help_text=_("Stored encrypted and hidden on screen until someone chooses to show it."),
    )
    safe_days = forms.TypedMultipleChoiceField(
        label=_("Safe days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Days when the person said this is safe."),
    )
    safe_from = forms.TimeField(label=_("Safe from"), widget=TIME, initial=datetime.time(9, 0))
    safe_until = forms.TimeField(label=_("Safe until"), widget=TIME, initial=datetime.time(17, 0))
    may_leave_message = forms.BooleanField(
        label=_("A message may be left"),
        required=False,
        help_text=_("Only if the person said a voicemail or note cannot put them at risk."),
    )
    code_word = forms.CharField(
        label=_("Code word"),
        required=False,
        max_length=100,
        help_text=_("A word the person chose to confirm it is really them, or that they are safe to talk."),
    )
    verified_on = forms.DateField(
        label=_("Last confirmed with the person"),
        widget=DATE,
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].help_text = _(
            "Nothing is sent on a channel not confirmed in the last %(days)s days."
        ) % {"days": settings.WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS}
        # Today where the agency is, not where the server is.
        self.initial.setdefault("verified_on", agency_today(agency))


class SendForm(DescribedErrorsForm):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=_prompted(Channel.choices),
        help_text=_("Nothing is sent unless the person said this channel is safe at this moment."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Write it so that it is safe if someone else reads it: no names of agencies or details of the situation."
        ),
    )
