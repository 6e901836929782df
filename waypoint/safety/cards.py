"""The wallet card: only the lines the person chose, under their heading, and no word that says what it is.

A trafficker who finds the card must learn nothing: not that it is a safety plan, not the agency, not
Waypoint. The heading is checked when it is chosen; every line is checked again when it is printed (a
later version may have renamed a number), and a line that could tell is left off.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from waypoint.safety.sections import NUMBER, PERSON

# Stems, matched at the start of a word, accents and case aside, in English and French.
REVEALING_STEMS = (
    "safe",
    "secur",  # sécurité, sécuritaire, security
    "traffick",
    "trafiqu",
    "traite",
    "exploit",
    "shelter",
    "refuge",
    "waypoint",
    "hotline",
    "plan",
)
CARD_SECTIONS = {"numbers": NUMBER, "trusted": PERSON}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def revealing(text: str, agency_name: str) -> list[str]:
    """The words in ``text`` that could tell someone what the card is (empty when none)."""
    plain = _plain(text)
    words = re.findall(r"\w+", plain)
    found = [word for word in words if word.startswith(REVEALING_STEMS)]
    agency_words = [w for w in re.findall(r"\w+", _plain(agency_name)) if len(w) > 3]
    found += [word for word in words if word in agency_words]
    if agency_name.strip() and _plain(agency_name.strip()) in plain:
        found.append(agency_name.strip())
    return sorted(set(found))


@dataclass(frozen=True)
class Line:
    item_id: str
    text: str


def line_of(kind: str, item: dict[str, Any]) -> str:
    if kind == NUMBER:
        label = (item.get("card_label") or item.get("label") or "").strip()
        return f"{label}: {item.get('number', '').strip()}" if label else str(item.get("number", "")).strip()
    parts = [item.get("name", ""), item.get("phone", ""), item.get("code_word", "")]
    return " · ".join(p.strip() for p in parts if p and p.strip())


def offered_items(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items a card may carry: the numbers and the trusted people (each with the line it would print)."""
    offered = []
    for section in sections:
        kind = CARD_SECTIONS.get(section.get("key", ""))
        if kind is None:
            continue
        for item in section.get("items", []):
            offered.append({**item, "line": line_of(kind, item), "kind": kind})
    return offered


def printable(sections: list[dict[str, Any]], card: dict[str, Any], agency_name: str) -> tuple[list[Line], int]:
    """The chosen lines still in this version, and how many were left off because they could tell."""
    chosen = set(card.get("items", []))
    lines, left_off = [], 0
    for item in offered_items(sections):
        if item["id"] not in chosen or not item["line"]:
            continue
        if revealing(item["line"], agency_name):
            left_off += 1
        else:
            lines.append(Line(item["id"], item["line"]))
    return lines, left_off
