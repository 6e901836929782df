"""Instrument definitions as stored rows, an agency's imported wording, and the responses taken with them.

A definition row never changes once written: a new version is a new row, so a response points at
the exact version it was taken with and always rescores with it. Answers are encrypted (they are
what the person said); scores are plain numbers. A response hangs off a person, so it is read
through ``waypoint.people.access`` like every other row about someone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.core.fields import EncryptedJSONField
from waypoint.core.language import localized
from waypoint.core.models import AgencyOwned, BaseModel
from waypoint.instruments.loader import Definition, Words, definition_from_body
from waypoint.people.models import Person, track

# Definition rows never change, so each one is built from its body once per process.
_BUILT: dict[Any, Definition] = {}


class InstrumentDefinition(BaseModel):
    """One version of an instrument: shipped by Waypoint (no agency) or uploaded by one agency."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    # The checked definition data, exactly as load_definition read it.
    body = models.JSONField(_("definition"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "key", "version"], name="instrument_version_once_per_agency"),
            # NULLs are distinct in a unique index: the shipped rows need their own.
            models.UniqueConstraint(
                fields=["key", "version"], condition=Q(agency__isnull=True), name="instrument_version_once_shipped"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    @property
    def definition(self) -> Definition:
        built = _BUILT.get(self.pk)
        if built is None:
            built = _BUILT[self.pk] = definition_from_body(self.body)
        return built

    @property
    def shipped(self) -> bool:
        return self.agency_id is None

    @property
    def title(self) -> str:
        words = self.definition.title
        return localized(words.en, words.fr)


class InstrumentWording(AgencyOwned):
    """An agency's item wording for a scoring-key-only definition, from its own copy. The latest import is used."""

    definition = models.ForeignKey(InstrumentDefinition, on_delete=models.PROTECT, related_name="wordings")
    # {"<item number>": {"en": "...", "fr": "..."}}
    items = models.JSONField(_("item wording"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("imported on"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        indexes = [models.Index(fields=["agency", "definition", "-imported_at"], name="wording_latest")]

    def __str__(self) -> str:
        return f"{self.definition_id} wording for {self.agency_id}"


def wording_of(items: dict[str, Any] | None) -> dict[int, Words]:
    return {int(number): Words(en=words["en"], fr=words["fr"]) for number, words in (items or {}).items()}


@track()
class Response(AgencyOwned):
    """One time a questionnaire was filled in: the exact definition version, the answers and their scores."""

    definition = models.ForeignKey(InstrumentDefinition, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="responses")
    # A staff member's private self-check (a later issue); never both a person and a user.
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    domain = models.ForeignKey(
        "casework.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("part of life"),
    )
    # {"<item number>": answer or null for a skip}
    answers = EncryptedJSONField(_("answers"))
    # {"subscales": {name: number or null}, "total": number or null, "skipped": n, "complete": bool}
    scores = models.JSONField(_("scores"))
    taken_on = models.DateField(_("taken on"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        indexes = [models.Index(fields=["person", "-taken_on"], name="response_person_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(subject_user__isnull=True), name="response_one_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} on {self.taken_on:%Y-%m-%d}"

    def answer_map(self) -> dict[int, int | None]:
        return {int(number): answer for number, answer in (self.answers or {}).items()}
