"""Audit events: who did what to which record, for what purpose. Ids and actions only, never PII.

Each event stores the keyed hash (HMAC) of its content and of the one before it, so
removing, altering or forging a row breaks the chain; a database trigger refuses
UPDATE, DELETE and TRUNCATE outright, and checkpoints kept outside the database
catch a chain cut short (see waypoint.audit.services).
"""

from __future__ import annotations

from django.db import models


class Event(models.Model):
    sequence = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.UUIDField(null=True, blank=True)
    agency_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=40, blank=True)
    # Non-identifying detail such as a role name or a count; checked for type, never free text from users.
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    # Which audit key signed the hash ("" for the unkeyed SHA-256 events written before keys existed).
    key_id = models.CharField(max_length=16, blank=True, default="")
    # Not unique-indexed: the HMAC covers the sequence (the primary key), so it is unique anyway, and two
    # random-order indexes on it made every append at 10M events wait on disk.
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "sequence"]),
            models.Index(fields=["actor_id", "sequence"]),
            models.Index(fields=["agency_id", "action", "sequence"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_type}:{self.target_id}"


class VerifiedPoint(models.Model):
    """Where ``audit_verify`` last found the chain sound: the next run starts there.

    Append-only like the events (a trigger refuses UPDATE, DELETE and TRUNCATE), and
    signed with the audit key, so that someone who can only write to the database
    cannot insert a point past events they forged. See waypoint.audit.services.
    """

    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField()
    # Whether the run that wrote it walked the chain from its first event.
    full = models.BooleanField()
    key_id = models.CharField(max_length=16)
    mac = models.CharField(max_length=64)

    class Meta:
        db_table = "audit_verification"
        indexes = [models.Index(fields=["sequence"])]

    def __str__(self) -> str:
        return f"verified to #{self.sequence} at {self.verified_at:%Y-%m-%d %H:%M}"
