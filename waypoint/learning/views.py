"""The learning hub's own view: search over guides and resources. Its pages are Wagtail's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypoint.core.routes import public
from waypoint.learning import selectors
from waypoint.learning.forms import SearchForm


@public
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = audience = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        audience = form.cleaned_data["audience"]
    results = selectors.search(query, audience=audience, request=request) if query else []
    return render(request, "learning/search.html", {"form": form, "query": query, "results": results})
