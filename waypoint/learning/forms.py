"""Forms of the learning hub. They validate input; the services do the writing."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.learning.audiences import Audience
from waypoint.learning.models import ContactStatus, ContactTopic, ResourceType

AUDIENCE_CHOICES = [("", _("Everyone")), *Audience.choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search guides and resources"), max_length=200, required=False)
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["q"].widget.input_type = "search"


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *ResourceType.choices], required=False)
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)


class WorkshopFilterForm(forms.Form):
    audience = forms.ChoiceField(label=_("Written for"), choices=AUDIENCE_CHOICES, required=False)


# "://", "www.", an @, or a lower-case domain such as "evil.example" (mail programs make these clickable);
# "J.Smith" or "Dr. Ada" stay allowed.
LINK_LIKE = re.compile(r"(://|(?i:www)\.|@|\b[\w-]+\.[a-z]{2,}\b)")


def clean_plain_name(value: str) -> str:
    """A name is echoed in the e-mails we send; one that reads as a link or address would carry someone's link."""
    if LINK_LIKE.search(value):
        raise forms.ValidationError(_("Please write only your name, without a web or e-mail address."))
    return value


class HoneypotMixin:
    """A field people never see (hidden by CSS, out of the tab order); automated senders fill it in."""

    data: Any

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def visible_fields(self) -> list[Any]:
        return [f for f in super().visible_fields() if f.name != "website"]  # type: ignore[misc]


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
    # Named to look worth filling.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_name(self) -> str:
        return clean_plain_name(self.cleaned_data["name"])


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


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=200, help_text=_("So we know how to address you. A first name is enough.")
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("It helps us understand the setting you work in."),
    )
    role = forms.CharField(
        label=_("Your role"), max_length=120, required=False, help_text=_("For example nurse, teacher or officer.")
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("We confirm that we received your message here."))
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, help_text=_("Only if you would like us to call you.")
    )
    preferred_channel = forms.ChoiceField(
        label=_("How would you like us to reach you?"),
        choices=[("email", _("E-mail")), ("phone", _("Phone"))],
        initial="email",
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=ContactTopic.choices)
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Please do not include the name or other details of a person you support. "
            "If someone is in danger now, call 911."
        ),
    )
    # A field people never see; automated senders fill it in. Named to look worth filling.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("preferred_channel") == "phone" and not cleaned.get("phone"):
            self.add_error("phone", _("Add a phone number, or choose e-mail."))
        return cleaned

    def clean_name(self) -> str:
        return clean_plain_name(self.cleaned_data["name"])


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, users=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)


class InboxFilterForm(forms.Form):
    """The inbox's ?status= filter: anything but a known status (a NUL byte included) shows the open requests."""

    status = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Open (new and in progress)")), *ContactStatus.choices], required=False
    )


class ReplyForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How you replied"),
        choices=[("email", _("E-mail")), ("phone", _("Phone")), ("meeting", _("Meeting")), ("other", _("Other"))],
    )
    body = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
