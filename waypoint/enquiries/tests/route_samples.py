"""Sample URL arguments for the "speak with someone" routes, for the core route-by-persona test."""

from __future__ import annotations

from typing import Any

from waypoint.enquiries import services


def samples(world: Any) -> dict[str, dict[str, Any]]:
    contact = services.contact_request_create(
        agency=world.agencies["harbour"],
        name="Sample Sender",
        email="sender@example.org",
        topic="other",
        message="Sample message.",
    )
    return {"enquiries:contact_detail": {"request_id": contact.id}}
