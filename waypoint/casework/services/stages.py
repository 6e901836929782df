"""Stage check-ins: where the person is with one change in one part of life. Recording one changes nothing else:
no status, no flag, no closure follows from any stage, a return to an earlier one included."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import LifeDomain, Stage, StageCheckIn, StageSource
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.people.models import Person, agency_today

# Nobody records a conversation from before Waypoint's records began; a typo in the year is caught here.
EARLIEST = datetime.date(2000, 1, 1)


def stage_check_in(
    *,
    actor: User,
    person: Person,
    domain: LifeDomain,
    stage: str,
    on: datetime.date,
    source: str = StageSource.WORKER,
    note: str = "",
) -> StageCheckIn:
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    if domain.agency_id != person.agency_id or not domain.is_active:
        raise ValidationError(_("Choose a part of life from this agency's list."))
    if stage not in Stage.values:
        raise ValidationError(_("Choose a stage from the list."))
    if source not in StageSource.values:
        raise ValidationError(_("Choose how you know from the list."))
    if not EARLIEST <= on <= agency_today(person.agency):
        raise ValidationError(_("The date of a check-in is today or a day before it."))
    with transaction.atomic():
        check_in = person.stage_check_ins.create(
            agency_id=person.agency_id,
            domain=domain,
            stage=stage,
            source=source,
            on=on,
            note=note.strip(),
            author=actor,
        )
        # The stage and the note stay out of the chain: they are casework, read through the gate.
        audit.record(
            action="stage.checked_in",
            actor=actor,
            agency=person.agency_id,
            target=check_in,
            detail={"person": str(person.pk), "domain": domain.key, "source": source},
        )
    return check_in
