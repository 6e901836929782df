"""Template helpers for the learning hub."""

from __future__ import annotations

from django import template
from django.urls import Resolver404, resolve

register = template.Library()

STAFF_HOME = "/home/"


@register.filter
def tool_href(path: str) -> str:
    """The tool's path if Waypoint serves it, else the staff home: a guide never links to a missing page."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return STAFF_HOME
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return STAFF_HOME
    # Wagtail's catch-all serves every other path; a tool is never one of its pages.
    return STAFF_HOME if match.url_name == "wagtail_serve" else path
