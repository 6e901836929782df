"""Resources are edited in Wagtail's admin as a snippet, beside the pages (workshops: ``workshops.wagtail_hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from waypoint.learning.models import Resource


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "doc-full"
    menu_label = _("Resources")
    add_to_admin_menu = True
    list_display = ["title", "resource_type"]
    list_filter = ["resource_type"]
    search_fields = ["title", "description"]


register_snippet(ResourceViewSet)
