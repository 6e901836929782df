"""``{{ obj|display:"field" }}``: a choice's label without rebuilding the choices per call (core/choices.py)."""

from __future__ import annotations

from django import template
from django.db import models

from waypoint.core.choices import label_of

register = template.Library()


@register.filter
def display(obj: models.Model, field_name: str) -> str:
    return label_of(obj, field_name)
