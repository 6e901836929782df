"""Joining by invitation only. An invitation never signs anyone in and never touches an existing account."""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

import waypoint
from waypoint.accounts.models import Agency, Invitation, Membership, User
from waypoint.audit.models import Event
from waypoint.testing.browser import totp_code
from waypoint.testing.personas import PASSWORD, make_user

NEW_PASSWORD = "a quiet harbour at dawn"
NEWCOMER = "newcomer@test.waypoint.invalid"


def invite(client: Client, email: str = NEWCOMER, role: str = "intake"):
    return client.post("/agency/members/", {"email": email, "role": role})


def link_in_last_mail() -> str:
    match = re.search(r"https?://[^/\s]+(/agency/join/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def sign_in(client: Client, email: str, password: str, totp_secret: str | None) -> None:
    """Through allauth's own form and, when the account has one, its second-factor stage."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content
    if totp_secret:
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(totp_secret)})
        assert response.status_code == 302


def partner_admin(world) -> tuple[User, Client]:
    """An administrator of the partner agency: the attacker of finding 1."""
    user, _ = make_user("padmin@test.waypoint.invalid", agency=world.agencies["northshore"], role="agency_admin")
    client = Client()
    client.force_login(user)
    return user, client


def test_a_newcomer_chooses_a_password_then_signs_in_through_allauth(clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(clients("adam")).status_code == 302
    path = link_in_last_mail()
    assert path.startswith("/agency/join/")
    client = Client()
    assert b"Choose a password" in client.get(path).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"display_name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    # Not signed in by the invitation: the next step is allauth's sign-in form.
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    user = User.objects.get(email=NEWCOMER)
    assert user.memberships.get().role == "intake"
    assert Event.objects.filter(action="invitation.accepted", actor_id=user.pk).exists()
    assert "joined" in mail.outbox[-1].subject and mail.outbox[-1].to == [NEWCOMER]
    sign_in(client, NEWCOMER, NEW_PASSWORD, totp_secret=None)
    # The first thing a signed-in newcomer meets is two-step verification set-up.
    assert client.get("/home/")["Location"] == "/accounts/2fa/"
    # The link works only once.
    assert Client().get(path).status_code == 404


def test_an_invitation_to_an_existing_account_never_sets_its_password_nor_signs_in(
    world, django_capture_on_commit_callbacks
):
    sam = world.user("sam")
    _, attacker = partner_admin(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(attacker, email=sam.email, role="partner").status_code == 302
    path = link_in_last_mail()
    holder = Client()
    page = holder.get(path)
    assert page.status_code == 200
    assert b"password1" not in page.content and b"Sign in to accept" in page.content
    response = holder.post(path, {"display_name": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "_auth_user_id" not in holder.session
    assert response.status_code == 200
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD) and not sam.check_password(NEW_PASSWORD)
    assert not sam.memberships.filter(agency=world.agencies["northshore"]).exists()
    # The link holder cannot sign in as sam with anything the invitation gave them.
    assert holder.post("/accounts/login/", {"login": sam.email, "password": NEW_PASSWORD}).status_code == 200
    assert "_auth_user_id" not in holder.session


def test_the_owner_signs_in_as_usual_then_accepts_from_their_session(world, django_capture_on_commit_callbacks):
    sam = world.user("sam")
    _, admin = partner_admin(world)
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, email=sam.email, role="partner")
    path = link_in_last_mail()
    client = Client()
    login_link = re.search(rb'href="(/accounts/login/\?next=[^"]+)"', client.get(path).content)
    assert login_link
    sign_in(client, sam.email, PASSWORD, world["sam"].totp_secret)
    page = client.get(path)
    assert b"Accept the invitation" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    membership = sam.memberships.get(agency=world.agencies["northshore"])
    assert membership.role == "partner" and membership.is_active
    assert Event.objects.filter(action="invitation.accepted", actor_id=sam.pk).exists()
    assert mail.outbox[-1].to == [sam.email] and "joined" in mail.outbox[-1].subject
    # The first membership still decides what sam works as.
    assert client.get("/home/").status_code == 200
    assert Client().get(path).status_code == 404


def test_signed_in_as_someone_else_the_invitation_does_nothing(world, clients, django_capture_on_commit_callbacks):
    _, admin = partner_admin(world)
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, email=world.user("sam").email, role="partner")
    path = link_in_last_mail()
    alice = clients("alice")
    assert b"different account" in alice.get(path).content
    alice.post(path)
    assert not Membership.objects.filter(agency=world.agencies["northshore"], user=world.user("sam")).exists()
    assert not Membership.objects.filter(agency=world.agencies["northshore"], user=world.user("alice")).exists()


def test_a_closed_account_reopens_only_to_sign_in_and_then_accepts(world, clients, django_capture_on_commit_callbacks):
    dora = world.user("dora")
    with django_capture_on_commit_callbacks(execute=True):
        invite(clients("adam"), email=dora.email, role="intake")
    path = link_in_last_mail()
    holder = Client()
    assert b"Reopen and sign in" in holder.get(path).content
    response = holder.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    dora.refresh_from_db()
    assert dora.is_active and dora.check_password(PASSWORD)
    assert not dora.memberships.filter(is_active=True).exists()
    assert "_auth_user_id" not in holder.session
    sign_in(holder, dora.email, PASSWORD, world["dora"].totp_secret)
    with django_capture_on_commit_callbacks(execute=True):
        holder.post(path)
    assert dora.memberships.get(is_active=True).role == "intake"


def test_an_expired_invitation_is_refused(clients, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(clients("adam"))
    path = link_in_last_mail()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_made_up_token_is_refused(db):
    assert Client().get("/agency/join/made-up-token/").status_code == 404


def test_the_link_uses_the_configured_site_address_not_the_request_host(
    clients, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://waypoint.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    with django_capture_on_commit_callbacks(execute=True):
        clients("adam").post("/agency/members/", {"email": NEWCOMER, "role": "intake"}, HTTP_HOST="evil.example")
    assert "https://waypoint.example.org/agency/join/" in mail.outbox[-1].body
    assert "evil.example" not in mail.outbox[-1].body


def test_only_agency_admins_can_invite(clients):
    for key in ("alice", "sam", "pat", "ines", "cora"):
        response = clients(key).post("/agency/members/", {"email": "x@test.waypoint.invalid", "role": "supervisor"})
        assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_invitations_are_only_to_the_admins_own_agency(world):
    import pytest
    from django.core.exceptions import ValidationError

    from waypoint.accounts import services

    with pytest.raises(ValidationError, match="only to an agency you administer"):
        services.invitation_create(
            actor=world.user("adam"), agency=world.agencies["elsewhere"], email=NEWCOMER, role="intake"
        )


def test_no_sign_in_bypasses_allauths_flow():
    """Every session starts in allauth's login flow (and its MFA stage): no ``login(`` call anywhere in our code."""
    root = Path(waypoint.__file__).parent
    calls = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "testing" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in {"login", "perform_login", "force_login"}:
                    calls.append(f"{path.relative_to(root)}:{node.lineno}")
    assert calls == []


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
    client = clients("adam")
    client.get("/agency/members/")
    for n in range(15):
        make_user(f"extra{n}@test.waypoint.invalid", agency=world.agencies["harbour"], role="advocate", mfa=False)
    with django_assert_max_num_queries(14):
        body = client.get("/agency/members/").content.decode()
    assert "extra14@test.waypoint.invalid" in body


def test_bootstrapping_an_agency_invites_its_first_supervisor_without_approval(db, django_capture_on_commit_callbacks):
    import pytest
    from django.core.management import CommandError, call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("agency_bootstrap", "Riverside Shelter", supervisor="lead@test.waypoint.invalid")
    agency = Agency.objects.get(name="Riverside Shelter")
    invitation = Invitation.objects.get(agency=agency)
    assert invitation.role == "supervisor" and invitation.is_usable
    assert mail.outbox[-1].to == ["lead@test.waypoint.invalid"]
    path = link_in_last_mail()
    Client().post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert Membership.objects.get(agency=agency).role == "supervisor"
    with pytest.raises(CommandError, match="already has a supervisor"):
        call_command("agency_bootstrap", "Riverside Shelter", supervisor="second@test.waypoint.invalid")
