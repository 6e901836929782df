"""Objects for instruments tests: an agency's placeholder wording and responses recorded through the service."""

from __future__ import annotations

import datetime
from typing import Any

from waypoint.casework import selectors as casework_selectors
from waypoint.instruments import selectors, services
from waypoint.instruments.loader import shipped_definitions
from waypoint.instruments.models import InstrumentWording, Response
from waypoint.instruments.placeholders import placeholder_wording


def import_placeholder(admin: Any, agency: Any, key: str = "urica") -> InstrumentWording:
    text = placeholder_wording(shipped_definitions()[key])
    return services.import_wording(actor=admin, agency=agency, definition_key=key, file_text=text)


def record(
    person: Any,
    author: Any,
    key: str,
    answers: dict[int, int | None],
    *,
    taken_on: datetime.date = datetime.date(2026, 1, 15),
    domain: Any = None,
) -> Response:
    offer = selectors.offer(person.agency_id, key)
    assert offer is not None, key
    if domain is None and offer.definition.per_domain:
        domain = casework_selectors.domains(person.agency_id)[0]
    return services.record_response(
        actor=author, person=person, definition=offer.row, answers=answers, taken_on=taken_on, domain=domain
    )
