"""Writes for housing: admit, move, discharge, hold, release, take a bed out of service.

Each is one transaction with its audit event (ids only: never an alias, a reason or a destination). The
bed's exclusion constraint is the last word on double booking: a use that overlaps another is refused by
the database, inside a savepoint, and the worker is told the bed was just taken.

Time: a record dated today starts or ends now; a record dated an earlier (or later) day starts or ends at
noon of that day in the agency's zone, so a discharge and an admission on the same past day do not overlap.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.services.common import require_open_record
from waypoint.housing import selectors
from waypoint.housing.choices import Destination, ExitReason, PriorSituation, ReferralSource, UseKind, WaitStatus
from waypoint.housing.models import (
    BED_USED_ONCE,
    Bed,
    BedOutage,
    BedUse,
    Episode,
    Hold,
    Program,
    Stay,
    WaitlistEntry,
)
from waypoint.people.models import Person, agency_today

EARLIEST = datetime.date(2000, 1, 1)
NOON = datetime.time(12)
DEADLOCK = "40P01"  # SQLSTATE deadlock_detected


def boundary(agency: Any, day: datetime.date, now: datetime.datetime | None = None) -> datetime.datetime:
    """The instant a stay dated ``day`` starts or ends: now for today, noon in the agency's zone otherwise."""
    now = now or timezone.now()
    if day == agency_today(agency, now):
        return now
    return datetime.datetime.combine(day, NOON, tzinfo=zoneinfo.ZoneInfo(agency.time_zone))


def _require_housing_member(actor: User, program: Program) -> None:
    if not selectors.may_act(actor, program):
        raise ValidationError(_("Only this program's housing staff and the agency's supervisors can do this."))


def _check_day(person: Person, day: datetime.date) -> None:
    if not EARLIEST <= day <= agency_today(person.agency):
        raise ValidationError(_("The date is today or a day before it."))


def _check_choice(value: str, choices: Any, message: str) -> None:
    if value and value not in choices.values:
        raise ValidationError(message)


def _bed_taken() -> ValidationError:
    return ValidationError(
        _("This bed was just taken, or is held or out of service then: choose another bed."), code="bed_taken"
    )


def _take(bed: Bed, during: DateTimeTZRange, kind: str) -> BedUse:
    """The bed's new use, or "just taken" when the database finds it overlaps another.

    Takers of one bed queue on the bed's row first: two inserts of overlapping uses at the same instant
    would each wait for the other's uncommitted row, and PostgreSQL would end one with a deadlock. Queued,
    the second meets the first's committed use and the exclusion constraint refuses it at once.
    """
    in_use = Bed.objects.select_for_update().filter(pk=bed.pk).values_list("is_active", flat=True).first()
    if not in_use:  # retired while this worker was choosing it (the retirement holds the same lock)
        raise ValidationError(_("This bed is not in use."))
    try:
        with transaction.atomic():
            return bed.uses.create(agency_id=bed.agency_id, during=during, kind=kind)
    except IntegrityError as exc:
        if getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) == BED_USED_ONCE:
            raise _bed_taken() from None
        raise
    except OperationalError as exc:
        # Beds locked in another order by a writer outside these services: the same answer for the worker.
        if getattr(exc.__cause__, "sqlstate", None) == DEADLOCK:
            raise _bed_taken() from None
        raise


def _shorten(use: BedUse, end: datetime.datetime) -> None:
    """End a use at ``end`` (never before it began: then it covers nothing, an empty range)."""
    lower, upper = use.during.lower, use.during.upper
    end = max(end, lower)
    if upper is None or end < upper:
        use.during = DateTimeTZRange(lower, end)
        use.save(update_fields=["during", "updated_at"])


def _program_of(bed: Bed) -> Program:
    return bed.room.site.program


def _open_stay_of(person: Person) -> Stay | None:
    return selectors.open_stay_of(person, for_update=True)


def stay_admit(
    *,
    actor: User,
    person: Person,
    bed: Bed,
    on: datetime.date,
    referral_source: str = "",
    prior_situation: str = "",
    worker: User | None = None,
    hold: Hold | None = None,
    household_with: Stay | None = None,
) -> Stay:
    """Place the person in a bed from ``on``: a new episode, or the open one continued.

    From a hold (``hold``), the hold is consumed: it stops holding when the stay begins, whichever bed
    the person is given. ``household_with`` puts the stay in that stay's household (a parent and child).
    """
    require_open_record(person)
    program = _program_of(bed)
    _require_housing_member(actor, program)
    if person.agency_id != program.agency_id:
        raise ValidationError(_("This person is not known to the program's agency."))
    if not bed.is_active or not program.is_active:
        raise ValidationError(_("This bed is not in use."))
    _check_day(person, on)
    _check_choice(referral_source, ReferralSource, _("Choose who referred the person from the list."))
    _check_choice(prior_situation, PriorSituation, _("Choose where the person stayed before from the list."))
    now = timezone.now()
    with transaction.atomic():
        if _open_stay_of(person) is not None:
            raise ValidationError(_("This person is staying in a bed already: move them instead."))
        if hold is not None:
            hold = selectors.hold_for_update(hold)
            if not hold.is_holding(now) or (hold.person_id is not None and hold.person_id != person.pk):
                raise ValidationError(_("This hold has ended or is for someone else."))
        start = boundary(person.agency, on, now)
        if hold is not None:
            _shorten(hold.use, start)
        use = _take(bed, DateTimeTZRange(start, None), UseKind.STAY)
        episode = selectors.open_episode_of(person, for_update=True)
        continued = episode is not None
        try:
            with transaction.atomic():
                if episode is None:
                    episode = person.housing_episodes.create(
                        agency_id=person.agency_id,
                        program=program,
                        started_on=on,
                        referral_source=referral_source,
                        prior_situation=prior_situation,
                        worker=worker or actor,
                    )
                household = None
                if household_with is not None:
                    household = household_with.household or uuid.uuid4()
                    if household_with.household is None:
                        household_with.household = household
                        household_with.save(update_fields=["household", "updated_at"])
                stay = person.housing_stays.create(
                    agency_id=person.agency_id,
                    episode=episode,
                    program=program,
                    bed=bed,
                    started_on=on,
                    household=household,
                    use=use,
                    created_by=actor,
                )
        except IntegrityError:
            # One open stay and one open episode per person: a colleague admitted them at the same moment.
            raise ValidationError(_("This person was just admitted by a colleague.")) from None
        if hold is not None:
            hold.stay, hold.person = stay, person
            hold.save(update_fields=["stay", "person", "updated_at"])
            if hold.offered_from is not None:
                _decide(hold.offered_from, WaitStatus.ACCEPTED, on)
        audit.record(
            action="housing.admitted",
            actor=actor,
            agency=person.agency_id,
            target=stay,
            detail={
                "person": str(person.pk),
                "episode": str(episode.pk),
                "bed": str(bed.pk),
                "continued": continued,
                "hold": str(hold.pk) if hold else "",
            },
        )
    return stay


def stay_move(*, actor: User, stay: Stay, bed: Bed, on: datetime.date, hold: Hold | None = None) -> Stay:
    """End the stay on ``on`` and start the next one in ``bed`` the same instant: one episode, any program.

    ``hold``: the bed was held (offered) for this person, as a transitional bed is for a crisis resident; the
    move consumes it, and an offer from the waitlist is accepted.
    """
    person = stay.person
    require_open_record(person)
    _require_housing_member(actor, stay.program)
    program = _program_of(bed)
    _require_housing_member(actor, program)
    if program.agency_id != person.agency_id:
        raise ValidationError(_("This person is not known to the program's agency."))
    if not bed.is_active or not program.is_active:
        raise ValidationError(_("This bed is not in use."))
    _check_day(person, on)
    if on <= stay.started_on:
        raise ValidationError(_("A move is on a day after the stay began."))
    now = timezone.now()
    with transaction.atomic():
        current = _open_stay_of(person)
        if current is None or current.pk != stay.pk:
            raise ValidationError(_("This stay has ended already."))
        if current.bed_id == bed.pk:
            raise ValidationError(_("The person is in this bed already."))
        instant = boundary(person.agency, on, now)
        if hold is not None:
            hold = selectors.hold_for_update(hold)
            if not hold.is_holding(now) or hold.person_id != person.pk or hold.bed_id != bed.pk:
                raise ValidationError(_("This hold has ended or is for someone else."))
            _shorten(hold.use, instant)
        current.ended_on = on
        current.save(update_fields=["ended_on", "updated_at"])
        _shorten(current.use, instant)
        use = _take(bed, DateTimeTZRange(instant, None), UseKind.STAY)
        following = person.housing_stays.create(
            agency_id=person.agency_id,
            episode_id=current.episode_id,
            program=program,
            bed=bed,
            started_on=on,
            household=current.household,
            use=use,
            created_by=actor,
        )
        if hold is not None:
            hold.stay = following
            hold.save(update_fields=["stay", "updated_at"])
            if hold.offered_from is not None:
                _decide(hold.offered_from, WaitStatus.ACCEPTED, on)
        audit.record(
            action="housing.moved",
            actor=actor,
            agency=person.agency_id,
            target=following,
            detail={
                "person": str(person.pk),
                "episode": str(current.episode_id),
                "from_stay": str(current.pk),
                "from_bed": str(current.bed_id),
                "bed": str(bed.pk),
                "hold": str(hold.pk) if hold else "",
            },
        )
    return following


def stay_discharge(
    *,
    actor: User,
    stay: Stay,
    on: datetime.date,
    reason: str,
    destination: str,
    aftercare_offered: bool | None = None,
) -> Episode:
    """The person left on ``on``: the stay and the episode end. Their record stays open for whatever comes next."""
    person = stay.person
    _require_housing_member(actor, stay.program)
    _check_day(person, on)
    if on < stay.started_on:
        raise ValidationError(_("A discharge is on or after the day the stay began."))
    if reason not in ExitReason.values:
        raise ValidationError(_("Choose a reason for leaving from the list."))
    if destination not in Destination.values:
        raise ValidationError(_("Choose where the person went from the list (or not known)."))
    with transaction.atomic():
        current = _open_stay_of(person)
        if current is None or current.pk != stay.pk:
            raise ValidationError(_("This stay has ended already."))
        current.ended_on = on
        current.save(update_fields=["ended_on", "updated_at"])
        _shorten(current.use, boundary(person.agency, on))
        episode = current.episode
        episode.ended_on, episode.exit_reason, episode.destination = on, reason, destination
        episode.aftercare_offered, episode.discharged_by = aftercare_offered, actor
        episode.save(
            update_fields=["ended_on", "exit_reason", "destination", "aftercare_offered", "discharged_by", "updated_at"]
        )
        audit.record(
            action="housing.discharged",
            actor=actor,
            agency=person.agency_id,
            target=episode,
            detail={"person": str(person.pk), "stay": str(current.pk)},
        )
    return episode


def hold_place(*, actor: User, bed: Bed, person: Person | None = None, alias: str = "") -> Hold:
    """Keep the bed for someone on their way, from now for the program's ``hold_hours``.

    For a person with a record, the hold hangs off the person; for a referral without one, an alias only.
    """
    program = _program_of(bed)
    _require_housing_member(actor, program)
    if not bed.is_active or not program.is_active:
        raise ValidationError(_("This bed is not in use."))
    if person is not None:
        require_open_record(person)
        if person.agency_id != program.agency_id:
            raise ValidationError(_("This person is not known to the program's agency."))
    elif not alias.strip():
        raise ValidationError(_("Give an alias for the person the bed is held for."))
    now = timezone.now()
    during = DateTimeTZRange(now, now + datetime.timedelta(hours=program.hold_hours))
    with transaction.atomic():
        use = _take(bed, during, UseKind.HOLD)
        values = {"agency_id": bed.agency_id, "during": during, "use": use, "created_by": actor}
        if person is not None:
            hold = person.housing_holds.create(bed=bed, **values)
        else:
            hold = bed.holds.create(alias=alias.strip(), **values)
        audit.record(
            action="housing.held",
            actor=actor,
            agency=bed.agency_id,
            target=hold,
            detail={"bed": str(bed.pk), "person": str(person.pk) if person else "", "hours": program.hold_hours},
        )
    return hold


def hold_release(*, actor: User, hold: Hold) -> Hold:
    """Let the bed go before the hold would have ended."""
    _require_housing_member(actor, _program_of(hold.bed))
    now = timezone.now()
    with transaction.atomic():
        hold = selectors.hold_for_update(hold)
        if not hold.is_holding(now):
            raise ValidationError(_("This hold has ended already."))
        hold.released_at = now
        hold.save(update_fields=["released_at", "updated_at"])
        _shorten(hold.use, now)
        audit.record(
            action="housing.hold_released",
            actor=actor,
            agency=hold.agency_id,
            target=hold,
            detail={"bed": str(hold.bed_id)},
        )
    return hold


def outage_add(
    *, actor: User, bed: Bed, starts_on: datetime.date, reason: str, ends_on: datetime.date | None = None
) -> BedOutage:
    """Take a bed out of service from ``starts_on`` until ``ends_on`` (or until further notice)."""
    program = _program_of(bed)
    _require_housing_member(actor, program)
    if not reason.strip():
        raise ValidationError(_("Say why the bed is out of service."))
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError(_("The bed comes back on a day after it goes out of service."))
    agency = program.agency
    end = boundary(agency, ends_on) if ends_on else None
    with transaction.atomic():
        use = _take(bed, DateTimeTZRange(boundary(agency, starts_on), end), UseKind.OUTAGE)
        outage = bed.outages.create(
            agency_id=bed.agency_id,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            use=use,
            created_by=actor,
        )
        audit.record(action="housing.bed_out_of_service", actor=actor, agency=bed.agency_id, target=outage)
    return outage


def outage_end(*, actor: User, outage: BedOutage, on: datetime.date) -> BedOutage:
    """The bed is back in service from ``on``."""
    program = _program_of(outage.bed)
    _require_housing_member(actor, program)
    if on <= outage.starts_on or (outage.ends_on is not None and on >= outage.ends_on):
        raise ValidationError(_("The bed comes back after the outage began and before it was due to end."))
    with transaction.atomic():
        outage.ends_on = on
        outage.save(update_fields=["ends_on", "updated_at"])
        _shorten(outage.use, boundary(program.agency, on))
        audit.record(action="housing.bed_back_in_service", actor=actor, agency=outage.agency_id, target=outage)
    return outage


# --- the waitlist ---------------------------------------------------------------------------------------------

STILL_WAITING = (WaitStatus.WAITING, WaitStatus.OFFERED)


def waitlist_add(
    *, actor: User, program: Program, person: Person, priority: int = 3, on: datetime.date | None = None
) -> WaitlistEntry:
    """Put someone on the program's waitlist (1 is the most urgent); once per program while they wait."""
    require_open_record(person)
    _require_housing_member(actor, program)
    if person.agency_id != program.agency_id:
        raise ValidationError(_("This person is not known to the program's agency."))
    if not 1 <= priority <= 5:
        raise ValidationError(_("Priority goes from 1 (most urgent) to 5."))
    on = on or agency_today(person.agency)
    _check_day(person, on)
    with transaction.atomic():
        waiting = selectors.waitlist_entries_of(person).filter(program=program, status__in=STILL_WAITING)
        if waiting.select_for_update().exists():
            raise ValidationError(_("This person is on this program's waitlist already."))
        entry = person.housing_waitlist_entries.create(
            agency_id=person.agency_id, program=program, added_on=on, priority=priority, created_by=actor
        )
        audit.record(
            action="housing.waitlisted",
            actor=actor,
            agency=person.agency_id,
            target=entry,
            detail={"person": str(person.pk), "program": str(program.pk), "priority": priority},
        )
    return entry


def waitlist_offer(*, actor: User, entry: WaitlistEntry, bed: Bed) -> Hold:
    """Offer a bed to someone waiting: the bed is held for them, and the entry reads "offered"."""
    if _program_of(bed).pk != entry.program_id:
        raise ValidationError(_("Offer a bed of the program the person is waiting for."))
    if entry.status != WaitStatus.WAITING:
        raise ValidationError(_("Only someone still waiting can be offered a bed."))
    with transaction.atomic():
        hold = hold_place(actor=actor, bed=bed, person=entry.person)
        hold.offered_from = entry
        hold.save(update_fields=["offered_from", "updated_at"])
        entry.status = WaitStatus.OFFERED
        entry.save(update_fields=["status", "updated_at"])
        audit.record(
            action="housing.bed_offered",
            actor=actor,
            agency=entry.agency_id,
            target=entry,
            detail={"hold": str(hold.pk), "bed": str(bed.pk)},
        )
    return hold


def waitlist_close(
    *, actor: User, entry: WaitlistEntry, status: str, lack_of_bed: bool = False, on: datetime.date | None = None
) -> WaitlistEntry:
    """The entry stops waiting: declined (``lack_of_bed`` makes it a turn-away) or withdrawn.

    An offered bed still held for the person is let go. Accepting happens by admitting from the offer.
    """
    _require_housing_member(actor, entry.program)
    if status not in (WaitStatus.DECLINED, WaitStatus.WITHDRAWN):
        raise ValidationError(_("Choose declined or withdrawn."))
    if entry.status not in STILL_WAITING:
        raise ValidationError(_("This person is no longer waiting."))
    if lack_of_bed and status != WaitStatus.DECLINED:
        raise ValidationError(_("Only a decline can be for lack of a bed."))
    on = on or agency_today(entry.person.agency)
    _check_day(entry.person, on)
    now = timezone.now()
    with transaction.atomic():
        for hold in entry.holds.select_related("use").select_for_update():
            if hold.is_holding(now):
                hold.released_at = now
                hold.save(update_fields=["released_at", "updated_at"])
                _shorten(hold.use, now)
        entry.declined_for_lack_of_bed = lack_of_bed
        _decide(entry, status, on)
        audit.record(
            action="housing.waitlist_closed",
            actor=actor,
            agency=entry.agency_id,
            target=entry,
            detail={"status": status, "turn_away": lack_of_bed},
        )
    return entry


def _decide(entry: WaitlistEntry, status: str, on: datetime.date) -> None:
    entry.status, entry.decided_on = status, on
    entry.save(update_fields=["status", "decided_on", "declined_for_lack_of_bed", "updated_at"])
