"""Crisis beds and transitional homes: the inventory (programs, sites, rooms, beds) and who is where.

Inventory rows name no person. Episodes, stays, holds and waitlist entries hang off a ``Person``: they are
read through ``waypoint.people.access`` and written by ``housing.services`` through the person's related
managers (the isolation test scans for it). ``BedUse`` is the one table of occupancy: a stay, a hold or an
outage each points at its use, and the database refuses two uses of one bed that overlap in time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.core.fields import EncryptedTextField
from waypoint.core.language import localized
from waypoint.core.models import AgencyOwned, BaseModel
from waypoint.housing.choices import (
    Destination,
    ExitReason,
    PriorSituation,
    ProgramKind,
    ReferralSource,
    UseKind,
    WaitStatus,
)
from waypoint.people.models import Person

DEFAULT_HOLD_HOURS = 24
BED_USED_ONCE = "housing_bed_used_once"  # the exclusion constraint's name, which the services recognise


class Program(AgencyOwned):
    """Crisis beds, a transitional home or a supported residence: who it is for and how long people stay."""

    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgramKind.choices)
    eligibility = models.TextField(_("who it is for"), blank=True)
    target_days = models.PositiveSmallIntegerField(_("target length of stay (days)"), null=True, blank=True)
    hold_hours = models.PositiveSmallIntegerField(_("a hold lasts (hours)"), default=DEFAULT_HOLD_HOURS)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name, self.name_fr)


class ProgramStaff(BaseModel):
    """A housing worker of one program: they act on its beds and see its confidential addresses."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="housing_programs")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="housing_staff_once_per_program")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.program_id}"


class Site(AgencyOwned):
    """A house or a floor. Its name is what staff call it; its address is confidential (and encrypted)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=120, help_text=_("A name that does not give the address away."))
    address = EncryptedTextField(_("address"), blank=True, default="")

    class Meta:
        ordering = ["program", "name"]

    def __str__(self) -> str:
        return self.name


class Room(AgencyOwned):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["site", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Bed(AgencyOwned):
    """A bed. ``is_active`` off means it left the inventory (on ``retired_on``); out of service for a while is a
    ``BedOutage``. ``opened_on`` empty: in use for as long as the program's records go back."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="beds")
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    # For the program review's bed-nights: a bed counts from the day it opened until the day it left.
    opened_on = models.DateField(_("in use from"), null=True, blank=True)
    retired_on = models.DateField(_("left the inventory on"), null=True, blank=True)

    class Meta:
        ordering = ["room", "order", "name"]

    def __str__(self) -> str:
        return self.name


class BedUse(AgencyOwned):
    """One span of time a bed is taken: by a stay, a hold or an outage (whichever points at this row).

    The exclusion constraint is the rule "one use of a bed at a time", kept by the database, so two
    admissions at the same moment cannot both succeed. A range ``[start, end)``: a discharge and an
    admission at the same instant do not overlap. An open end is "until further notice". A row's owner
    being deleted (a purge) deletes the row too (trigger in migration 0001), so no empty use blocks a bed.
    """

    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="uses")
    during = DateTimeRangeField(_("during"))
    kind = models.CharField(_("kind"), max_length=8, choices=UseKind.choices)

    class Meta:
        constraints = [
            ExclusionConstraint(
                name=BED_USED_ONCE,
                expressions=[("bed", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                index_type="gist",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.bed_id} {self.during}"


class BedOutage(AgencyOwned):
    """A bed out of service (repairs, a pest treatment...) from one day until another, or until further notice."""

    bed = models.ForeignKey(Bed, on_delete=models.CASCADE, related_name="outages")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    use = models.OneToOneField(BedUse, on_delete=models.PROTECT, related_name="outage")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["bed", "-starts_on"]

    def __str__(self) -> str:
        return f"outage of {self.bed_id} from {self.starts_on}"


class Episode(AgencyOwned):
    """One continuous time in the agency's housing, from admission to discharge, across moves and programs.

    A discharge ends the episode; the person's record stays open, and coming back is a new episode.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="housing_episodes")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("program at entry"))
    started_on = models.DateField(_("admitted on"))
    ended_on = models.DateField(_("discharged on"), null=True, blank=True)
    referral_source = models.CharField(_("referred by"), max_length=16, choices=ReferralSource.choices, blank=True)
    prior_situation = models.CharField(
        _("where they stayed before"), max_length=16, choices=PriorSituation.choices, blank=True
    )
    exit_reason = models.CharField(_("reason for leaving"), max_length=16, choices=ExitReason.choices, blank=True)
    destination = models.CharField(_("where they went"), max_length=20, choices=Destination.choices, blank=True)
    aftercare_offered = models.BooleanField(_("aftercare offered"), null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("worker")
    )
    discharged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["person", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="housing_one_open_episode_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"episode of {self.person_id} from {self.started_on}"


class Stay(AgencyOwned):
    """One bed for a span of days: admitted on ``started_on``, left (or moved) on ``ended_on``.

    Dates rather than a date range so a stay that ends the day it began keeps its dates (an empty range
    has none); the time the bed was taken is the stay's ``use``.
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="stays")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="housing_stays")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="stays")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    # People who live together (a parent and a child in two beds) share a key.
    household = models.UUIDField(null=True, blank=True)
    use = models.OneToOneField(BedUse, on_delete=models.PROTECT, related_name="stay")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["person", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="housing_one_open_stay_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"stay of {self.person_id} in {self.bed_id} from {self.started_on}"

    def day_number(self, today: datetime.date) -> int:
        """Day 1 is the day of admission."""
        return (today - self.started_on).days + 1


class WaitlistEntry(AgencyOwned):
    """Someone waiting for a bed in one program. A decline for lack of a bed counts as a turn-away."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="waitlist")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="housing_waitlist_entries")
    added_on = models.DateField(_("added on"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=3, help_text=_("1 is the most urgent."))
    status = models.CharField(_("status"), max_length=12, choices=WaitStatus.choices, default=WaitStatus.WAITING)
    declined_for_lack_of_bed = models.BooleanField(_("turned away: no bed"), default=False)
    # The day the entry stopped waiting (accepted, declined, withdrawn): a turn-away is counted on that day.
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["program", "priority", "added_on"]

    def __str__(self) -> str:
        return f"{self.person_id} waiting for {self.program_id}"


class Hold(AgencyOwned):
    """A bed kept for someone on their way, for the program's ``hold_hours``.

    It stops holding at the end of ``during`` with nothing to run: its use ends then too. Releasing it, or
    admitting into it, ends the use early. ``person`` is empty for a referral who is not a record yet: the
    hold then carries only an alias.
    """

    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="holds")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="housing_holds")
    alias = models.CharField(_("alias"), max_length=120, blank=True)
    during = DateTimeRangeField(_("held"))
    released_at = models.DateTimeField(_("released on"), null=True, blank=True)
    stay = models.OneToOneField(Stay, on_delete=models.SET_NULL, null=True, blank=True, related_name="hold")
    offered_from = models.ForeignKey(
        WaitlistEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )
    use = models.OneToOneField(BedUse, on_delete=models.PROTECT, related_name="hold")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["bed", "-during"]

    def __str__(self) -> str:
        return f"hold of {self.bed_id} {self.during}"

    @property
    def expires_at(self) -> datetime.datetime:
        end: datetime.datetime = self.during.upper
        return end

    def is_holding(self, now: datetime.datetime) -> bool:
        return self.released_at is None and self.stay_id is None and self.during.lower <= now < self.expires_at
