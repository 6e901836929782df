"""The sections a safety plan can have, and the shape of what each holds.

A plan's content is a list of sections the survivor chose, each with their own words and a list of
items. An item keeps a short random id across versions, so a change to one strategy reads as that
strategy changed (not one removed and another added), and the wallet card can name items by id.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STRATEGY, PERSON, NUMBER = "strategy", "person", "number"

# The fields of each kind of item, in the order a form shows them; the first one is required.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    STRATEGY: ("text",),
    PERSON: ("name", "phone", "code_word", "action"),
    NUMBER: ("label", "number", "card_label"),
}
FIELD_LABELS: dict[str, Promise] = {
    "text": _("What was agreed"),
    "name": _("Name (as the person says it)"),
    "phone": _("Phone"),
    "code_word": _("Code word"),
    "action": _("What they do when they hear it"),
    "label": _("Who"),
    "number": _("Number"),
    "card_label": _("On a printed card, call it"),
}
MAX_WORDS = 4000
MAX_FIELD = 300


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    prompt: Promise
    item_kind: str = STRATEGY


SECTIONS: tuple[Section, ...] = (
    Section(
        "risks",
        _("Current risks and warning signs"),
        _("What tells the person danger is rising, in their words, and what they will do then."),
    ),
    Section(
        "contact",
        _("Contact with the trafficker, associates or recruiters"),
        _("Messages, visits, people sent to find them; what they want to do if it happens."),
    ),
    Section(
        "places",
        _("Home, school, work and getting around"),
        _("Routines, routes and places where they could be found, and what changes there."),
    ),
    Section(
        "technology",
        _("Phones and accounts"),
        _("Location sharing, shared or watched accounts, tracking apps; what to turn off or change."),
    ),
    Section(
        "emotional",
        _("Emotional safety and triggers"),
        _("What brings hard moments on, and what helps them through one."),
    ),
    Section(
        "trusted",
        _("Trusted people and code words"),
        _("People the person trusts, a code word for each, and what each will do on hearing it."),
        PERSON,
    ),
    Section(
        "refuges",
        _("Safe places and routes"),
        _("Where they can go at any hour, and how they get there."),
    ),
    Section(
        "essentials",
        _("Documents, money and a phone"),
        _("Where identity papers, some money and a charged phone are kept, or how to get them."),
    ),
    Section(
        "numbers",
        _("Emergency numbers"),
        _("Numbers to call, with what to call each one on a card that must not give anything away."),
        NUMBER,
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}

# A new plan starts with these (editable, removable like any item).
PREFILLED_NUMBERS: tuple[tuple[Promise, str, Promise], ...] = (
    (_("Canadian Human Trafficking Hotline (24/7, more than 200 languages)"), "1-833-900-1010", _("Helpline")),
    (_("Emergency: police, ambulance, fire"), "911", _("Emergency")),
)


def new_item_id() -> str:
    return secrets.token_hex(6)


def starting_content() -> list[dict[str, Any]]:
    """A new plan's sections: only the emergency numbers, prefilled in the language it is written in."""
    items = [
        {"id": new_item_id(), "label": str(label), "number": number, "card_label": str(card)}
        for label, number, card in PREFILLED_NUMBERS
    ]
    return [{"key": "numbers", "words": "", "items": items}]


def item_text(kind: str, item: dict[str, Any]) -> str:
    """One line saying an item, for the diff and the full printout."""
    values = [str(item.get(name) or "").strip() for name in ITEM_FIELDS[kind] if name != "card_label"]
    return " · ".join(v for v in values if v)
