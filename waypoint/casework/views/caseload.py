"""The caseload home (``people:my_people`` reads it): one annotated query a page, and one row for htmx.

The route stays in ``people`` (``/people/``); its view calls ``caseload_page`` here. This module
imports nothing from ``people.views``, so ``people.views`` may import it.
"""

from __future__ import annotations

import zoneinfo
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import URLPattern

from waypoint.casework import flags, selectors
from waypoint.casework.forms.encounters import CaseloadFilterForm, QuickAdd
from waypoint.casework.services import encounters
from waypoint.core.http import AuthedHttpRequest
from waypoint.people.models import Person, Status, agency_today

urlpatterns: list[URLPattern] = []


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Status.choices}


def row_context(person: Person, *, qa: QuickAdd, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """What ``casework/_caseload_row.html`` needs for one annotated person (``selectors.with_casework``)."""
    return {
        "person": person,
        "status_label": (labels or _status_labels()).get(person.status, person.status),
        "raised": flags.raised(person),
        "qa": qa,
        "qa_from": "caseload",
    }


def caseload_page(request: AuthedHttpRequest) -> dict[str, Any]:
    """The context of ``people/my_people.html``: filters, a page of 50 annotated rows, each with its quick add."""
    everyone = request.GET.get("scope") == "all"
    agency = request.membership.agency
    today = agency_today(agency)
    filters = CaseloadFilterForm.from_query(request.GET)
    people = selectors.caseload(
        request.user,
        today,
        sort=filters.chosen_sort,
        flag=filters.chosen_flag,
        status=filters.chosen_status,
        everyone=everyone,
    )
    page = Paginator(people, selectors.CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = _status_labels()  # once per page, not per row
    qa = QuickAdd.defaults(
        kind=encounters.last_kind_used(request.user), zone=zoneinfo.ZoneInfo(agency.time_zone), today=today
    )
    rows = [row_context(person, qa=qa, labels=labels) for person in page]
    query = {
        k: v
        for k, v in (
            ("scope", "all" if everyone else ""),
            ("sort", filters.chosen_sort),
            ("flag", filters.chosen_flag),
            ("status", filters.chosen_status),
        )
        if v
    }
    return {
        "rows": rows,
        "page": page,
        "everyone": everyone,
        "filters": filters,
        "filtered": filters.filtered,
        "query": urlencode(query),
        "today": today,
    }
