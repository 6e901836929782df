"""The demo's casework: two years of journeys that raise every caseload flag, made the same way each time."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.audit.models import Event
from waypoint.audit.services import verify_chain
from waypoint.casework import flags, timeline
from waypoint.casework.models import Encounter, Goal, GoalStatus, GoalStep, Task
from waypoint.demo import casework as demo_casework
from waypoint.demo import data
from waypoint.demo import housing as demo_housing
from waypoint.demo import people as demo_people
from waypoint.demo import safety as demo_safety
from waypoint.people import access
from waypoint.people.models import Person


@pytest.fixture
def demo(db):
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_casework.load(agencies)
    demo_safety.load(agencies)  # the caseload's safety flags need plans and check-ins
    demo_housing.load(agencies)  # and its housing flag, a crisis stay near its target length
    return agencies


def _ada() -> User:
    return User.objects.get(email="advocate@demo.waypoint.test")


def test_the_advocates_caseload_shows_every_flag_over_two_years_of_contacts(demo):
    ada = _ada()
    caseload = flags.annotate(access.caseload(ada), timezone.localdate())
    assert 55 <= caseload.count() <= 60  # the bench's "60 people" (four were closed by the supervisor)
    # "Bed hold ends soon" needs a hold placed 20 hours ago; the demo's holds start when it loads.
    for key in set(flags.REGISTRY) - {"hold_ending"}:
        assert flags.filter_by(caseload, key).exists(), f"no one in the demo caseload has the flag {key!r}"
    # Someone was seen this week, someone not for 45 days or more.
    now = timezone.now()
    recent = access.rows_of_caseload(ada, Encounter).filter(occurred_at__gte=now - datetime.timedelta(days=7))
    assert recent.values("person").distinct().count() >= 10
    silent = caseload.filter(flag_no_contact=True)
    assert (
        not access.rows_of_caseload(ada, Encounter)
        .filter(person__in=silent, occurred_at__gte=now - datetime.timedelta(days=45))
        .exists()
    )
    # Two years of contacts for (almost) everyone.
    oldest = access.rows_of_caseload(ada, Encounter).order_by("occurred_at").first()
    assert oldest is not None and (now - oldest.occurred_at).days >= 700
    with_contacts = access.rows_of_caseload(ada, Encounter).values("person").distinct().count()
    assert with_contacts == caseload.count()


def test_journeys_have_every_goal_status_a_500_event_timeline_and_honest_dates(demo):
    statuses = set(Goal.objects.values_list("status", flat=True))
    assert statuses == set(GoalStatus.values)
    assert GoalStep.objects.filter(done_at__isnull=False).exists()
    assert Task.objects.filter(done_at__isnull=False).exists() and Task.objects.filter(done_at__isnull=True).exists()
    heavy = Person.objects.order_by("case_number")[demo_casework.HEAVY]
    events = sum(source.rows(heavy).count() for source in timeline.REGISTRY.values())
    assert events >= 500
    # The history was written as it happened: rows and their snapshots are dated in the past.
    day_ago = timezone.now() - datetime.timedelta(hours=24)
    old = Encounter.objects.filter(created_at__lt=day_ago)
    assert old.count() >= 2000
    assert not Encounter.objects.filter(created_at__lt=day_ago, occurred_at__gt=day_ago).exists()
    assert Goal.pgh_event_model.objects.filter(pgh_created_at__lt=day_ago).count() > Goal.objects.count()  # type: ignore[attr-defined]
    assert Encounter.pgh_event_model.objects.count() == Encounter.objects.count()  # type: ignore[attr-defined]
    # One "insert" snapshot a row, dated when the row was made (a COPY passes by pgtrigger.ignore(): the triggers
    # once wrote their own, dated at load time, and the timeline showed every goal "added" today).
    goal_inserts = Goal.pgh_event_model.objects.filter(pgh_label="insert")
    assert goal_inserts.count() == Goal.objects.count()
    assert not goal_inserts.filter(pgh_created_at__gte=day_ago, pgh_obj__created_at__lt=day_ago).exists()
    for model in (Encounter, GoalStep, Task):
        # The rows loaded in bulk (today's contacts went through the services, dated now as any would be).
        bulk_inserts = model.pgh_event_model.objects.filter(pgh_label="insert", pgh_obj__created_at__lt=day_ago)
        assert bulk_inserts.exists(), model.__name__
        assert not bulk_inserts.exclude(pgh_created_at=F("pgh_obj__created_at")).exists(), model.__name__
    # Today's contacts went through the service: one audit event each, no text in any detail.
    today = Encounter.objects.filter(created_at__gte=day_ago)
    assert today.count() == len(demo_casework.TODAY_VIA_SERVICES)
    assert Event.objects.filter(action="encounter.created").count() == today.count()
    bulk = Event.objects.get(action="demo.casework_history")
    assert bulk.detail["encounters"] == old.count()
    texts = [*demo_casework.OWN_WORDS, *(t for k in demo_casework.SUMMARIES.values() for t in k)]
    details = " ".join(str(e.detail) for e in Event.objects.all())
    assert not [t for t in texts if t in details]
    assert verify_chain().ok


def test_the_journeys_are_the_same_each_time_and_loaded_once(demo):
    assert demo_casework.plan() == demo_casework.plan()
    planned = demo_casework.plan()
    people = list(Person.objects.order_by("case_number"))
    for person, journey in zip(people, planned, strict=True):
        assert person.encounters.count() == len(journey.encounters), person.alias
        assert person.goals.count() == len(journey.goals), person.alias
    counts = (Encounter.objects.count(), Goal.objects.count(), Task.objects.count(), Event.objects.count())
    demo_casework.load(demo)
    assert (Encounter.objects.count(), Goal.objects.count(), Task.objects.count(), Event.objects.count()) == counts
