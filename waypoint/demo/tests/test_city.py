"""The city network generator at its tiny size (2 agencies, 20 staff, 200 people, 2,000 events).

What the benchmark relies on: the counts, a chain ``audit_verify`` accepts, ciphertext the
models decrypt, a blind index the finder matches, and an advocate whose gate shows exactly 60.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from waypoint.accounts.models import Agency, Membership, User
from waypoint.audit.models import Event
from waypoint.audit.services import verify_chain
from waypoint.casework import flags, timeline
from waypoint.casework.domains import DEFAULT_DOMAINS
from waypoint.casework.models import (
    Encounter,
    EncounterStaff,
    Goal,
    GoalStep,
    LifeDomain,
    Stage,
    StageCheckIn,
    StageSource,
    Task,
)
from waypoint.demo import city
from waypoint.demo.casework import SUMMARIES
from waypoint.demo.people import PURPOSES
from waypoint.housing import selectors as housing_selectors
from waypoint.housing.models import (
    Bed,
    BedOutage,
    BedUse,
    Episode,
    Hold,
    Program,
    ProgramStaff,
    Room,
    Stay,
    WaitlistEntry,
)
from waypoint.instruments import selectors as instrument_selectors
from waypoint.instruments.models import InstrumentWording, Response
from waypoint.instruments.services import scores_json
from waypoint.people import selectors
from waypoint.people.access import visible_people
from waypoint.people.models import BreakGlassGrant, CareTeamMember, CaseSequence, Person, Release, SafeContact
from waypoint.safety import cards
from waypoint.safety.models import Answer, PlanVersion, RiskCheckIn, SafetyPlan
from waypoint.safety.risk import QUESTION_KEYS
from waypoint.safety.services import CARD, stored_json

TINY = city.SIZES["tiny"]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("city_network", *args, stdout=out)
    return out.getvalue()


def test_the_tiny_city_is_complete_sound_and_readable(db):
    output = _run("--size", "tiny")
    assert "Built the tiny city" in output

    # Counts.
    assert Agency.objects.count() == TINY.agencies
    assert Agency.objects.filter(is_partner=True).count() == 1
    assert User.objects.count() == TINY.staff
    assert Membership.objects.count() == TINY.staff
    assert set(Membership.objects.values_list("user_id", flat=True)) == set(User.objects.values_list("id", flat=True))
    assert Person.objects.count() == TINY.people
    assert CaseSequence.objects.get().last_value == TINY.people
    assert Person.objects.filter(status="closed").exists()
    assert Release.objects.exists()
    assert BreakGlassGrant.objects.exists()
    # A closed record was closed at least two days ago and keeps no current care-team place.
    today = timezone.localdate()
    assert not Person.objects.filter(closed_at__gt=timezone.now() - datetime.timedelta(days=2)).exists()
    current = Q(until__isnull=True) | Q(until__gte=today)
    assert not CareTeamMember.objects.filter(current, person__status="closed").exists()
    # Every generated record has its "insert" history, as if the triggers had fired.
    assert Person.pgh_event_model.objects.filter(pgh_label="insert").count() == TINY.people

    # The audit chain: the bulk events, the learning hub's own, and the closing marker; all verify.
    marker = Event.objects.get(action=city.BUILT_ACTION)
    hub_apps = (
        Q(action__startswith="learning.") | Q(action__startswith="workshops.") | Q(action__startswith="enquiries.")
    )
    learning = Event.objects.filter(hub_apps).count()
    assert Event.objects.count() == TINY.events + learning + 1 == marker.detail["events"]
    assert marker.detail["size"] == "tiny"
    result = verify_chain()
    assert result.ok, result.reason
    assert result.count == Event.objects.count()

    # Real ciphertext, which the models decrypt.
    with connection.cursor() as cursor:
        cursor.execute("SELECT legal_name, date_of_birth FROM people_person WHERE legal_name <> '' LIMIT 1")
        stored_name, stored_birth = cursor.fetchone()
    assert stored_name.startswith("wp1:") and stored_birth.startswith("wp1:")
    person = Person.objects.exclude(name_dob_index="").order_by("case_number").first()
    assert person is not None
    assert person.legal_name.endswith("(fictional)")
    assert person.date_of_birth is not None and person.date_of_birth.year > 1900
    assert SafeContact.objects.first().value  # type: ignore[union-attr]
    assert Release.objects.first().purpose in PURPOSES  # type: ignore[union-attr]

    # The agency's blind index finds the person through the finder (name typed differently).
    supervisor = User.objects.get(email=city.PERSONAS.supervisor)
    found = selectors.find_people(
        supervisor, legal_name=f"  {person.legal_name.upper()} ", date_of_birth=person.date_of_birth
    )
    assert person.pk in {p.pk for p in found.people}

    # The bench advocate sees exactly 60 people, all active.
    advocate = User.objects.get(email=city.PERSONAS.advocate)
    mine = visible_people(advocate)
    assert mine.count() == city.BENCH_CASELOAD
    assert set(mine.values_list("status", flat=True)) == {"active"}
    for email in (city.PERSONAS.admin, city.PERSONAS.intake):
        assert User.objects.filter(email=email).exists()

    # Casework: about 20 contacts a person with one staff row each, about 1.5 goals, follow-ups open,
    # done and overdue, real ciphertext, snapshots dated when each row was made, and the bench
    # advocate's timeline person with 500 events.
    encounters = Encounter.objects.count()
    assert 15 * TINY.people <= encounters <= 25 * TINY.people + city.TIMELINE_BENCH_ENCOUNTERS
    assert EncounterStaff.objects.count() == encounters
    assert 1.0 * TINY.people <= Goal.objects.count() <= 2.0 * TINY.people
    assert GoalStep.objects.count() >= Goal.objects.count()
    tasks = Task.objects.all()
    assert (
        tasks.filter(done_at__isnull=False).exists() and tasks.filter(done_at__isnull=True, due_on__gte=today).exists()
    )
    assert tasks.filter(done_at__isnull=True, due_on__lt=today).exists()
    assert Encounter.pgh_event_model.objects.count() == encounters
    assert not Encounter.pgh_event_model.objects.filter(pgh_created_at__gt=timezone.now()).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM casework_encounter WHERE summary <> '' LIMIT 1")
        assert cursor.fetchone()[0].startswith("wp1:")
    summaries = {encounter.summary for encounter in Encounter.objects.all()[:50]} - {""}
    assert summaries and summaries <= {t for texts in SUMMARIES.values() for t in texts}
    heaviest = max(mine, key=lambda p: p.encounters.count())
    assert sum(source.rows(heaviest).count() for source in timeline.REGISTRY.values()) >= 500
    assert LifeDomain.objects.filter(agency=advocate.memberships.get().agency).count() == len(DEFAULT_DOMAINS)

    # Stages of change: check-ins for about half the people, in one to three parts of life, with returns to
    # an earlier stage; rulers and URICAs stored with the scores of their answers, each ruler with the
    # check-in it suggested; URICA's placeholder wording for the service agency, none for the TVIT.
    check_ins = StageCheckIn.objects.all()
    assert 1.5 * TINY.people <= check_ins.count() <= 6 * TINY.people
    assert check_ins.filter(stage=Stage.RECYCLING).exists()
    assert set(check_ins.values_list("source", flat=True)) == {StageSource.WORKER, StageSource.RULER, StageSource.URICA}
    assert not check_ins.filter(on__gt=today).exists()
    assert StageCheckIn.pgh_event_model.objects.filter(pgh_label="insert").count() == check_ins.count()
    responses = [r for p in Person.objects.prefetch_related("responses__definition") for r in p.responses.all()]
    keys = Counter(r.definition.key for r in responses)
    assert keys["readiness-ruler"] >= 20 and keys["urica"] >= 10
    assert all(r.scores == scores_json(r.definition.definition, r.answer_map()) for r in responses)
    assert check_ins.filter(source=StageSource.RULER).count() == keys["readiness-ruler"]
    assert Response.pgh_event_model.objects.filter(pgh_label="insert").count() == len(responses)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM instruments_response LIMIT 1")
        assert cursor.fetchone()[0].startswith("wp1:")
    service_agency = advocate.memberships.get().agency
    urica = instrument_selectors.offer(service_agency.pk, "urica")
    tvit = instrument_selectors.offer(service_agency.pk, "vera-tvit-short")
    assert urica is not None and not urica.needs_wording and tvit is not None and tvit.needs_wording
    assert InstrumentWording.objects.count() == TINY.agencies - 1
    assert Event.objects.filter(action="instrument.wording_imported").count() == TINY.agencies - 1

    # Safety plans: a third of the people with an advocate, one to four versions each in the JSON the
    # services store (encrypted), wallet cards that tell nothing, check-ins after the first version; the
    # review due a cadence after the latest version or on the day of a later yes, past for some open plans.
    plans = list(SafetyPlan.objects.select_related("agency", "person"))
    assert 0.25 * TINY.people <= len(plans) <= 0.4 * TINY.people
    versions: dict[object, list[PlanVersion]] = {}
    for version in PlanVersion.objects.order_by("plan", "number"):
        versions.setdefault(version.plan_id, []).append(version)
    check_ins: dict[object, list[RiskCheckIn]] = {}
    for check_in in RiskCheckIn.objects.all():
        check_ins.setdefault(check_in.person_id, []).append(check_in)
    assert set(versions) == {plan.pk for plan in plans}
    assert {len(found) for found in versions.values()} == {1, 2, 3, 4}
    printed = 0
    for plan in plans:
        found = versions[plan.pk]
        assert [v.number for v in found] == list(range(1, len(found) + 1))
        assert all(v.person_id == plan.person_id and v.made_on <= today for v in found)
        for version in found:
            assert version.content == stored_json(version.sections)
            assert "numbers" in [section["key"] for section in version.sections]
            card = version.card_choice
            if "items" in card:
                assert cards.revealing(card["heading"], plan.agency.name) == []
                lines, left_off = cards.printable(version.sections, card, plan.agency.name)
                assert lines and left_off == 0
                printed += 1
        latest = found[-1]
        cadence = datetime.timedelta(days=plan.review_days or plan.agency.safety_review_days)
        raised = [c.on for c in check_ins.get(plan.person_id, []) if c.any_yes and c.created_at > latest.created_at]
        assert plan.review_due_on == min([latest.made_on + cadence, *raised])
    assert printed and PlanVersion.objects.filter(changed=[CARD]).count() >= 0.3 * len(plans)
    assert sum(len(found) for found in check_ins.values()) >= len(plans)
    assert set(check_ins) <= {plan.person_id for plan in plans}
    for found in check_ins.values():
        for check_in in found:
            assert set(check_in.answers) == set(QUESTION_KEYS) and check_in.on <= today
            assert check_in.any_yes == (Answer.YES in check_in.answers.values())
    assert RiskCheckIn.objects.filter(any_yes=True).exists() and RiskCheckIn.objects.filter(any_yes=False).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT content, card FROM safety_planversion WHERE card <> '' LIMIT 1")
        assert all(value.startswith("wp1:") for value in cursor.fetchone())
    open_with_plan = Person.objects.exclude(status="closed").filter(safety_plans__isnull=False)
    overdue = flags.filter_by(flags.annotate(open_with_plan, today), "safety_review").count()
    assert 0 < overdue < 0.5 * open_with_plan.count()

    # Housing: crisis beds in every service agency, 60 of them (15 rooms of four) in the bench's, whose housing
    # persona staffs them and sees every resident's alias; five years of stays, one after another in each bed
    # (the exclusion constraint), an episode's stays back to back, one open episode a person, moves to the
    # transitional home, exits, holds (two now), outages (one now), turn-aways and people waiting.
    housing_user = User.objects.get(email=city.PERSONAS.housing)
    bench = city.bench_program(housing_user)
    assert Bed.objects.filter(room__site__program=bench).count() == city.BENCH_BEDS
    assert Room.objects.filter(site__program=bench).count() == 15
    assert set(ProgramStaff.objects.filter(user=housing_user).values_list("program__agency", flat=True)) == {
        bench.agency_id
    }
    assert Membership.objects.filter(user__email=city.PERSONAS.manager, agency=bench.agency, role="program_manager")
    assert Program.objects.filter(kind="crisis").count() == TINY.agencies - 1
    stays = list(Stay.objects.select_related("use", "person").order_by("episode", "started_on"))
    bench_stays = [s for s in stays if s.program_id == bench.pk]
    assert len(bench_stays) >= 1_000 and (today - min(s.started_on for s in bench_stays)).days >= 5 * 365 - 30
    holds, outages = Hold.objects.count(), BedOutage.objects.count()
    assert BedUse.objects.count() == len(stays) + holds + outages
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM housing_beduse a JOIN housing_beduse b "
            "ON a.bed_id = b.bed_id AND a.id < b.id AND a.during && b.during"
        )
        assert cursor.fetchone()[0] == 0
    for _episode, own in itertools.groupby(stays, key=lambda s: s.episode_id):
        found = list(own)
        assert all(
            a.ended_on == b.started_on and a.use.during.upper == b.use.during.lower
            for a, b in itertools.pairwise(found)
        )
        assert all(a.ended_on is not None for a in found[:-1])
    for stay in stays:
        assert stay.person.created_at.date() <= stay.started_on < today
        assert stay.person.closed_at is None or (stay.ended_on and stay.ended_on < stay.person.closed_at.date())
    episodes = Episode.objects.all()
    open_counts = Counter(episodes.filter(ended_on__isnull=True).values_list("person", flat=True))
    assert max(open_counts.values()) == 1
    assert Stay.objects.filter(ended_on__isnull=True).count() == len(open_counts)
    assert not episodes.filter(ended_on__isnull=False, exit_reason="").exists()
    assert {"planned", "chose_to_leave", "returned"} <= set(episodes.values_list("exit_reason", flat=True))
    moved = episodes.annotate(programs=Count("stays__program", distinct=True)).filter(programs=2)
    assert moved.exists()
    now = timezone.now()
    holding = [hold for hold in Hold.objects.select_related("bed__room__site") if hold.is_holding(now)]
    assert len(holding) == 2 and {hold.bed.room.site.program_id for hold in holding} == {bench.pk}
    assert {bool(hold.alias) for hold in holding} == {True, False}
    offered = next(hold for hold in holding if hold.offered_from_id)
    assert offered.offered_from.status == "offered" and offered.person_id == offered.offered_from.person_id
    assert Hold.objects.filter(stay__isnull=False).count() >= 0.1 * len(open_counts)
    assert BedOutage.objects.filter(ends_on__isnull=True, bed__room__site__program=bench).count() == 1
    entries = WaitlistEntry.objects.all()
    turned_away = entries.filter(declined_for_lack_of_bed=True)
    assert turned_away.exists() and not turned_away.filter(decided_on__gte=today).exists()
    assert entries.filter(status="accepted", holds__stay__isnull=False).exists()
    assert entries.filter(status="waiting").exists() and entries.filter(status="withdrawn").exists()
    board = [
        s for site in housing_selectors.board(viewer=housing_user, program=bench) for r in site.rooms for s in r.beds
    ]
    occupied = [s for s in board if s.state == housing_selectors.OCCUPIED]
    assert len(board) == city.BENCH_BEDS and len(occupied) >= 30 and all(s.alias for s in occupied)

    # Idempotent for the same size; refuses anything else.
    events = Event.objects.count()
    assert "nothing to do" in _run("--size", "tiny")
    assert Event.objects.count() == events
    with pytest.raises(CommandError, match="already holds a tiny city"):
        _run("--size", "small")


def test_the_generator_refuses_a_database_that_holds_other_data(db):
    Agency.objects.create(name="Someone else's agency (fictional)")
    with pytest.raises(CommandError, match="not a complete city"):
        _run("--size", "tiny")
    with pytest.raises(CommandError, match="does not look like a city database"):
        _run("--size", "tiny", "--replace")
