"""Writes for who holds a record: care teams, break-the-glass grants, and a staff member leaving an agency."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.accounts.selectors import membership_in
from waypoint.people import access
from waypoint.people.models import BreakGlassGrant, CareRole, CareTeamMember, Person


def care_team_add(
    *, actor: User, person: Person, user: User, role: str = CareRole.ADVOCATE, since: datetime.date | None = None
) -> CareTeamMember:
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Only a supervisor can assign a care team."))
    member_of = membership_in(user, person.agency_id)
    if member_of is None or member_of.role not in CLINICAL_ROLES:
        raise ValidationError(_("Only advocates, housing staff and supervisors of this agency can join a care team."))
    if role not in CareRole.values:
        raise ValidationError(_("Choose a role from the list."))
    with transaction.atomic():
        member = CareTeamMember.objects.create(
            person=person, user=user, role=role, since=since or access.agency_today(person.agency)
        )
        audit.record(
            action="care_team.added", actor=actor, agency=person.agency_id, target=member, detail={"role": role}
        )
    return member


def care_team_end(*, actor: User, member: CareTeamMember, until: datetime.date | None = None) -> CareTeamMember:
    if not access.can_supervise(actor, member.person):
        raise ValidationError(_("Only a supervisor can change a care team."))
    with transaction.atomic():
        # Ending today means no access from tomorrow; yesterday means at once.
        member.until = until or (access.agency_today(member.person.agency) - timedelta(days=1))
        member.save(update_fields=["until", "updated_at"])
        audit.record(action="care_team.ended", actor=actor, agency=member.person.agency_id, target=member)
    return member


def break_glass_grant(*, actor: User, person: Person, reason: str) -> BreakGlassGrant:
    """Emergency access for WAYPOINT_BREAK_GLASS_HOURS, with a written reason; shown to supervisors."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError(_("Write a few words on why you need this record now (at least 10 characters)."))
    if person.is_closed:
        raise ValidationError(_("This record is closed. Ask a supervisor."))
    member_of = membership_in(actor, person.agency_id)
    if member_of is None or member_of.role not in CLINICAL_ROLES:
        raise ValidationError(_("Only advocates, housing staff and supervisors can ask for emergency access."))
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            person=person,
            user=actor,
            reason=reason,
            starts_at=now,
            expires_at=now + timedelta(hours=settings.WAYPOINT_BREAK_GLASS_HOURS),
        )
        audit.record(
            action="break_glass.granted",
            actor=actor,
            agency=person.agency_id,
            target=grant,
            purpose="break_glass",
            detail={"person": str(person.pk), "hours": settings.WAYPOINT_BREAK_GLASS_HOURS},
        )
    return grant


def break_glass_end(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    if not access.can_supervise(actor, grant.person):
        raise ValidationError(_("Only a supervisor can end emergency access."))
    if grant.ended_at is not None:
        return grant
    with transaction.atomic():
        grant.ended_at = timezone.now()
        grant.ended_by = actor
        grant.save(update_fields=["ended_at", "ended_by", "updated_at"])
        audit.record(action="break_glass.ended", actor=actor, agency=grant.person.agency_id, target=grant)
    return grant


@dataclass(frozen=True)
class Departure:
    care_teams_ended: int
    grants_ended: int


def staff_departure(*, actor: User, user: User, agency: Agency) -> Departure:
    """A staff member leaves an agency: their care-team places and emergency access there end at once.

    Called inside the deactivation's transaction, so a re-invited colleague never
    gets their old caseload back. Each ended row is audited (ids only).
    """
    yesterday = access.agency_today(agency) - timedelta(days=1)
    today = yesterday + timedelta(days=1)
    now = timezone.now()
    with transaction.atomic():
        places = list(
            CareTeamMember.objects.select_for_update()
            .filter(user=user, person__agency=agency)
            .filter(models.Q(until__isnull=True) | models.Q(until__gte=today))
        )
        for place in places:
            # A place that had not started yet is cut to nothing: its since stays, its until precedes it.
            place.until = yesterday
            place.save(update_fields=["until", "updated_at"])
            audit.record(
                action="care_team.ended", actor=actor, agency=agency, target=place, detail={"reason": "departure"}
            )
        grants = list(
            BreakGlassGrant.objects.select_for_update().filter(
                user=user, person__agency=agency, ended_at__isnull=True, expires_at__gt=now
            )
        )
        for grant in grants:
            grant.ended_at = now
            grant.ended_by = actor
            grant.save(update_fields=["ended_at", "ended_by", "updated_at"])
            audit.record(
                action="break_glass.ended", actor=actor, agency=agency, target=grant, detail={"reason": "departure"}
            )
    return Departure(care_teams_ended=len(places), grants_ended=len(grants))
