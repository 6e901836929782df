"""Joining by invitation only; agency admins manage roles; every change is audited."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from waypoint.accounts.models import Membership, User
from waypoint.audit.models import Event

NEW_PASSWORD = "a quiet harbour at dawn"


def invite(clients, email="newcomer@test.waypoint.invalid", role="advocate"):
    with_capture = clients("adam")
    response = with_capture.post("/agency/members/", {"email": email, "role": role})
    return response


def link_in_last_mail() -> str:
    match = re.search(r"http://testserver(/agency/join/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_an_admin_invites_and_the_newcomer_joins_with_the_role(clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(clients)
    assert response.status_code == 302
    path = link_in_last_mail()
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path, {"display_name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@test.waypoint.invalid")
    assert user.memberships.get().role == "advocate"
    # Signed in, and sent straight to MFA set-up.
    assert client.get("/home/")["Location"] == "/accounts/2fa/"
    # The link works only once.
    assert Client().get(path).status_code == 404
    assert Event.objects.filter(action="invitation.accepted", actor_id=user.pk).exists()


def test_an_expired_invitation_is_refused(clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(clients)
    path = link_in_last_mail()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email="newcomer@test.waypoint.invalid").exists()


def test_a_made_up_token_is_refused(db):
    assert Client().get("/agency/join/made-up-token/").status_code == 404


def test_only_agency_admins_can_invite(clients):
    for key in ("alice", "sam", "pat", "ines", "cora"):
        assert (
            clients(key)
            .post("/agency/members/", {"email": "x@test.waypoint.invalid", "role": "supervisor"})
            .status_code
            == 403
        )
    assert not mail.outbox


def test_an_admin_changes_a_role_and_it_is_audited(world, clients):
    membership = world.user("bob").memberships.get()
    response = clients("adam").post(f"/agency/members/{membership.pk}/role/", {"role": "supervisor"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "supervisor"
    event = Event.objects.get(action="membership.role_changed", target_id=str(membership.pk))
    assert event.detail == {"from": "advocate", "to": "supervisor"}


def test_an_admin_cannot_touch_another_agencys_members(world, clients):
    outsider = world.user("oscar").memberships.get()
    assert clients("adam").post(f"/agency/members/{outsider.pk}/role/", {"role": "supervisor"}).status_code == 404
    assert clients("adam").post(f"/agency/members/{outsider.pk}/deactivate/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == "advocate" and outsider.is_active


def test_an_admin_cannot_demote_themselves(world, clients):
    own = world.user("adam").memberships.get()
    clients("adam").post(f"/agency/members/{own.pk}/role/", {"role": "advocate"})
    own.refresh_from_db()
    assert own.role == "agency_admin"


def test_deactivation_is_audited_and_blocks_sign_in(world, clients):
    membership = world.user("bob").memberships.get()
    assert clients("adam").post(f"/agency/members/{membership.pk}/deactivate/").status_code == 302
    assert not User.objects.get(pk=world.user("bob").pk).is_active
    assert not Membership.objects.get(pk=membership.pk).is_active
    assert Event.objects.filter(action="membership.deactivated", target_id=str(membership.pk)).exists()


def test_the_members_page_lists_only_this_agency(world, clients):
    body = clients("adam").get("/agency/members/").content.decode()
    assert world.user("alice").email in body
    assert world.user("oscar").email not in body


def test_the_members_page_query_count_does_not_grow_with_members(world, clients, django_assert_max_num_queries):
    from waypoint.testing.personas import make_user

    client = clients("adam")
    client.get("/agency/members/")
    for n in range(15):
        make_user(f"extra{n}@test.waypoint.invalid", agency=world.agencies["harbour"], role="advocate", mfa=False)
    with django_assert_max_num_queries(14):
        client.get("/agency/members/")
