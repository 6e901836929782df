"""A choice's label from the per-language table is what Django's get_FOO_display gives, in each language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from waypoint.casework.models import Encounter, EncounterKind, PlaceKind
from waypoint.core.choices import label_of


def test_the_label_matches_get_display_in_english_and_french_and_falls_back_to_the_value():
    encounter = Encounter(kind=EncounterKind.DROP_IN, place_kind=PlaceKind.SHELTER)
    for language in ("en", "fr"):
        with translation.override(language):
            assert label_of(encounter, "kind") == encounter.get_kind_display()
            assert label_of(encounter, "place_kind") == encounter.get_place_kind_display()
    encounter.place_kind = ""
    assert label_of(encounter, "place_kind") == ""
    encounter.kind = "retired_kind"  # a value no longer offered still shows as itself, as Django does
    assert label_of(encounter, "kind") == "retired_kind"


def test_the_display_filter_renders_the_label():
    encounter = Encounter(kind=EncounterKind.PHONE)
    rendered = Template('{% load waypoint_choices %}{{ e|display:"kind" }}').render(Context({"e": encounter}))
    assert rendered == str(EncounterKind.PHONE.label)
