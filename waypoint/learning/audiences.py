"""The professional audiences the learning hub speaks to, and a model field that holds several of them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    POLICE = "police", _("Police")
    EDUCATION = "education", _("Education")


def audience_labels(codes: list[str] | None) -> list[str]:
    labels = dict(Audience.choices)
    return [str(labels[c]) for c in codes or [] if c in labels]


class AudienceField(ArrayField):
    """A PostgreSQL array of audience codes, edited as a row of checkboxes (in our forms and in Wagtail's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("base_field", models.CharField(max_length=32, choices=Audience.choices))
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("base_field", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        # Django's ArrayField would offer a comma-separated text box; people pick audiences from a list.
        return forms.TypedMultipleChoiceField(
            choices=Audience.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=str(self.verbose_name).capitalize(),
            help_text=self.help_text,
        )
