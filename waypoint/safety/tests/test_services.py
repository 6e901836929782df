"""The safety services: review dates, a first save two colleagues make at once, risk check-ins, and what never
leaves a plan: no word of it in an audit event, a log line (SQL included) or an e-mail."""

from __future__ import annotations

import datetime
import logging
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypoint.accounts.models import Agency
from waypoint.audit.models import Event
from waypoint.casework import digest
from waypoint.casework.tests.factories import make_task
from waypoint.people.models import Person, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.safety import selectors, services
from waypoint.safety.models import PlanVersion, SafetyPlan
from waypoint.safety.risk import QUESTION_KEYS
from waypoint.safety.tests.factories import DAY, make_plan, sample_sections, strategy
from waypoint.testing.personas import make_user

DAYS = datetime.timedelta(days=1)

# Everything written below into a plan, a card or a check-in; none of it may leave the encrypted columns.
WORDS = {
    "risk": "He waits by the laundromat on Thursdays",
    "strategy": "Take the long way past the bakery",
    "person": "Cousin Wren",
    "phone": "555-0177",
    "code_word": "purple kite",
    "action": "Drives over with the dog",
    "number_label": "Gran's landline",
    "why_not": "Over the phone from the clinic waiting room",
    "heading": "Marigolds",
    "nothing": "Her roommate reads her mail",
    "note": "He turned up at the bus shelter twice",
}


def _sections_with_words() -> list[dict]:
    return [
        {"key": "risks", "words": WORDS["risk"], "items": [strategy("r1", WORDS["strategy"])]},
        {
            "key": "trusted",
            "words": "",
            "items": [
                {
                    "id": "t1",
                    "name": WORDS["person"],
                    "phone": WORDS["phone"],
                    "code_word": WORDS["code_word"],
                    "action": WORDS["action"],
                }
            ],
        },
        {"key": "numbers", "words": "", "items": [{"id": "n1", "label": WORDS["number_label"], "number": "555-0199"}]},
    ]


def _write_everything(person: Person, actor) -> None:
    """A plan, a second version not made with the person, a card, a card of nothing, and a check-in with a note."""
    today = agency_today(person.agency)
    make_plan(person, actor, _sections_with_words(), made_on=today - 3 * DAYS)
    later = _sections_with_words()
    later[0]["items"].append(strategy("r2", "Charger in the coat pocket"))
    make_plan(person, actor, later, made_on=today - 2 * DAYS, with_person=False, why_not=WORDS["why_not"])
    services.card_save(actor=actor, person=person, heading=WORDS["heading"], item_ids=["t1", "n1"])
    services.card_save(actor=actor, person=person, nothing_because=WORDS["nothing"])
    services.risk_check_in(actor=actor, person=person, on=today, answers={"contact": "yes"}, note=WORDS["note"])


def _found(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in WORDS.values() if word.lower() in lowered]


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Sandpiper", team=[world.user("alice")])


def _plan(person: Person) -> SafetyPlan:
    return SafetyPlan.objects.get(person=person)


def _changed(sections: list[dict]) -> list[dict]:
    sections[0]["words"] = f"{sections[0]['words']} Again."
    return sections


# --- review dates ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_is_due_the_agencys_cadence_after_each_version(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)
    assert _plan(person).review_due_on == DAY + 30 * DAYS
    Agency.objects.filter(pk=person.agency_id).update(safety_review_days=14)
    person = Person.objects.get(pk=person.pk)
    make_plan(person, alice, _changed(sample_sections()), made_on=DAY + 5 * DAYS)
    plan = _plan(person)
    assert plan.review_days is None
    assert plan.review_due_on == DAY + 19 * DAYS


@pytest.mark.django_db
def test_a_plans_own_cadence_wins_over_the_agencys(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY, review_days=10)
    assert (_plan(person).review_days, _plan(person).review_due_on) == (10, DAY + 10 * DAYS)
    make_plan(person, alice, _changed(sample_sections()), made_on=DAY + 4 * DAYS, review_days=10)
    assert _plan(person).review_due_on == DAY + 14 * DAYS


@pytest.mark.django_db
def test_a_new_cadence_alone_makes_a_version_that_changed_no_section(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)
    version = make_plan(person, alice, made_on=DAY + 2 * DAYS, review_days=7)
    assert (version.number, version.changed) == (2, [])
    assert version.sections == sample_sections()
    assert (_plan(person).review_days, _plan(person).review_due_on) == (7, DAY + 9 * DAYS)
    with pytest.raises(ValidationError, match="Nothing changed since version 2"):
        make_plan(person, alice, made_on=DAY + 3 * DAYS, review_days=7)


@pytest.mark.django_db
def test_going_back_to_the_agencys_cadence_dates_the_review_by_it(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY, review_days=7)
    version = make_plan(person, alice, made_on=DAY + 2 * DAYS, review_days=None)
    assert version.number == 2
    plan = _plan(person)
    assert plan.review_days is None
    assert plan.review_due_on == DAY + 32 * DAYS  # the agency's 30 days


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, 366])
def test_a_cadence_outside_a_day_and_a_year_is_refused(world, person, days):
    with pytest.raises(ValidationError, match="between 1 and 365 days"):
        make_plan(person, world.user("alice"), review_days=days)
    assert not SafetyPlan.objects.filter(person=person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [1, -1])
def test_a_version_is_dated_today_or_before_and_not_before_2000(world, person, offset):
    day = agency_today(person.agency) + DAYS if offset > 0 else datetime.date(1999, 12, 31)
    with pytest.raises(ValidationError, match="today or a day before it"):
        make_plan(person, world.user("alice"), made_on=day)
    assert not SafetyPlan.objects.filter(person=person).exists()


# --- two colleagues make the first version at once ---------------------------------------------------------


@pytest.mark.django_db
def test_a_first_save_after_a_colleagues_is_refused_cleanly(world, person, monkeypatch):
    alice, bob = world.user("alice"), world.user("bob")
    make_plan(person, alice)
    # As if bob's transaction had looked for the plan just before alice's was committed.
    monkeypatch.setattr(selectors, "plan_for_update", lambda person: None)
    with pytest.raises(ValidationError, match="A colleague started this plan at the same moment"):
        services.version_save(actor=bob, person=person, sections=_changed(sample_sections()), made_on=DAY)
    monkeypatch.undo()
    assert SafetyPlan.objects.filter(person=person).count() == 1
    assert list(person.plan_versions.values_list("number", "author")) == [(1, alice.pk)]
    assert Event.objects.filter(action="safety_plan.version_saved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_the_same_moment_make_one_plan_and_one_clean_refusal(monkeypatch):
    agency = Agency.objects.create(name="Racing Test Agency")
    alice, _ = make_user("alice@race.waypoint.invalid", agency=agency, role="advocate", mfa=False)
    bob, _ = make_user("bob@race.waypoint.invalid", agency=agency, role="advocate", mfa=False)
    person = make_person(agency, alias="Racing", team=[alice, bob])
    # Both transactions have found no plan before either creates one.
    barrier = threading.Barrier(2, timeout=20)
    real = services.changed_keys

    def after_both_looked(before, after):
        barrier.wait()
        return real(before, after)

    monkeypatch.setattr(services, "changed_keys", after_both_looked)
    outcomes: dict[str, object] = {}

    def save(actor) -> None:
        try:
            outcomes[actor.email] = services.version_save(
                actor=actor, person=Person.objects.get(pk=person.pk), sections=sample_sections(), made_on=DAY
            )
        except Exception as exc:  # whatever it is, the assertions below say which kind it should be
            outcomes[actor.email] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in (alice, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2
    saved = [o for o in outcomes.values() if isinstance(o, PlanVersion)]
    refused = [o for o in outcomes.values() if not isinstance(o, PlanVersion)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError)
    assert "A colleague started this plan at the same moment" in refused[0].messages[0]
    assert SafetyPlan.objects.filter(person=person).count() == 1
    assert PlanVersion.objects.filter(person=person).count() == 1
    assert Event.objects.filter(action="safety_plan.version_saved").count() == 1


# --- risk check-ins ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_yes_makes_the_review_due_on_the_day_of_the_check_in(world, person):
    alice = world.user("alice")
    today = agency_today(person.agency)
    make_plan(person, alice, made_on=today - 3 * DAYS)
    assert _plan(person).review_due_on == today + 27 * DAYS
    check_in = services.risk_check_in(actor=alice, person=person, on=today - DAYS, answers={"court": "yes"})
    assert check_in.any_yes
    assert check_in.answers == {key: ("yes" if key == "court" else "not_asked") for key in QUESTION_KEYS}
    assert _plan(person).review_due_on == today - DAYS
    event = Event.objects.get(action="safety.risk_checked_in")
    assert event.detail == {"person": str(person.pk)} and event.target_id == str(check_in.pk)


@pytest.mark.django_db
def test_a_yes_does_not_push_back_a_review_already_due(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)  # due DAY + 30, long past
    services.risk_check_in(actor=alice, person=person, on=agency_today(person.agency), answers={"threats": "yes"})
    assert _plan(person).review_due_on == DAY + 30 * DAYS


@pytest.mark.django_db
def test_no_and_not_talked_about_move_nothing(world, person):
    alice = world.user("alice")
    today = agency_today(person.agency)
    make_plan(person, alice, made_on=today)
    answers = {key: "no" for key in QUESTION_KEYS} | {"court": "not_asked"}
    check_in = services.risk_check_in(actor=alice, person=person, on=today, answers=answers)
    assert not check_in.any_yes
    assert _plan(person).review_due_on == today + 30 * DAYS


@pytest.mark.django_db
def test_a_check_in_without_a_plan_is_kept(world, person):
    today = agency_today(person.agency)
    check_in = services.risk_check_in(actor=world.user("alice"), person=person, on=today, answers={"housing": "yes"})
    assert check_in.any_yes and not SafetyPlan.objects.filter(person=person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("answers", [{"horoscope": "yes"}, {"contact": "maybe"}, {"contact": "yes", "mood": "no"}])
def test_unknown_questions_or_answers_are_refused(world, person, answers):
    today = agency_today(person.agency)
    make_plan(person, world.user("alice"), made_on=today)
    with pytest.raises(ValidationError, match="yes, no or not talked about"):
        services.risk_check_in(actor=world.user("alice"), person=person, on=today, answers=answers)
    assert not person.risk_check_ins.exists()
    assert _plan(person).review_due_on == today + 30 * DAYS


@pytest.mark.django_db
def test_a_check_in_dated_tomorrow_is_refused(world, person):
    tomorrow = agency_today(person.agency) + DAYS
    with pytest.raises(ValidationError, match="today or a day before it"):
        services.risk_check_in(actor=world.user("alice"), person=person, on=tomorrow, answers={"contact": "yes"})
    assert not person.risk_check_ins.exists()


@pytest.mark.django_db
def test_a_stranger_or_a_closed_record_gets_no_check_in(world, person):
    today = agency_today(person.agency)
    with pytest.raises(ValidationError):
        services.risk_check_in(actor=world.user("oscar"), person=person, on=today, answers={})
    Person.objects.filter(pk=person.pk).update(status="closed")
    with pytest.raises(ValidationError, match="closed"):
        services.risk_check_in(actor=world.user("alice"), person=Person.objects.get(pk=person.pk), on=today, answers={})
    assert not person.risk_check_ins.exists()


# --- nothing a plan says leaves it -------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_audit_event_holds_a_word_of_the_plan_the_card_or_the_check_in(world, person):
    _write_everything(person, world.user("alice"))
    events = list(Event.objects.values())
    actions = [e["action"] for e in events]
    assert actions.count("safety_plan.version_saved") == 2 and actions.count("safety_plan.card_saved") == 2
    assert "safety.risk_checked_in" in actions
    assert _found(str(events)) == []
    saved = [e["detail"] for e in events if e["action"] == "safety_plan.version_saved"]
    assert saved == [
        {"person": str(person.pk), "number": 1, "sections": "risks trusted numbers"},
        {"person": str(person.pk), "number": 2, "sections": "risks"},
    ]


@pytest.mark.django_db
def test_no_log_line_holds_a_word_of_it_even_with_every_sql_statement_logged(world, person, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # Django's own logging keeps "django" at INFO
    with CaptureQueriesContext(connection) as captured:
        _write_everything(person, world.user("alice"))
    statements = " ".join(q["sql"] for q in captured.captured_queries)
    assert "safety_planversion" in statements and "safety_riskcheckin" in statements
    assert "safety_planversion" in caplog.text and "wp1:" in caplog.text  # the SQL was logged, with its parameters
    assert _found(caplog.text) == [] and _found(statements) == []


@pytest.mark.django_db
def test_no_e_mail_holds_a_word_of_it(world, person):
    alice = world.user("alice")
    _write_everything(person, alice)
    make_task(alice, person=person, title="Ring back")  # so that alice's daily e-mail goes out
    digest.send_daily_digests()
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert _found(" ".join(m.subject + m.body + str(getattr(m, "alternatives", "")) for m in mail.outbox)) == []
