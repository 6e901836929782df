"""Safety plans: one per person, made of versions nobody can change, and risk check-ins.

Every model here hangs off a ``Person`` and is read through ``waypoint.people.access`` (the isolation
test scans for it). A plan's content, a reason it was not made with the person, the wallet card and a
check-in's note are encrypted; none of them enters an audit event, an e-mail, a log or a task title.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.fields import EncryptedTextField
from waypoint.core.models import AgencyOwned
from waypoint.people.models import Person

DEFAULT_REVIEW_DAYS = 30


class SafetyPlan(AgencyOwned):
    """The plan's place: its review cadence and the day the next review is due. The content is in versions."""

    # One plan per person (the constraint); a foreign key so the plan is made through the person's manager.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="safety_plans")
    review_days = models.PositiveSmallIntegerField(
        _("review every (days)"), null=True, blank=True, help_text=_("Leave empty for the agency's cadence.")
    )
    review_due_on = models.DateField(_("next review"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person"], name="safety_one_plan_per_person")]

    def __str__(self) -> str:
        return f"plan of {self.person_id}"


class PlanVersion(AgencyOwned):
    """One whole plan as it stood after one conversation. The database refuses UPDATE and DELETE (migration 0001)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    # The person again, so the gate reads versions like any row about a person, and the purge names them.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField()
    made_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    with_person = models.BooleanField(_("made with the person"), default=True)
    why_not = EncryptedTextField(_("why not with the person"), blank=True, default="")
    content = EncryptedTextField(_("sections"))  # JSON: [{key, words, items: [{id, …}]}]
    # Which sections changed from the version before (keys only, never content): the timeline says so.
    changed = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    card = EncryptedTextField(_("wallet card"), blank=True, default="")  # JSON: {heading, items} or {none: reason}

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="safety_version_number_once")]

    def __str__(self) -> str:
        return f"version {self.number} of {self.plan_id}"

    @property
    def sections(self) -> list[dict[str, Any]]:
        parsed = json.loads(self.content or "[]")
        return parsed if isinstance(parsed, list) else []

    @property
    def card_choice(self) -> dict[str, Any]:
        parsed = json.loads(self.card or "{}")
        return parsed if isinstance(parsed, dict) else {}


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Not talked about")


class RiskCheckIn(AgencyOwned):
    """A short check-in on what changed (our own questions, not a risk score). Any yes prompts a plan review."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="risk_check_ins")
    on = models.DateField(_("date"))
    answers = models.JSONField(default=dict)  # question key -> Answer (keys and answers only: no content)
    any_yes = models.BooleanField(default=False)  # so the caseload flag reads a column, not JSON
    note = EncryptedTextField(_("note"), blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["person", "-on", "-created_at"]
        indexes = [models.Index(fields=["person", "-on"], name="risk_person_recent")]

    def __str__(self) -> str:
        return f"risk check-in of {self.person_id} on {self.on}"
