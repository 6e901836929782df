"""Writes for survivor records. Each is atomic and writes its audit event (ids only) in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.core.crypto import blind_index
from waypoint.people import access
from waypoint.people.models import (
    BreakGlassGrant,
    CareRole,
    CareTeamMember,
    CaseSequence,
    ClosureReason,
    HowGiven,
    InfoCategory,
    OutboundMessage,
    Person,
    Release,
    SafeContact,
    Status,
)

# Person fields a form may set (besides the alias); each one optional and may be declined.
OPTIONAL_FIELDS = (
    "legal_name",
    "date_of_birth",
    "age_band",
    "pronouns",
    "gender",
    "languages",
    "interpreter",
    "indigenous_identity",
    "immigration_status",
    "accessibility_needs",
)


def name_dob_index(legal_name: str, date_of_birth: datetime.date | None, *, agency_id: Any) -> str:
    """The agency's own blind index of a legal name + date of birth ("" unless both are given).

    Keyed per agency, so the same person known to two agencies cannot be linked through the index.
    """
    if not legal_name or not legal_name.strip() or date_of_birth is None:
        return ""
    return blind_index(legal_name, date_of_birth.isoformat(), purpose="person.name_dob", scope=str(agency_id))


def _next_case_number(agency: Agency) -> str:
    sequence, _created = CaseSequence.objects.select_for_update().get_or_create(agency=agency)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"WP-{timezone.localdate():%Y}-{sequence.last_value:05d}"


def _require_open(person: Person) -> None:
    if person.is_closed:
        raise ValidationError(_("This record is closed. A supervisor can reopen it."))


def _membership(user: User, agency_id: Any) -> Membership | None:
    return Membership.objects.filter(user=user, agency_id=agency_id, is_active=True).first()


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
        membership = _membership(actor, agency.pk)
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


def person_possible_duplicate(
    *, actor: User | None = None, agency: Agency, legal_name: str, date_of_birth: datetime.date | None
) -> bool:
    """True when another record in the agency has the same normalised legal name and date of birth.

    Says nothing about which record: the caller may not be allowed to see it. The warning still
    confirms that the agency knows someone, so each match shown is audited (ids only).
    """
    index = name_dob_index(legal_name, date_of_birth, agency_id=agency.pk)
    if not index:
        return False
    matches = list(Person.objects.filter(agency=agency, name_dob_index=index).only("id", "agency_id"))
    if matches and actor is not None:
        with transaction.atomic():
            access.exact_match_shown(actor, matches, purpose="duplicate_check")
    return bool(matches)


def person_update(
    *,
    actor: User,
    person: Person,
    alias: str,
    details: dict[str, Any],
    declined: list[str],
    status: str | None = None,
) -> Person:
    _require_open(person)
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
    _require_open(person)
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
    _require_open(person)
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


def care_team_add(
    *, actor: User, person: Person, user: User, role: str = CareRole.ADVOCATE, since: datetime.date | None = None
) -> CareTeamMember:
    if not access.can_supervise(actor, person):
        raise ValidationError(_("Only a supervisor can assign a care team."))
    member_of = _membership(user, person.agency_id)
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
    member_of = _membership(actor, person.agency_id)
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


def release_latest_expiry(given_on: datetime.date) -> datetime.date:
    """The last day a release may run: 12 calendar months after it was given (29 February -> 28 February)."""
    try:
        return given_on.replace(year=given_on.year + 1)
    except ValueError:
        return given_on.replace(year=given_on.year + 1, day=28)


def _require_consent_role(actor: User, person: Person) -> None:
    """Consent is recorded by the care team or a supervisor; emergency access alone is not enough."""
    if not access.may_change_consent(actor, person):
        raise ValidationError(_("Only the person's care team or a supervisor can record or change consent."))


def _check_release(
    *,
    recipient_agency: Agency | None,
    recipient_name: str,
    categories: list[str],
    given_on: datetime.date,
    how_given: str,
    witness: User | None,
    expires_on: datetime.date,
    today: datetime.date,
) -> None:
    if bool(recipient_agency) == bool(recipient_name.strip()):
        raise ValidationError(_("Name one recipient: an agency on Waypoint or an outside organisation."))
    if not categories or set(categories) - set(InfoCategory.values):
        raise ValidationError(_("Choose at least one kind of information from the list."))
    if how_given not in HowGiven.values:
        raise ValidationError(_("Say how consent was given."))
    if how_given == HowGiven.VERBAL and witness is None:
        raise ValidationError(_("Verbal consent needs a staff member who witnessed it."))
    if given_on > today:
        raise ValidationError(_("The date given cannot be in the future."))
    if expires_on < given_on:
        raise ValidationError(_("The expiry date comes before the date consent was given."))
    if expires_on > release_latest_expiry(given_on):
        raise ValidationError(_("A release lasts at most 12 months; the person can sign a new one later."))


def release_create(
    *,
    actor: User,
    person: Person,
    purpose: str,
    categories: list[str],
    given_on: datetime.date,
    how_given: str,
    expires_on: datetime.date,
    recipient_agency: Agency | None = None,
    recipient_name: str = "",
    witness: User | None = None,
) -> Release:
    _require_open(person)
    _require_consent_role(actor, person)
    if not purpose.strip():
        raise ValidationError(_("Say why the information would be shared."))
    if witness is not None:
        member_of = _membership(witness, person.agency_id)
        if member_of is None:
            raise ValidationError(_("The witness must be a staff member of this agency."))
    _check_release(
        recipient_agency=recipient_agency,
        recipient_name=recipient_name,
        categories=categories,
        given_on=given_on,
        how_given=how_given,
        witness=witness,
        expires_on=expires_on,
        today=access.agency_today(person.agency),
    )
    with transaction.atomic():
        release = Release.objects.create(
            person=person,
            recipient_agency=recipient_agency,
            recipient_name=recipient_name.strip(),
            purpose=purpose.strip(),
            categories=sorted(set(categories)),
            given_on=given_on,
            how_given=how_given,
            witness=witness if how_given == HowGiven.VERBAL else None,
            expires_on=expires_on,
            created_by=actor,
        )
        audit.record(
            action="release.created",
            actor=actor,
            agency=person.agency_id,
            target=release,
            detail={"person": str(person.pk), "categories": len(release.categories), "how": how_given},
        )
    return release


def release_update(
    *,
    actor: User,
    release: Release,
    purpose: str,
    categories: list[str],
    expires_on: datetime.date,
) -> Release:
    """Change what the person agreed to (purpose, kinds of information, end date). Recipient and date stay."""
    _require_open(release.person)
    _require_consent_role(actor, release.person)
    if release.revoked_at is not None:
        raise ValidationError(_("This release was already revoked."))
    if not purpose.strip():
        raise ValidationError(_("Say why the information would be shared."))
    _check_release(
        recipient_agency=release.recipient_agency,
        recipient_name=release.recipient_name,
        categories=categories,
        given_on=release.given_on,
        how_given=release.how_given,
        witness=release.witness,
        expires_on=expires_on,
        today=access.agency_today(release.person.agency),
    )
    with transaction.atomic():
        release.purpose = purpose.strip()
        release.categories = sorted(set(categories))
        release.expires_on = expires_on
        release.save(update_fields=["purpose", "categories", "expires_on", "updated_at"])
        audit.record(
            action="release.updated",
            actor=actor,
            agency=release.person.agency_id,
            target=release,
            detail={"person": str(release.person_id), "categories": len(release.categories)},
        )
    return release


def release_revoke(*, actor: User, release: Release, reason: str = "") -> Release:
    _require_consent_role(actor, release.person)
    if release.revoked_at is not None:
        raise ValidationError(_("This release was already revoked."))
    with transaction.atomic():
        release.revoked_at = timezone.now()
        release.revoked_reason = reason.strip()
        release.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        audit.record(
            action="release.revoked",
            actor=actor,
            agency=release.person.agency_id,
            target=release,
            detail={"person": str(release.person_id)},
        )
    return release


def safe_contact_create(
    *,
    actor: User,
    person: Person,
    channel: str,
    value: str,
    safe_days: list[int],
    safe_from: datetime.time,
    safe_until: datetime.time,
    may_leave_message: bool = False,
    code_word: str = "",
    verified_on: datetime.date | None = None,
) -> SafeContact:
    _require_open(person)
    if not value.strip():
        raise ValidationError(_("Enter the number, address or place."))
    if not safe_days:
        raise ValidationError(_("Choose at least one day when contact is safe."))
    if safe_from >= safe_until:
        raise ValidationError(_("The safe time must end after it starts."))
    today = access.agency_today(person.agency)
    verified_on = verified_on or today
    if verified_on > today:
        raise ValidationError(_("The confirmation date cannot be in the future."))
    with transaction.atomic():
        contact = SafeContact.objects.create(
            person=person,
            channel=channel,
            value=value.strip(),
            safe_days=sorted(set(safe_days)),
            safe_from=safe_from,
            safe_until=safe_until,
            may_leave_message=may_leave_message,
            code_word=code_word.strip(),
            verified_on=verified_on,
            created_by=actor,
        )
        audit.record(
            action="safe_contact.created",
            actor=actor,
            agency=person.agency_id,
            target=contact,
            detail={"person": str(person.pk), "channel": channel},
        )
    return contact


def safe_contact_verify(*, actor: User, contact: SafeContact) -> SafeContact:
    """The person confirmed today that this way of reaching them is still safe."""
    _require_open(contact.person)
    with transaction.atomic():
        contact.verified_on = access.agency_today(contact.person.agency)
        contact.save(update_fields=["verified_on", "updated_at"])
        audit.record(action="safe_contact.verified", actor=actor, agency=contact.person.agency_id, target=contact)
    return contact


def safe_contact_reveal(*, actor: User, contact: SafeContact) -> SafeContact:
    """Showing a contact value is itself a recorded event."""
    audit.record(
        action="safe_contact.revealed",
        actor=actor,
        agency=contact.person.agency_id,
        target=contact,
        purpose="reveal",
        detail={"person": str(contact.person_id)},
    )
    return contact


@dataclass(frozen=True)
class PurgeResult:
    people: int
    rows: int


def _history_models() -> list[tuple[Any, str]]:
    # (event model, the column that names the person in its snapshot)
    return [
        (Person.pgh_event_model, "pgh_obj_id"),  # type: ignore[attr-defined]
        (CareTeamMember.pgh_event_model, "person_id"),  # type: ignore[attr-defined]
        (Release.pgh_event_model, "person_id"),  # type: ignore[attr-defined]
        (SafeContact.pgh_event_model, "person_id"),  # type: ignore[attr-defined]
        (OutboundMessage.pgh_event_model, "person_id"),  # type: ignore[attr-defined]
        (BreakGlassGrant.pgh_event_model, "person_id"),  # type: ignore[attr-defined]
    ]


def person_purge(*, person: Person, actor: User | None = None, reason: str = "retention") -> int:
    """Delete the person and every row about them, history included. The audit log keeps only ids."""
    with transaction.atomic():
        person_id, agency_id = person.pk, person.agency_id
        rows = 0
        for event_model, column in _history_models():
            rows += event_model.objects.filter(**{column: person_id}).delete()[0]
        rows += Person.objects.filter(pk=person_id).delete()[0]
        # Deleting children fires no history trigger (insert and update only), but be sure nothing was added.
        for event_model, column in _history_models():
            rows += event_model.objects.filter(**{column: person_id}).delete()[0]
        audit.record(
            action="person.purged",
            actor=actor,
            agency=agency_id,
            target_type="people.person",
            target_id=person_id,
            detail={"reason": reason, "rows": rows},
        )
    return rows


def people_due_for_purge(now: datetime.datetime | None = None) -> list[Person]:
    """Closed records past their agency's retention, found in one query: nothing is loaded or decrypted.

    The deadline is ``closed_at`` plus the agency's ``retention_years``, added by PostgreSQL
    in the connection's time zone (UTC, as before: to the hour, and 29 February + 1 year is
    28 February). Only the id and agency are loaded, which is all ``person_purge`` needs.
    """
    from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Func

    now = now or timezone.now()
    retention = Func(
        F("agency__retention_years"),
        function="make_interval",
        template="%(function)s(years => %(expressions)s)",
        output_field=DurationField(),
    )
    deadline = ExpressionWrapper(F("closed_at") + retention, output_field=DateTimeField())
    return list(
        Person.objects.filter(status=Status.CLOSED, closed_at__isnull=False)
        .alias(purge_at=deadline)
        .filter(purge_at__lte=now)
        .only("pk", "agency_id")
        .order_by("closed_at", "pk")
    )


def purge_due(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Purge every closed record past its agency's retention period."""
    due = people_due_for_purge(now)
    rows = 0
    if not dry_run:
        for person in due:
            rows += person_purge(person=person)
    return PurgeResult(people=len(due), rows=rows)


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
