"""The journey timeline: every registered source's events about one person, newest first, 50 a page.

The page knows nothing of the sources: ``casework.timeline`` gives the entries and each entry
is shown with its source's template, so a later tool joins by registering a source.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import timeline
from waypoint.casework.views.common import record_not_found, render
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access


class TimelineFilter(forms.Form):
    """Which kinds of event to show: one checkbox per registered source (none ticked shows every kind)."""

    kind = forms.MultipleChoiceField(label=_("Show"), required=False, widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.MultipleChoiceField)
        kind.choices = [(source.kind, source.label) for source in timeline.REGISTRY.values()]

    @property
    def chosen(self) -> list[str]:
        return list(self.cleaned_data["kind"]) if self.is_valid() else []


@roles(*CLINICAL_ROLES)
@record_not_found
def person_timeline(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    person = gated.person
    filters = TimelineFilter(request.GET or None)
    kinds = filters.chosen
    page, entries = timeline.page_for(person, kinds=kinds, number=request.GET.get("page"))
    context = {
        "person": person,
        "o": {"can_supervise": gated.supervises},
        "filters": filters,
        "filtered": bool(kinds) and set(kinds) != set(timeline.REGISTRY),
        "page": page,
        "entries": entries,
        "query": urlencode([("kind", k) for k in kinds]),
    }
    return render(request, "casework/timeline.html", context)


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/timeline/", person_timeline, name="timeline"),
]
