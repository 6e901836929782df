"""No module outside people/ reaches survivor data except through the gate."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

import waypoint

ROOT = Path(waypoint.__file__).resolve().parent
ALLOWED_DIRS = {"people", "demo"}


def guarded_model_names() -> set[str]:
    """Person, every model with a foreign key to it (recursively), and their history models."""
    person = apps.get_model("people", "Person")
    guarded = {person}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in guarded:
                continue
            if any(f.is_relation and f.related_model in guarded for f in model._meta.concrete_fields):
                guarded.add(model)
                changed = True
    names = set()
    for model in guarded:
        names.add(model.__name__)
        event = getattr(model, "pgh_event_model", None)
        if event is not None:
            names.add(event.__name__)
    return names - {"Event"}  # the audit Event is not survivor data


def offenders(root: Path = ROOT) -> list[str]:
    names = "|".join(sorted(guarded_model_names()))
    pattern = re.compile(rf"\b({names})\s*\.\s*(objects|_default_manager|_base_manager|pgh_event_model)\b")
    found = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in ALLOWED_DIRS or "tests" in parts or "migrations" in parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_the_guarded_models_include_every_dependant_of_person():
    assert {"Person", "CareTeamMember", "Release", "SafeContact", "BreakGlassGrant", "OutboundMessage"} <= (
        guarded_model_names()
    )


def test_no_module_outside_people_uses_a_survivor_data_manager():
    assert offenders() == []


def test_the_scan_would_catch_an_offender(tmp_path):
    (tmp_path / "casework").mkdir()
    (tmp_path / "casework" / "views.py").write_text("x = SafeContact.objects.filter(person=p)\n")
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "access.py").write_text("x = Person.objects.all()\n")
    assert offenders(tmp_path) == ["casework/views.py:1: x = SafeContact.objects.filter(person=p)"]
