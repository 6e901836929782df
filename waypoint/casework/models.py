"""Casework: the engagement log, the goals a person sets, and follow-ups.

Every model here hangs off a ``Person`` and is read through ``waypoint.people.access``
(the isolation test scans for it). Summaries, the person's own words, goals and steps
are encrypted; none of them ever enters an audit event, an e-mail, a log or a task
title the system writes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypoint.core.fields import EncryptedTextField
from waypoint.core.language import localized
from waypoint.core.models import AgencyOwned, BaseModel
from waypoint.people.models import Person, track


class EncounterKind(models.TextChoices):
    OUTREACH = "outreach", _("Outreach")
    DROP_IN = "drop_in", _("Drop-in")
    PHONE = "phone", _("Phone call")
    TEXT_ONLINE = "text_online", _("Text or online")
    COURT = "court", _("Went with them to court")
    HOSPITAL = "hospital", _("Went with them to hospital")
    POLICE = "police", _("Went with them to the police")
    HOME_VISIT = "home_visit", _("Home visit")
    GROUP = "group", _("Group")
    OTHER = "other", _("Other")


class PlaceKind(models.TextChoices):
    """The kind of place, never an address."""

    STREET = "street", _("Street")
    DROP_IN = "drop_in", _("Drop-in centre")
    SHELTER = "shelter", _("Shelter")
    HOSPITAL = "hospital", _("Hospital")
    COURT = "court", _("Court")
    POLICE = "police", _("Police station")
    SCHOOL = "school", _("School")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class LifeDomain(AgencyOwned):
    """A part of life a goal or a need belongs to; each agency keeps its own list (seeded with DEFAULT_DOMAINS)."""

    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    name_fr = models.CharField(_("name in French"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="life_domain_key_unique_in_agency")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name, self.name_fr)


@track()
class Encounter(AgencyOwned):
    """One contact with the person: what kind, when, where (a kind of place), who was there, what it touched."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="encounters")
    kind = models.CharField(_("kind of contact"), max_length=16, choices=EncounterKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    place_kind = models.CharField(_("kind of place"), max_length=16, choices=PlaceKind.choices, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    own_words = EncryptedTextField(_("in their own words"), blank=True, default="")
    # LifeDomain ids: the agency's list can be renamed without touching old encounters.
    needs = ArrayField(models.UUIDField(), default=list, blank=True, verbose_name=_("needs touched"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EncounterStaff", related_name="+", verbose_name=_("staff present")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # A correction more than a day after the encounter says why; the earlier text stays in its history.
    correction_reason = EncryptedTextField(_("reason for the correction"), blank=True, default="")
    corrected_at = models.DateTimeField(_("corrected on"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["person", "-occurred_at"], name="encounter_person_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class EncounterStaff(BaseModel):
    encounter = models.ForeignKey(Encounter, on_delete=models.CASCADE, related_name="staff_present")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["encounter", "user"], name="encounter_staff_once")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.encounter_id}"


class GoalStatus(models.TextChoices):
    WORKING = "working", _("Working on it")
    PAUSED = "paused", _("Paused")
    REACHED = "reached", _("Reached")
    NOT_WANTED = "not_wanted", _("No longer wanted")


OPEN_GOAL_STATUSES = (GoalStatus.WORKING, GoalStatus.PAUSED)


@track()
class Goal(AgencyOwned):
    """Something the person wants, in their words. Their priority, not the worker's: none is required."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("part of life"))
    words = EncryptedTextField(_("the goal, in their words"))
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.WORKING)
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["domain__order", "created_at"]
        indexes = [models.Index(fields=["person", "status"], name="goal_person_status")]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES


class StepWho(models.TextChoices):
    PERSON = "person", _("The person")
    WORKER = "worker", _("Their worker")
    TOGETHER = "together", _("Together")
    SOMEONE_ELSE = "someone_else", _("Someone else")


@track()
class GoalStep(BaseModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    # Kept beside the goal's so purges and the gate find steps by person in one column.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField(_("step"))
    who = models.CharField(_("who"), max_length=16, choices=StepWho.choices, default=StepWho.PERSON)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "created_at"]

    def __str__(self) -> str:
        return f"step of {self.goal_id}"


class TaskSource(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    ENCOUNTER = "encounter", _("Follow-up of a contact")
    GOAL_STEP = "goal_step", _("Step of a goal")
    MESSAGE = "message", _("A call or text to make")


@track()
class Task(AgencyOwned):
    """A follow-up for one worker. Titles the system writes hold no survivor detail."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("for")
    )
    title = models.CharField(_("what to do"), max_length=200)
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    source = models.CharField(max_length=16, choices=TaskSource.choices, default=TaskSource.MANUAL)
    source_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_open"),
            models.Index(fields=["person", "done_at", "due_on"], name="task_person_open"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Stage(models.TextChoices):
    """The stages of change, in order; a return to an earlier one is part of the journey, never a failure."""

    PRECONTEMPLATION = "precontemplation", _("Precontemplation")
    CONTEMPLATION = "contemplation", _("Contemplation")
    PREPARATION = "preparation", _("Preparation")
    ACTION = "action", _("Action")
    MAINTENANCE = "maintenance", _("Maintenance")
    # Never "relapse" on screen: the words say what happened, not that it went wrong.
    RECYCLING = "recycling", _("Back to an earlier stage")


class StageSource(models.TextChoices):
    WORKER = "worker", _("What the worker sees")
    SELF_RATING = "self_rating", _("The person's own rating")
    RULER = "ruler", _("Readiness ruler")
    URICA = "urica", _("URICA")


@track()
class StageCheckIn(AgencyOwned):
    """Where the person is with one change in one part of life, on one day. It never closes or flags anyone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="stage_check_ins")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("part of life"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    source = models.CharField(_("how we know"), max_length=16, choices=StageSource.choices, default=StageSource.WORKER)
    on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["domain__order", "on", "created_at"]
        indexes = [models.Index(fields=["person", "domain", "-on"], name="stage_person_domain_recent")]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.stage} on {self.on}"


class NeedGroup(models.TextChoices):
    """DOMAIN.md's grouping of what people need on the way out."""

    BASIC = "basic", _("Basic")
    INSTRUMENTAL = "instrumental", _("Practical")
    PSYCHOLOGICAL = "psychological", _("Emotional and social")


class NeedKind(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HOUSING = "housing", pgettext_lazy("a need", "Housing")  # the menu's "Housing" is the beds
    FOOD = "food", _("Food")
    INCOME = "income", _("Income")
    HEALTH = "health", _("Health care")
    ID_DOCUMENTS = "id_documents", _("Identity documents")
    LEGAL = "legal", _("Legal help")
    CRIMINAL_RECORD = "criminal_record", _("A criminal record")
    IMMIGRATION = "immigration", _("Immigration")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Work")
    CHILDCARE = "childcare", _("Childcare")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ADDICTION = "addiction", _("Support with substance use")
    PEER_SUPPORT = "peer_support", _("Peer support and mentoring")
    STEADY_WORKERS = "steady_workers", _("The same workers over time")
    OTHER = "other", _("Something else")


NEED_GROUPS: dict[str, str] = {
    NeedKind.SAFETY: NeedGroup.BASIC,
    NeedKind.HOUSING: NeedGroup.BASIC,
    NeedKind.FOOD: NeedGroup.BASIC,
    NeedKind.INCOME: NeedGroup.BASIC,
    NeedKind.HEALTH: NeedGroup.BASIC,
    NeedKind.ID_DOCUMENTS: NeedGroup.INSTRUMENTAL,
    NeedKind.LEGAL: NeedGroup.INSTRUMENTAL,
    NeedKind.CRIMINAL_RECORD: NeedGroup.INSTRUMENTAL,
    NeedKind.IMMIGRATION: NeedGroup.INSTRUMENTAL,
    NeedKind.EDUCATION: NeedGroup.INSTRUMENTAL,
    NeedKind.EMPLOYMENT: NeedGroup.INSTRUMENTAL,
    NeedKind.CHILDCARE: NeedGroup.INSTRUMENTAL,
    NeedKind.MENTAL_HEALTH: NeedGroup.PSYCHOLOGICAL,
    NeedKind.ADDICTION: NeedGroup.PSYCHOLOGICAL,
    NeedKind.PEER_SUPPORT: NeedGroup.PSYCHOLOGICAL,
    NeedKind.STEADY_WORKERS: NeedGroup.PSYCHOLOGICAL,
    NeedKind.OTHER: NeedGroup.BASIC,
}


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    BEING_MET = "being_met", _("Being met")
    MET = "met", _("Met")
    UNMET = "unmet", _("Not met")
    NO_LONGER = "no_longer", _("No longer needed")


class Barrier(models.TextChoices):
    """What stood in the way, from the research on exiting (DOMAIN.md); said without blame."""

    SHELTER_RULES = "shelter_rules", _("Shelter rules that do not fit")
    NO_CREDIT = "no_credit", _("No credit or references for renting")
    POLICE_DISTRUST = "police_distrust", _("Distrust of police")
    WAITING_LIST = "waiting_list", _("Waiting lists")
    COST = "cost", _("Cost")
    LANGUAGE = "language", _("Language")
    NO_ID = "no_id", _("No identity documents")
    IMMIGRATION = "immigration", _("Immigration status")
    CHILDCARE = "childcare", _("Childcare")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Something else")


@track()
class Need(AgencyOwned):
    """Something a person needs in one part of life, where it stands, and what stood in the way."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="needs")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("part of life"))
    kind = models.CharField(_("need"), max_length=20, choices=NeedKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED)
    barriers = ArrayField(models.CharField(max_length=20, choices=Barrier.choices), default=list, blank=True)
    note = EncryptedTextField(_("note"), blank=True, default="")
    identified_on = models.DateField(_("identified on"))
    status_on = models.DateField(_("status since"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["domain__order", "identified_on", "created_at"]
        indexes = [models.Index(fields=["person", "status"], name="need_person_status")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.status}"

    @property
    def group(self) -> str:
        return NEED_GROUPS.get(self.kind, NeedGroup.BASIC)
