"""Releases: step-up, at most 12 months, expiry and revocation stop them at once, printable in EN and FR."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from waypoint.people import access, rules
from waypoint.people.models import Release
from waypoint.people.services import consent
from waypoint.people.tests.factories import make_person, make_release
from waypoint.people.tests.helpers import stepped_up


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Aspen", team=[world.user("alice")])


def release_data(**extra):
    today = timezone.localdate()
    return {
        "recipient_name": "Riverside Legal Aid (fictional)",
        "purpose": "Apply for legal aid",
        "categories": ["identity", "legal"],
        "given_on": today.isoformat(),
        "how_given": "signed",
        "expires_on": (today + timedelta(days=300)).isoformat(),
        **extra,
    }


def test_it_records_a_release_after_step_up(world, clients, person):
    client = stepped_up(clients("alice"), world.user("alice"))
    response = client.post(reverse("people:release_create", args=[person.pk]), release_data())
    release = Release.objects.get()
    assert response["Location"] == reverse("people:release_print", args=[person.pk, release.pk])
    assert release.purpose == "Apply for legal aid" and release.categories == ["identity", "legal"]


def test_it_needs_step_up_to_record_a_release(world, clients, person):
    response = clients("alice").post(reverse("people:release_create", args=[person.pk]), release_data())
    assert "reauthenticate" in response["Location"] and not Release.objects.exists()


def test_the_release_form_refuses_an_over_long_purpose_and_keeps_nothing(world, clients, person):
    client = stepped_up(clients("alice"), world.user("alice"))
    response = client.post(reverse("people:release_create", args=[person.pk]), release_data(purpose="x" * 1_000_000))
    body = response.content.decode()
    assert response.status_code == 200 and not Release.objects.exists()
    assert "at most 1000 characters" in body


def test_a_release_lasts_at_most_12_months(world, person):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="at most 12 months"):
        consent.release_create(
            actor=world.user("alice"),
            person=person,
            purpose="x",
            categories=["identity"],
            given_on=today,
            how_given="signed",
            expires_on=today + timedelta(days=367),
            recipient_name="Org",
        )


def test_verbal_consent_needs_a_witness(world, person):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="needs a staff member who witnessed it"):
        consent.release_create(
            actor=world.user("alice"),
            person=person,
            purpose="x",
            categories=["identity"],
            given_on=today,
            how_given="verbal",
            expires_on=today + timedelta(days=30),
            recipient_name="Org",
        )


def test_an_expired_release_stops_counting_at_once(world, person):
    release = make_release(person, expires_on=timezone.localdate() + timedelta(days=10), categories=["housing"])
    assert access.current_releases(person, category="housing") == [release]
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=False):
        assert access.current_releases(person, category="housing") == [release]
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        assert access.current_releases(person, category="housing") == []
    assert access.current_releases(person, category="health") == []


def test_a_revoked_release_stops_counting_at_once(world, clients, person):
    release = make_release(person)
    client = stepped_up(clients("alice"), world.user("alice"))
    client.post(reverse("people:release_revoke", args=[person.pk, release.pk]), {"reason": "Person changed their mind"})
    release.refresh_from_db()
    assert release.revoked_at is not None and access.current_releases(person) == []


def test_a_release_is_never_needed_to_serve_a_person(world, person):
    assert access.current_releases(person) == []
    assert access.visible_people(world.user("alice")).filter(pk=person.pk).exists()


@pytest.mark.parametrize(("lang", "title"), [("en", "Consent to share information"), ("fr", "Consentement")])
def test_the_printable_form_is_filled_in_english_and_french(world, clients, person, lang, title):
    release = make_release(person, purpose="Housing application at Maple House")
    response = clients("alice").get(reverse("people:release_print", args=[person.pk, release.pk]), {"lang": lang})
    body = response.content.decode()
    assert title in body and person.case_number in body and "Maple House" in body and "Aspen" in body


def test_release_print_for_another_agency_is_404(world, clients, person):
    release = make_release(person)
    assert clients("oscar").get(reverse("people:release_print", args=[person.pk, release.pk])).status_code == 404


def test_a_release_is_found_only_under_its_own_person(world, clients, person):
    other = make_person(world.agencies["harbour"], team=[world.user("alice")])
    release = make_release(other)
    assert clients("alice").get(reverse("people:release_print", args=[person.pk, release.pk])).status_code == 404


def test_release_dates_compare_in_local_time(world, person):
    release = make_release(person, given_on=datetime.date(2026, 1, 1), expires_on=datetime.date(2026, 6, 30))
    # 1 July 03:00 UTC is still 30 June in Toronto.
    with time_machine.travel(datetime.datetime(2026, 7, 1, 3, tzinfo=datetime.UTC), tick=False):
        assert release.is_current()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 5, tzinfo=datetime.UTC), tick=False):
        assert not release.is_current()


def test_changing_a_release_needs_step_up_and_keeps_the_12_month_limit(world, clients, person):
    release = make_release(person)
    url = reverse("people:release_edit", args=[person.pk, release.pk])
    data = {"purpose": "Only housing now", "categories": ["housing"], "expires_on": release.expires_on.isoformat()}
    assert "reauthenticate" in clients("alice").post(url, data)["Location"]
    client = stepped_up(clients("alice"), world.user("alice"))
    too_long = {**data, "expires_on": (release.given_on + timedelta(days=400)).isoformat()}
    assert client.post(url, too_long).status_code == 200
    assert client.post(url, data).status_code == 302
    release.refresh_from_db()
    assert release.categories == ["housing"] and release.purpose == "Only housing now"


@pytest.mark.parametrize(
    ("given_on", "last_day"),
    [
        (datetime.date(2025, 3, 15), datetime.date(2026, 3, 15)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 12, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
    ],
)
def test_a_release_ends_at_most_12_calendar_months_after_it_was_given(world, person, given_on, last_day):
    def record(expires_on):
        return consent.release_create(
            actor=world.user("alice"),
            person=person,
            purpose="Housing application",
            categories=["housing"],
            given_on=given_on,
            how_given="signed",
            expires_on=expires_on,
            recipient_name="Org (fictional)",
        )

    assert rules.release_latest_expiry(given_on) == last_day
    assert record(last_day).expires_on == last_day
    with pytest.raises(ValidationError, match="at most 12 months"):
        record(last_day + timedelta(days=1))


def test_a_release_ends_in_the_agency_s_time_zone_not_the_server_s(world, person):
    harbour = world.agencies["harbour"]
    harbour.time_zone = "America/St_Johns"
    harbour.save(update_fields=["time_zone"])
    person.refresh_from_db()
    make_release(person, given_on=datetime.date(2026, 11, 1), expires_on=datetime.date(2026, 12, 1))
    # 2 December 03:45 UTC: 22:45 on 1 December in Toronto (the server), 00:15 on 2 December in St. John's.
    release = Release.objects.select_related("person__agency").get(person=person)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, 45, tzinfo=datetime.UTC), tick=False):
        assert access.current_releases(person) == []
        assert not release.is_current()
    with time_machine.travel(datetime.datetime(2026, 12, 2, 2, 15, tzinfo=datetime.UTC), tick=False):
        assert len(access.current_releases(person)) == 1
        assert release.is_current()
