"""The caseload home (``people:my_people`` reads it): one annotated query a page, and one row for htmx.

The route stays in ``people`` (``/people/``); its view calls ``caseload_page`` here. This module
imports nothing from ``people.views``, so ``people.views`` may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import URLPattern, reverse
from django.utils.translation import gettext as _

from waypoint.casework import flags, selectors
from waypoint.casework.forms.encounters import CaseloadFilterForm, QuickAdd
from waypoint.core.http import AuthedHttpRequest
from waypoint.people.models import Person, Status, agency_today

urlpatterns: list[URLPattern] = []


_SOME_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class RowWords:
    """What every caseload row says the same way, translated and reversed once a page rather than fifty times."""

    column: dict[str, str]
    status: dict[str, str]
    flag: dict[str, str]
    add_url: str  # with _SOME_ID where the person's id goes

    @classmethod
    def now(cls) -> RowWords:
        return cls(
            column={
                "status": _("Status"),
                "last_contact": _("Last contact"),
                "next_follow_up": _("Next follow-up"),
                "open_goals": _("Open goals"),
                "flags": _("Flags"),
                "never": _("never"),
                "log": _("Log a contact"),
                "open_form": _("Open the contact form"),
            },
            status={value: str(label) for value, label in Status.choices},
            flag={key: str(f.label) for key, f in flags.REGISTRY.items()},
            add_url=reverse("casework:encounter_add", args=[_SOME_ID]),
        )


def row_context(person: Person, *, words: RowWords, qa: QuickAdd | None = None) -> dict[str, Any]:
    """What ``casework/_caseload_row.html`` needs for one annotated person (``selectors.with_casework``).

    ``qa`` is a quick add to show open (one that came back with errors); rows without one fetch theirs when opened.
    """
    return {
        "person": person,
        "words": words,
        "status_label": words.status.get(person.status, person.status),
        "raised": [(key, words.flag[key]) for key in flags.raised_keys(person)],
        "add_url": words.add_url.replace(_SOME_ID, str(person.pk)),
        "qa": qa,
        "qa_from": "caseload",
    }


def caseload_page(request: AuthedHttpRequest) -> dict[str, Any]:
    """The context of ``people/my_people.html``: filters and a page of 50 annotated rows (quick adds load on demand)."""
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
    words = RowWords.now()
    rows = [row_context(person, words=words) for person in page]
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
