"""The housing inventory: its services' rules and audit events, and its pages as an agency's administrator and
supervisors use them (and everyone else is refused)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypoint.accounts.roles import Role
from waypoint.audit.models import Event
from waypoint.housing import inventory, services
from waypoint.housing.choices import ProgramKind
from waypoint.housing.models import Bed, Program, ProgramStaff, Room, Site
from waypoint.housing.tests.factories import ADDRESS, beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.testing.personas import make_user

NEW_ADDRESS = "7 Quillwort Lane, side gate"  # fictional


def _program(actor, agency, **values):
    return inventory.program_create(
        actor=actor, agency=agency, **({"name": "Transitional home", "kind": ProgramKind.TRANSITIONAL} | values)
    )


def _today(world):
    return agency_today(world.agencies["harbour"])


def _events_mention(text):
    return [e.action for e in Event.objects.all() if text in f"{e.detail} {e.target_type} {e.target_id} {e.purpose}"]


# --- services -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("keeper", ["adam", "sam"])
def test_the_agencys_admin_and_supervisor_build_an_inventory_each_step_audited_by_ids(world, keeper):
    actor, harbour = world.user(keeper), world.agencies["harbour"]
    program = _program(actor, harbour, name="  Transitional home ", target_days=180, hold_hours=48)
    site = inventory.site_create(actor=actor, program=program, name=" House B ", address=f"  {ADDRESS} ")
    room = inventory.room_create(actor=actor, site=site, name="Room 1")
    first = inventory.bed_create(actor=actor, room=room, name="Bed 1")
    second = inventory.bed_create(actor=actor, room=room, name="Bed 2", opened_on=_today(world))
    staff = inventory.staff_add(actor=actor, program=program, user=world.user("hana"))

    assert (program.name, program.agency, program.target_days, program.hold_hours) == (
        "Transitional home",
        harbour,
        180,
        48,
    )
    assert (site.name, site.address, site.agency_id) == ("House B", ADDRESS, harbour.pk)
    assert [b.order for b in (first, second)] == [0, 1] and second.opened_on == _today(world)
    assert room.agency_id == first.agency_id == harbour.pk and staff.user == world.user("hana")
    actions = list(Event.objects.filter(actor_id=actor.pk).values_list("action", flat=True))
    assert actions == [
        "housing.program_created",
        "housing.site_created",
        "housing.room_created",
        "housing.bed_created",
        "housing.bed_created",
        "housing.staff_added",
    ]
    assert Event.objects.get(action="housing.site_created").detail == {
        "program": str(program.pk),
        "has_address": True,
    }
    assert Event.objects.get(action="housing.staff_added").detail == {
        "program": str(program.pk),
        "user": str(world.user("hana").pk),
    }
    assert _events_mention("Lantern") == [] and _events_mention("House B") == []


def test_a_site_update_records_that_the_address_changed_and_never_the_address(world):
    sam = world.user("sam")
    site = Site.objects.get(program=make_program(world.agencies["harbour"]))
    inventory.site_update(actor=sam, site=site, name="House A", address=NEW_ADDRESS)
    site.refresh_from_db()
    assert site.address == NEW_ADDRESS
    assert Event.objects.get(action="housing.site_changed").detail == {
        "program": str(site.program_id),
        "name_changed": False,
        "address_changed": True,
    }
    assert _events_mention("Quillwort") == [] and _events_mention("Lantern") == []
    inventory.site_update(actor=sam, site=site, name="House A", address=NEW_ADDRESS)  # nothing changed
    assert Event.objects.filter(action="housing.site_changed").count() == 1


@pytest.mark.parametrize("persona", ["alice", "hana", "pat", "ines", "cora", "peter", "oscar", "dora"])
def test_no_one_else_keeps_the_inventory(world, persona):
    actor, harbour = world.user(persona), world.agencies["harbour"]
    program = make_program(harbour)
    site = Site.objects.get(program=program)
    room = Room.objects.get(site=site)
    bed = beds_of(program)[0]
    refused = [
        lambda: _program(actor, harbour),
        lambda: inventory.program_update(
            actor=actor,
            program=program,
            name="Renamed",
            name_fr="",
            kind=ProgramKind.CRISIS,
            eligibility="",
            target_days=None,
            hold_hours=24,
        ),
        lambda: inventory.program_set_active(actor=actor, program=program, active=False),
        lambda: inventory.site_create(actor=actor, program=program, name="House C"),
        lambda: inventory.site_update(actor=actor, site=site, name="House C", address=""),
        lambda: inventory.room_create(actor=actor, site=site, name="Room 9"),
        lambda: inventory.bed_create(actor=actor, room=room, name="Bed 9"),
        lambda: inventory.bed_retire(actor=actor, bed=bed, on=_today(world)),
        lambda: inventory.staff_add(actor=actor, program=program, user=world.user("hana")),
    ]
    for call in refused:
        with pytest.raises(ValidationError, match="administrator and its supervisors"):
            call()
    assert Event.objects.filter(action__startswith="housing.").count() == 0
    assert program.name == "Crisis beds" and Bed.objects.get(pk=bed.pk).is_active


def test_a_supervisor_or_admin_of_another_agency_is_refused_too(world):
    elsewhere_admin, _secret = make_user(
        "erin@test.waypoint.invalid", agency=world.agencies["elsewhere"], role=Role.AGENCY_ADMIN
    )
    harbour_program = make_program(world.agencies["harbour"])
    with pytest.raises(ValidationError):
        inventory.site_create(actor=elsewhere_admin, program=harbour_program, name="House C")
    with pytest.raises(ValidationError):
        _program(world.user("sam"), world.agencies["elsewhere"])


def test_a_deactivated_supervisor_keeps_nothing(world):
    sam = world.user("sam")
    sam.memberships.update(is_active=False)
    with pytest.raises(ValidationError):
        _program(sam, world.agencies["harbour"])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"kind": "hotel"}, "kind"),
        ({"target_days": 0}, "target_days"),
        ({"target_days": 3651}, "target_days"),
        ({"hold_hours": 0}, "hold_hours"),
        ({"hold_hours": 169}, "hold_hours"),
    ],
)
def test_a_program_needs_a_name_a_kind_and_lengths_in_range(world, values, field):
    with pytest.raises(ValidationError) as refused:
        _program(world.user("adam"), world.agencies["harbour"], **values)
    assert field in refused.value.message_dict
    assert not Program.objects.exists()


def test_the_limits_themselves_are_accepted_and_a_target_may_be_empty(world):
    adam, harbour = world.user("adam"), world.agencies["harbour"]
    longest = _program(adam, harbour, target_days=3650, hold_hours=168)
    shortest = _program(adam, harbour, name="Crisis beds", target_days=1, hold_hours=1)
    open_ended = _program(adam, harbour, name="Supported residence", target_days=None)
    assert (longest.target_days, longest.hold_hours, shortest.hold_hours, open_ended.target_days) == (
        3650,
        168,
        1,
        None,
    )


def test_rooms_and_beds_need_names_and_a_bed_opens_today_or_before(world):
    adam = world.user("adam")
    program = make_program(world.agencies["harbour"])
    site = Site.objects.get(program=program)
    room = Room.objects.get(site=site)
    with pytest.raises(ValidationError) as no_room:
        inventory.room_create(actor=adam, site=site, name=" ")
    with pytest.raises(ValidationError) as no_bed:
        inventory.bed_create(actor=adam, room=room, name="")
    with pytest.raises(ValidationError) as later:
        inventory.bed_create(actor=adam, room=room, name="Bed 3", opened_on=_today(world) + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as no_site:
        inventory.site_create(actor=adam, program=program, name="")
    assert "name" in no_room.value.message_dict and "name" in no_bed.value.message_dict
    assert "opened_on" in later.value.message_dict and "name" in no_site.value.message_dict
    assert inventory.room_create(actor=adam, site=site, name=" Room 2 ").order == 1


def test_a_program_update_saves_only_what_changed_and_audits_the_field_names(world):
    sam, program = world.user("sam"), make_program(world.agencies["harbour"])
    values = {
        "name": "Crisis beds",
        "name_fr": "Lits de crise",
        "kind": ProgramKind.CRISIS,
        "eligibility": "Adults in the first days after leaving.",
        "target_days": 30,
        "hold_hours": 12,
    }
    inventory.program_update(actor=sam, program=program, **values)
    program.refresh_from_db()
    assert (program.hold_hours, program.eligibility) == (12, "Adults in the first days after leaving.")
    assert Event.objects.get(action="housing.program_changed").detail == {"fields": "eligibility,hold_hours"}
    inventory.program_update(actor=sam, program=program, **values)
    assert Event.objects.filter(action="housing.program_changed").count() == 1


def test_a_program_stops_only_once_its_people_have_left(world, program, person):
    sam, today = world.user("sam"), _today(world)
    stay = services.stay_admit(actor=sam, person=person, bed=beds_of(program)[0], on=today)
    with pytest.raises(ValidationError, match="can stop once they have left"):
        inventory.program_set_active(actor=sam, program=program, active=False)
    services.stay_discharge(actor=sam, stay=stay, on=today, reason="planned", destination="rental")
    inventory.program_set_active(actor=sam, program=program, active=False)
    program.refresh_from_db()
    assert not program.is_active
    inventory.program_set_active(actor=sam, program=program, active=True)
    assert list(Event.objects.filter(action__startswith="housing.program_s").values_list("action", flat=True)) == [
        "housing.program_stopped",
        "housing.program_started",
    ]


def test_a_bed_is_not_retired_while_someone_stays_in_it(world, program, person):
    sam, today = world.user("sam"), _today(world)
    bed = beds_of(program)[0]
    stay = services.stay_admit(actor=sam, person=person, bed=bed, on=today)
    with pytest.raises(ValidationError, match="occupied, held or out of service"):
        inventory.bed_retire(actor=sam, bed=bed, on=today)
    assert Bed.objects.get(pk=bed.pk).is_active
    services.stay_discharge(actor=sam, stay=stay, on=today, reason="planned", destination="rental")
    retired = inventory.bed_retire(actor=sam, bed=bed, on=today)
    bed.refresh_from_db()
    assert (bed.is_active, bed.retired_on, retired.retired_on) == (False, today, today)
    assert Event.objects.get(action="housing.bed_retired").detail == {"room": str(bed.room_id), "on": today.isoformat()}
    with pytest.raises(ValidationError, match="left the inventory already"):
        inventory.bed_retire(actor=sam, bed=bed, on=today)


def test_a_bed_is_not_retired_while_it_is_held_or_out_of_service(world, program):
    sam, today = world.user("sam"), _today(world)
    held, broken = beds_of(program)
    hold = services.hold_place(actor=sam, bed=held, alias="Referral from the hotline")
    services.outage_add(actor=sam, bed=broken, starts_on=today, reason="Frame repair")
    for bed in (held, broken):
        with pytest.raises(ValidationError) as refused:
            inventory.bed_retire(actor=sam, bed=bed, on=today)
        assert refused.value.code == "bed_in_use"
    services.hold_release(actor=sam, hold=hold)
    assert not inventory.bed_retire(actor=sam, bed=held, on=today).is_active


def test_a_bed_retired_on_a_past_day_is_refused_when_someone_stayed_in_it_since(world, program, person):
    sam, today = world.user("sam"), _today(world)
    bed = beds_of(program)[0]
    stay = services.stay_admit(actor=sam, person=person, bed=bed, on=today - datetime.timedelta(days=3))
    services.stay_discharge(
        actor=sam, stay=stay, on=today - datetime.timedelta(days=1), reason="planned", destination="rental"
    )
    with pytest.raises(ValidationError):
        inventory.bed_retire(actor=sam, bed=bed, on=today - datetime.timedelta(days=2))
    assert inventory.bed_retire(actor=sam, bed=bed, on=today - datetime.timedelta(days=1)).retired_on == (
        today - datetime.timedelta(days=1)
    )


def test_a_bed_leaves_today_or_before_and_not_before_it_opened(world, program):
    sam, today = world.user("sam"), _today(world)
    bed = beds_of(program)[0]
    bed.opened_on = today - datetime.timedelta(days=10)
    bed.save(update_fields=["opened_on"])
    for day in (today + datetime.timedelta(days=1), today - datetime.timedelta(days=11)):
        with pytest.raises(ValidationError) as refused:
            inventory.bed_retire(actor=sam, bed=bed, on=day)
        assert "on" in refused.value.message_dict


def test_housing_staff_are_the_agencys_active_housing_members_once_each(world):
    adam, harbour = world.user("adam"), world.agencies["harbour"]
    program = make_program(harbour)
    elsewhere_worker, _secret = make_user(
        "eli@test.waypoint.invalid", agency=world.agencies["elsewhere"], role=Role.HOUSING_STAFF
    )
    for persona in ("alice", "sam", "pat", "oscar"):
        with pytest.raises(ValidationError, match="role is housing staff"):
            inventory.staff_add(actor=adam, program=program, user=world.user(persona))
    with pytest.raises(ValidationError, match="role is housing staff"):
        inventory.staff_add(actor=adam, program=program, user=elsewhere_worker)
    staff = inventory.staff_add(actor=adam, program=program, user=world.user("hana"))
    with pytest.raises(ValidationError, match="already"):
        inventory.staff_add(actor=adam, program=program, user=world.user("hana"))
    staff_id = staff.pk
    inventory.staff_remove(actor=world.user("sam"), staff=staff)
    assert not ProgramStaff.objects.filter(program=program).exists()
    removed = Event.objects.get(action="housing.staff_removed")
    assert removed.detail == {"program": str(program.pk), "user": str(world.user("hana").pk)}
    assert removed.target_id == str(staff_id)


def test_a_deactivated_housing_worker_is_not_added(world):
    hana = world.user("hana")
    hana.memberships.update(is_active=False)
    with pytest.raises(ValidationError):
        inventory.staff_add(actor=world.user("adam"), program=make_program(world.agencies["harbour"]), user=hana)


# --- pages --------------------------------------------------------------------------------------------------------


def _list():
    return reverse("housing:inventory")


def _page(program):
    return reverse("housing:inventory_program", args=[program.pk])


def _post(client, program, action, **data):
    return client.post(_page(program), {"action": action, **data})


@pytest.mark.parametrize("keeper", ["adam", "sam"])
def test_a_keeper_builds_a_program_from_nothing_and_its_housing_worker_sees_the_beds(world, clients, keeper):
    client = clients(keeper)
    first = client.get(_list()).content.decode()
    assert "Add your first program" in first and "no housing programs yet" in first
    made = client.post(
        _list(),
        {
            "action": "program_add",
            "program-name": "Transitional home",
            "program-kind": "transitional",
            "program-target_days": "180",
            "program-hold_hours": "48",
        },
    )
    program = Program.objects.get(name="Transitional home")
    assert made.status_code == 302 and made["Location"] == _page(program)
    assert program.agency == world.agencies["harbour"] and program.hold_hours == 48

    added = _post(client, program, "site_add", **{"site-name": "House B", "site-address": ADDRESS})
    assert added.status_code == 302
    site = Site.objects.get(program=program)
    assert (
        _post(client, program, "room_add", site=str(site.pk), **{f"r{site.pk.hex}-name": "Room 1"}).status_code == 302
    )
    room = Room.objects.get(site=site)
    for name, opened in (("Bed 1", ""), ("Bed 2", _today(world).isoformat())):
        posted = _post(
            client,
            program,
            "bed_add",
            room=str(room.pk),
            **{f"b{room.pk.hex}-name": name, f"b{room.pk.hex}-opened_on": opened},
        )
        assert posted.status_code == 302
    hana = world.user("hana")
    assert _post(client, program, "staff_add", **{"staff-user": str(hana.pk)}).status_code == 302

    page = client.get(_page(program)).content.decode()
    assert "Bed 1" in page and "Bed 2" in page and ADDRESS in page and "is on this program&#x27;s staff" in page
    listed = client.get(_list()).content.decode()
    assert "Transitional home" in listed and "Bed 2" in listed and "Hana" in listed and ADDRESS not in listed
    board = clients("hana").get(reverse("housing:board", args=[program.pk])).content.decode()
    assert "Bed 1" in board and "Bed 2" in board and "House B" in board and ADDRESS in board


def test_a_form_with_errors_shows_them_in_place_and_saves_nothing(world, clients):
    program = make_program(world.agencies["harbour"])
    room = Room.objects.get(site__program=program)
    response = _post(clients("adam"), program, "bed_add", room=str(room.pk), **{f"b{room.pk.hex}-name": " "})
    body = response.content.decode()
    assert response.status_code == 200 and 'class="error"' in body
    assert f'id="id_b{room.pk.hex}-name_error"' in body
    assert Bed.objects.filter(room=room).count() == 2
    bad = clients("adam").post(
        _list(),
        {"action": "program_add", "program-name": "Beds", "program-kind": "crisis", "program-hold_hours": "500"},
    )
    assert bad.status_code == 200 and "id_program-hold_hours_error" in bad.content.decode()
    assert Program.objects.count() == 1


def test_retiring_an_occupied_bed_from_the_page_is_refused_with_the_reason(world, clients, program, person):
    bed = beds_of(program)[0]
    services.stay_admit(actor=world.user("hana"), person=person, bed=bed, on=_today(world))
    prefix = f"x{bed.pk.hex}"
    body = _post(clients("sam"), program, "bed_retire", bed=str(bed.pk), **{f"{prefix}-on": _today(world).isoformat()})
    assert "occupied, held or out of service" in body.content.decode() and Bed.objects.get(pk=bed.pk).is_active
    free = beds_of(program)[1]
    done = _post(
        clients("sam"), program, "bed_retire", bed=str(free.pk), **{f"x{free.pk.hex}-on": _today(world).isoformat()}
    )
    assert done.status_code == 302
    board = clients("hana").get(reverse("housing:board", args=[program.pk])).content.decode()
    assert free.name not in board and bed.name in board


def test_the_program_is_edited_stopped_and_its_staff_removed_from_the_page(world, clients, program):
    client = clients("adam")
    edited = _post(
        client,
        program,
        "program",
        **{
            "program-name": "Crisis beds",
            "program-kind": "crisis",
            "program-target_days": "",
            "program-hold_hours": "6",
        },
    )
    assert edited.status_code == 302
    program.refresh_from_db()
    assert (program.hold_hours, program.target_days) == (6, None)
    assert _post(client, program, "active", active="0").status_code == 302
    program.refresh_from_db()
    assert not program.is_active and "not in use" in client.get(_list()).content.decode()
    staff = ProgramStaff.objects.get(program=program)
    assert _post(client, program, "staff_remove", staff=str(staff.pk)).status_code == 302
    assert not ProgramStaff.objects.filter(program=program).exists()
    assert clients("hana").get(reverse("housing:board", args=[program.pk])).status_code == 404


def test_a_row_of_another_program_or_an_unknown_action_is_not_found(world, clients, program):
    other = make_program(world.agencies["harbour"], name="Transitional home")
    foreign_site = Site.objects.get(program=other)
    client = clients("sam")
    assert _post(client, program, "room_add", site=str(foreign_site.pk)).status_code == 404
    assert _post(client, program, "delete_everything").status_code == 404
    assert client.post(_list(), {"action": "site_add"}).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "hana", "pat", "ines", "cora", "peter", "oscar", "dora", "anonymous"])
def test_everyone_else_is_refused_both_pages(world, clients, program, persona):
    client = clients(persona)
    for path in (_list(), _page(program)):
        got = client.get(path)
        assert got.status_code in (302, 403, 404), (persona, path)
        assert ADDRESS not in got.content.decode()
    posted = client.post(_list(), {"action": "program_add", "program-name": "Sneaky", "program-kind": "crisis"})
    assert posted.status_code in (302, 403, 404) and not Program.objects.filter(name="Sneaky").exists()
    site_posted = _post(client, program, "site_add", **{"site-name": "Sneaky house"})
    assert site_posted.status_code in (302, 403, 404) and not Site.objects.filter(name="Sneaky house").exists()


@pytest.mark.parametrize("keeper", ["adam", "sam"])
def test_a_program_of_another_agency_is_not_found(world, clients, keeper):
    elsewhere = make_program(world.agencies["elsewhere"], name="Elsewhere beds")
    client = clients(keeper)
    assert client.get(_page(elsewhere)).status_code == 404
    assert _post(client, elsewhere, "site_add", **{"site-name": "House Z"}).status_code == 404
    assert "Elsewhere beds" not in client.get(_list()).content.decode()


def test_the_address_is_on_the_programs_inventory_page_for_the_admin_and_supervisors_only(
    world, clients, program, person
):
    services.stay_admit(actor=world.user("hana"), person=person, bed=beds_of(program)[0], on=_today(world))
    housing_pages = [
        reverse("housing:programs"),
        reverse("housing:board", args=[program.pk]),
        reverse("housing:waitlist", args=[program.pk]),
        reverse("housing:person", args=[person.pk]),
    ]
    for persona in ["alice", "bob", "hana", "sam", "pat", "ines", "cora", "adam", "peter", "oscar", "dora"]:
        client = clients(persona)
        on_inventory = ADDRESS in client.get(_page(program)).content.decode()
        assert on_inventory == (persona in ("adam", "sam")), persona
        assert ADDRESS not in client.get(_list()).content.decode(), persona
        if persona == "adam":
            assert not any(ADDRESS in client.get(path).content.decode() for path in housing_pages)


def test_the_inventory_list_costs_the_same_queries_for_one_program_and_for_four(world, clients):
    harbour, client = world.agencies["harbour"], clients("adam")
    make_program(harbour, staff=(world.user("hana"),))
    client.get(_list())  # the session and the guide address settled
    with CaptureQueriesContext(connection) as one:
        assert client.get(_list()).status_code == 200
    for n in range(3):
        make_program(harbour, name=f"Program {n}", rooms=2, beds=3, staff=(world.user("hana"),))
    with CaptureQueriesContext(connection) as four:
        assert client.get(_list()).status_code == 200
    assert len(four) == len(one), [q["sql"][:80] for q in four.captured_queries]


def test_the_admin_finds_the_inventory_in_the_menu_and_a_supervisor_from_the_programs_page(world, clients):
    link = f'href="{_list()}"'
    assert link in clients("adam").get("/home/").content.decode()
    assert "Beds and programs" in clients("sam").get(reverse("housing:programs")).content.decode()
    for persona in ("hana", "alice", "pat"):
        assert "Beds and programs" not in clients(persona).get(reverse("housing:programs")).content.decode()
        assert link not in clients(persona).get("/home/").content.decode()


def test_the_program_page_lists_only_housing_staff_to_add(world, clients):
    program = make_program(world.agencies["harbour"])
    extra, _secret = make_user("hugo@test.waypoint.invalid", agency=world.agencies["harbour"], role=Role.HOUSING_STAFF)
    body = clients("sam").get(_page(program)).content.decode()
    assert f'value="{world.user("hana").pk}"' in body and f'value="{extra.pk}"' in body
    for persona in ("alice", "sam", "pat", "oscar"):
        assert f'value="{world.user(persona).pk}"' not in body
    forged = _post(clients("sam"), program, "staff_add", **{"staff-user": str(world.user("alice").pk)})
    assert forged.status_code == 200 and not ProgramStaff.objects.filter(program=program).exists()


def test_the_inventory_pages_read_well_in_french_too(world, clients, program):
    client = clients("adam")
    client.cookies["waypoint_language"] = "fr"
    for path in (_list(), _page(program)):
        response = client.get(path)
        assert response.status_code == 200 and '<html lang="fr">' in response.content.decode()


def test_an_empty_room_says_what_to_do(world, clients):
    program = make_program(world.agencies["harbour"], beds=0)
    body = clients("adam").get(_page(program)).content.decode()
    assert "No beds in this room yet." in body and "Add a bed to Room 1" in body
