"""Reads for workshops: the public list and pages, intake's sessions, attendance and feedback results."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from waypoint.accounts.models import Agency
from waypoint.workshops.models import (
    SEATED_STATES,
    Feedback,
    Registration,
    RegistrationState,
    Workshop,
    WorkshopSession,
)


def _with_counts(sessions: QuerySet[WorkshopSession]) -> QuerySet[WorkshopSession]:
    return sessions.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__state__in=SEATED_STATES)),
        waitlist_length=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)),
    )


def sessions_upcoming() -> QuerySet[WorkshopSession]:
    sessions = WorkshopSession.objects.filter(
        workshop__is_published=True, is_cancelled=False, starts_at__gt=timezone.now()
    ).select_related("workshop__agency")
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
        workshop.upcoming = by_workshop[workshop_id]
        result.append(workshop)
    return sorted(result, key=lambda w: w.upcoming[0].starts_at)


def workshop_public(workshop_id: uuid.UUID) -> Workshop:
    workshop = Workshop.objects.filter(id=workshop_id, is_published=True).select_related("agency").first()
    if workshop is None:
        raise Http404
    workshop.upcoming = list(_with_counts(workshop.sessions.filter(is_cancelled=False, starts_at__gt=timezone.now())))
    return workshop


def session_public(session_id: uuid.UUID) -> WorkshopSession:
    session = (
        _with_counts(WorkshopSession.objects.filter(id=session_id, workshop__is_published=True, is_cancelled=False))
        .select_related("workshop__agency")
        .first()
    )
    if session is None:
        raise Http404
    return session


def registration_by_id(registration_id: uuid.UUID | None) -> Registration:
    """The booking a signed link names; 404 when the link named none or it is gone."""
    registration = (
        Registration.objects.select_related("session__workshop__agency").filter(id=registration_id).first()
        if registration_id
        else None
    )
    if registration is None:
        raise Http404
    return registration


def session_for_intake(*, agency: Agency, session_id: uuid.UUID) -> WorkshopSession:
    """A session of the intake worker's own agency; any other answers 404."""
    session = (
        _with_counts(WorkshopSession.objects.filter(id=session_id, workshop__agency=agency))
        .select_related("workshop__agency")
        .first()
    )
    if session is None:
        raise Http404
    return session


def sessions_for_intake(*, agency: Agency, include_past: bool = False) -> QuerySet[WorkshopSession]:
    """The agency's sessions: those still to come (or under way) by default, soonest first; with past ones too,
    the coming ones first, then the past ones, most recent first."""
    sessions = _with_counts(WorkshopSession.objects.filter(workshop__agency=agency)).select_related("workshop")
    if not include_past:
        return sessions.filter(ends_at__gt=timezone.now()).order_by("starts_at")
    now = timezone.now()
    return sessions.annotate(
        is_past=Case(When(ends_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("is_past", Case(When(ends_at__gt=now, then=F("starts_at"))).asc(), F("starts_at").desc())


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
