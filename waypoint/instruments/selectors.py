"""Reads for instruments: which definitions an agency has (and whether their wording is in), and a person's responses.

Responses hang off a person, so every read of them starts from ``waypoint.people.access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from waypoint.instruments.loader import Definition
from waypoint.instruments.models import InstrumentDefinition, InstrumentWording, Response, wording_of
from waypoint.people import access
from waypoint.people.models import Person


@dataclass(frozen=True)
class Offer:
    """The version of an instrument an agency uses now, with its wording filled in when it has been imported."""

    row: InstrumentDefinition
    definition: Definition
    # A scoring-key-only instrument whose wording the agency has not imported (or not for every item).
    needs_wording: bool

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def title(self) -> str:
        return self.row.title

    def may_be_taken_by(self, role: str | None) -> bool:
        return role is not None and role in self.definition.roles


def definitions_of(agency_id: Any) -> QuerySet[InstrumentDefinition]:
    """Every version of every definition an agency can see: Waypoint's and its own."""
    return InstrumentDefinition.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))


def _latest_wording(agency_id: Any) -> Subquery:
    # Wording follows the instrument's key, so a new version with the same items keeps the agency's import.
    latest = (
        InstrumentWording.objects.filter(agency_id=agency_id, definition__key=OuterRef("key"))
        .order_by("-imported_at")
        .values("items")[:1]
    )
    return Subquery(latest)


def _offer(row: InstrumentDefinition) -> Offer:
    definition = row.definition
    if not definition.needs_wording:
        return Offer(row, definition, needs_wording=False)
    worded = definition.with_wording(wording_of(getattr(row, "wording_items", None)))
    return Offer(row, worded, needs_wording=worded.needs_wording)


def offers(agency_id: Any, *, key: str | None = None) -> list[Offer]:
    """The newest version of each instrument, by key (one query). Waypoint's own key comes first if both exist."""
    rows = definitions_of(agency_id).annotate(wording_items=_latest_wording(agency_id))
    if key is not None:
        rows = rows.filter(key=key)
    newest = rows.order_by("key", F("agency_id").asc(nulls_first=True), "-version").distinct("key")
    return sorted((_offer(row) for row in newest), key=lambda offer: offer.title.casefold())


def offer(agency_id: Any, key: str) -> Offer | None:
    found = offers(agency_id, key=key)
    return found[0] if found else None


def own_definitions(agency_id: Any) -> QuerySet[InstrumentDefinition]:
    """Every version of the definitions the agency uploaded itself, newest first within each key."""
    return (
        InstrumentDefinition.objects.filter(agency_id=agency_id)
        .select_related("created_by")
        .order_by("key", "-version")
    )


def responses_of(person: Person) -> QuerySet[Response]:
    """The person's responses, oldest first, with the definition version each was taken with (one query)."""
    return (
        access.rows_of_person(person, Response)
        .select_related("definition", "domain", "author")
        .order_by("taken_on", "created_at")
    )


def response_of(person: Person, response_id: Any) -> Response | None:
    return access.rows_of_person(person, Response).select_related("definition", "domain").filter(pk=response_id).first()


def wording_history(agency_id: Any) -> dict[str, InstrumentWording]:
    """The latest wording import for each instrument key of the agency (one query)."""
    latest: dict[str, InstrumentWording] = {}
    rows = InstrumentWording.objects.filter(agency_id=agency_id).select_related("definition", "imported_by")
    for wording in rows.order_by("-imported_at"):
        latest.setdefault(wording.definition.key, wording)
    return latest
