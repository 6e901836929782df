"""Placeholder until the program review lands (same branch): the route exists so links resolve."""

import uuid

from django.http import Http404, HttpResponse
from django.urls import URLPattern, path

from waypoint.accounts.roles import Role
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles


@roles(Role.PROGRAM_MANAGER, Role.SUPERVISOR, Role.HOUSING_STAFF)
def review_page(request: AuthedHttpRequest, program_id: uuid.UUID) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = [path("housing/programs/<uuid:program_id>/review/", review_page, name="review")]
