"""Workshops are edited in Wagtail's admin as a snippet, beside the hub's pages.

Workshops belong to an agency, whose intake team sees the registrations: an editor
lists, edits and deletes only their own agency's workshops (others' answer 404), and a
new workshop takes the editor's agency; nobody can move one to another agency.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from waypoint.workshops.models import Workshop


def editor_agency_id(request: HttpRequest) -> Any:
    """The agency of the editor's active membership, or None (who then sees no workshop)."""
    membership = getattr(request, "membership", None)
    return membership.agency_id if membership is not None else None


class AgencyScopedObjectMixin:
    """A workshop of another agency is answered as if it did not exist."""

    request: HttpRequest

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        agency_id = editor_agency_id(self.request)
        if agency_id is None or obj.agency_id != agency_id:
            raise Http404
        return obj


class WorkshopCreateView(snippet_views.CreateView):
    def save_instance(self) -> Any:
        agency_id = editor_agency_id(self.request)
        if agency_id is None:
            raise Http404
        self.form.instance.agency_id = agency_id
        return super().save_instance()


class WorkshopEditView(AgencyScopedObjectMixin, snippet_views.EditView):
    pass


class WorkshopCopyView(AgencyScopedObjectMixin, snippet_views.CopyView):
    def save_instance(self) -> Any:
        self.form.instance.agency_id = editor_agency_id(self.request)
        return super().save_instance()


class WorkshopDeleteView(AgencyScopedObjectMixin, snippet_views.DeleteView):
    pass


class WorkshopUsageView(AgencyScopedObjectMixin, snippet_views.UsageView):
    pass


class WorkshopHistoryView(AgencyScopedObjectMixin, snippet_views.HistoryView):
    pass


class WorkshopInspectView(AgencyScopedObjectMixin, snippet_views.InspectView):
    pass


class WorkshopViewSet(SnippetViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    add_to_admin_menu = True
    list_display = ["title", "format"]
    list_filter = ["format", "is_published"]
    add_view_class = WorkshopCreateView
    copy_view_class = WorkshopCopyView
    edit_view_class = WorkshopEditView
    delete_view_class = WorkshopDeleteView
    usage_view_class = WorkshopUsageView
    history_view_class = WorkshopHistoryView
    inspect_view_class = WorkshopInspectView
    # Wagtail's snippet add/edit pages have no h1; ours give it (axe: page-has-heading-one; learning's templates).
    create_template_name = "learning/admin/snippet_create.html"
    edit_template_name = "learning/admin/snippet_edit.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Workshop]:
        return Workshop.objects.filter(agency_id=editor_agency_id(request))


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_other_agencies_workshops(
    request: HttpRequest, action_type: str, objects: Any, action_class_instance: Any
) -> HttpResponse | None:
    agency_id = editor_agency_id(request)
    if any(isinstance(obj, Workshop) and obj.agency_id != agency_id for obj in objects):
        raise Http404
    return None


register_snippet(WorkshopViewSet)
