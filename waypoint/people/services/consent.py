"""Writes for consent: recording, changing and revoking a release. Only the care team or a supervisor may."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.accounts.selectors import membership_in
from waypoint.people import access
from waypoint.people.models import HowGiven, InfoCategory, Person, Release
from waypoint.people.rules import release_latest_expiry
from waypoint.people.services.lifecycle import require_open


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
    require_open(person)
    _require_consent_role(actor, person)
    if not purpose.strip():
        raise ValidationError(_("Say why the information would be shared."))
    if witness is not None:
        member_of = membership_in(witness, person.agency_id)
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
    require_open(release.person)
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
