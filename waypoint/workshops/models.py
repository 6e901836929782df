"""Workshops offered to professionals, their sessions, the seats people book without an account, and feedback.

Workshops are a Wagtail snippet (edited at /cms/ by the hosting agency's editors).
Registrations come from the public and hold personal details, so those are
encrypted at rest and written only through ``workshops.services``. The tables were
``learning_*`` before the split; migration 0001 kept their rows.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from waypoint.accounts.models import DEFAULT_TIME_ZONE, TIME_ZONES
from waypoint.core.fields import EncryptedTextField
from waypoint.core.language import FrenchTitleAndDescription
from waypoint.core.models import BaseModel
from waypoint.learning.audiences import AudienceField, audience_labels
from waypoint.workshops.admin_forms import WorkshopAdminForm


class WorkshopFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Workshop(FrenchTitleAndDescription, ClusterableModel, BaseModel):
    """A training offered to professionals, run as one or more sessions."""

    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hosting agency"),
        help_text=_("Its intake team handles the registrations."),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    # TextField max_length is enforced by the admin form, not the database.
    description = models.TextField(max_length=5000, verbose_name=_("description"))
    title_fr = models.CharField(max_length=200, blank=True, verbose_name=_("title in French"))
    description_fr = models.TextField(max_length=5000, blank=True, verbose_name=_("description in French"))
    audiences = AudienceField(verbose_name=_("audiences"))
    format = models.CharField(
        max_length=16, choices=WorkshopFormat.choices, default=WorkshopFormat.IN_PERSON, verbose_name=_("format")
    )
    duration_minutes = models.PositiveSmallIntegerField(default=120, verbose_name=_("length in minutes"))
    is_published = models.BooleanField(default=True, verbose_name=_("shown to the public"))

    # No agency panel: a workshop takes its editor's agency and stays there (see wagtail_hooks).
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audiences"),
        FieldPanel("format"),
        FieldPanel("duration_minutes"),
        FieldPanel("is_published"),
        MultiFieldPanel(
            [FieldPanel("title_fr"), FieldPanel("description_fr")],
            heading=_("French"),
            help_text=_("Shown when the reader's language is French. Leave a field empty to show the English."),
        ),
        InlinePanel("sessions", label=_("Sessions")),
    ]
    base_form_class = WorkshopAdminForm
    # Attached by the selectors: the sessions still to come, with their seat counts.
    upcoming: list[WorkshopSession]

    class Meta:
        ordering = ["title"]
        verbose_name = _("workshop")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop_detail", kwargs={"workshop_id": self.id})

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)


class WorkshopSession(BaseModel):
    """One date of a workshop. The place or online link is shown only to confirmed attendees."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(
        verbose_name=_("starts"), help_text=_("As on the clock in the session's time zone.")
    )
    ends_at = models.DateTimeField(verbose_name=_("ends"), help_text=_("As on the clock in the session's time zone."))
    time_zone = models.CharField(
        max_length=64, choices=TIME_ZONES, default=DEFAULT_TIME_ZONE, verbose_name=_("time zone")
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)], verbose_name=_("seats"))
    city = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("city"),
        help_text=_("Shown to everyone before they book (the town or city, never the address). Empty for online."),
    )
    place = models.TextField(
        blank=True, max_length=1000, verbose_name=_("place"), help_text=_("Shown only to confirmed attendees.")
    )
    online_link = models.URLField(
        blank=True, verbose_name=_("online link"), help_text=_("Shown only to confirmed attendees.")
    )
    is_cancelled = models.BooleanField(default=False, verbose_name=_("cancelled"))

    panels = [
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("time_zone"),
        FieldPanel("capacity"),
        FieldPanel("city"),
        FieldPanel("place"),
        FieldPanel("online_link"),
        FieldPanel("is_cancelled"),
    ]

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop.title} — {timezone.localtime(self.starts_at, self.zone):%Y-%m-%d %H:%M}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> Any:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self) -> Any:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def seats_left(self) -> int:
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.registrations.filter(state__in=SEATED_STATES).count()
        return max(0, self.capacity - taken)

    @property
    def where(self) -> str:
        """What anyone may know of the place before booking: the city, or "Online"."""
        if self.workshop.format == WorkshopFormat.ONLINE:
            return str(_("Online"))
        return self.city

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not attend")


# States that hold a seat.
SEATED_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED, RegistrationState.NO_SHOW)


class Registration(BaseModel):
    """A seat (or a place on the waitlist) booked without an account. Contact details are encrypted."""

    session = models.ForeignKey(WorkshopSession, on_delete=models.PROTECT, related_name="registrations")
    name = EncryptedTextField(verbose_name=_("name"))
    email = EncryptedTextField(verbose_name=_("e-mail"))
    organisation = EncryptedTextField(blank=True, verbose_name=_("organisation"))
    profession = models.CharField(max_length=120, blank=True, verbose_name=_("profession"))
    accessibility_needs = EncryptedTextField(blank=True, verbose_name=_("accessibility needs"))
    consent_to_contact = models.BooleanField(default=False, verbose_name=_("may be contacted about future workshops"))
    state = models.CharField(max_length=16, choices=RegistrationState.choices, verbose_name=_("state"))
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    feedback_invited_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["session", "state", "created_at"])]

    def __str__(self) -> str:
        return f"Registration {self.id}"

    @property
    def is_seated(self) -> bool:
        return self.state in SEATED_STATES


class Feedback(BaseModel):
    """An attendee's short answers after a session. Anonymous in the results."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    confidence = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at"]
