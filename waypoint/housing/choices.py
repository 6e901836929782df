"""The coded answers of an admission and a discharge (HMIS-style), and which destinations count as safe."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    CRISIS = "crisis", _("Crisis beds")
    TRANSITIONAL = "transitional", _("Transitional home")
    SUPPORTED = "supported", _("Supported residence")


class ReferralSource(models.TextChoices):
    POLICE = "police", _("Police")
    HOTLINE = "hotline", _("Hotline")
    OUTREACH = "outreach", _("Outreach")
    HOSPITAL = "hospital", _("Hospital")
    SELF = "self", _("The person themself")
    AGENCY = "agency", _("Another agency")
    OTHER = "other", _("Other")


class PriorSituation(models.TextChoices):
    """Where the person stayed the night before they came."""

    STREET = "street", _("Street, car or another place not meant for sleeping")
    SHELTER = "shelter", _("Emergency shelter")
    TRANSITIONAL = "transitional", _("Transitional housing")
    HOSPITAL = "hospital", _("Hospital or treatment")
    DETENTION = "detention", _("Jail or detention")
    FOSTER = "foster", _("Foster or group home")
    FAMILY = "family", _("With family")
    FRIENDS = "friends", _("With friends")
    HOTEL = "hotel", _("Hotel or motel")
    RENTAL = "rental", _("Their own rental or home")
    EXPLOITER = "exploiter", _("Where they were being exploited")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")
    DECLINED = "declined", _("Prefer not to say")


class ExitReason(models.TextChoices):
    PLANNED = "planned", _("Planned move-on")
    CHOSE_TO_LEAVE = "chose_to_leave", _("Chose to leave")
    RETURNED = "returned", _("Returned to the trafficking situation")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class Destination(models.TextChoices):
    """Where the person went, grouped as HMIS groups destinations (``DESTINATION_GROUPS``)."""

    RENTAL = "rental", _("A rental of their own")
    RENTAL_SUBSIDY = "rental_subsidy", _("A rental with a subsidy")
    OWNED = "owned", _("A home they own")
    FAMILY_PERMANENT = "family_permanent", _("With family, to stay")
    FRIENDS_PERMANENT = "friends_permanent", _("With friends, to stay")
    SUPPORTIVE = "supportive", _("Supportive housing")
    TRANSITIONAL = "transitional", _("Transitional housing")
    SHELTER = "shelter", _("Another shelter")
    FAMILY_TEMPORARY = "family_temporary", _("With family, for now")
    FRIENDS_TEMPORARY = "friends_temporary", _("With friends, for now")
    HOTEL = "hotel", _("Hotel or motel")
    HOSPITAL = "hospital", _("Hospital or treatment")
    DETENTION = "detention", _("Jail or detention")
    STREET = "street", _("Street, car or another place not meant for sleeping")
    EXPLOITER = "exploiter", _("Back to the trafficking situation")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")
    DECLINED = "declined", _("Prefer not to say")


class DestinationGroup(models.TextChoices):
    PERMANENT = "permanent", _("Permanent housing")
    TEMPORARY = "temporary", _("Temporary housing")
    INSTITUTION = "institution", _("Institution")
    UNSAFE = "unsafe", _("Not housed or not safe")
    UNKNOWN = "unknown", _("Not known")


DESTINATION_GROUPS: dict[str, str] = {
    Destination.RENTAL: DestinationGroup.PERMANENT,
    Destination.RENTAL_SUBSIDY: DestinationGroup.PERMANENT,
    Destination.OWNED: DestinationGroup.PERMANENT,
    Destination.FAMILY_PERMANENT: DestinationGroup.PERMANENT,
    Destination.FRIENDS_PERMANENT: DestinationGroup.PERMANENT,
    Destination.SUPPORTIVE: DestinationGroup.PERMANENT,
    Destination.TRANSITIONAL: DestinationGroup.TEMPORARY,
    Destination.SHELTER: DestinationGroup.TEMPORARY,
    Destination.FAMILY_TEMPORARY: DestinationGroup.TEMPORARY,
    Destination.FRIENDS_TEMPORARY: DestinationGroup.TEMPORARY,
    Destination.HOTEL: DestinationGroup.TEMPORARY,
    Destination.HOSPITAL: DestinationGroup.INSTITUTION,
    Destination.DETENTION: DestinationGroup.INSTITUTION,
    Destination.STREET: DestinationGroup.UNSAFE,
    Destination.EXPLOITER: DestinationGroup.UNSAFE,
    Destination.OTHER: DestinationGroup.UNKNOWN,
    Destination.UNKNOWN: DestinationGroup.UNKNOWN,
    Destination.DECLINED: DestinationGroup.UNKNOWN,
}

# The program review's "exits to a safe destination": housed, or in care, and not back with the exploiter.
# Detention is not counted safe; "not known" and "prefer not to say" are counted apart, never as unsafe.
SAFE_DESTINATIONS = frozenset(d for d, group in DESTINATION_GROUPS.items() if group == DestinationGroup.PERMANENT) | {
    Destination.TRANSITIONAL,
    Destination.SHELTER,
    Destination.FAMILY_TEMPORARY,
    Destination.FRIENDS_TEMPORARY,
    Destination.HOSPITAL,
}


class WaitStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a bed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class UseKind(models.TextChoices):
    STAY = "stay", _("Stay")
    HOLD = "hold", _("Hold")
    OUTAGE = "outage", _("Out of service")
