"""Template helpers for the learning hub."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from waypoint.learning.guide_files import tool_slug

register = template.Library()

STAFF_HOME = "/home/"


def _served(path: str) -> tuple[str, dict[str, Any]] | None:
    """The view name and arguments Waypoint serves ``path`` with, or None (outside, missing, or Wagtail's)."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return None
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    # Wagtail's catch-all serves every other path; a tool is never one of its pages.
    return None if match.url_name == "wagtail_serve" else (match.view_name, match.kwargs)


@register.filter
def tool_href(value: Any, request: HttpRequest | None = None) -> str:
    """Where a guide's practice link leads this visitor: a guide never links to a missing page.

    ``value`` is the practice block (its ``url`` and ``tool`` label) or a path. A tool Waypoint knows
    (``casework:tool_about``'s pages, or named by the label, for guides loaded before those pages) leads
    a clinical member to the tool itself and anyone else to the page that says what it is; any other
    path Waypoint serves is kept, and anything else becomes the staff home.
    """
    from waypoint.casework.views.tools import TOOLS, href_for  # the tools are casework's; learning only links

    is_block = isinstance(value, Mapping)
    path = str(value.get("url") or "") if is_block else str(value or "")
    served = _served(path)
    slug = None
    if served is not None and served[0] == "casework:tool_about":
        slug = served[1].get("tool")
    elif is_block and served is None:
        slug = tool_slug(str(value.get("tool") or ""))
    if slug in TOOLS:
        return href_for(slug, request)
    if served is None or served[0] == "casework:tool_about":  # an unknown tool's page would not be found
        return STAFF_HOME
    return path


@register.simple_tag(takes_context=True)
def practice_href(context: template.Context, value: Any) -> str:
    """``tool_href`` for the visitor of the page; a block rendered without a request (search, previews) is anonymous."""
    return tool_href(value, context.get("request"))
