"""The caseload home (``people:my_people`` reads it): one annotated query a page, and one row for htmx.

The route stays in ``people`` (``/people/``); its view calls ``caseload_page`` here. This module
imports nothing from ``people.views``, so ``people.views`` may import it.

Rows are written here with ``format_html`` rather than by a template included fifty times: Django's
template engine spent 15 of the page's 42 ms on the rows' 25 variables each (bench/README.md). A row
back from a quick add with errors carries the quick-add form, which stays a template.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import URLPattern, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waypoint.casework import flags, selectors
from waypoint.casework.forms.encounters import CaseloadFilterForm, QuickAdd
from waypoint.casework.models import Stage
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.people.models import Person, Status, agency_today
from waypoint.people.templatetags.people_links import overview_url

urlpatterns: list[URLPattern] = []


_SOME_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class RowWords:
    """What every caseload row says the same way, translated and reversed once a page rather than fifty times."""

    column: dict[str, str]
    status: dict[str, str]
    flag: dict[str, str]
    add_url: str  # with _SOME_ID where the person's id goes
    # The part of life whose latest stage is a column (its label), and the stages' names; '' for no column.
    stage_column: str = ""
    stage: dict[str, str] = field(default_factory=dict)

    @classmethod
    def now(cls, *, stage_column: str = "") -> RowWords:
        """Escaped once here, so each row's ``format_html`` passes them through (SafeString) instead of escaping."""
        return cls(
            column={
                key: escape(words)
                for key, words in {
                    "status": _("Status"),
                    "last_contact": _("Last contact"),
                    "next_follow_up": _("Next follow-up"),
                    "open_goals": _("Open goals"),
                    "flags": _("Flags"),
                    "never": _("never"),
                    "log": _("Log a contact"),
                    "open_form": _("Open the contact form"),
                    "saved": _("Contact logged."),
                }.items()
            },
            status={value: escape(label) for value, label in Status.choices},
            flag={key: escape(f.label) for key, f in flags.REGISTRY.items()},
            add_url=reverse("casework:encounter_add", args=[_SOME_ID]),
            stage_column=escape(stage_column),
            stage={value: escape(label) for value, label in Stage.choices} if stage_column else {},
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


_MUTED = '<span class="muted">{}</span>'


def row_html(row: dict[str, Any], *, saved: bool = False, request: HttpRequest | None = None) -> SafeString:
    """One ``<tr>`` of the caseload from ``row_context``; an htmx quick add swaps it back in (outerHTML).

    The quick add is fetched when the row's disclosure first opens (one form in the page, not fifty);
    a row whose quick add came back with errors carries its form, open, with what was typed.
    """
    person, words = row["person"], row["words"]
    column, pk = words.column, str(person.pk)
    last = person.last_contact_at
    return format_html(
        '<tr id="row-{pk}">'
        '<th scope="row"><a id="alias-{pk}" href="{overview}">{alias}</a> <span class="muted case-number">{case}</span></th>'
        '<td data-label="{c_status}">{status}</td>'
        '<td data-label="{c_last}">{last}</td>'
        '<td data-label="{c_next}">{next}</td>'
        '<td data-label="{c_goals}">{goals}</td>'
        "{stage}"
        '<td data-label="{c_flags}">{flags}</td>'
        "<td>{saved}{quick}</td>"
        "</tr>",
        pk=pk,
        overview=overview_url(pk),
        alias=person.alias,
        case=person.case_number,
        c_status=column["status"],
        status=row["status_label"],
        c_last=column["last_contact"],
        last=_long_date(localtime(last).date()) if last else format_html(_MUTED, column["never"]),
        c_next=column["next_follow_up"],
        next=_long_date(person.next_follow_up_on) if person.next_follow_up_on else format_html(_MUTED, "—"),
        c_goals=column["open_goals"],
        goals=person.open_goals,
        stage=_stage_html(person, words),
        c_flags=column["flags"],
        flags=_flags_html(row["raised"]),
        saved=format_html('<p class="quick-add__saved" role="status" tabindex="-1" autofocus>{}</p>', column["saved"])
        if saved
        else "",
        quick="" if person.status == Status.CLOSED else _quick_add_html(row, pk, request),
    )


def _stage_html(person: Person, words: RowWords) -> SafeString:
    if not words.stage_column:
        return SafeString("")
    stage = getattr(person, "latest_stage", None)
    shown = words.stage.get(stage, "") if stage else format_html(_MUTED, "—")
    return format_html('<td data-label="{}">{}</td>', words.stage_column, shown)


def _long_date(day: datetime.date) -> str:
    # Fifty rows share a few dates; Django's date formatting is the row's dearest part.
    return _long_date_in(day, get_language())


@functools.lru_cache(maxsize=2048)
def _long_date_in(day: datetime.date, language: str | None) -> SafeString:
    return escape(long_date(day))


def _flags_html(raised: list[tuple[str, str]]) -> SafeString:
    if not raised:
        return format_html(_MUTED, "—")
    items = format_html_join("", '<li class="flag-tag flag-tag--{}">{}</li>', raised)
    return format_html('<ul class="flag-tags">{}</ul>', items)


def _quick_add_html(row: dict[str, Any], pk: str, request: HttpRequest | None) -> SafeString:
    column, add_url = row["words"].column, row["add_url"]
    if row["qa"] is not None:
        opened, slot = " open", render_to_string("casework/_quick_add.html", row, request)
    else:
        opened = format_html(
            ' hx-get="{}?quick=caseload" hx-trigger="toggle once" hx-target="find .quick-add__slot"', add_url
        )
        slot = format_html('<p><a href="{}">{}</a></p>', add_url, column["open_form"])
    return format_html(
        '<details class="quick-add__toggle"{}>'
        '<summary id="qa-summary-{pk}" aria-labelledby="qa-summary-{pk} alias-{pk}">{}</summary>'
        '<div class="quick-add__slot">{}</div>'
        "</details>",
        opened,
        column["log"],
        slot,
        pk=pk,
    )


def stage_column_label(domain_label: str) -> str:
    return _("Stage: %(domain)s") % {"domain": domain_label} if domain_label else ""


def stage_column_of_page(request: AuthedHttpRequest) -> tuple[str, str]:
    """The stage column of the caseload a quick add came from (htmx names the page): its domain key and heading.

    A row swapped back in has the same cells as its neighbours, so the table's columns stay in line.
    """
    query = parse_qs(urlsplit(request.headers.get("HX-Current-URL", "")).query)
    key = (query.get("stage") or [""])[0]
    if not key:
        return "", ""
    domain = next((d for d in selectors.domains(request.membership.agency_id) if d.key == key), None)
    return (key, stage_column_label(domain.label)) if domain is not None else ("", "")


def caseload_page(request: AuthedHttpRequest) -> dict[str, Any]:
    """The context of ``people/my_people.html``: filters and a page of 50 annotated rows (quick adds load on demand)."""
    everyone = request.GET.get("scope") == "all"
    agency = request.membership.agency
    today = agency_today(agency)
    filters = CaseloadFilterForm.from_query(request.GET, domains=selectors.domains(agency.pk))
    stage_domain = filters.chosen_stage_domain
    people = selectors.caseload(
        request.user,
        today,
        sort=filters.chosen_sort,
        flag=filters.chosen_flag,
        status=filters.chosen_status,
        stage_domain=stage_domain,
        everyone=everyone,
    )
    page = Paginator(people, selectors.CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    words = RowWords.now(stage_column=stage_column_label(filters.domain_labels.get(stage_domain, "")))
    rows = [row_html(row_context(person, words=words)) for person in page]
    query = {
        k: v
        for k, v in (
            ("scope", "all" if everyone else ""),
            ("sort", filters.chosen_sort),
            ("flag", filters.chosen_flag),
            ("status", filters.chosen_status),
            ("stage", stage_domain),
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
        "stage_column": words.stage_column,
        "today": today,
    }
