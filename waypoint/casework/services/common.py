"""Checks shared by the casework services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.accounts.selectors import membership_in
from waypoint.people.models import Person


def require_clinical_member(user: User, agency_id: Any, message: str | None = None) -> None:
    member_of = membership_in(user, agency_id)
    if member_of is None or member_of.role not in CLINICAL_ROLES or not user.is_active:
        raise ValidationError(message or _("Only advocates, housing staff and supervisors of this agency can do this."))


def require_open_record(person: Person) -> None:
    if person.is_closed:
        raise ValidationError(_("This record is closed. A supervisor can reopen it."))
