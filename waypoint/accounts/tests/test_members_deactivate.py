"""Deactivating a member: a confirmation page that says what ends, then the leaving itself."""

from __future__ import annotations

from waypoint.accounts.models import Membership
from waypoint.audit.models import Event
from waypoint.testing.personas import make_user


def url(membership: Membership) -> str:
    return f"/agency/members/{membership.pk}/deactivate/"


def test_the_members_list_links_to_a_confirmation_instead_of_deactivating(world, clients):
    bob = world.user("bob").memberships.get()
    body = clients("adam").get("/agency/members/").content.decode()
    assert f'href="{url(bob)}"' in body
    assert f'action="{url(bob)}"' not in body


def test_it_asks_first_and_says_what_ends(world, clients):
    bob = world.user("bob").memberships.get()
    response = clients("adam").get(url(bob))
    assert response.status_code == 200
    body = response.content.decode()
    assert "every session of their account ends" in body
    assert "Their places on care teams in this agency end today" in body
    assert "emergency access (break the glass)" in body
    assert "their caseload does not come back" in body
    assert f'action="{url(bob)}"' in body and 'method="post"' in body
    bob.refresh_from_db()
    assert bob.is_active  # asking changes nothing
    assert not Event.objects.filter(action="membership.deactivated").exists()


def test_confirming_deactivates_and_ends_sessions(world, clients):
    bob_client = clients("bob")
    assert bob_client.get("/home/").status_code == 200
    bob = world.user("bob").memberships.get()
    response = clients("adam").post(url(bob))
    assert response.status_code == 302 and response["Location"] == "/agency/members/"
    bob.refresh_from_db()
    assert not bob.is_active and not bob.user.is_active
    assert bob_client.get("/home/").status_code == 302
    assert Event.objects.filter(action="membership.deactivated", target_id=str(bob.pk)).exists()


def test_the_page_is_not_offered_for_oneself_or_someone_already_gone(world, clients):
    adam = world.user("adam").memberships.get()
    dora = world.user("dora").memberships.get()
    assert clients("adam").get(url(adam))["Location"] == "/agency/members/"
    assert clients("adam").get(url(dora))["Location"] == "/agency/members/"
    clients("adam").post(url(adam))
    adam.refresh_from_db()
    assert adam.is_active


def test_another_agencys_member_is_not_found(world, clients):
    oscar = world.user("oscar").memberships.get()
    assert clients("adam").get(url(oscar)).status_code == 404
    assert clients("adam").post(url(oscar)).status_code == 404
    oscar.refresh_from_db()
    assert oscar.is_active


def test_an_admin_of_another_agency_cannot_deactivate_ours(world):
    from django.test import Client

    admin, _ = make_user("eadmin@test.waypoint.invalid", agency=world.agencies["elsewhere"], role="agency_admin")
    client = Client()
    client.force_login(admin)
    bob = world.user("bob").memberships.get()
    assert client.post(url(bob)).status_code == 404
    bob.refresh_from_db()
    assert bob.is_active


def test_other_roles_cannot_deactivate(world, clients):
    bob = world.user("bob").memberships.get()
    for key in ("alice", "sam", "pat", "ines"):
        assert clients(key).get(url(bob)).status_code == 403, key
        assert clients(key).post(url(bob)).status_code == 403, key
    bob.refresh_from_db()
    assert bob.is_active
