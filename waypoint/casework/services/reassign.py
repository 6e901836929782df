"""A supervisor moves a person from one worker to another in one step."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import Task
from waypoint.people import access
from waypoint.people.models import CareTeamMember, Person
from waypoint.people.services import care


@dataclass(frozen=True)
class Reassignment:
    ended: CareTeamMember
    started: CareTeamMember
    tasks_moved: int


def reassign(*, actor: User, person: Person, member: CareTeamMember, to_user: User) -> Reassignment:
    """End ``member``'s place today, give ``to_user`` the same role from today, and move the open follow-ups.

    The old worker keeps the record until the end of today (as ending a place does), so nothing
    they are in the middle of disappears under them; their open tasks about the person move at once.
    """
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Only a supervisor can reassign a person."))
    today = access.agency_today(person.agency)
    if member.person_id != person.pk or not member.is_current(today):
        raise ValidationError(_("That place on the care team has already ended."))
    if to_user.pk == member.user_id:
        raise ValidationError(_("Choose someone other than the current worker."))
    if any(m.user_id == to_user.pk and m.is_current(today) for m in person.care_team.all()):
        raise ValidationError(_("%(name)s is already on this care team.") % {"name": to_user})
    with transaction.atomic():
        ended = care.care_team_end(actor=actor, member=member, until=today)
        started = care.care_team_add(actor=actor, person=person, user=to_user, role=member.role, since=today)
        open_tasks = access.rows_of_person(person, Task).filter(assignee_id=member.user_id, done_at__isnull=True)
        moved = open_tasks.update(assignee=to_user)
        audit.record(
            action="care_team.reassigned",
            actor=actor,
            agency=person.agency_id,
            target=person,
            detail={"from": str(member.user_id), "to": str(to_user.pk), "tasks_moved": moved},
        )
    return Reassignment(ended=ended, started=started, tasks_moved=moved)
