"""A form field people never see (hidden by CSS, out of the tab order) that automated senders fill in.

A view that finds it filled answers as if all went well, so the sender learns
nothing, and keeps and sends nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FIELD_NAME = "website"


def honeypot_field() -> forms.CharField:
    # Named to look worth filling.
    return forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)


class HoneypotMixin:
    """Add ``website = honeypot_field()`` to the form; ``is_bot`` tells a filled one, ``visible_fields`` hides it."""

    data: Any
    cleaned_data: dict[str, Any]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(FIELD_NAME))

    def visible_fields(self) -> list[Any]:
        return [f for f in super().visible_fields() if f.name != FIELD_NAME]  # type: ignore[misc]  # mixed into a Form

    def cleaned_without_honeypot(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != FIELD_NAME}
