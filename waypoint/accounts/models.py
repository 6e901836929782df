"""People who use Waypoint: users, the agencies they work for, their roles and invitations."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.roles import Role
from waypoint.core.models import BaseModel

# The time zones an agency (or a workshop) may be in: the one list, as form and model choices.
TIME_ZONES = sorted((tz, tz) for tz in zoneinfo.available_timezones() if "/" in tz and not tz.startswith("Etc/"))
DEFAULT_TIME_ZONE = "America/Toronto"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


# Each language named in itself, as the header's language switch does.
LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français")]


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Their e-mail is their login; there is no username."""

    email = models.EmailField(_("e-mail"), unique=True)
    display_name = models.CharField(_("name"), max_length=120, blank=True)
    # The interface language chosen on the profile page; empty: follow the browser (and the switch in the header).
    language = models.CharField(_("language"), max_length=8, blank=True, choices=LANGUAGE_CHOICES)
    # The morning e-mail that counts follow-ups due (no survivor detail in it); staff may turn it off.
    daily_digest = models.BooleanField(_("daily e-mail of follow-ups due"), default=True)
    is_active = models.BooleanField(default=True)  # type: ignore[assignment]
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email


class Agency(BaseModel):
    """An organisation on the platform. Survivor data never crosses agencies without a release."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, choices=TIME_ZONES)
    retention_years = models.PositiveSmallIntegerField(
        _("retention after closure (years)"),
        default=7,
        help_text=_("Closed records are purged this many years after closure."),
    )
    safety_review_days = models.PositiveSmallIntegerField(
        _("safety plan review (days)"),
        default=30,
        help_text=_("How often a safety plan is reviewed with the person, unless a plan sets its own cadence."),
    )
    is_partner = models.BooleanField(
        _("partner organisation"),
        default=False,
        help_text=_("A partner receives referrals but holds no caseload here."),
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """One user's role in one agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="one_membership_per_agency")]
        ordering = ["agency__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.agency}"


class Invitation(BaseModel):
    """An agency admin's invitation to join; the link carries a token whose hash alone is stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Empty while the invitation awaits a second person's approval: no link exists yet.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.agency}"

    @property
    def is_usable(self) -> bool:
        return (
            self.token_hash is not None
            and self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def awaits_approval(self) -> bool:
        return self.token_hash is None and self.revoked_at is None


class RoleRequest(BaseModel):
    """A grant of record access (a clinical or supervisor role) waiting for a second person.

    One agency admin alone must never give anyone access to survivor records, so
    such a grant is a request until a supervisor of the agency or another admin
    approves it. It targets either an invitation (nobody has joined yet) or an
    existing membership (a role change); the membership keeps its old role until then.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_requests")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="role_requests"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="role_requests"
    )
    role = models.CharField(_("requested role"), max_length=32, choices=Role.choices)
    previous_role = models.CharField(_("role before"), max_length=32, choices=Role.choices, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(invitation__isnull=False) & models.Q(membership__isnull=True))
                | (models.Q(invitation__isnull=True) & models.Q(membership__isnull=False)),
                name="role_request_has_one_subject",
            ),
            # At most one open request per subject, so two approvals can never race.
            models.UniqueConstraint(
                fields=["invitation"], condition=models.Q(decision="pending"), name="one_open_request_per_invitation"
            ),
            models.UniqueConstraint(
                fields=["membership"], condition=models.Q(decision="pending"), name="one_open_request_per_membership"
            ),
        ]
        indexes = [models.Index(fields=["agency", "decision"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.agency_id} ({self.decision})"

    @property
    def subject_email(self) -> str:
        if self.invitation is not None:
            return self.invitation.email
        assert self.membership is not None
        return self.membership.user.email
