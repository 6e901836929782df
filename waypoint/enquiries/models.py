"""Requests to "speak with someone" from professionals, and intake's log of how each was answered.

Everything a sender writes is encrypted at rest and written only through
``enquiries.services``. The tables were ``learning_contact*`` before the split;
migration 0001 kept their rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.core.fields import EncryptedTextField
from waypoint.core.models import BaseModel


class ContactTopic(models.TextChoices):
    TRAINING = "training", _("Training or a workshop for my team")
    CONSULTATION = "consultation", _("Advice about a situation I am supporting")
    REFERRAL = "referral", _("Referring someone to services")
    PARTNERSHIP = "partnership", _("Working together as organisations")
    OTHER = "other", _("Something else")


class ContactStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ContactRequest(BaseModel):
    """A professional asking to speak with someone. Everything they wrote is encrypted."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(verbose_name=_("name"))
    organisation = EncryptedTextField(blank=True, verbose_name=_("organisation"))
    role = EncryptedTextField(blank=True, verbose_name=_("role"))
    email = EncryptedTextField(verbose_name=_("e-mail"))
    phone = EncryptedTextField(blank=True, verbose_name=_("phone"))
    preferred_channel = models.CharField(
        max_length=8,
        choices=[("email", _("E-mail")), ("phone", _("Phone"))],
        default="email",
        verbose_name=_("how they prefer to be reached"),
    )
    topic = models.CharField(max_length=32, choices=ContactTopic.choices, verbose_name=_("topic"))
    message = EncryptedTextField(verbose_name=_("message"))
    status = models.CharField(
        max_length=16, choices=ContactStatus.choices, default=ContactStatus.NEW, verbose_name=_("status")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "status", "due_at"])]

    def __str__(self) -> str:
        return f"Contact request {self.id}"

    @property
    def is_overdue(self) -> bool:
        return self.status != ContactStatus.CLOSED and self.due_at < timezone.now()


class ContactReply(BaseModel):
    """A note of how intake answered: what was said, by which channel."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        max_length=16,
        choices=[("email", _("E-mail")), ("phone", _("Phone")), ("meeting", _("Meeting")), ("other", _("Other"))],
        default="email",
        verbose_name=_("channel"),
    )
    body = EncryptedTextField(verbose_name=_("what was said"))

    class Meta:
        ordering = ["created_at"]
