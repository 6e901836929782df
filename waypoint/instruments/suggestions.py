"""What a result may suggest next (a stage check-in, say), registered by the apps that offer it.

``register(key, fn)`` adds ``fn(response) -> Suggestion | None`` for an instrument key; the result page
lists what each function returns for the response shown. ``waypoint.instruments.journey`` registers
the stage check-in for the readiness ruler, the stage self-rating and URICA.
A suggestion is only a link: the worker follows it and confirms, nothing is recorded for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waypoint.instruments.models import Response


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str


Suggest = Callable[["Response"], Suggestion | None]

_REGISTRY: dict[str, list[Suggest]] = {}


def register(key: str, fn: Suggest) -> Suggest:
    """Offer ``fn``'s suggestion on every result of the instrument ``key`` (registering twice adds it once)."""
    registered = _REGISTRY.setdefault(key, [])
    if fn not in registered:
        registered.append(fn)
    return fn


def unregister(key: str, fn: Suggest) -> None:
    if fn in _REGISTRY.get(key, []):
        _REGISTRY[key].remove(fn)


def suggestions_for(response: Response) -> list[Suggestion]:
    """What the functions registered for the response's instrument suggest, in the order they were registered."""
    found = (fn(response) for fn in _REGISTRY.get(response.definition.key, []))
    return [suggestion for suggestion in found if suggestion is not None]
