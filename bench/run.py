"""`make bench`: server time of Waypoint's main pages on the demo data, with medians, p95 and query counts.

It builds a throwaway database on the same PostgreSQL server (the embedded one, or
DATABASE_URL's), loads the demo into it, warms each page up, then times REQUESTS
requests per page through Django's test client: the whole middleware stack, the
gate, the audit writes and template rendering, without the network. The database
is dropped at the end. Figures are medians and p95 of one run on a shared machine:
compare them with QUALITY.md's targets, and re-run before believing a change.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass
class Scenario:
    label: str
    persona: str | None  # e-mail to sign in as, or None for a visitor
    path: Callable[[], str]
    target_ms: float | None = None
    target_queries: int | None = None
    # bench/scale.py also re-runs this page's SQL with a plain cursor (app time / raw SQL time).
    raw_sql: bool = False
    # A form to post instead of a page to get (each request writes: the bench database is thrown away).
    form: Callable[[], dict[str, str]] | None = None
    htmx: bool = False
    # What a good answer is: 200, or 302 for a form that saves and redirects (a 200 there is a refusal).
    expect: int = 200


class Personas(Protocol):
    """Who signs in for the staff pages: the demo's accounts here, the city network's in bench/scale.py."""

    @property
    def advocate(self) -> str: ...
    @property
    def supervisor(self) -> str: ...
    @property
    def admin(self) -> str: ...
    @property
    def intake(self) -> str: ...
    @property
    def housing(self) -> str: ...
    @property
    def manager(self) -> str: ...


@dataclass(frozen=True)
class DemoPersonas:
    advocate: str = "advocate@demo.waypoint.test"
    supervisor: str = "supervisor@demo.waypoint.test"
    admin: str = "admin@demo.waypoint.test"
    intake: str = "intake@demo.waypoint.test"
    housing: str = "housing@demo.waypoint.test"
    manager: str = "manager@demo.waypoint.test"


@dataclass
class PageTiming:
    """One page measured: the server time of each request, and the SQL of one of them."""

    path: str
    timings: list[float]
    queries: int
    # (sql, params, many) of one request, in order, and the time they took inside it.
    statements: list[tuple[str, Any, bool]] = field(default_factory=list)
    sql_ms: float = 0.0
    error: str = ""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def summary(timings: list[float]) -> dict[str, float]:
    return {"median": statistics.median(timings), "p95": percentile(timings, 0.95)}


def scenarios(personas: Personas = DemoPersonas()) -> list[Scenario]:
    """The pages measured, for whichever accounts ``personas`` names (the demo's by default)."""
    from django.urls import reverse

    from waypoint.accounts.models import User
    from waypoint.learning.models import GuidePage
    from waypoint.people.access import visible_people

    advocate = personas.advocate
    supervisor = personas.supervisor

    def first_person(email: str) -> str:
        person = visible_people(User.objects.get(email=email)).order_by("alias").first()
        assert person is not None, f"{email} has no visible person in the demo"
        return reverse("people:person_detail", args=[person.pk])

    def alias_fragment() -> str:
        person = visible_people(User.objects.get(email=advocate)).order_by("alias").first()
        assert person is not None
        return reverse("people:find") + "?q=" + person.alias[:3]

    def busiest_person(model: Any, missing: str) -> Any:
        """The advocate's person with the most rows of ``model`` (ties by id, so every run picks the same one)."""
        from django.db.models import Count

        from waypoint.people.access import rows_of_caseload

        user = User.objects.get(email=advocate)
        busiest = (
            rows_of_caseload(user, model)
            .values("person_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "person_id")
            .values_list("person_id", flat=True)
            .first()
        )
        assert busiest is not None, f"{advocate} has {missing}"
        return busiest

    def timeline_person() -> Any:
        """The advocate's person with the most timeline events (the demo's Cedar, the city's bench person: 500+)."""
        from waypoint.casework.models import Encounter

        return busiest_person(Encounter, "no encounters: load the casework demo data")

    def person_page(name: str, query: str = "", *, key: str = "") -> Callable[[], str]:
        return lambda: reverse(name, args=[timeline_person(), *([key] if key else [])]) + query

    def quick_add_form() -> dict[str, str]:
        """A quick add from the caseload row with a follow-up, as the htmx form sends it."""
        import datetime
        import zoneinfo

        from django.utils import timezone

        from waypoint.people.models import Person

        zone = zoneinfo.ZoneInfo(Person.objects.get(pk=timeline_person()).agency.time_zone)
        now = timezone.localtime(timezone.now(), zone)
        return {
            "quick": "caseload",
            "kind": "phone",
            "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
            "summary": "Checked in by phone; all well this week.",
            "follow_up_on": (now.date() + datetime.timedelta(days=7)).isoformat(),
        }

    def urica_form() -> dict[str, str]:
        """URICA filled in with every question answered, as the browser posts it (the demo imports its wording)."""
        import zoneinfo

        from django.utils import timezone

        from waypoint.people.models import Person

        zone = zoneinfo.ZoneInfo(Person.objects.get(pk=timeline_person()).agency.time_zone)
        today = timezone.localtime(timezone.now(), zone).date()
        return {"taken_on": today.isoformat(), **{f"item_{n}": str(1 + n % 5) for n in range(1, 33)}}

    def plan_person() -> Any:
        """The advocate's person whose safety plan has the most versions."""
        from waypoint.safety.models import PlanVersion

        return busiest_person(PlanVersion, "no safety plan: load the safety demo data")

    def plan_page(name: str) -> Callable[[], str]:
        return lambda: reverse(name, args=[plan_person()])

    saves = itertools.count(1)

    def plan_update_form() -> dict[str, str]:
        """The whole plan as the update form posts it, with the first section's words changed each time."""
        from waypoint.people.models import Person
        from waypoint.safety import selectors as safety_selectors
        from waypoint.safety.forms import PlanForm

        person = Person.objects.select_related("agency").get(pk=plan_person())
        plan = safety_selectors.plan_of(person)
        latest = safety_selectors.latest_version(plan) if plan else None
        assert latest is not None
        form = PlanForm(
            before=latest.sections, today=latest.made_on, initial={"review_days": plan.review_days if plan else None}
        )
        posted = {name: "" if form.initial.get(name) is None else str(form.initial.get(name)) for name in form.fields}
        posted["made_on"] = latest.made_on.isoformat()
        posted["with_person"] = "on"
        first = latest.sections[0]["key"]
        posted[f"{first}-words"] = f"Talked it through again (bench save {next(saves)})."
        return posted

    def biggest_program() -> Any:
        """The program with the most beds the housing persona staffs (the city's 60 crisis beds)."""
        from django.db.models import Count

        from waypoint.housing import selectors as housing_selectors

        user = User.objects.get(email=personas.housing)
        programs = housing_selectors.actable_programs(user).annotate(beds=Count("sites__rooms__beds"))
        program = programs.order_by("-beds", "name").first()
        assert program is not None, f"{personas.housing} staffs no housing program: load the housing demo data"
        return program

    def program_page(name: str, query: Callable[[Any], str] = lambda program: "") -> Callable[[], str]:
        def url() -> str:
            program = biggest_program()
            return reverse(name, args=[program.pk]) + query(program)

        return url

    def five_years(program: Any) -> str:
        """The review's longest usual period: five years to yesterday (the demo has eighteen months of it)."""
        import datetime

        from waypoint.people.models import agency_today

        yesterday = agency_today(program.agency) - datetime.timedelta(days=1)
        return f"?from={yesterday.replace(year=yesterday.year - 5).isoformat()}&to={yesterday.isoformat()}"

    def occupied_bed_panel() -> str:
        """The htmx panel of the program's first occupied bed (discharge and move forms, free beds listed)."""
        from waypoint.housing import selectors as housing_selectors

        program = biggest_program()
        user = User.objects.get(email=personas.housing)
        states = [
            b for site in housing_selectors.board(viewer=user, program=program) for r in site.rooms for b in r.beds
        ]
        bed = next(b.bed for b in states if b.state == housing_selectors.OCCUPIED)
        return reverse("housing:bed", args=[program.pk, bed.pk])

    def resident_page() -> str:
        from waypoint.housing.models import Stay
        from waypoint.people.access import rows_of_caseload

        user = User.objects.get(email=personas.housing)
        stay = rows_of_caseload(user, Stay).filter(ended_on__isnull=True, program=biggest_program()).first()
        assert stay is not None, "no resident on the housing persona's caseload"
        return reverse("housing:person", args=[stay.person_id])

    def first_guide() -> str:
        guide = GuidePage.objects.live().order_by("path").first()
        assert guide is not None, "no guides loaded"
        return guide.url

    return [
        Scenario("learning hub home", None, lambda: "/"),
        Scenario("a topic guide", None, first_guide),
        Scenario("search 'trauma'", None, lambda: reverse("learning:search") + "?q=trauma"),
        Scenario("workshops", None, lambda: reverse("workshops:workshop_list")),
        Scenario("sign-in page", None, lambda: reverse("account_login")),
        Scenario("staff home", advocate, lambda: reverse("home")),
        Scenario("my people (caseload)", advocate, lambda: reverse("people:my_people"), 40, 10, raw_sql=True),
        Scenario("person overview", advocate, lambda: first_person(advocate), 60, 15),
        Scenario("person overview (supervisor)", supervisor, lambda: first_person(supervisor), 60, 15),
        Scenario("person finder", advocate, alias_fragment, 50),
        # Casework (issue 10): the caseload above reads two years of encounters; budgets from decision 0005.
        Scenario(
            "caseload by next follow-up",
            advocate,
            lambda: reverse("people:my_people") + "?sort=next_follow_up",
            40,
            10,
        ),
        Scenario("caseload, flag overdue", advocate, lambda: reverse("people:my_people") + "?flag=overdue", 40, 10),
        Scenario("team view (supervisor)", supervisor, lambda: reverse("casework:team"), None, 12),
        Scenario("timeline (500 events)", advocate, person_page("casework:timeline"), None, 10),
        Scenario("timeline, page 10", advocate, person_page("casework:timeline", "?page=10"), None, 10),
        Scenario("engagement log", advocate, person_page("casework:engagement"), None, 12),
        Scenario("goals", advocate, person_page("casework:goals"), None, 12),
        # Stages and questionnaires (issue 11): two years of check-ins and responses on the busiest person.
        Scenario("stages (two years of check-ins)", advocate, person_page("casework:stages"), None, 12),
        Scenario("questionnaires and results", advocate, person_page("instruments:questionnaires"), None, 12),
        Scenario("URICA form", advocate, person_page("instruments:take", key="urica"), None, 12),
        Scenario(
            "saving a URICA", advocate, person_page("instruments:take", key="urica"), 60, form=urica_form, expect=302
        ),
        # Safety plans (issue 12): the plan with its versions, and saving the next version from the one form.
        Scenario("safety plan", advocate, plan_page("safety:plan"), None, 12),
        Scenario("safety plan update form", advocate, plan_page("safety:update"), None, 12),
        Scenario("safety plan compare", advocate, plan_page("safety:compare"), None, 10),
        Scenario("saving a plan version", advocate, plan_page("safety:update"), 60, form=plan_update_form, expect=302),
        Scenario("my follow-ups", advocate, lambda: reverse("casework:tasks"), None, 10),
        # Housing (issue 13): the busiest board (the city's 60 beds), a bed's htmx panel, the review over 5 years.
        Scenario("housing programs", personas.housing, lambda: reverse("housing:programs"), None, 10),
        Scenario("bed board", personas.housing, program_page("housing:board"), 60, 12),  # QUALITY.md: 60 beds
        Scenario("bed panel (htmx)", personas.housing, occupied_bed_panel, None, 16, htmx=True),
        Scenario("waitlist", personas.housing, program_page("housing:waitlist"), None, 14),
        Scenario("a resident's housing", personas.housing, resident_page, None, 14),
        Scenario("program review (5 years)", personas.manager, program_page("housing:review", five_years), 300, 20),
        # QUALITY.md: saving an encounter (audit and history included) p95 <= 60 ms.
        Scenario(
            "quick add with a follow-up",
            advocate,
            person_page("casework:encounter_add"),
            60,
            form=quick_add_form,
            htmx=True,
        ),
        Scenario("members (admin)", personas.admin, lambda: reverse("accounts:members")),
        Scenario("approvals (supervisor)", supervisor, lambda: reverse("accounts:approvals")),
        Scenario("your profile (advocate)", advocate, lambda: reverse("profile")),
        Scenario("contact inbox (intake)", personas.intake, lambda: reverse("enquiries:contact_inbox")),
        Scenario("workshop sessions (intake)", personas.intake, lambda: reverse("workshops:intake_sessions")),
    ]


def time_page(scenario: Scenario, requests: int, *, warmups: int = 3) -> PageTiming:
    """Sign in, warm the page up, record one request's SQL, then time ``requests`` requests."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from waypoint.accounts.models import User

    client = Client()
    if scenario.persona:
        client.force_login(User.objects.get(email=scenario.persona))
    path = scenario.path()
    headers = {"HX-Request": "true"} if scenario.htmx else {}

    def fetch() -> Any:
        if scenario.form is None:
            return client.get(path, headers=headers)
        return client.post(path, scenario.form(), headers=headers)

    for _ in range(warmups):
        response = fetch()
        if response.status_code != scenario.expect:
            return PageTiming(path, [], 0, error=f"{path} answered {response.status_code}")
    statements: list[tuple[str, Any, bool]] = []
    spent: list[float] = []

    def remember(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params, many))
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    # Each request clears the query log when it starts; start the capture from an empty log.
    reset_queries()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(remember):
        fetch()
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
    return PageTiming(path, timings, len(queries.captured_queries), statements, sum(spent))


def measure(scenario: Scenario, requests: int) -> dict[str, Any]:
    page = time_page(scenario, requests)
    if page.error:
        return {"error": page.error}
    return {**summary(page.timings), "queries": page.queries}


def setup_django() -> None:
    """Django for a benchmark: demo mode (no MFA look-up), the test environment (testserver host, no mail)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    os.environ["WAYPOINT_DEMO"] = "1"
    import django

    django.setup()
    from django.template.base import Template
    from django.test.utils import _TestState, setup_test_environment

    setup_test_environment()
    # The test environment wraps every template render to send a signal and copy its context for the test
    # client to inspect: a cost production never pays, and one that grows with includes (a bed board renders
    # one per bed: 69 ms instrumented, 52 ms not). The bench measures the server, so it renders as it does.
    Template._render = _TestState.saved_data.template_render  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "waypoint_bench"
    print("Building the bench database and loading the demo…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failed = False
    try:
        from waypoint.demo import data

        call_command("createcachetable", verbosity=0)
        data.load()
        print(f"\n{'page':<32} {'median ms':>10} {'p95 ms':>8} {'target':>8} {'queries':>8}")
        for scenario in scenarios():
            result = measure(scenario, args.requests)
            if "error" in result:
                print(f"{scenario.label:<32} ERROR {result['error']}")
                failed = True
                continue
            target = f"{scenario.target_ms:.0f}" if scenario.target_ms else "-"
            over = scenario.target_ms is not None and result["p95"] > scenario.target_ms
            too_many = scenario.target_queries is not None and result["queries"] > scenario.target_queries
            flag = "  over target" if over or too_many else ""
            print(
                f"{scenario.label:<32} {result['median']:>10.1f} {result['p95']:>8.1f} {target:>8} {result['queries']:>8}{flag}"
            )
        print(f"\n{args.requests} requests per page after 3 warm-ups; server time through the test client.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
