"""Fixtures for the casework tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English: a French page rendered by an earlier test must not leak into the next one."""
    translation.activate("en")
    yield
    translation.activate("en")
