"""Writes for safety plans: a new version, the wallet card, a risk check-in. Each is one transaction with its
audit event, whose detail names ids, numbers and section keys only, never what a plan says."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import Role
from waypoint.accounts.selectors import membership_in
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.people.models import Person, agency_today
from waypoint.safety import cards, selectors
from waypoint.safety.diff import changed_keys
from waypoint.safety.models import Answer, PlanVersion, RiskCheckIn
from waypoint.safety.risk import QUESTION_KEYS

EARLIEST = datetime.date(2000, 1, 1)
CARD = "card"  # in ``PlanVersion.changed``: the wallet card changed, not a section


def _check_day(person: Person, day: datetime.date) -> None:
    if not EARLIEST <= day <= agency_today(person.agency):
        raise ValidationError(_("The date is today or a day before it."))


def stored_json(value: Any) -> str:
    """Plan content and cards as stored (the demo and the city generator store theirs the same way)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def version_save(
    *,
    actor: User,
    person: Person,
    sections: Sequence[dict[str, Any]],
    made_on: datetime.date,
    with_person: bool = True,
    why_not: str = "",
    review_days: int | None = None,
) -> PlanVersion:
    """The plan as it stands after this conversation: version n + 1 (or 1, which makes the plan).

    Refused when nothing changed, so a version always says something new. The wallet card carries over.
    """
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    _check_day(person, made_on)
    if not with_person and not why_not.strip():
        raise ValidationError(_("Say why the plan was not made with the person this time."))
    if review_days is not None and not 1 <= review_days <= 365:
        raise ValidationError(_("A review cadence is between 1 and 365 days."))
    with transaction.atomic():
        plan = selectors.plan_for_update(person)
        latest = selectors.latest_version(plan) if plan else None
        before = latest.sections if latest else []
        changed = changed_keys(before, sections)
        cadence_changed = plan is not None and review_days != plan.review_days
        if latest is not None and not changed and not cadence_changed:
            raise ValidationError(
                _("Nothing changed since version %(n)s: there is nothing new to save.") % {"n": latest.number}
            )
        # The plan's own cadence, or (left empty, or emptied now) the agency's.
        days = review_days or person.agency.safety_review_days
        due = made_on + datetime.timedelta(days=days)
        if plan is None:
            try:
                with transaction.atomic():
                    plan = person.safety_plans.create(
                        agency_id=person.agency_id, review_days=review_days, review_due_on=due, created_by=actor
                    )
            except IntegrityError:
                raise ValidationError(
                    _("A colleague started this plan at the same moment. Open it again to see their version.")
                ) from None
        else:
            plan.review_days, plan.review_due_on = review_days, due
            plan.save(update_fields=["review_days", "review_due_on", "updated_at"])
        version = plan.versions.create(
            agency_id=person.agency_id,
            person=person,
            number=(latest.number + 1) if latest else 1,
            made_on=made_on,
            author=actor,
            with_person=with_person,
            why_not="" if with_person else why_not.strip(),
            content=stored_json(list(sections)),
            changed=changed,
            card=latest.card if latest else "",
        )
        audit.record(
            action="safety_plan.version_saved",
            actor=actor,
            agency=person.agency_id,
            target=version,
            detail={"person": str(person.pk), "number": version.number, "sections": " ".join(changed)},
        )
    return version


def card_save(
    *, actor: User, person: Person, heading: str = "", item_ids: Sequence[str] = (), nothing_because: str = ""
) -> PlanVersion:
    """The wallet card the person chose (a heading and some items), or why nothing is printed: a new version."""
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    with transaction.atomic():
        plan = selectors.plan_for_update(person)
        latest = selectors.latest_version(plan) if plan else None
        if plan is None or latest is None:
            raise ValidationError(_("Make the plan first: the card carries items from it."))
        if nothing_because.strip():
            card: dict[str, Any] = {"none": nothing_because.strip()}
        else:
            offered = {item["id"] for item in cards.offered_items(latest.sections)}
            chosen = [item_id for item_id in item_ids if item_id in offered]
            if not chosen:
                raise ValidationError(_("Choose at least one line for the card, or say why nothing is printed."))
            problems = cards.revealing(heading, person.agency.name)
            if problems:
                raise ValidationError(
                    _("The heading could tell someone what the card is (%(words)s): choose other words.")
                    % {"words": ", ".join(problems)}
                )
            card = {"heading": heading.strip(), "items": chosen}
        if stored_json(card) == latest.card:
            raise ValidationError(_("The card is already like this: nothing to save."))
        version = plan.versions.create(
            agency_id=person.agency_id,
            person=person,
            number=latest.number + 1,
            made_on=agency_today(person.agency),
            author=actor,
            with_person=latest.with_person,
            why_not=latest.why_not,
            content=latest.content,
            changed=[CARD],
            card=stored_json(card),
        )
        audit.record(
            action="safety_plan.card_saved",
            actor=actor,
            agency=person.agency_id,
            target=version,
            detail={"person": str(person.pk), "number": version.number, "printed": "none" not in card},
        )
    return version


def risk_check_in(
    *, actor: User, person: Person, on: datetime.date, answers: Mapping[str, str], note: str = ""
) -> RiskCheckIn:
    """What changed since last time. Any yes makes the plan's review due today (and the caseload says so)."""
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    _check_day(person, on)
    unknown = set(answers) - set(QUESTION_KEYS)
    if unknown or not set(answers.values()) <= set(Answer.values):
        raise ValidationError(_("Answer each question with yes, no or not talked about."))
    clean = {key: answers.get(key, Answer.NOT_ASKED) for key in QUESTION_KEYS}
    any_yes = Answer.YES in clean.values()
    with transaction.atomic():
        check_in = person.risk_check_ins.create(
            agency_id=person.agency_id, on=on, answers=clean, any_yes=any_yes, note=note.strip(), author=actor
        )
        plan = selectors.plan_for_update(person)
        if any_yes and plan is not None and plan.review_due_on > on:
            plan.review_due_on = on
            plan.save(update_fields=["review_due_on", "updated_at"])
        audit.record(
            action="safety.risk_checked_in",
            actor=actor,
            agency=person.agency_id,
            target=check_in,
            detail={"person": str(person.pk)},
        )
    return check_in


def agency_review_days_set(*, actor: User, agency: Agency, days: int) -> Agency:
    """How often the agency's plans are reviewed, unless a plan sets its own: for the agency's administrator."""
    member_of = membership_in(actor, agency.pk)
    if member_of is None or member_of.role != Role.AGENCY_ADMIN or not actor.is_active:
        raise ValidationError(_("Only an administrator of this agency can change its review cadence."))
    if not 1 <= days <= 365:
        raise ValidationError(_("A review cadence is between 1 and 365 days."))
    with transaction.atomic():
        before = agency.safety_review_days
        agency.safety_review_days = days
        agency.save(update_fields=["safety_review_days"])
        audit.record(
            action="agency.safety_review_days_changed",
            actor=actor,
            agency=agency,
            target=agency,
            detail={"from": before, "to": days},
        )
    return agency
