"""Survivor records: a person, their care team, consent releases, safe contacts and emergency access.

Everything here is reached through ``waypoint.people.access`` (the gate), never
through a model manager from another app. Identifying details are encrypted
fields; the only plaintext about a person is their alias and case number.
History is kept by pghistory triggers, so bulk updates are recorded too.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.fields import EncryptedDateField, EncryptedTextField
from waypoint.core.models import AgencyOwned, BaseModel

PREFER_NOT = "prefer_not"


def track():  # type: ignore[no-untyped-def]
    """Row triggers for inserts and updates only: a purge must not leave a "delete" snapshot behind.

    New tracker instances per model (pghistory binds each instance to one model).
    """
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())


class Status(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant (no recent contact)")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Reached the goals they set")
    CHOSE_TO_END = "chose_to_end", _("Chose to end support for now")
    MOVED = "moved", _("Moved to another area")
    TRANSFERRED = "transferred", _("Now supported by another service")
    LOST_TOUCH = "lost_touch", _("We lost touch (the door stays open)")
    OTHER = "other", _("Another reason")


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", _("Under 16")
    AGE_16_17 = "16_17", _("16 to 17")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_34 = "25_34", _("25 to 34")
    AGE_35_49 = "35_49", _("35 to 49")
    AGE_50_PLUS = "50_plus", _("50 or older")
    PREFER_NOT = PREFER_NOT, _("Prefer not to say")


class Interpreter(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = PREFER_NOT, _("Prefer not to say")


class IndigenousIdentity(models.TextChoices):
    FIRST_NATIONS = "first_nations", _("First Nations")
    METIS = "metis", _("Métis")
    INUIT = "inuit", _("Inuk (Inuit)")
    ANOTHER = "another", _("Another Indigenous identity")
    NO = "no", _("Not Indigenous")
    PREFER_NOT = PREFER_NOT, _("Prefer not to say")


@track()
class Person(AgencyOwned):
    """Someone the agency supports. Only the alias is required; everything else is the person's choice to share."""

    alias = models.CharField(_("alias"), max_length=120)
    case_number = models.CharField(_("case number"), max_length=32, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)

    legal_name = EncryptedTextField(_("legal name"), blank=True, default="")
    date_of_birth = EncryptedDateField(_("date of birth"), blank=True, null=True)
    age_band = models.CharField(_("age band"), max_length=16, choices=AgeBand.choices, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=60, blank=True)
    gender = EncryptedTextField(_("gender, in their words"), blank=True, default="")
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    interpreter = models.CharField(_("needs an interpreter"), max_length=16, choices=Interpreter.choices, blank=True)
    indigenous_identity = EncryptedTextField(
        _("Indigenous identity"), blank=True, default="", choices=IndigenousIdentity.choices
    )
    immigration_status = EncryptedTextField(_("immigration status"), blank=True, default="")
    accessibility_needs = EncryptedTextField(_("accessibility needs"), blank=True, default="")
    # Questions the person chose not to answer: recorded so nobody asks again.
    declined = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, verbose_name=_("questions not answered")
    )

    # Keyed HMAC of normalised legal name + date of birth: duplicate check and exact lookup, never plaintext.
    name_dob_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    closure_reason = models.CharField(_("reason for closing"), max_length=24, choices=ClosureReason.choices, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(_("closure requested on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["agency", "case_number"], name="case_number_unique_in_agency")]
        indexes = [
            models.Index(fields=["agency", "status"]),
            # The finder: partial alias or case number (icontains is UPPER(...) LIKE), and exact case numbers.
            GinIndex(OpClass(Upper("alias"), name="gin_trgm_ops"), name="person_alias_trgm"),
            GinIndex(OpClass(Upper("case_number"), name="gin_trgm_ops"), name="person_case_number_trgm"),
            models.Index(Upper("case_number"), name="person_case_number_upper"),
        ]

    def __str__(self) -> str:
        return self.alias

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:person_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and not self.is_closed


def agency_today(agency: Any, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date where the agency is (its ``time_zone``), not where the server is.

    The one definition: ``access``, forms and services use it (``access.agency_today`` is this function).
    """
    return timezone.localdate(now or timezone.now(), zoneinfo.ZoneInfo(agency.time_zone))


class CaseSequence(models.Model):
    """The last case number handed out in an agency (locked while the next one is taken)."""

    agency = models.OneToOneField("accounts.Agency", on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.last_value}"


class CareRole(models.TextChoices):
    LEAD = "lead", _("Lead advocate")
    ADVOCATE = "advocate", _("Advocate")
    HOUSING = "housing", _("Housing worker")
    OTHER = "other", _("Other support")


@track()
class CareTeamMember(BaseModel):
    """A staff member on a person's care team, for a period. Supervisors assign and reassign."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("staff member")
    )
    role = models.CharField(_("role on the team"), max_length=16, choices=CareRole.choices, default=CareRole.ADVOCATE)
    # No default: the server's date is not the agency's; services pass ``agency_today``.
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["since"]
        indexes = [models.Index(fields=["user", "until"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def is_current(self, today: datetime.date | None = None) -> bool:
        """On the team today; pass the agency's ``today`` (``access.agency_today``) when you have it."""
        today = today or agency_today(self.person.agency)
        return self.since <= today and (self.until is None or self.until >= today)


class InfoCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact details")
    SAFETY_PLAN = "safety_plan", _("Safety plan")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal")
    CASE_NOTES = "case_notes", _("Case notes")


class HowGiven(models.TextChoices):
    SIGNED = "signed", _("Signed")
    VERBAL = "verbal", _("Verbal, witnessed by a staff member")


@track()
class Release(BaseModel):
    """Consent to share, in writing: who receives what, why, until when. Never a condition of service."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="releases")
    recipient_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(_("outside organisation"), max_length=200, blank=True)
    purpose = EncryptedTextField(_("purpose"))
    categories = ArrayField(
        models.CharField(max_length=24, choices=InfoCategory.choices), verbose_name=_("information that may be shared")
    )
    given_on = models.DateField(_("date given"))
    how_given = models.CharField(_("how consent was given"), max_length=16, choices=HowGiven.choices)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_reason = EncryptedTextField(_("reason for revoking"), blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return self.recipient

    @property
    def recipient(self) -> str:
        return self.recipient_agency.name if self.recipient_agency_id and self.recipient_agency else self.recipient_name

    def is_current(self, today: datetime.date | None = None) -> bool:
        """Counts today, in the agency's time zone unless ``today`` is given."""
        today = today or agency_today(self.person.agency)
        return self.revoked_at is None and self.given_on <= today <= self.expires_on

    def category_labels(self) -> list[str]:
        labels = dict(InfoCategory.choices)
        return [str(labels.get(c, c)) for c in self.categories]


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person, at a place")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@track()
class SafeContact(BaseModel):
    """How and when the person has said it is safe to reach them on one channel."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="safe_contacts")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    value = EncryptedTextField(_("number, address or place"))
    safe_days = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices), default=list, verbose_name=_("safe days")
    )
    safe_from = models.TimeField(_("safe from"))
    safe_until = models.TimeField(_("safe until"))
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    code_word = EncryptedTextField(_("code word"), blank=True, default="")
    verified_on = models.DateField(_("last confirmed with the person"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["channel", "created_at"]

    def __str__(self) -> str:
        return self.get_channel_display()

    def day_labels(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in sorted(self.safe_days)]


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to go out")
    SENT = "sent", _("sent")
    FAILED = "failed", _("did not go out")
    STAFF = "staff", _("for staff to make")


@track()
class OutboundMessage(BaseModel):
    """A message that ``contact.send`` let through, kept for the record (its text encrypted)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages_sent")
    safe_contact = models.ForeignKey(SafeContact, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    body = EncryptedTextField(_("message"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)
    # E-mail is "queued" until the mail server answers after commit, then "sent" or "failed";
    # calls, texts and visits are made by staff from the record ("staff").
    status = models.CharField(_("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sent_at:%Y-%m-%d}"


@track()
class BreakGlassGrant(BaseModel):
    """Emergency access to a record outside someone's caseload, for a few hours, with a written reason."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("staff member")
    )
    reason = EncryptedTextField(_("reason"))
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    ended_at = models.DateTimeField(_("ended early on"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.person_id}"

    def is_active(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.ended_at is None and self.starts_at <= now < self.expires_at
