"""What changed between two versions of a plan, section by section and item by item.

Items are matched by their id (kept across versions by the update form), so an edited strategy reads
as changed, not as one removed and another added. The order is the later version's, with removed
items where they stood in the earlier one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from waypoint.safety.sections import BY_KEY, NUMBER, SECTIONS, item_text

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"


@dataclass(frozen=True)
class ItemChange:
    state: str
    before: str
    after: str


@dataclass(frozen=True)
class SectionChange:
    key: str
    state: str
    words_before: str
    words_after: str
    items: list[ItemChange] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(BY_KEY[self.key].title)

    @property
    def words_changed(self) -> bool:
        return self.words_before != self.words_after


def _by_key(sections: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in sections if s.get("key") in BY_KEY}


def _said(kind: str, item: dict[str, Any]) -> str:
    """An item in words; a number's name on the card too, so a change to it alone reads as a change."""
    text = item_text(kind, item)
    card = str(item.get("card_label") or "").strip()
    return _("%(item)s (on the card: %(card)s)") % {"item": text, "card": card} if kind == NUMBER and card else text


def _items(kind: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[ItemChange]:
    after_ids = {item.get("id") for item in after}
    old = {item.get("id"): item for item in before}
    changes: list[ItemChange] = []
    # Removed items keep their place: each is listed before the first kept item that followed it.
    pending_removed = [item for item in before if item.get("id") not in after_ids]
    for item in after:
        previous = old.get(item.get("id"))
        while previous is not None and pending_removed and before.index(pending_removed[0]) < before.index(previous):
            gone = pending_removed.pop(0)
            changes.append(ItemChange(REMOVED, _said(kind, gone), ""))
        text = _said(kind, item)
        if previous is None:
            changes.append(ItemChange(ADDED, "", text))
        else:
            was = _said(kind, previous)
            changes.append(ItemChange(SAME if previous == item else CHANGED, was, text))
    changes.extend(ItemChange(REMOVED, _said(kind, gone), "") for gone in pending_removed)
    return changes


def compare(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[SectionChange]:
    """Every section either version has, in the plan's section order."""
    old, new = _by_key(before), _by_key(after)
    found = []
    for section in SECTIONS:
        a, b = old.get(section.key), new.get(section.key)
        if a is None and b is None:
            continue
        words_a, words_b = (a or {}).get("words", ""), (b or {}).get("words", "")
        items = _items(section.item_kind, list((a or {}).get("items", [])), list((b or {}).get("items", [])))
        if a is None:
            state = ADDED
        elif b is None:
            state = REMOVED
        elif words_a == words_b and all(change.state == SAME for change in items):
            state = SAME
        else:
            state = CHANGED
        found.append(SectionChange(section.key, state, words_a, words_b, items))
    return found


def changed_keys(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[str]:
    return [change.key for change in compare(before, after) if change.state != SAME]
