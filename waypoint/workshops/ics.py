"""The .ics attachment sent with a confirmation: the session in its own time zone."""

from __future__ import annotations

from django.utils import timezone
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
    event.add("summary", workshop.title)
    location = session.online_link or session.place
    if location:
        event.add("location", location)
    event.add("description", workshop.description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
