"""Reads for the learning hub: guides, resources, search."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from waypoint.learning.models import GuidePage, Resource

# --- Guides and resources -----------------------------------------------------------


def guides_live(*, parent: Any = None) -> QuerySet[GuidePage]:
    guides = GuidePage.objects.live().public()
    if parent is not None:
        guides = guides.child_of(parent)
    return guides.order_by("order", "title")


def resources_list(*, resource_type: str = "", audience: str = "") -> QuerySet[Resource]:
    resources = Resource.objects.select_related("document")
    if resource_type:
        resources = resources.filter(resource_type=resource_type)
    if audience:
        resources = resources.filter(audiences__contains=[audience])
    return resources


@dataclass(frozen=True)
class SearchResult:
    kind: str  # "guide" or "resource"
    title: str
    summary: str
    url: str
    audiences: list[str]
    audience_labels: list[str]


def search(query: str, *, audience: str = "", limit: int = 50, request: Any = None) -> list[SearchResult]:
    """Guides and resources matching ``query`` (Wagtail's database search, PostgreSQL full text), best first.

    The audience filter is applied to the ranked hits; the hub holds tens of items, not thousands.
    """
    query = query.strip()
    if not query:
        return []
    results: list[SearchResult] = []
    for guide in guides_live().search(query, order_by_relevance=True)[:limit]:  # type: ignore[attr-defined]  # PageQuerySet.search is untyped in wagtail
        results.append(
            SearchResult(
                "guide",
                guide.localized_title,
                guide.localized_summary,
                # With the request, Wagtail looks the site's root paths up once per request, not once per page.
                guide.get_url(request=request) or "",
                guide.audiences,
                guide.audience_labels,
            )
        )
    for resource in Resource.objects.select_related("document").search(query, order_by_relevance=True)[:limit]:
        results.append(
            SearchResult(
                "resource",
                resource.title,
                resource.description,
                resource.document.url,
                resource.audiences,
                resource.audience_labels,
            )
        )
    if audience:
        results = [r for r in results if audience in r.audiences]
    return results


# Tools link to a guide on every page they draw (the stages page, the about pages): three queries each time,
# for an address that changes only when an editor moves or unpublishes the guide. A minute's staleness is fine.
GUIDE_URL_SECONDS = 60
_guide_urls: dict[str, tuple[float, str | None]] = {}


def forget_guide_urls(**_signal: Any) -> None:
    """A guide was published, unpublished, moved or deleted: look the addresses up again."""
    _guide_urls.clear()


def guide_url(slug: str) -> str | None:
    """Where a live guide is read (its page in the hub), or None when it is not published (kept a minute)."""
    now = time.monotonic()
    kept = _guide_urls.get(slug)
    if kept is not None and kept[0] > now:
        return kept[1]
    guide = guides_live().filter(slug=slug).only("id", "url_path", "path", "depth").first()
    url = guide.get_url() if guide is not None else None
    _guide_urls[slug] = (now + GUIDE_URL_SECONDS, url)
    return url
