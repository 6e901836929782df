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
    # Wagtail's snippet add/edit pages have no h1; ours give it (axe: page-has-heading-one).
    create_template_name = "learning/admin/snippet_create.html"
    edit_template_name = "learning/admin/snippet_edit.html"


register_snippet(ResourceViewSet)
