"""Base models every Waypoint table builds on: UUID keys, timestamps, agency ownership."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """A UUID primary key (the only identifier that appears in a URL) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AgencyOwned(BaseModel):
    """A row that belongs to one agency; its data never leaves that agency without a release."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
