"""A form field people never see (hidden by CSS, out of the tab order) that automated senders fill in.

A view that finds it filled answers as if all went well, so the sender learns
nothing, and keeps and sends nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a typing alias; django-stubs is a development dependency

FIELD_NAME = "website"


def honeypot_field(label: StrOrPromise) -> forms.CharField:
    """The field itself, named "website" in the form to look worth filling. ``label`` is for screen readers
    that still reach it; the app passes it so the words live in that app's translations."""
    return forms.CharField(label=label, required=False, max_length=200)


class HoneypotMixin:
    """Add ``website = honeypot_field(label)`` to the form; ``is_bot`` tells a filled one, ``visible_fields`` hides it."""

    data: Any
    cleaned_data: dict[str, Any]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(FIELD_NAME))

    def visible_fields(self) -> list[Any]:
        return [f for f in super().visible_fields() if f.name != FIELD_NAME]  # type: ignore[misc]  # mixed into a Form

    def cleaned_without_honeypot(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != FIELD_NAME}
