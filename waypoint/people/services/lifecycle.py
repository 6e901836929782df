"""Writes for a record's life: creating, changing, asking to close, closing and reopening."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import Role
from waypoint.accounts.selectors import membership_in
from waypoint.people import access
from waypoint.people.models import (
    BreakGlassGrant,
    CareRole,
    CareTeamMember,
    CaseSequence,
    ClosureReason,
    Person,
    Status,
)
from waypoint.people.rules import OPTIONAL_FIELDS, name_dob_index


def _next_case_number(agency: Agency) -> str:
    sequence, _created = CaseSequence.objects.select_for_update().get_or_create(agency=agency)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"WP-{access.agency_today(agency):%Y}-{sequence.last_value:05d}"


def require_open(person: Person) -> None:
    if person.is_closed:
        raise ValidationError(_("This record is closed. A supervisor can reopen it."))


def _clean_details(details: dict[str, Any], declined: list[str]) -> tuple[dict[str, Any], list[str]]:
    unknown = set(details) - set(OPTIONAL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown person fields: {sorted(unknown)}")
    declined = sorted({d for d in declined if d in OPTIONAL_FIELDS})
    cleaned = dict(details)
    for name in declined:
        # Declining a question clears whatever was there: "prefer not to say" wins.
        cleaned[name] = None if name == "date_of_birth" else ""
    return cleaned, declined


def person_create(
    *,
    actor: User,
    agency: Agency,
    alias: str,
    details: dict[str, Any] | None = None,
    declined: list[str] | None = None,
    status: str = Status.ACTIVE,
    join_care_team: bool = True,
) -> Person:
    """Create a record with only what the person chose to share; the creator joins the care team."""
    alias = alias.strip()
    if not alias:
        raise ValidationError(_("An alias is needed: it is how the record is shown in lists."))
    if status not in (Status.REFERRED, Status.ACTIVE):
        raise ValidationError(_("A new record starts as referred or active."))
    cleaned, declined_list = _clean_details(details or {}, declined or [])
    with transaction.atomic():
        person = Person(agency=agency, alias=alias, status=status, declined=declined_list, created_by=actor, **cleaned)
        person.case_number = _next_case_number(agency)
        person.name_dob_index = name_dob_index(person.legal_name, person.date_of_birth, agency_id=agency.pk)  # type: ignore[arg-type]
        person.save(force_insert=True)
        membership = membership_in(actor, agency.pk)
        if join_care_team and membership and membership.role in (Role.ADVOCATE, Role.HOUSING_STAFF):
            role = CareRole.LEAD if membership.role == Role.ADVOCATE else CareRole.HOUSING
            CareTeamMember.objects.create(person=person, user=actor, role=role, since=access.agency_today(agency))
        audit.record(
            action="person.created",
            actor=actor,
            agency=agency,
            target=person,
            detail={"declined": len(declined_list), "status": status},
        )
    return person


def person_update(
    *,
    actor: User,
    person: Person,
    alias: str,
    details: dict[str, Any],
    declined: list[str],
    status: str | None = None,
) -> Person:
    require_open(person)
    alias = alias.strip()
    if not alias:
        raise ValidationError(_("An alias is needed: it is how the record is shown in lists."))
    cleaned, declined_list = _clean_details(details, declined)
    changed = ["alias", "declined", "name_dob_index", "updated_at", *cleaned.keys()]
    with transaction.atomic():
        person.alias = alias
        person.declined = declined_list
        for name, value in cleaned.items():
            setattr(person, name, value)
        if status is not None and status != person.status:
            if status not in (Status.REFERRED, Status.ACTIVE, Status.DORMANT):
                raise ValidationError(_("Use the closing steps to close a record."))
            person.status = status
            changed.append("status")
        person.name_dob_index = name_dob_index(
            person.legal_name,
            person.date_of_birth,  # type: ignore[arg-type]
            agency_id=person.agency_id,
        )
        person.save(update_fields=changed)
        audit.record(
            action="person.updated",
            actor=actor,
            agency=person.agency_id,
            target=person,
            detail={"fields": len(cleaned), "declined": len(declined_list)},
        )
    return person


def person_request_closure(*, actor: User, person: Person, reason: str) -> Person:
    """A care-team member asks to close; a supervisor approves. Supervisors close at once."""
    require_open(person)
    if reason not in ClosureReason.values:
        raise ValidationError(_("Choose a reason from the list."))
    with transaction.atomic():
        person.closure_reason = reason
        person.closure_requested_by = actor
        person.closure_requested_at = timezone.now()
        person.save(update_fields=["closure_reason", "closure_requested_by", "closure_requested_at", "updated_at"])
        audit.record(
            action="person.closure_requested",
            actor=actor,
            agency=person.agency_id,
            target=person,
            detail={"reason": reason},
        )
        if access.can_supervise(actor, person):
            person_close(actor=actor, person=person)
    return person


def person_close(*, actor: User, person: Person) -> Person:
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Closing a record needs a supervisor's approval."))
    require_open(person)
    if not person.closure_reason:
        raise ValidationError(_("Choose a reason for closing first."))
    with transaction.atomic():
        now = timezone.now()
        person.status = Status.CLOSED
        person.closed_at = now
        person.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            action="person.closed",
            actor=actor,
            agency=person.agency_id,
            target=person,
            detail={"reason": person.closure_reason},
        )
        # Emergency access was for an open record: it ends with the closure, and stays ended on reopening.
        grants = list(
            BreakGlassGrant.objects.select_for_update().filter(person=person, ended_at__isnull=True, expires_at__gt=now)
        )
        for grant in grants:
            grant.ended_at = now
            grant.ended_by = actor
            grant.save(update_fields=["ended_at", "ended_by", "updated_at"])
            audit.record(
                action="break_glass.ended",
                actor=actor,
                agency=person.agency_id,
                target=grant,
                detail={"reason": "closed"},
            )
    return person


def person_reopen(*, actor: User, person: Person) -> Person:
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Only a supervisor can reopen a record."))
    if not person.is_closed:
        raise ValidationError(_("This record is already open."))
    with transaction.atomic():
        person.status = Status.REOPENED
        person.closed_at = None
        person.closure_reason = ""
        person.closure_requested_at = None
        person.closure_requested_by = None
        person.save(
            update_fields=[
                "status",
                "closed_at",
                "closure_reason",
                "closure_requested_at",
                "closure_requested_by",
                "updated_at",
            ]
        )
        audit.record(action="person.reopened", actor=actor, agency=person.agency_id, target=person)
    return person


def person_decline_closure(*, actor: User, person: Person) -> Person:
    """A supervisor keeps the record open: the request is withdrawn, and the audit log keeps who asked."""
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Only a supervisor can decide on a closure."))
    if not person.closure_pending:
        raise ValidationError(_("No closure is waiting for this record."))
    with transaction.atomic():
        person.closure_reason = ""
        person.closure_requested_at = None
        person.closure_requested_by = None
        person.save(update_fields=["closure_reason", "closure_requested_at", "closure_requested_by", "updated_at"])
        audit.record(action="person.closure_declined", actor=actor, agency=person.agency_id, target=person)
    return person
