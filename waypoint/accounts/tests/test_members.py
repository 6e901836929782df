"""The members page: who can sign in, their role, last sign-in in the agency's zone, and two-step verification."""

from __future__ import annotations

from datetime import UTC, datetime

from allauth.mfa.models import Authenticator
from django.utils import timezone

from waypoint.accounts.models import Agency
from waypoint.testing.personas import make_user


def members_page(clients) -> str:
    response = clients("adam").get("/agency/members/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_last_sign_in_in_the_agencys_time_zone(world, clients):
    harbour = world.agencies["harbour"]
    harbour.time_zone = "America/Vancouver"
    harbour.save(update_fields=["time_zone"])
    bob = world.user("bob")
    bob.last_login = datetime(2026, 12, 1, 22, 5, tzinfo=UTC)
    bob.save(update_fields=["last_login"])
    body = members_page(clients)
    # 22:05 UTC is 14:05 in Vancouver, written the Canadian way.
    assert ">2026-12-01 14:05</time>" in body
    assert 'datetime="2026-12-01T14:05:00-08:00"' in body


def test_it_says_never_for_someone_who_has_not_signed_in(world, clients):
    make_user("newcomer@test.waypoint.invalid", agency=world.agencies["harbour"], role="intake")
    body = members_page(clients)
    row = body[body.index("newcomer@test.waypoint.invalid") :]
    assert row.index("never") < row.index("</tr>")


def test_it_shows_whether_two_step_verification_is_set_up(world, clients):
    make_user("nofactor@test.waypoint.invalid", agency=world.agencies["harbour"], role="intake", mfa=False)
    codes_only, _ = make_user("codes@test.waypoint.invalid", agency=world.agencies["harbour"], role="intake", mfa=False)
    Authenticator.objects.create(user=codes_only, type=Authenticator.Type.RECOVERY_CODES, data={})
    body = members_page(clients)

    def row_of(email: str) -> str:
        start = body.index(email)
        return body[start : body.index("</tr>", start)]

    assert "not set up" not in row_of("alice@test.waypoint.invalid")
    assert "set up" in row_of("alice@test.waypoint.invalid")
    assert "not set up" in row_of("nofactor@test.waypoint.invalid")
    # Recovery codes back up a factor; alone they are not one.
    assert "not set up" in row_of("codes@test.waypoint.invalid")


def test_it_does_not_ask_once_per_member(db, django_assert_max_num_queries):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    agency = Agency.objects.create(name="Counting Agency")
    admin, _ = make_user("admin@count.waypoint.invalid", agency=agency, role="agency_admin")
    make_user("m0@count.waypoint.invalid", agency=agency, role="intake")
    client = Client()
    client.force_login(admin)
    client.get("/agency/members/")  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as two_members:
        assert client.get("/agency/members/").status_code == 200
    for n in range(1, 19):
        # Half with a second factor, half without, some who signed in.
        user, _ = make_user(f"m{n}@count.waypoint.invalid", agency=agency, role="intake", mfa=n % 2 == 0)
        if n % 3 == 0:
            user.last_login = timezone.now()
            user.save(update_fields=["last_login"])
    with django_assert_max_num_queries(len(two_members)):
        response = client.get("/agency/members/")
    assert response.content.decode().count("m18@count.waypoint.invalid") == 1


def test_it_shows_members_of_the_own_agency_only(world, clients):
    body = members_page(clients)
    assert "bob@test.waypoint.invalid" in body
    assert "oscar@test.waypoint.invalid" not in body


def test_only_an_agency_admin_sees_it(world, clients):
    for key in ("alice", "sam", "pat", "ines", "cora", "peter"):
        assert clients(key).get("/agency/members/").status_code == 403, key
