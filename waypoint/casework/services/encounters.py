"""The engagement log: record a contact in seconds, correct it honestly."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import Encounter, EncounterKind, EncounterStaff, LifeDomain, PlaceKind, Task, TaskSource
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.casework.services.tasks import follow_up_title, task_create
from waypoint.people import access
from waypoint.people.models import Person, agency_today

# A clock a few minutes fast on a phone is not a contact "in the future".
FUTURE_SLACK = datetime.timedelta(minutes=10)


@dataclass
class EncounterDetails:
    kind: str
    occurred_at: datetime.datetime | None = None
    duration_minutes: int | None = None
    place_kind: str = ""
    summary: str = ""
    own_words: str = ""
    needs: list[Any] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)


def _check(person: Person, details: EncounterDetails, *, actor: User) -> None:
    """The answers make sense for this agency; the actor's own membership is the caller's to check."""
    if details.kind not in EncounterKind.values:
        raise ValidationError(_("Choose the kind of contact from the list."))
    if details.place_kind and details.place_kind not in PlaceKind.values:
        raise ValidationError(_("Choose the kind of place from the list."))
    if details.occurred_at and details.occurred_at > timezone.now() + FUTURE_SLACK:
        raise ValidationError(_("A contact is logged once it has happened: choose a time that is not in the future."))
    if details.duration_minutes is not None and not 0 < details.duration_minutes <= 24 * 60:
        raise ValidationError(_("Give the length in minutes, up to a day (1440)."))
    if details.needs:
        known = set(
            LifeDomain.objects.filter(agency_id=person.agency_id, pk__in=details.needs).values_list("pk", flat=True)
        )
        if known != set(details.needs):
            raise ValidationError(_("Choose the needs from this agency's list."))
    for user in details.staff:
        if user.pk != actor.pk:
            require_clinical_member(user, person.agency_id, _("Staff present must be staff of this agency."))


def _set_staff(encounter: Encounter, staff: Iterable[User], *, new: bool = False) -> None:
    wanted = {user.pk for user in staff}
    have: set[Any] = set()
    if not new:  # a new encounter has nobody to take away (two statements fewer on every quick add)
        encounter.staff_present.exclude(user_id__in=wanted).delete()
        have = set(encounter.staff_present.values_list("user_id", flat=True))
    encounter.staff_present.bulk_create([EncounterStaff(encounter=encounter, user_id=pk) for pk in wanted - have])


def encounter_create(
    *,
    actor: User,
    person: Person,
    details: EncounterDetails,
    follow_up_on: datetime.date | None = None,
) -> tuple[Encounter, Task | None]:
    """Log a contact; the actor is always among the staff present. A follow-up date makes a task for the actor."""
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    details.staff = [actor, *[u for u in details.staff if u.pk != actor.pk]]
    _check(person, details, actor=actor)
    if follow_up_on is not None and follow_up_on < agency_today(person.agency):
        raise ValidationError(_("A follow-up is for today or later."))
    with transaction.atomic():
        encounter = person.encounters.create(
            agency_id=person.agency_id,
            kind=details.kind,
            occurred_at=details.occurred_at or timezone.now(),
            duration_minutes=details.duration_minutes,
            place_kind=details.place_kind,
            summary=details.summary.strip(),
            own_words=details.own_words.strip(),
            needs=list(details.needs),
            author=actor,
        )
        _set_staff(encounter, details.staff, new=True)
        audit.record(
            action="encounter.created",
            actor=actor,
            agency=person.agency_id,
            target=encounter,
            detail={"person": str(person.pk), "kind": details.kind, "staff": len(details.staff)},
        )
        task = None
        if follow_up_on is not None:
            local_day = timezone.localtime(encounter.occurred_at, person_zone(person)).date()
            task = task_create(
                actor=actor,
                assignee=actor,
                agency_id=person.agency_id,
                person=person,
                title=follow_up_title(encounter.get_kind_display(), local_day),
                due_on=follow_up_on,
                source=TaskSource.ENCOUNTER,
                source_id=encounter.pk,
            )
    return encounter, task


def person_zone(person: Person) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(person.agency.time_zone)


def correction_needs_reason(encounter: Encounter, now: datetime.datetime | None = None) -> bool:
    hours = settings.WAYPOINT_ENCOUNTER_FREE_CORRECTION_HOURS
    return (now or timezone.now()) - encounter.created_at > datetime.timedelta(hours=hours)


def encounter_correct(*, actor: User, encounter: Encounter, details: EncounterDetails, reason: str = "") -> Encounter:
    """The author corrects their entry. After a day the correction says why; the earlier text stays in history."""
    if encounter.author_id != actor.pk:
        raise ValidationError(_("Only the person who wrote this entry can correct it."))
    person = encounter.person
    require_open_record(person)
    reason = reason.strip()
    if correction_needs_reason(encounter) and len(reason) < 5:
        raise ValidationError(_("This entry is more than a day old: say briefly why you are correcting it."))
    require_clinical_member(actor, person.agency_id)
    details.staff = [actor, *[u for u in details.staff if u.pk != actor.pk]]
    _check(person, details, actor=actor)
    with transaction.atomic():
        encounter.kind = details.kind
        encounter.occurred_at = details.occurred_at or encounter.occurred_at
        encounter.duration_minutes = details.duration_minutes
        encounter.place_kind = details.place_kind
        encounter.summary = details.summary.strip()
        encounter.own_words = details.own_words.strip()
        encounter.needs = list(details.needs)
        encounter.correction_reason = reason
        encounter.corrected_at = timezone.now()
        encounter.save()
        _set_staff(encounter, details.staff)
        audit.record(
            action="encounter.corrected",
            actor=actor,
            agency=person.agency_id,
            target=encounter,
            detail={"person": str(person.pk), "with_reason": bool(reason)},
        )
    return encounter


def last_kind_used(user: User) -> str:
    """The kind of contact the worker logged last (the quick-add default); outreach for a first entry."""
    kind = (
        access.rows_of_visible_people(user, Encounter)
        .filter(author=user)
        .order_by("-created_at")
        .values_list("kind", flat=True)
        .first()
    )
    return kind or EncounterKind.OUTREACH
