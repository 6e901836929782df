"""Objects for safety tests: plans saved through the service, with sections written for the test."""

from __future__ import annotations

import datetime
from typing import Any

from waypoint.safety import services
from waypoint.safety.models import PlanVersion

DAY = datetime.date(2026, 3, 2)


def strategy(item_id: str, text: str) -> dict[str, str]:
    return {"id": item_id, "text": text}


def sample_sections() -> list[dict[str, Any]]:
    return [
        {
            "key": "risks",
            "words": "When he texts from a new number, I know.",
            "items": [strategy("r1", "Screenshot, then block")],
        },
        {
            "key": "trusted",
            "words": "",
            "items": [
                {
                    "id": "t1",
                    "name": "Auntie May",
                    "phone": "555-0101",
                    "code_word": "blue umbrella",
                    "action": "Comes to get me",
                }
            ],
        },
        {
            "key": "numbers",
            "words": "",
            "items": [
                {
                    "id": "n1",
                    "label": "Canadian Human Trafficking Hotline",
                    "number": "1-833-900-1010",
                    "card_label": "Helpline",
                },
                {"id": "n2", "label": "Emergency", "number": "911"},
            ],
        },
    ]


def make_plan(person: Any, author: Any, sections: list[dict[str, Any]] | None = None, **extra: Any) -> PlanVersion:
    return services.version_save(
        actor=author, person=person, sections=sections or sample_sections(), made_on=extra.pop("made_on", DAY), **extra
    )
