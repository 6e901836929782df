"""Needs and barriers: recorded with the person per part of life, their status over time, audited without words."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from waypoint.audit.models import Event
from waypoint.casework.models import Barrier, LifeDomain, NeedGroup, NeedKind, NeedStatus
from waypoint.casework.services import needs
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Wren", team=[world.user("alice")])


def _domain(person, key="housing"):
    return LifeDomain.objects.get(agency=person.agency, key=key)


def test_a_need_is_recorded_with_its_group_barriers_and_an_event_without_the_note(world, person):
    need = needs.need_record(
        actor=world.user("alice"),
        person=person,
        domain=_domain(person),
        kind=NeedKind.HOUSING,
        barriers=[Barrier.NO_CREDIT, Barrier.WAITING_LIST, Barrier.NO_CREDIT],
        note="Landlords keep asking for references.",
    )
    assert (need.group, need.status, need.barriers) == (
        NeedGroup.BASIC,
        NeedStatus.IDENTIFIED,
        ["no_credit", "waiting_list"],
    )
    event = Event.objects.get(action="need.recorded")
    assert event.detail["barriers"] == "no_credit,waiting_list" and "Landlords" not in str(event.detail)
    assert NeedKind.ID_DOCUMENTS in NeedKind.values and need.identified_on == agency_today(person.agency)


def test_a_new_status_dates_from_its_day_and_nothing_changed_writes_nothing(world, person):
    alice = world.user("alice")
    need = needs.need_record(actor=alice, person=person, domain=_domain(person), kind=NeedKind.HOUSING)
    yesterday = agency_today(person.agency) - datetime.timedelta(days=1)
    needs.need_update(actor=alice, need=need, status=NeedStatus.UNMET, on=yesterday)
    assert (need.status, need.status_on) == (NeedStatus.UNMET, yesterday)
    needs.need_update(actor=alice, need=need, status=NeedStatus.UNMET)
    assert Event.objects.filter(action="need.updated").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "spaceship", "a need from the list"),
        ("status", "done", "a status from the list"),
        ("barriers", ["rules"], "barriers from the list"),
    ],
)
def test_coded_answers_come_from_their_lists(world, person, field, value, message):
    values = {"kind": NeedKind.HOUSING, field: value}
    with pytest.raises(ValidationError, match=message):
        needs.need_record(actor=world.user("alice"), person=person, domain=_domain(person), **values)


def test_only_clinical_staff_of_the_agency_record_needs_on_an_open_record(world, person):
    with pytest.raises(ValidationError, match="Only advocates"):
        needs.need_record(actor=world.user("pat"), person=person, domain=_domain(person), kind=NeedKind.LEGAL)
    elsewhere = LifeDomain.objects.filter(agency=world.agencies["elsewhere"]).first()
    with pytest.raises(ValidationError, match="this agency's list"):
        needs.need_record(actor=world.user("alice"), person=person, domain=elsewhere, kind=NeedKind.LEGAL)
    with pytest.raises(ValidationError, match="today or an earlier"):
        needs.need_record(
            actor=world.user("alice"),
            person=person,
            domain=_domain(person),
            kind=NeedKind.LEGAL,
            on=agency_today(person.agency) + datetime.timedelta(days=1),
        )


def test_the_needs_page_records_a_need_and_changes_where_it_stands(world, clients, person):
    from django.urls import reverse

    client = clients("alice")
    url = reverse("casework:needs", args=[person.pk])
    assert "No need recorded yet" in client.get(url).content.decode()
    domain = _domain(person)
    response = client.post(
        url,
        {"domain": str(domain.pk), "kind": "id_documents", "status": "identified", "barriers": ["cost", "no_id"]},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Identity documents" in page and "Cost" in page and "No identity documents" in page
    need = person.needs.get()
    change = reverse("casework:need_change", args=[person.pk, need.pk])
    prefix = f"n{need.pk.hex[:8]}"
    client.post(change, {f"{prefix}-status": "met", f"{prefix}-barriers": ["cost"]})
    need.refresh_from_db()
    assert (need.status, need.barriers) == ("met", ["cost"])
    assert clients("bob").get(url).status_code == 404  # not on the care team
    bad = client.post(url, {"domain": str(domain.pk), "kind": "nonsense"})
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
