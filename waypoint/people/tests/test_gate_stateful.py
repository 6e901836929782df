"""The gate equals its specification: a hypothesis state machine against an independent oracle."""

from __future__ import annotations

import datetime
from datetime import timedelta

import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from waypoint.accounts.models import Agency, Membership, User
from waypoint.people.access import caseload, supervised_people, visible_people
from waypoint.people.models import BreakGlassGrant, CareTeamMember, Person

ROLES = ["advocate", "housing_staff", "supervisor", "program_manager", "agency_admin", "intake", "partner"]
CLINICAL = {"advocate", "housing_staff", "supervisor"}
USERS = range(5)
PEOPLE = range(4)
START = datetime.datetime(2026, 6, 1, 15, 0, tzinfo=datetime.UTC)


class GateMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        home = Agency.objects.create(name="Gate Home")
        other = Agency.objects.create(name="Gate Other")
        # Users 0-3 at home, 4 elsewhere; people 0-2 at home, 3 elsewhere.
        self.user_agency = [home, home, home, home, other]
        self.person_agency = [home, home, home, other]
        self.users: list[User] = []
        self.memberships: list[Membership] = []
        self.roles = ["advocate", "advocate", "housing_staff", "supervisor", "advocate"]
        self.active = [True] * 5
        for i in USERS:
            user = User.objects.create_user(f"gate{i}@test.waypoint.invalid", "x" * 16)
            self.users.append(user)
            self.memberships.append(
                Membership.objects.create(user=user, agency=self.user_agency[i], role=self.roles[i])
            )
        self.people = [
            Person.objects.create(agency=self.person_agency[j], alias=f"P{j}", case_number=f"G-{j}") for j in PEOPLE
        ]
        self.team: set[tuple[int, int]] = set()
        self.grants: list[tuple[int, int, datetime.datetime, bool, int]] = []  # user, person, expires, ended, pk

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.traveller.stop()

    @rule(u=st.sampled_from(USERS), p=st.sampled_from(PEOPLE))
    def assign(self, u: int, p: int) -> None:
        CareTeamMember.objects.create(person=self.people[p], user=self.users[u], since=timezone.localdate())
        self.team.add((u, p))

    @rule(u=st.sampled_from(USERS), p=st.sampled_from(PEOPLE))
    def unassign(self, u: int, p: int) -> None:
        CareTeamMember.objects.filter(person=self.people[p], user=self.users[u], until__isnull=True).update(
            until=timezone.localdate() - timedelta(days=1)
        )
        self.team.discard((u, p))

    @rule(u=st.sampled_from(USERS), p=st.sampled_from(PEOPLE), hours=st.integers(1, 6))
    def grant(self, u: int, p: int, hours: int) -> None:
        now = timezone.now()
        grant = BreakGlassGrant.objects.create(
            person=self.people[p],
            user=self.users[u],
            reason="r" * 12,
            starts_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        self.grants.append((u, p, now + timedelta(hours=hours), False, grant.pk))

    @rule(u=st.sampled_from(USERS), p=st.sampled_from(PEOPLE))
    def end_grants(self, u: int, p: int) -> None:
        BreakGlassGrant.objects.filter(person=self.people[p], user=self.users[u], ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        self.grants = [(gu, gp, exp, ended or (gu, gp) == (u, p), pk) for gu, gp, exp, ended, pk in self.grants]

    @rule(minutes=st.integers(1, 60 * 30))
    def time_passes(self, minutes: int) -> None:
        self.clock.shift(timedelta(minutes=minutes))

    @rule(u=st.sampled_from(USERS), role=st.sampled_from(ROLES))
    def change_role(self, u: int, role: str) -> None:
        Membership.objects.filter(pk=self.memberships[u].pk).update(role=role)
        self.roles[u] = role

    @rule(u=st.sampled_from(USERS), active=st.booleans())
    def set_active(self, u: int, active: bool) -> None:
        User.objects.filter(pk=self.users[u].pk).update(is_active=active)
        self.users[u].refresh_from_db()
        self.active[u] = active

    def oracle(self, u: int) -> set:
        if not self.active[u] or self.roles[u] not in CLINICAL:
            return set()
        now = timezone.now()
        seen = set()
        for p in PEOPLE:
            if self.person_agency[p] != self.user_agency[u]:
                continue
            granted = any(gu == u and gp == p and not ended and exp > now for gu, gp, exp, ended, _ in self.grants)
            if self.roles[u] == "supervisor" or (u, p) in self.team or granted:
                seen.add(self.people[p].pk)
        return seen

    @invariant()
    def gate_matches_oracle(self) -> None:
        for u in USERS:
            visible = set(visible_people(self.users[u]).values_list("pk", flat=True))
            assert visible == self.oracle(u), u
            # The narrower entry points never reach past the gate.
            assert set(caseload(self.users[u]).values_list("pk", flat=True)) <= visible, u
            assert set(supervised_people(self.users[u]).values_list("pk", flat=True)) <= visible, u


def test_visible_people_matches_the_oracle_after_every_step(db):
    run_state_machine_as_test(GateMachine, settings=hsettings(max_examples=40, stateful_step_count=25, deadline=None))
