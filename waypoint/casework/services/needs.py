"""Needs on the way out, per part of life, where each stands and what stood in the way (issue 14, step 1).

Written with the person, in no particular order and none required. Audit events carry the need's kind,
status and barrier codes (coded answers, no words); the note is encrypted and never leaves the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import Barrier, LifeDomain, Need, NeedKind, NeedStatus
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.people.models import Person, agency_today


def _barriers(codes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(code for code in codes if code))  # once each, in the order given
    if any(code not in Barrier.values for code in chosen):
        raise ValidationError(_("Choose the barriers from the list."))
    return chosen


def _day(person: Person, on: datetime.date | None) -> datetime.date:
    today = agency_today(person.agency)
    on = on or today
    if on > today:
        raise ValidationError(_("Choose today or an earlier date."))
    return on


def need_record(
    *,
    actor: User,
    person: Person,
    domain: LifeDomain,
    kind: str,
    status: str = NeedStatus.IDENTIFIED,
    barriers: Iterable[str] = (),
    note: str = "",
    on: datetime.date | None = None,
) -> Need:
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    if domain.agency_id != person.agency_id or not domain.is_active:
        raise ValidationError(_("Choose a part of life from this agency's list."))
    if kind not in NeedKind.values:
        raise ValidationError(_("Choose a need from the list."))
    if status not in NeedStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    day = _day(person, on)
    chosen = _barriers(barriers)
    with transaction.atomic():
        need = person.needs.create(
            agency_id=person.agency_id,
            domain=domain,
            kind=kind,
            status=status,
            barriers=chosen,
            note=note.strip(),
            identified_on=day,
            status_on=day,
            created_by=actor,
        )
        audit.record(
            action="need.recorded",
            actor=actor,
            agency=person.agency_id,
            target=need,
            detail={"person": str(person.pk), "kind": kind, "status": status, "barriers": ",".join(chosen)},
        )
    return need


def need_update(
    *,
    actor: User,
    need: Need,
    status: str | None = None,
    barriers: Iterable[str] | None = None,
    note: str | None = None,
    on: datetime.date | None = None,
) -> Need:
    """Where the need stands now, the barriers met so far, the note; a new status dates from ``on``."""
    person = need.person
    require_open_record(person)
    require_clinical_member(actor, need.agency_id)
    if status is not None and status not in NeedStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    changed: list[str] = []
    with transaction.atomic():
        if status is not None and status != need.status:
            need.status, need.status_on = status, _day(person, on)
            changed += ["status", "status_on"]
        if barriers is not None:
            need.barriers = _barriers(barriers)
            changed.append("barriers")
        if note is not None:
            need.note = note.strip()
            changed.append("note")
        if not changed:
            return need
        need.save(update_fields=[*changed, "updated_at"])
        audit.record(
            action="need.updated",
            actor=actor,
            agency=need.agency_id,
            target=need,
            detail={"person": str(person.pk), "status": need.status, "barriers": ",".join(need.barriers)},
        )
    return need
