"""Objects for people tests: one record per object state the authorization matrix checks."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypoint.people.models import (
    BreakGlassGrant,
    CareRole,
    CareTeamMember,
    Channel,
    HowGiven,
    Person,
    Release,
    SafeContact,
    Status,
)
from waypoint.testing.personas import World

_numbers = itertools.count(1)

# Well before any date a test travels to, so a team is current whatever the real date (today's date made
# the care team start after the Tuesday that test_contact travels to, once that Tuesday had passed).
TEAM_SINCE = datetime.date(2020, 1, 1)

STATES = ("own", "other_caseload", "other_agency", "closed", "break_glass_active", "break_glass_expired")


def make_person(
    agency: Any,
    *,
    alias: str = "Robin",
    team: Sequence[Any] = (),
    status: str = Status.ACTIVE,
    since: datetime.date = TEAM_SINCE,
    **extra: Any,
) -> Person:
    person = Person.objects.create(
        agency=agency, alias=alias, case_number=f"WP-1999-{next(_numbers):05d}", status=status, **extra
    )
    for user in team:
        CareTeamMember.objects.create(person=person, user=user, role=CareRole.LEAD, since=since)
    if status == Status.CLOSED:
        person.closed_at = timezone.now()
        person.closure_reason = "goals_reached"
        person.save(update_fields=["closed_at", "closure_reason"])
    return person


def make_release(person: Person, **extra: Any) -> Release:
    today = timezone.localdate()
    values = {
        "recipient_name": "Riverside Legal Aid (fictional)",
        "purpose": "Help with a housing application",
        "categories": ["identity", "housing"],
        "given_on": today,
        "how_given": HowGiven.SIGNED,
        "expires_on": today + timedelta(days=180),
        **extra,
    }
    return Release.objects.create(person=person, **values)


def make_contact(person: Person, **extra: Any) -> SafeContact:
    values = {
        "channel": Channel.TEXT,
        "value": "+1 555 0100",
        "safe_days": [0, 1, 2, 3, 4, 5, 6],
        "safe_from": datetime.time(0, 0),
        "safe_until": datetime.time(23, 59, 59),
        "code_word": "lighthouse",
        "verified_on": timezone.localdate(),
        **extra,
    }
    return SafeContact.objects.create(person=person, **values)


def make_grant(person: Person, user: Any, *, active: bool = True) -> BreakGlassGrant:
    now = timezone.now()
    if active:
        return BreakGlassGrant.objects.create(
            person=person, user=user, reason="Urgent hospital call", starts_at=now, expires_at=now + timedelta(hours=4)
        )
    return BreakGlassGrant.objects.create(
        person=person,
        user=user,
        reason="Urgent hospital call",
        starts_at=now - timedelta(hours=6),
        expires_at=now - timedelta(hours=2),
    )


@dataclass
class StateObjects:
    person: Person
    release: Release
    contact: SafeContact
    member: CareTeamMember
    grant: BreakGlassGrant


@dataclass
class States:
    by_state: dict[str, StateObjects] = field(default_factory=dict)

    def __getitem__(self, key: str) -> StateObjects:
        return self.by_state[key]


def build_states(world: World) -> States:
    """One record per state; alice is the persona whose view of them the states describe."""
    harbour, elsewhere = world.agencies["harbour"], world.agencies["elsewhere"]
    alice, bob, oscar = world.user("alice"), world.user("bob"), world.user("oscar")
    specs = {
        "own": (harbour, [alice], Status.ACTIVE, None),
        "other_caseload": (harbour, [bob], Status.ACTIVE, None),
        "other_agency": (elsewhere, [oscar], Status.ACTIVE, None),
        "closed": (harbour, [alice], Status.CLOSED, None),
        "break_glass_active": (harbour, [bob], Status.ACTIVE, True),
        "break_glass_expired": (harbour, [bob], Status.ACTIVE, False),
    }
    states = States()
    for key, (agency, team, status, grant_active) in specs.items():
        person = make_person(agency, alias=f"Alias {key}", team=team, status=status)
        grant_user = alice if grant_active is not None else team[0]
        grant = make_grant(person, grant_user, active=bool(grant_active))
        states.by_state[key] = StateObjects(
            person=person,
            release=make_release(person),
            contact=make_contact(person),
            member=person.care_team.get(),
            grant=grant,
        )
    return states
