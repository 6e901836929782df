"""Forms for "speak with someone" and the intake inbox. They validate input; the services write.

A select list starts with a prompt ("Choose…") that is not an answer, so nobody sends
a topic or channel they did not pick.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.core.honeypot import HoneypotMixin, honeypot_field
from waypoint.core.names import clean_plain_name
from waypoint.enquiries.models import ContactStatus, ContactTopic

HONEYPOT_LABEL = _("Leave this field empty")
NAME_WITH_LINK = _("Please write only your name, without a web or e-mail address.")
CHOOSE = ("", _("Choose…"))
REPLY_CHANNELS = [("email", _("E-mail")), ("phone", _("Phone")), ("meeting", _("Meeting")), ("other", _("Other"))]


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
    topic = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[CHOOSE, *ContactTopic.choices],
        help_text=_("So the right person answers."),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Please do not include the name or other details of a person you support. "
            "If someone is in danger now, call 911."
        ),
    )
    website = honeypot_field(HONEYPOT_LABEL)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("preferred_channel") == "phone" and not cleaned.get("phone"):
            self.add_error("phone", _("Add a phone number, or choose e-mail."))
        return cleaned

    def clean_name(self) -> str:
        return clean_plain_name(self.cleaned_data["name"], message=NAME_WITH_LINK)


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = users


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)


class InboxFilterForm(forms.Form):
    """The inbox's ?status= filter: anything but a known status (a NUL byte included) shows the open requests."""

    status = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Open (new and in progress)")), *ContactStatus.choices], required=False
    )


class ReplyForm(forms.Form):
    channel = forms.ChoiceField(label=_("How you replied"), choices=[CHOOSE, *REPLY_CHANNELS])
    body = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
