"""Reactivating a member who left: the role comes back (after a second person, if it opens records), the caseload does not."""

from __future__ import annotations

import contextlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from waypoint.accounts import services
from waypoint.accounts.models import Membership, RoleRequest
from waypoint.accounts.tests import test_approvals as approvals_tests
from waypoint.audit.models import Event
from waypoint.people.access import visible_people
from waypoint.people.models import CareTeamMember
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user
from waypoint.testing.stepup import stepped_up


def url(membership: Membership) -> str:
    return f"/agency/members/{membership.pk}/reactivate/"


def dora(world) -> Membership:
    return world.user("dora").memberships.get()


def decide(client: Client, request: RoleRequest, decision: str = "approve"):
    return client.post(f"/agency/approvals/{request.pk}/decide/", {"decision": decision})


def test_the_members_list_offers_reactivation_for_those_who_left(world, clients):
    body = clients("adam").get("/agency/members/").content.decode()
    assert f'href="{url(dora(world))}"' in body
    assert f'href="{url(world.user("bob").memberships.get())}"' not in body


def test_it_asks_first_and_says_the_caseload_does_not_come_back(world, clients):
    response = clients("adam").get(url(dora(world)))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Their caseload does not come back" in body
    assert 'value="advocate" selected' in body  # the role they left with
    membership = dora(world)
    assert not membership.is_active and not RoleRequest.objects.exists()


def test_a_lone_admin_cannot_reactivate_someone_straight_into_a_clinical_role(world, clients):
    membership = dora(world)
    for role in ("advocate", "housing_staff", "supervisor"):
        response = clients("adam").post(url(membership), {"role": role})
        assert response.status_code == 302
        membership.refresh_from_db()
        membership.user.refresh_from_db()
        assert not membership.is_active and not membership.user.is_active, role
        assert RoleRequest.objects.get(membership=membership, decision="pending").role == role
    # The admin who asked may not approve it, even stepped up.
    adam = stepped_up(clients("adam"), world.user("adam"))
    request = RoleRequest.objects.get(membership=membership, decision="pending")
    decide(adam, request)
    request.refresh_from_db()
    membership.refresh_from_db()
    assert request.decision == "pending" and not membership.is_active
    with pytest.raises(ValidationError):
        services.role_request_decide(actor=world.user("adam"), request=request, approve=True)
    assert not Event.objects.filter(action="membership.reactivated").exists()


def test_the_person_coming_back_cannot_approve_their_own_return(world):
    membership = dora(world)
    services.membership_reactivate(actor=world.user("adam"), membership=membership, role="advocate")
    request = RoleRequest.objects.get(membership=membership)
    with pytest.raises(ValidationError):
        services.role_request_decide(actor=world.user("dora"), request=request, approve=True)


def test_a_supervisor_approves_and_only_then_they_are_back(world, clients, django_capture_on_commit_callbacks):
    membership = dora(world)
    clients("adam").post(url(membership), {"role": "advocate"})
    request = RoleRequest.objects.get(membership=membership)
    assert "reactivated as Advocate" in clients("sam").get("/agency/approvals/").content.decode()
    sam = stepped_up(clients("sam"), world.user("sam"))
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(sam, request).status_code == 302
    membership.refresh_from_db()
    membership.user.refresh_from_db()
    assert membership.is_active and membership.role == "advocate" and membership.user.is_active
    event = Event.objects.get(action="membership.reactivated")
    assert event.actor_id == world.user("adam").pk and event.detail["approved_by"] == str(world.user("sam").pk)
    assert mail.outbox[-1].to == [membership.user.email]


def test_a_role_that_opens_nothing_comes_back_at_once_and_is_audited(world, clients):
    membership = dora(world)
    response = clients("adam").post(url(membership), {"role": "intake"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active and membership.role == "intake" and membership.user.is_active
    assert not RoleRequest.objects.exists()
    event = Event.objects.get(action="membership.reactivated")
    assert event.detail == {"from": "advocate", "to": "intake"}
    assert event.actor_id == world.user("adam").pk


def test_the_change_and_its_audit_row_share_one_transaction(world, monkeypatch):
    # A failing audit write leaves the member deactivated.
    from waypoint import audit

    def broken(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(audit, "record", broken)
    membership = dora(world)
    with pytest.raises(RuntimeError):
        services.membership_reactivate(actor=world.user("adam"), membership=membership, role="intake")
    membership.refresh_from_db()
    assert not membership.is_active


def test_care_team_places_ended_at_departure_stay_ended(world, clients):
    bob = world.user("bob")
    person = make_person(world.agencies["harbour"], team=[bob])
    membership = bob.memberships.get()
    clients("adam").post(f"/agency/members/{membership.pk}/deactivate/")
    clients("adam").post(url(membership), {"role": "advocate"})
    request = RoleRequest.objects.get(membership=membership)
    decide(stepped_up(clients("sam"), world.user("sam")), request)
    membership.refresh_from_db()
    assert membership.is_active and membership.role == "advocate"
    place = CareTeamMember.objects.get(person=person, user=bob)
    assert not place.is_current()
    assert not visible_people(bob).exists()
    # The record is still waiting for someone on the supervisors' queue.
    assert person.alias in clients("sam").get("/agency/approvals/").content.decode()


def test_an_approval_is_refused_when_the_role_changed_meanwhile(world):
    membership = dora(world)
    services.membership_reactivate(actor=world.user("adam"), membership=membership, role="supervisor")
    request = RoleRequest.objects.get(membership=membership)
    Membership.objects.filter(pk=membership.pk).update(role="intake")
    with pytest.raises(ValidationError):
        services.role_request_decide(actor=world.user("sam"), request=request, approve=True)
    membership.refresh_from_db()
    assert not membership.is_active


def test_an_active_member_is_not_reactivated(world, clients):
    bob = world.user("bob").memberships.get()
    assert clients("adam").get(url(bob))["Location"] == "/agency/members/"
    clients("adam").post(url(bob), {"role": "supervisor"})
    assert not RoleRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.membership_reactivate(actor=world.user("adam"), membership=bob, role="intake")


def test_another_agencys_member_is_not_found(world, clients):
    admin, _ = make_user("eadmin@test.waypoint.invalid", agency=world.agencies["elsewhere"], role="agency_admin")
    client = Client()
    client.force_login(admin)
    membership = dora(world)
    assert client.get(url(membership)).status_code == 404
    assert client.post(url(membership), {"role": "intake"}).status_code == 404
    membership.refresh_from_db()
    assert not membership.is_active
    with pytest.raises(ValidationError):
        services.membership_reactivate(actor=admin, membership=membership, role="intake")


def test_other_roles_cannot_reactivate(world, clients):
    membership = dora(world)
    for key in ("alice", "sam", "pat", "ines", "cora"):
        assert clients(key).get(url(membership)).status_code == 403, key
        assert clients(key).post(url(membership), {"role": "intake"}).status_code == 403, key
    membership.refresh_from_db()
    assert not membership.is_active


# The dual-control property of test_approvals, with reactivation among the lone admin's moves.
reactivate = st.tuples(
    st.just("reactivate"), st.sampled_from(approvals_tests.EMAILS), st.sampled_from(approvals_tests.ROLES)
)
# Listed twice among the eight moves, so a quarter of them bring someone back.
with_reactivation = st.one_of(approvals_tests.action, reactivate, reactivate)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(with_reactivation, min_size=1, max_size=12))
# The shortest ways in, tried every run: dora left as an advocate; bob leaves and is brought back higher.
@example(steps=[("reactivate", "dora", "advocate")])
@example(steps=[("deactivate", "bob", ""), ("reactivate", "bob", "supervisor"), ("approve", "bob", "")])
def test_no_sequence_of_one_admins_actions_with_reactivation_opens_a_record(world, steps):
    adam = world.user("adam")
    agency = world.agencies["harbour"]
    with transaction.atomic():
        before = approvals_tests.record_access(agency)
        for kind, key, role in steps:
            if kind == "reactivate":
                membership = Membership.objects.filter(agency=agency, user__email=approvals_tests._email(key)).first()
                if membership is not None:
                    with contextlib.suppress(ValidationError):
                        services.membership_reactivate(actor=adam, membership=membership, role=role)
            else:
                approvals_tests._attempt(world, adam, kind, key, role)
            for email, reach in approvals_tests.record_access(agency).items():
                assert reach <= before.get(email, 0), (email, steps)
        transaction.set_rollback(True)
