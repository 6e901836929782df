"""Workshops and resources are edited in Wagtail's admin as snippets, beside the pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from waypoint.learning.models import Resource, Workshop


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "doc-full"
    menu_label = _("Resources")
    add_to_admin_menu = True
    list_display = ["title", "resource_type"]
    list_filter = ["resource_type"]
    search_fields = ["title", "description"]


class WorkshopViewSet(SnippetViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    add_to_admin_menu = True
    list_display = ["title", "format"]
    list_filter = ["format", "is_published"]


register_snippet(ResourceViewSet)
register_snippet(WorkshopViewSet)
