"""The .ics attachment sent with a confirmation: the session in its own time zone, in the booker's language."""

from __future__ import annotations

from django.utils import timezone, translation
from icalendar import Calendar, Event

from waypoint.workshops.models import Registration


def session_ics(registration: Registration) -> bytes:
    session = registration.session
    workshop = session.workshop
    calendar = Calendar()
    calendar.add("prodid", "-//Waypoint//Learning hub//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{registration.id}@waypoint")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.local_start)
    event.add("dtend", session.local_end)
    with translation.override(registration.language):
        title, description = workshop.localized_title, workshop.localized_description
    event.add("summary", title)
    location = session.online_link or session.place
    if location:
        event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
