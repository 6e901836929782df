"""Reads for the learning hub: guides, resources, search, workshops, the intake inbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from waypoint.accounts.models import Agency
from waypoint.learning.models import (
    SEATED_STATES,
    ContactRequest,
    ContactStatus,
    Feedback,
    GuidePage,
    Registration,
    RegistrationState,
    Resource,
    Workshop,
    WorkshopSession,
)


def host_agency() -> Agency | None:
    """The agency whose intake team answers the public "speak with someone" form.

    Named by WAYPOINT_LEARNING_AGENCY; otherwise the first agency created that is not a partner.
    """
    name = getattr(settings, "WAYPOINT_LEARNING_AGENCY", "")
    agencies = Agency.objects.filter(is_partner=False)
    if name:
        return agencies.filter(name=name).first()
    return agencies.order_by("created_at").first()


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
    for guide in guides_live().search(query, order_by_relevance=True)[:limit]:  # type: ignore[attr-defined]
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


# --- Workshops --------------------------------------------------------------------


def _with_counts(sessions: QuerySet[WorkshopSession]) -> QuerySet[WorkshopSession]:
    return sessions.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__state__in=SEATED_STATES)),
        waitlist_length=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)),
    )


def sessions_upcoming() -> QuerySet[WorkshopSession]:
    sessions = WorkshopSession.objects.filter(
        workshop__is_published=True, is_cancelled=False, starts_at__gt=timezone.now()
    ).select_related("workshop")
    return _with_counts(sessions).order_by("starts_at")


def workshops_published(*, audience: str = "") -> list[Workshop]:
    """Published workshops that have an upcoming session, each with ``upcoming`` sessions attached."""
    by_workshop: dict[uuid.UUID, list[WorkshopSession]] = {}
    sessions = sessions_upcoming()
    if audience:
        sessions = sessions.filter(workshop__audiences__contains=[audience])
    workshops: dict[uuid.UUID, Workshop] = {}
    for session in sessions:
        workshops.setdefault(session.workshop_id, session.workshop)
        by_workshop.setdefault(session.workshop_id, []).append(session)
    result = []
    for workshop_id, workshop in workshops.items():
        workshop.upcoming = by_workshop[workshop_id]  # type: ignore[attr-defined]
        result.append(workshop)
    return sorted(result, key=lambda w: w.upcoming[0].starts_at)  # type: ignore[attr-defined]


def workshop_public(workshop_id: uuid.UUID) -> Workshop:
    workshop = Workshop.objects.filter(id=workshop_id, is_published=True).first()
    if workshop is None:
        raise Http404
    workshop.upcoming = list(_with_counts(workshop.sessions.filter(is_cancelled=False, starts_at__gt=timezone.now())))  # type: ignore[attr-defined]
    return workshop


def session_public(session_id: uuid.UUID) -> WorkshopSession:
    session = (
        _with_counts(WorkshopSession.objects.filter(id=session_id, workshop__is_published=True, is_cancelled=False))
        .select_related("workshop")
        .first()
    )
    if session is None:
        raise Http404
    return session


def session_for_intake(*, agency: Agency, session_id: uuid.UUID) -> WorkshopSession:
    """A session of the intake worker's own agency; any other answers 404."""
    session = (
        _with_counts(WorkshopSession.objects.filter(id=session_id, workshop__agency=agency))
        .select_related("workshop")
        .first()
    )
    if session is None:
        raise Http404
    return session


def sessions_for_intake(*, agency: Agency) -> QuerySet[WorkshopSession]:
    return (
        _with_counts(WorkshopSession.objects.filter(workshop__agency=agency))
        .select_related("workshop")
        .order_by("-starts_at")
    )


def registrations_for_session(session: WorkshopSession) -> QuerySet[Registration]:
    return session.registrations.exclude(state=RegistrationState.CANCELLED).order_by("state", "created_at")


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    attended: int
    usefulness_average: float | None
    confidence_average: float | None
    usefulness_counts: list[tuple[int, int]]
    confidence_counts: list[tuple[int, int]]
    comments: list[str]


def feedback_summary(session: WorkshopSession) -> FeedbackSummary:
    answers = list(Feedback.objects.filter(session=session))
    attended = session.registrations.filter(state=RegistrationState.ATTENDED).count()

    def average(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    def counts(values: list[int]) -> list[tuple[int, int]]:
        return [(score, values.count(score)) for score in range(1, 6)]

    usefulness = [a.usefulness for a in answers]
    confidence = [a.confidence for a in answers]
    return FeedbackSummary(
        responses=len(answers),
        attended=attended,
        usefulness_average=average(usefulness),
        confidence_average=average(confidence),
        usefulness_counts=counts(usefulness),
        confidence_counts=counts(confidence),
        comments=[a.comments for a in answers if a.comments],
    )


# --- Speak with someone -------------------------------------------------------------


def contact_requests_for_inbox(*, agency: Agency, status: str = "") -> QuerySet[ContactRequest]:
    requests = ContactRequest.objects.filter(agency=agency).select_related("assigned_to")
    requests = requests.filter(status=status) if status else requests.exclude(status=ContactStatus.CLOSED)
    return requests.order_by("due_at")


def contact_request_for_intake(*, agency: Agency, request_id: uuid.UUID) -> ContactRequest:
    found = ContactRequest.objects.filter(agency=agency, id=request_id).select_related("assigned_to").first()
    if found is None:
        raise Http404
    return found
