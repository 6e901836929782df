"""Every people string has a French translation, and the French pages use it."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    assert PO.with_suffix(".mo").exists()


def test_french_is_used_at_run_time():
    with translation.override("fr"):
        assert (
            translation.gettext("Consent to share information") == "Consentement à la communication de renseignements"
        )
        assert translation.gettext("My people") == "Mes personnes"
