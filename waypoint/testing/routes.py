"""Walk every URL pattern, and turn each into a concrete path a test client can request."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import waypoint


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "/people/<uuid:person_id>/"
    name: str | None  # namespaced, e.g. "people:person_detail"
    callback: Any

    @property
    def has_parameters(self) -> bool:
        return "<" in self.pattern or "(" in self.pattern


def _pattern_text(pattern: Any) -> str:
    return str(pattern.pattern)


def iter_routes(resolver: URLResolver | None = None, prefix: str = "/", namespace: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = _pattern_text(entry).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            child_ns = namespace
            if entry.namespace:
                child_ns = f"{namespace}{entry.namespace}:"
            yield from iter_routes(entry, prefix + text, child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(prefix + text, name, entry.callback)


def own_routes() -> list[Route]:
    """Routes whose views Waypoint wrote (not allauth's or Wagtail's)."""
    return [r for r in iter_routes() if getattr(r.callback, "__module__", "").startswith("waypoint.")]


SampleFactory = Callable[[Any], dict[str, dict[str, Any]]]


def route_sample_factories() -> list[SampleFactory]:
    """Each app may offer waypoint/<app>/tests/route_samples.py with samples(world) -> {url name: kwargs}."""
    factories = []
    for module in pkgutil.iter_modules(waypoint.__path__):
        try:
            samples = importlib.import_module(f"waypoint.{module.name}.tests.route_samples")
        except ModuleNotFoundError:
            continue
        factories.append(samples.samples)
    return factories


def concrete_path(route: Route, samples: dict[str, dict[str, Any]]) -> str | None:
    """A path to request for the route, or None when no sample exists for its parameters."""
    if not route.has_parameters:
        return re.sub(r"\\(.)", r"\1", route.pattern)
    if route.name and route.name in samples:
        return reverse(route.name, kwargs=samples[route.name])
    return None


def query_string_readers(app_dir: Path) -> set[str]:
    """Names of the functions in an app (tests and migrations aside) that read ``request.GET``."""
    readers = set()
    for path in app_dir.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and "request.GET" in ast.unparse(node):
                readers.add(node.name)
    return readers
