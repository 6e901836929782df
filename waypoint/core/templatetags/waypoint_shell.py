"""Template tags for the page shell that must work without a request context (the 500 and 503 pages)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def quick_exit_url() -> str:
    """Where the quick exit sends someone (read per call, so tests and deployments can change it)."""
    return str(settings.WAYPOINT_QUICK_EXIT_URL)
