"""The bed board, a bed's actions (htmx and plain), the waitlist and a person's housing page, as people use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.housing import selectors, services
from waypoint.housing.choices import WaitStatus
from waypoint.housing.models import Bed, Room
from waypoint.housing.tests.factories import ADDRESS, beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def resident(world, program):
    person = make_person(world.agencies["harbour"], alias="Juniper", team=[world.user("alice"), world.user("hana")])
    services.stay_admit(
        actor=world.user("hana"), person=person, bed=beds_of(program)[0], on=agency_today(person.agency)
    )
    return person


def _board(program):
    return reverse("housing:board", args=[program.pk])


def _bed(program, bed):
    return reverse("housing:bed", args=[program.pk, bed.pk])


def test_the_board_shows_states_aliases_and_the_address_to_the_programs_staff(world, clients, program, resident):
    body = clients("hana").get(_board(program)).content.decode()
    assert "Juniper" in body and "day 1" in body and "Vacant and available" in body
    assert ADDRESS in body and "Actions" in body
    assert all(f'href="{_bed(program, bed)}"' in body for bed in beds_of(program))  # the prefix makes the same URL


def test_an_advocate_reads_the_board_without_the_address_or_actions(world, clients, program, resident):
    alice = clients("alice").get(_board(program)).content.decode()
    assert "Juniper" in alice and ADDRESS not in alice and "Actions" not in alice
    bob = clients("bob").get(_board(program)).content.decode()  # not on Juniper's care team
    assert "Juniper" not in bob and "Occupied" in bob
    assert clients("alice").get(_bed(program, beds_of(program)[1])).status_code == 403


@pytest.mark.parametrize("persona", ["pat", "adam", "ines", "cora", "peter", "oscar"])
def test_others_reach_no_board(world, clients, program, persona):
    assert clients(persona).get(_board(program)).status_code in (403, 404)


def test_housing_staff_of_another_program_reach_no_board(world, clients):
    other = make_program(world.agencies["harbour"], name="Transitional home")
    assert clients("hana").get(_board(other)).status_code == 404


def test_the_confidential_address_is_shown_to_no_one_but_the_programs_staff_and_supervisors(
    world, clients, program, resident
):
    paths = [
        _board(program),
        _bed(program, beds_of(program)[0]),
        reverse("housing:waitlist", args=[program.pk]),
        reverse("housing:person", args=[resident.pk]),
        reverse("housing:programs"),
    ]
    for persona in ["alice", "bob", "pat", "adam", "ines", "cora", "peter", "oscar", "dora"]:
        client = clients(persona) if persona != "dora" else clients("alice")
        for path in paths:
            assert ADDRESS not in client.get(path).content.decode(), (persona, path)
    assert ADDRESS in clients("sam").get(_board(program)).content.decode()


def test_the_board_costs_the_same_queries_for_4_beds_and_for_40(world, clients, program, django_assert_max_num_queries):
    client = clients("hana")
    client.get(_board(program))  # the session and the guide URL settled
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(_board(program))
    room = Room.objects.filter(site__program=program).first()
    for n in range(38):
        Bed.objects.create(agency=program.agency, room=room, name=f"Extra {n}", order=10 + n)
    with CaptureQueriesContext(connection) as large:
        assert client.get(_board(program)).status_code == 200
    assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]


def test_hold_then_admit_into_the_hold_by_htmx(world, clients, program):
    client, bed = clients("hana"), beds_of(program)[1]
    person = make_person(world.agencies["harbour"], alias="Sparrow", team=[world.user("hana")])
    panel = client.get(_bed(program, bed), **HTMX).content.decode()
    assert 'name="action" value="hold"' in panel and "Sparrow" in panel
    prefix = f"b{bed.pk.hex[:8]}"
    held = client.post(_bed(program, bed), {"action": "hold", f"{prefix}-hold-person": str(person.pk)}, **HTMX)
    assert held.status_code == 200 and "Held" in held.content.decode() and 'role="status"' in held.content.decode()
    today = agency_today(person.agency).isoformat()
    admitted = client.post(
        _bed(program, bed),
        {"action": "admit", f"{prefix}-admit-person": str(person.pk), f"{prefix}-admit-on": today},
        **HTMX,
    ).content.decode()
    assert "Sparrow" in admitted and "day 1" in admitted
    assert selectors.open_stay_of(person).bed_id == bed.pk


def test_a_bad_discharge_shows_its_errors_in_the_cell_and_a_good_one_frees_the_bed(world, clients, program, resident):
    client, bed = clients("hana"), beds_of(program)[0]
    prefix = f"b{bed.pk.hex[:8]}-discharge"
    bad = client.post(
        _bed(program, bed), {"action": "discharge", f"{prefix}-on": "not a date"}, **HTMX
    ).content.decode()
    assert 'class="error"' in bad and selectors.open_stay_of(resident) is not None
    good = client.post(
        _bed(program, bed),
        {
            "action": "discharge",
            f"{prefix}-on": agency_today(resident.agency).isoformat(),
            f"{prefix}-reason": "returned",
            f"{prefix}-destination": "exploiter",
            f"{prefix}-aftercare_offered": "yes",
        },
        **HTMX,
    ).content.decode()
    assert "Vacant and available" in good and "record stays open" in good
    assert selectors.open_stay_of(resident) is None and not resident.is_closed


def test_a_move_answers_with_both_beds_and_keeps_one_episode(world, clients, program):
    hana = world.user("hana")
    person = make_person(world.agencies["harbour"], alias="Heron", team=[hana])
    first, second = beds_of(program)
    yesterday = agency_today(person.agency).toordinal() - 1
    import datetime

    services.stay_admit(actor=hana, person=person, bed=first, on=datetime.date.fromordinal(yesterday))
    prefix = f"b{first.pk.hex[:8]}-move"
    body = (
        clients("hana")
        .post(
            _bed(program, first),
            {
                "action": "move",
                f"{prefix}-bed": str(second.pk),
                f"{prefix}-on": agency_today(person.agency).isoformat(),
            },
            **HTMX,
        )
        .content.decode()
    )
    assert f'id="bed-{first.pk}"' in body and f'id="bed-{second.pk}"' in body and 'hx-swap-oob="true"' in body
    assert len(selectors.episodes_of(person)) == 1 and selectors.open_stay_of(person).bed_id == second.pk


def test_without_javascript_an_action_redirects_to_the_board_with_a_message(world, clients, program):
    bed = beds_of(program)[1]
    response = clients("hana").post(
        _bed(program, bed), {"action": "hold", f"b{bed.pk.hex[:8]}-hold-alias": "Hotline referral"}, follow=True
    )
    assert response.redirect_chain[-1][0] == _board(program)
    assert "is held until" in response.content.decode()


def test_an_unknown_action_or_one_that_no_longer_fits_is_a_clear_message(world, clients, program, resident):
    client = clients("hana")
    occupied = beds_of(program)[0]
    response = client.post(_bed(program, occupied), {"action": "hold"}, **HTMX).content.decode()
    assert "does not fit the bed" in response
    assert client.post(_bed(program, occupied), {"action": "explode"}).status_code == 302


def test_the_person_page_readmits_in_one_click_to_where_they_were(world, clients, program, resident):
    hana = world.user("hana")
    stay = selectors.open_stay_of(resident)
    today = agency_today(resident.agency)
    services.stay_discharge(actor=hana, stay=stay, on=today, reason="returned", destination="exploiter")
    client = clients("hana")
    url = reverse("housing:person", args=[resident.pk])
    page = client.get(url).content.decode()
    assert "Admit again" in page and "Returned to the trafficking situation" in page
    form = client.get(url).context["form"]
    chosen = form.fields["bed"].initial
    assert chosen and Bed.objects.get(pk=chosen).room.site.program_id == program.pk
    response = client.post(url, {"admit-bed": chosen, "admit-on": today.isoformat()})
    assert response.status_code == 302
    assert len(selectors.episodes_of(resident)) == 2


def test_an_advocate_reads_the_housing_page_but_cannot_admit(world, clients, program, resident):
    page = clients("alice").get(reverse("housing:person", args=[resident.pk]))
    assert page.status_code == 200 and "Admitting is for" not in page.content.decode()  # staying: nothing to admit
    assert clients("bob").get(reverse("housing:person", args=[resident.pk])).status_code == 404


def test_the_waitlist_add_offer_and_turn_away(world, clients, program):
    hana, client = world.user("hana"), clients("hana")
    waiting = make_person(world.agencies["harbour"], alias="Linnet", team=[hana])
    url = reverse("housing:waitlist", args=[program.pk])
    assert "Linnet" in client.get(url).content.decode()
    assert client.post(url, {"person": str(waiting.pk), "priority": "1"}).status_code == 302
    entry = selectors.waitlist_entries_of(waiting).get()
    entry_url = reverse("housing:waitlist_entry", args=[program.pk, entry.pk])
    bed = beds_of(program)[0]
    client.post(entry_url, {"action": "offer", f"e{entry.pk.hex[:8]}-bed": str(bed.pk)})
    entry.refresh_from_db()
    assert entry.status == WaitStatus.OFFERED
    assert selectors.bed_state(viewer=hana, program=program, bed=bed).state == selectors.HELD
    client.post(
        entry_url,
        {"action": "close", f"c{entry.pk.hex[:8]}-status": "declined", f"c{entry.pk.hex[:8]}-lack_of_bed": "on"},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.declined_for_lack_of_bed) == (WaitStatus.DECLINED, True)
    assert "a turn-away" in client.get(url).content.decode()
    assert clients("alice").post(entry_url, {"action": "close"}).status_code in (403, 404)


def test_the_programs_page_counts_beds_for_staff_and_offers_the_manager_the_review(world, clients, program, resident):
    body = clients("hana").get(reverse("housing:programs")).content.decode()
    assert "Crisis beds" in body and reverse("housing:board", args=[program.pk]) in body
    manager = clients("pat").get(reverse("housing:programs")).content.decode()
    assert reverse("housing:review", args=[program.pk]) in manager
    assert f'href="{reverse("housing:board", args=[program.pk])}"' not in manager


def test_the_timeline_shows_the_admission_the_move_and_the_discharge(world, clients, program):
    import datetime

    hana = world.user("hana")
    person = make_person(world.agencies["harbour"], alias="Kestrel", team=[hana])
    first, second = beds_of(program)
    today = agency_today(person.agency)
    stay = services.stay_admit(actor=hana, person=person, bed=first, on=today - datetime.timedelta(days=3))
    stay = services.stay_move(actor=hana, stay=stay, bed=second, on=today - datetime.timedelta(days=1))
    services.stay_discharge(actor=hana, stay=stay, on=today, reason="planned", destination="rental")
    body = clients("hana").get(reverse("casework:timeline", args=[person.pk])).content.decode()
    assert "Admitted · Crisis beds" in body and "Moved · Crisis beds" in body and "Left housing" in body
    assert "A rental of their own" in body


def test_a_bed_held_for_a_crisis_resident_offers_to_move_them_here(world, clients, program):
    import datetime

    hana = world.user("hana")
    home = make_program(world.agencies["harbour"], name="Transitional home", staff=(hana,))
    person = make_person(world.agencies["harbour"], alias="Plover", team=[hana])
    today = agency_today(person.agency)
    services.stay_admit(actor=hana, person=person, bed=beds_of(program)[0], on=today - datetime.timedelta(days=5))
    entry = services.waitlist_add(actor=hana, program=home, person=person)
    target = beds_of(home)[1]
    services.waitlist_offer(actor=hana, entry=entry, bed=target)
    client = clients("hana")
    panel = client.get(_bed(home, target), **HTMX).content.decode()
    assert "Move them here" in panel and "who is staying in Crisis beds" in panel
    prefix = f"b{target.pk.hex[:8]}-move_in"
    body = client.post(_bed(home, target), {"action": "move_in", f"{prefix}-on": today.isoformat()}, **HTMX)
    assert "Plover moved to" in body.content.decode()
    assert selectors.open_stay_of(person).bed_id == target.pk and len(selectors.episodes_of(person)) == 1
    # From the crisis bed's panel, the held bed is offered as a move target too.
    other = make_person(world.agencies["harbour"], alias="Tern", team=[hana])
    services.stay_admit(actor=hana, person=other, bed=beds_of(program)[1], on=today - datetime.timedelta(days=2))
    entry = services.waitlist_add(actor=hana, program=home, person=other)
    held = beds_of(home)[0]
    services.waitlist_offer(actor=hana, entry=entry, bed=held)
    panel = client.get(_bed(program, beds_of(program)[1]), **HTMX).content.decode()
    assert f'value="{held.pk}"' in panel
