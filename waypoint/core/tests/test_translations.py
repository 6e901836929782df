"""Every French catalogue is complete, and its compiled file matches it."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

WAYPOINT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(WAYPOINT.glob("**/locale/fr/LC_MESSAGES/django.po"))


def test_there_are_french_catalogues():
    assert WAYPOINT / "locale/fr/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(WAYPOINT)))
def test_every_string_is_translated(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(WAYPOINT)))
def test_the_compiled_catalogue_matches_the_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run `make messages` to compile {po_path}"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete and e.msgid and not e.msgid_plural
    }
    assert {k: v for k, v in compiled.items() if k in source} == source
