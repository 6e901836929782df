"""Workshop snippets in Wagtail's admin: an editor sees and edits only their own agency's workshops."""

from __future__ import annotations

from django.test import Client

from waypoint.accounts.roles import Role
from waypoint.audit.models import Event
from waypoint.testing.personas import make_user
from waypoint.workshops import services
from waypoint.workshops.models import Workshop


def elsewhere_editor(world) -> Client:
    user, _secret = make_user(
        "edna@test.waypoint.invalid", agency=world.agencies["elsewhere"], role=Role.CONTENT_EDITOR
    )
    client = Client()
    client.force_login(user)
    return client


def session_form(session, **changes) -> dict:
    data = {
        "title": session.workshop.title,
        "description": session.workshop.description,
        "audiences": session.workshop.audiences,
        "format": session.workshop.format,
        "duration_minutes": str(session.workshop.duration_minutes),
        "is_published": "on",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-id": str(session.pk),
        "sessions-0-DELETE": "",
        "sessions-0-starts_at": f"{session.local_start:%Y-%m-%d %H:%M}",
        "sessions-0-ends_at": f"{session.local_end:%Y-%m-%d %H:%M}",
        "sessions-0-time_zone": session.time_zone,
        "sessions-0-capacity": str(session.capacity),
        "sessions-0-place": session.place,
        "sessions-0-online_link": session.online_link,
    }
    data.update({f"sessions-0-{key}": value for key, value in changes.items()})
    return data


def test_it_hides_another_agencys_workshop_from_an_editor(hub, world, workshop, session):
    client = elsewhere_editor(world)
    assert client.get(f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/").status_code == 404
    assert client.get(f"/cms/snippets/workshops/workshop/delete/{workshop.pk}/").status_code == 404
    assert client.post(f"/cms/snippets/workshops/workshop/delete/{workshop.pk}/").status_code == 404
    assert (
        client.post(
            f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/",
            session_form(session, online_link="https://phish.example.org/"),
        ).status_code
        == 404
    )
    listing = client.get("/cms/snippets/workshops/workshop/")
    assert listing.status_code == 200 and workshop.title not in listing.content.decode()
    bulk = client.post(f"/cms/bulk/learning/workshop/delete/?id={workshop.pk}", {"id": [workshop.pk]})
    assert bulk.status_code in (403, 404)
    assert Workshop.objects.filter(pk=workshop.pk).exists()
    session.refresh_from_db()
    assert session.online_link == ""


def test_it_lets_the_hosting_agencys_editor_edit_and_list_it(hub, world, clients, workshop, session):
    client = clients("cora")
    assert client.get(f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/").status_code == 200
    assert client.get(f"/cms/snippets/workshops/workshop/delete/{workshop.pk}/").status_code == 200
    assert workshop.title in client.get("/cms/snippets/workshops/workshop/").content.decode()


def test_it_sets_a_new_workshops_agency_from_the_editor_and_ignores_a_posted_one(hub, world):
    client = elsewhere_editor(world)
    response = client.post(
        "/cms/snippets/workshops/workshop/add/",
        {
            "agency": world.agencies["harbour"].id,
            "title": "Moved workshop",
            "description": "x",
            "audiences": ["health"],
            "format": "online",
            "duration_minutes": "60",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Workshop.objects.get(title="Moved workshop").agency == world.agencies["elsewhere"]


def test_it_keeps_the_agency_when_the_editor_posts_another(hub, world, clients, workshop, session):
    data = session_form(session)
    data["agency"] = world.agencies["elsewhere"].id
    response = clients("cora").post(f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop.refresh_from_db()
    assert workshop.agency == world.agencies["harbour"]


def test_it_audits_a_new_online_link_for_a_session_with_confirmed_attendees(hub, world, clients, workshop, session):
    services.registration_create(
        session_id=session.id, details=services.RegistrationDetails(name="Ada", email="ada@example.org")
    )
    response = clients("cora").post(
        f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/",
        session_form(session, online_link="https://meet.example.org/new", place="Room 9"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(action="workshops.session_venue_changed")
    assert event.target_id == str(session.pk) and event.actor_id == world.user("cora").id
    assert event.detail == {"fields": "place,online_link", "confirmed": 1}


def test_it_does_not_audit_edits_that_leave_the_venue_alone(hub, clients, workshop, session):
    services.registration_create(
        session_id=session.id, details=services.RegistrationDetails(name="Ada", email="ada@example.org")
    )
    response = clients("cora").post(f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/", session_form(session))
    assert response.status_code == 302
    assert not Event.objects.filter(action="workshops.session_venue_changed").exists()
