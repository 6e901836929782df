"""No one person alone gives anyone access to survivor records: a second person approves each such grant."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from waypoint.accounts import services
from waypoint.accounts.models import Invitation, Membership, RoleRequest, User
from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.audit.models import Event
from waypoint.people.models import BreakGlassGrant, CareTeamMember
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user
from waypoint.testing.stepup import stepped_up


def second_admin(world) -> tuple[User, Client]:
    user, _ = make_user("ada@test.waypoint.invalid", agency=world.agencies["harbour"], role="agency_admin")
    client = Client()
    client.force_login(user)
    return user, client


def decide(client: Client, request: RoleRequest, decision: str = "approve"):
    return client.post(f"/agency/approvals/{request.pk}/decide/", {"decision": decision})


def test_an_invitation_to_a_clinical_role_waits_for_a_second_person(world, clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clients("adam").post(
            "/agency/members/", {"email": "adam.two@test.waypoint.invalid", "role": "supervisor"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="adam.two@test.waypoint.invalid")
    assert invitation.awaits_approval and not invitation.is_usable
    assert not mail.outbox  # no link exists yet
    request = RoleRequest.objects.get(invitation=invitation)
    # The admin who asked cannot approve, even stepped up.
    adam = stepped_up(clients("adam"), world.user("adam"))
    assert b"Another person decides" in adam.get("/agency/approvals/").content
    decide(adam, request)
    request.refresh_from_db()
    assert request.decision == "pending" and not mail.outbox
    # A supervisor of the agency approves: only now is the link sent.
    sam = stepped_up(clients("sam"), world.user("sam"))
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(sam, request).status_code == 302
    request.refresh_from_db()
    invitation.refresh_from_db()
    assert request.decision == "approved" and request.decided_by == world.user("sam")
    assert invitation.is_usable and mail.outbox[-1].to == ["adam.two@test.waypoint.invalid"]
    assert Event.objects.filter(action="role_request.approved", actor_id=world.user("sam").pk).exists()


def test_deciding_needs_a_fresh_step_up(world, clients):
    invitation = services.invitation_create(
        actor=world.user("adam"), agency=world.agencies["harbour"], email="x@test.waypoint.invalid", role="advocate"
    )
    request = RoleRequest.objects.get(invitation=invitation)
    response = decide(clients("sam"), request)
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    request.refresh_from_db()
    assert request.decision == "pending"


def test_a_role_change_that_opens_records_keeps_the_old_role_until_approved(world, clients):
    bob = world.user("bob").memberships.get()
    clients("adam").post(f"/agency/members/{bob.pk}/role/", {"role": "supervisor"})
    bob.refresh_from_db()
    assert bob.role == "advocate"
    request = RoleRequest.objects.get(membership=bob, decision="pending")
    ada, ada_client = second_admin(world)
    assert decide(stepped_up(ada_client, ada), request).status_code == 302
    bob.refresh_from_db()
    assert bob.role == "supervisor"
    event = Event.objects.filter(action="membership.role_changed", target_id=str(bob.pk)).get()
    assert event.detail == {"from": "advocate", "to": "supervisor", "approved_by": str(ada.pk)}
    assert event.actor_id == world.user("adam").pk


def test_the_person_who_would_receive_the_grant_cannot_approve_it(world, clients):
    ada, ada_client = second_admin(world)
    own = ada.memberships.get()
    clients("adam").post(f"/agency/members/{own.pk}/role/", {"role": "supervisor"})
    request = RoleRequest.objects.get(membership=own)
    decide(stepped_up(ada_client, ada), request)
    own.refresh_from_db()
    assert own.role == "agency_admin"
    with pytest.raises(ValidationError, match="second person must decide"):
        services.role_request_decide(actor=ada, request=request, approve=True)


def test_a_refusal_leaves_the_role_and_is_audited(world, clients):
    pat = world.user("pat").memberships.get()
    clients("adam").post(f"/agency/members/{pat.pk}/role/", {"role": "advocate"})
    request = RoleRequest.objects.get(membership=pat)
    decide(stepped_up(clients("sam"), world.user("sam")), request, "refuse")
    pat.refresh_from_db()
    request.refresh_from_db()
    assert pat.role == "program_manager" and request.decision == "refused"
    assert Event.objects.filter(action="role_request.refused").exists()


def test_changes_that_open_nothing_take_effect_at_once(world, clients):
    bob = world.user("bob").memberships.get()
    clients("adam").post(f"/agency/members/{bob.pk}/role/", {"role": "program_manager"})
    bob.refresh_from_db()
    assert bob.role == "program_manager"
    sam = world.user("sam").memberships.get()
    clients("adam").post(f"/agency/members/{sam.pk}/role/", {"role": "advocate"})
    sam.refresh_from_db()
    assert sam.role == "advocate"
    assert not RoleRequest.objects.exists()


def test_an_approval_is_refused_when_the_role_changed_meanwhile(world, clients):
    bob = world.user("bob").memberships.get()
    adam = world.user("adam")
    services.membership_change_role(actor=adam, membership=bob, role="supervisor")
    request = RoleRequest.objects.get(membership=bob)
    Membership.objects.filter(pk=bob.pk).update(role="intake")  # changed by another path since
    with pytest.raises(ValidationError, match="changed since the request"):
        services.role_request_decide(actor=world.user("sam"), request=request, approve=True)


def test_the_approvals_page_lists_the_role_changes_of_the_last_90_days(world, clients):
    bob = world.user("bob").memberships.get()
    clients("adam").post(f"/agency/members/{bob.pk}/role/", {"role": "program_manager"})
    body = clients("sam").get("/agency/approvals/").content.decode()
    assert "Role changes in the last 90 days" in body
    assert "Advocate to Program manager" in body
    assert str(world.user("bob")) in body


def test_only_supervisors_and_admins_reach_approvals(clients):
    for key in ("alice", "hana", "pat", "ines", "cora"):
        assert clients(key).get("/agency/approvals/").status_code == 403
    for key in ("sam", "adam"):
        assert clients(key).get("/agency/approvals/").status_code == 200


def test_another_agencys_request_is_not_found(world, clients):
    oscar = world.user("oscar")
    admin, _ = make_user("eadmin@test.waypoint.invalid", agency=world.agencies["elsewhere"], role="agency_admin")
    services.membership_change_role(actor=admin, membership=oscar.memberships.get(), role="supervisor")
    request = RoleRequest.objects.get()
    assert decide(stepped_up(clients("sam"), world.user("sam")), request).status_code == 404


# --- Finding 5: leaving ends the caseload -------------------------------------------------------------------


def test_deactivation_ends_care_team_places_and_emergency_access(world, clients):
    bob = world.user("bob")
    person = make_person(world.agencies["harbour"], team=[bob])
    other = make_person(world.agencies["harbour"], alias="Outside")
    from waypoint.people.services import care as people_care

    grant = people_care.break_glass_grant(actor=bob, person=other, reason="A call from the shelter tonight")
    clients("adam").post(f"/agency/members/{bob.memberships.get().pk}/deactivate/")
    place = CareTeamMember.objects.get(person=person, user=bob)
    assert not place.is_current()
    grant.refresh_from_db()
    assert grant.ended_at is not None
    event = Event.objects.get(action="membership.deactivated")
    assert event.detail["care_teams_ended"] == 1 and event.detail["grants_ended"] == 1
    # The supervisor's queue shows who is left without anyone.
    body = clients("sam").get("/agency/approvals/").content.decode()
    assert person.alias in body
    # Re-invited and approved, bob gets the role back but not the caseload.
    invitation = services.invitation_create(
        actor=world.user("adam"), agency=world.agencies["harbour"], email=bob.email, role="advocate"
    )
    services.role_request_decide(actor=world.user("sam"), request=invitation.role_requests.get(), approve=True)
    invitation.refresh_from_db()
    services.invitation_reopen_account(invitation=invitation)
    bob.refresh_from_db()
    services.invitation_accept_existing(invitation=invitation, user=bob)
    from waypoint.people.access import visible_people

    assert bob.memberships.get().is_active
    assert not visible_people(bob).exists()
    assert not BreakGlassGrant.objects.filter(user=bob, ended_at__isnull=True).exists()


def test_the_unassigned_queue_is_only_for_supervisors(world, clients):
    make_person(world.agencies["harbour"], alias="Nobody Assigned")
    assert "Nobody Assigned" in clients("sam").get("/agency/approvals/").content.decode()
    assert "Nobody Assigned" not in clients("adam").get("/agency/approvals/").content.decode()


# --- MFA across memberships -----------------------------------------------------------------------------------


def test_an_exempt_role_in_one_agency_does_not_exempt_a_clinical_role_in_another(world):
    user, _ = make_user(
        "two.hats@test.waypoint.invalid", agency=world.agencies["harbour"], role="content_editor", mfa=False
    )
    Membership.objects.create(user=user, agency=world.agencies["elsewhere"], role="advocate")
    client = Client()
    client.force_login(user)
    assert client.get("/home/")["Location"] == "/accounts/2fa/"


# --- The property: one admin alone never opens a record -----------------------------------------------------

ROLES = [r.value for r in Role]
EMAILS = ["alice", "bob", "hana", "sam", "pat", "dora", "adam.alt", "fresh"]

action = st.one_of(
    st.tuples(st.just("invite"), st.sampled_from(EMAILS), st.sampled_from(ROLES)),
    st.tuples(st.just("change"), st.sampled_from(EMAILS), st.sampled_from(ROLES)),
    st.tuples(st.just("deactivate"), st.sampled_from(EMAILS), st.just("")),
    st.tuples(st.just("accept"), st.sampled_from(EMAILS), st.just("")),
    st.tuples(st.just("approve"), st.sampled_from(EMAILS), st.just("")),
    st.tuples(st.just("revoke"), st.sampled_from(EMAILS), st.just("")),
)

RANK = {Role.SUPERVISOR: 2, **dict.fromkeys(CLINICAL_ROLES - {Role.SUPERVISOR}, 1)}


def record_access(agency) -> dict[str, int]:
    """Each account's reach into the agency's records: 2 every record, 1 a caseload, 0 none."""
    return {
        m.user.email: RANK.get(m.role, 0)
        for m in Membership.objects.filter(agency=agency, is_active=True, user__is_active=True).select_related("user")
    }


def _email(key: str) -> str:
    return f"{key}@test.waypoint.invalid"


def _attempt(world, adam, kind: str, key: str, role: str) -> None:
    """One step by adam, who also controls every invited address (the worst case)."""
    agency = world.agencies["harbour"]
    email = _email(key)
    membership = Membership.objects.filter(agency=agency, user__email=email).first()
    invitation = Invitation.objects.filter(agency=agency, email=email).order_by("-created_at").first()
    try:
        if kind == "invite":
            services.invitation_create(actor=adam, agency=agency, email=email, role=role)
        elif kind == "change" and membership:
            services.membership_change_role(actor=adam, membership=membership, role=role)
        elif kind == "deactivate" and membership:
            services.membership_deactivate(actor=adam, membership=membership)
        elif kind == "accept" and invitation and invitation.is_usable:
            user = User.objects.filter(email=email).first()
            if user is None:
                services.invitation_accept_new(invitation=invitation, display_name="", password="x" * 16)
            else:
                services.invitation_reopen_account(invitation=invitation)
                user.refresh_from_db()
                services.invitation_accept_existing(invitation=invitation, user=user)
        elif kind == "approve":
            for request in RoleRequest.objects.filter(agency=agency, decision="pending"):
                services.role_request_decide(actor=adam, request=request, approve=True)
        elif kind == "revoke" and invitation:
            services.invitation_revoke(actor=adam, invitation=invitation)
    except ValidationError:
        pass


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(action, min_size=1, max_size=12))
def test_no_sequence_of_one_admins_actions_opens_a_record(world, steps):
    from django.db import transaction

    adam = world.user("adam")
    agency = world.agencies["harbour"]
    with transaction.atomic():
        before = record_access(agency)
        for kind, key, role in steps:
            _attempt(world, adam, kind, key, role)
            after = record_access(agency)
            for email, reach in after.items():
                assert reach <= before.get(email, 0), (email, steps)
        transaction.set_rollback(True)
