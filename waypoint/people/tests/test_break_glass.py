"""Break the glass: step-up, a written reason, four hours, shown to supervisors, can be ended early."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.people import access
from waypoint.people.models import BreakGlassGrant
from waypoint.people.services import care, consent
from waypoint.people.tests.factories import make_person
from waypoint.people.tests.helpers import stepped_up


def test_it_grants_four_hours_of_access_with_a_reason(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    alice = world.user("alice")
    client = stepped_up(clients("alice"), alice)
    url = reverse("people:break_glass", args=[person.pk])
    assert person.alias not in client.get(url).content.decode()
    response = client.post(url, {"reason": "Hospital called; Bob is away"})
    assert response.status_code == 302
    grant = BreakGlassGrant.objects.get()
    assert grant.reason == "Hospital called; Bob is away"
    assert timedelta(hours=3, minutes=59) < grant.expires_at - timezone.now() <= timedelta(hours=4)
    assert access.visible_people(alice).filter(pk=person.pk).exists()
    assert Event.objects.filter(action="break_glass.granted").count() == 1
    assert Event.objects.filter(action="person.read", purpose="break_glass", target_id=str(person.pk)).count() == 1
    with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
        assert not access.visible_people(alice).filter(pk=person.pk).exists()
        # A fresh sign-in: the old session has passed its idle limit by now.
        assert clients("alice").get(reverse("people:person_detail", args=[person.pk])).status_code == 404


def test_it_refuses_without_a_written_reason(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    client = stepped_up(clients("alice"), world.user("alice"))
    response = client.post(reverse("people:break_glass", args=[person.pk]), {"reason": "now"})
    assert response.status_code == 200 and not BreakGlassGrant.objects.exists()


def test_it_asks_for_re_authentication_first(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    response = clients("alice").post(reverse("people:break_glass", args=[person.pk]), {"reason": "Hospital called us"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not BreakGlassGrant.objects.exists()


def test_supervisors_see_the_reasons_and_can_end_access_early(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    client = stepped_up(clients("alice"), world.user("alice"))
    client.post(reverse("people:break_glass", args=[person.pk]), {"reason": "Court date moved to today"})
    grant = BreakGlassGrant.objects.get()
    sam = clients("sam")
    body = sam.get(reverse("people:break_glass_list")).content.decode()
    assert "Court date moved to today" in body
    sam.post(reverse("people:break_glass_end", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.ended_at is not None and grant.ended_by == world.user("sam")
    assert not access.visible_people(world.user("alice")).filter(pk=person.pk).exists()


def test_an_outsider_cannot_break_the_glass_on_another_agency_s_record(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    client = stepped_up(clients("oscar"), world.user("oscar"))
    assert (
        client.post(reverse("people:break_glass", args=[person.pk]), {"reason": "Let me in please"}).status_code == 404
    )
    assert not BreakGlassGrant.objects.exists()


def test_times_are_shown_in_the_agency_s_time_zone(world, clients):
    import datetime

    harbour = world.agencies["harbour"]
    harbour.time_zone = "America/Vancouver"
    harbour.save(update_fields=["time_zone"])
    person = make_person(harbour, team=[world.user("bob")])
    with time_machine.travel(datetime.datetime(2026, 12, 1, 20, 0, tzinfo=datetime.UTC), tick=False):
        BreakGlassGrant.objects.create(
            person=person,
            user=world.user("alice"),
            reason="Hospital called us",
            starts_at=timezone.now(),
            expires_at=timezone.now() + timedelta(hours=4),
        )
        body = clients("alice").get(reverse("people:person_detail", args=[person.pk])).content.decode()
    # Access ends at midnight UTC: 16:00 in Vancouver, 19:00 in Toronto (24-hour times, waypoint/formats).
    assert "16:00" in body and "19:00" not in body


def test_emergency_access_reads_and_acts_but_never_changes_consent(world, clients):
    from waypoint.people.models import Release
    from waypoint.people.tests.factories import make_contact, make_grant, make_release

    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Willow", team=[world.user("bob")])
    release = make_release(person)
    make_contact(person)
    make_grant(person, alice)
    client = stepped_up(clients("alice"), alice)
    overview = client.get(reverse("people:person_detail", args=[person.pk]))
    body = overview.content.decode()
    assert overview.status_code == 200 and "Willow" in body
    assert reverse("people:release_create", args=[person.pk]) not in body
    assert reverse("people:release_revoke", args=[person.pk, release.pk]) not in body
    assert client.get(reverse("people:contact_send", args=[person.pk])).status_code == 200
    data = {
        "recipient_name": "Elsewhere (fictional)",
        "purpose": "x",
        "categories": ["identity"],
        "given_on": timezone.localdate().isoformat(),
        "how_given": "signed",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    refused = client.post(reverse("people:release_create", args=[person.pk]), data)
    assert refused.status_code == 403 and "care team" in refused.content.decode()
    revoke = client.post(reverse("people:release_revoke", args=[person.pk, release.pk]), {"reason": "asked"})
    change = client.post(
        reverse("people:release_edit", args=[person.pk, release.pk]),
        {"purpose": "y", "categories": ["housing"], "expires_on": release.expires_on.isoformat()},
    )
    assert revoke.status_code == change.status_code == 403
    release.refresh_from_db()
    assert Release.objects.filter(person=person).count() == 1
    assert release.revoked_at is None and release.purpose != "y"
    # The services refuse too, whoever calls them.
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only the person's care team or a supervisor"):
        consent.release_revoke(actor=alice, release=release, reason="asked")
    # The care team still can.
    bob = stepped_up(clients("bob"), world.user("bob"))
    assert bob.get(reverse("people:release_create", args=[person.pk])).status_code == 200


def test_closing_the_record_ends_emergency_access_at_once(world, clients):

    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    grant = care.break_glass_grant(actor=world.user("bob"), person=person, reason="Hospital called; Alice is away")
    bob = clients("bob")
    detail = reverse("people:person_detail", args=[person.pk])
    assert bob.get(detail).status_code == 200
    clients("alice").post(reverse("people:person_close", args=[person.pk]), {"reason": "moved"})
    assert bob.get(detail).status_code == 200  # only asked: the record is still open
    clients("sam").post(reverse("people:person_close_approve", args=[person.pk]))
    person.refresh_from_db()
    grant.refresh_from_db()
    assert person.is_closed and grant.ended_at is not None and grant.ended_by == world.user("sam")
    assert bob.get(detail).status_code == 404
    assert not access.visible_people(world.user("bob")).filter(pk=person.pk).exists()
    ended = Event.objects.get(action="break_glass.ended", target_id=str(grant.pk))
    assert ended.actor_id == world.user("sam").pk and ended.detail == {"reason": "closed"}
    # Reopening does not bring the old grant back.
    clients("sam").post(reverse("people:person_reopen", args=[person.pk]))
    assert bob.get(detail).status_code == 404
