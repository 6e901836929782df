"""Model fields whose values are encrypted at rest (see ``waypoint.core.crypto``).

The database only ever holds ciphertext, so these fields cannot be filtered,
ordered or searched; use a blind index field beside them for exact matches.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from waypoint.core.crypto import key_ring


class EncryptedField(models.TextField):
    """Base class: subclasses turn Python values to text and back."""

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None if value is None else ""
        return key_ring().encrypt(self.to_text(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_text(key_ring().decrypt(value))

    def to_python(self, value: Any) -> Any:
        if value is None or value == "" or not isinstance(value, str):
            return value
        return self.from_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(f"Encrypted field {self.name} cannot be queried with {lookup_name}.")
        return super().get_lookup(lookup_name)


class EncryptedTextField(EncryptedField):
    pass


class EncryptedDateField(EncryptedField):
    def to_text(self, value: Any) -> str:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return value.isoformat()

    def from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return super(models.TextField, self).formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedField):
    # For django-stubs: the value is any JSON, not the text of the TextField underneath.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_text(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True)

    def from_text(self, text: str) -> Any:
        return json.loads(text)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return key_ring().encrypt(self.to_text(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_text(key_ring().decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
