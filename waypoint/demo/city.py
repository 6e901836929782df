"""The "city network" of QUALITY.md: the benchmark data set, fictional from end to end, loaded with COPY.

``build(size)`` fills a migrated, empty database with 25 agencies (one a partner),
500 staff and 25,000 ("small") or 250,000 ("full") survivor records with their care
teams, releases, safe contacts and break-the-glass grants, then 1,000,000 or
10,000,000 audit events chained exactly as ``audit.record`` chains them (keyed HMAC
under the current audit key), so ``manage.py audit_verify`` says OK. The demo's
learning hub is loaded through its own services on top.

What the app reads back is real: encrypted fields hold ciphertext made by the
model field itself (``get_db_prep_save``, the data key ring, no associated data),
``name_dob_index`` is the agency's blind index from ``people.rules``, case
numbers continue from ``CaseSequence``. Names are fictional (the demo's word lists
and its Faker locales) and every one is marked "(fictional)".

How it stays fast (see docs/scaling.md for the figures):

* every table is written with ``COPY`` through the Django connection's psycopg
  cursor, in statements of ``BATCH`` rows: the pghistory triggers on the survivor
  tables are AFTER ROW triggers, queued until the end of each statement, so one
  huge COPY would hold them all in memory. History rows are written for generated
  records, as for any other insert, so a generated record's history reads "added";
* the audit table's secondary indexes and unique constraints, whatever the
  migrations made, are dropped for the load and rebuilt from their own catalog
  definitions inside the same transaction (a failed load rolls back to the table
  as it was); maintaining the five b-trees it had then, row by row, made the COPY
  four times slower. The primary key stays, so sequence numbers cannot repeat;
* one password hash, made once, is shared by every staff account.

Each domain that gains tables adds one function here (one table family, with a
docstring) and calls it from ``build``. Sign-ins are predictable: ``PERSONAS``.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import enum
import hmac
import itertools
import json
import random
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pghistory.trigger
import pgtrigger
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import Role
from waypoint.audit.models import Event
from waypoint.audit.services import CHAIN_LOCK, GENESIS, _hashed_fields, audit_keys, event_hash
from waypoint.core.fields import EncryptedField
from waypoint.demo.housing import (
    CRISIS_FOR,
    FOREVER,
    HOME_FOR,
    SimBed,
    SimEpisode,
    SimPerson,
    SimProgram,
    simulate,
)
from waypoint.demo.people import ALIASES, LANGUAGES, PURPOSES, RECIPIENTS
from waypoint.housing.choices import ProgramKind
from waypoint.housing.models import (
    Bed,
    BedOutage,
    BedUse,
    Episode,
    Hold,
    Program,
    ProgramStaff,
    Room,
    Site,
    Stay,
    WaitlistEntry,
)
from waypoint.housing.services import NOON
from waypoint.people.models import (
    AgeBand,
    BreakGlassGrant,
    CareRole,
    CareTeamMember,
    CaseSequence,
    ClosureReason,
    HowGiven,
    IndigenousIdentity,
    Person,
    Release,
    SafeContact,
    Status,
)
from waypoint.people.rules import name_dob_index, release_latest_expiry

VERSION = 6  # bump when the generator's output changes: `make bench-scale` then rebuilds
DOMAIN = "city.waypoint.test"
# One password for every fictional staff account of the city; printed by the command. Never in production.
CITY_PASSWORD = "waypoint-city-2026"  # noqa: S105 - fictional benchmark accounts only
BUILT_ACTION = "city.built"
BATCH = 5_000
HISTORY_SPAN = datetime.timedelta(days=5 * 365)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Size:
    name: str
    agencies: int  # the last one is the partner
    staff: int
    people: int
    events: int


SIZES = {
    "tiny": Size("tiny", 2, 20, 200, 2_000),  # for the tests
    "small": Size("small", 25, 500, 25_000, 1_000_000),
    "full": Size("full", 25, 500, 250_000, 10_000_000),
}


def email(role: str, number: int) -> str:
    return f"{role}-{number:03d}@{DOMAIN}"


@dataclass(frozen=True)
class Personas:
    """The sign-ins a benchmark uses; the same shape as the demo's (bench/run.py)."""

    advocate: str  # exactly 60 active people, no emergency access
    supervisor: str  # supervises the advocate's agency
    admin: str
    intake: str
    housing: str  # staff of the advocate's agency's programs, on the care team of the 60 beds' residents
    manager: str  # program manager of the same agency (the housing review)


PERSONAS = Personas(
    advocate=email("advocate", 1),
    supervisor=email("supervisor", 1),
    admin=email("admin", 1),
    intake=email("intake", 1),
    housing=email("housing", 1),
    manager=email("manager", 1),
)
BENCH_CASELOAD = 60

ROLE_SLUGS = {
    Role.ADVOCATE: "advocate",
    Role.HOUSING_STAFF: "housing",
    Role.SUPERVISOR: "supervisor",
    Role.PROGRAM_MANAGER: "manager",
    Role.INTAKE: "intake",
    Role.AGENCY_ADMIN: "admin",
    Role.PARTNER: "partner",
}
# The roles of an agency's staff, in hiring order: any prefix holds one of each role early on.
STAFF_PATTERN = [
    Role.ADVOCATE,
    Role.SUPERVISOR,
    Role.HOUSING_STAFF,
    Role.INTAKE,
    Role.AGENCY_ADMIN,
    Role.PROGRAM_MANAGER,
    Role.ADVOCATE,
    Role.ADVOCATE,
    Role.HOUSING_STAFF,
    Role.ADVOCATE,
    Role.ADVOCATE,
    Role.SUPERVISOR,
    Role.ADVOCATE,
    Role.INTAKE,
    Role.ADVOCATE,
    Role.AGENCY_ADMIN,
    Role.HOUSING_STAFF,
    Role.ADVOCATE,
    Role.ADVOCATE,
    Role.ADVOCATE,
]
PLACES = [
    "Harbourview",
    "Riverside",
    "Lakeshore",
    "Maple Ridge",
    "Cedar Hill",
    "Northgate",
    "Eastbrook",
    "Westfield",
    "Stonebridge",
    "Willow Creek",
    "Pinecrest",
    "Bayside",
    "Elmwood",
    "Foxglove",
    "Glenview",
    "Hillcrest",
    "Ironwood",
    "Juniper Park",
    "Kingsway",
    "Larkspur",
    "Meadowvale",
    "Oakridge",
    "Parkdale",
    "Queensbridge",
]
SERVICES = ["Outreach", "Community Support", "Safe Passage Services", "Women's Centre", "Youth Services"]
TIME_ZONES = ["America/Toronto"] * 5 + ["America/Winnipeg", "America/Halifax", "America/Vancouver"]
GRANT_REASONS = [
    "Hospital called after hours; the lead advocate was off shift.",
    "Police liaison asked for the safe contact during a crisis call.",
    "Shelter intake at night needed the safety plan summary.",
    "The person came to the drop-in asking for their advocate, who was away.",
]
REVOKE_REASONS = ["The person chose to stop sharing.", "The person asked us to stop; recorded on the phone."]
GENDERS = ["woman", "non-binary", "two-spirit", "trans woman", "man", ""]
IMMIGRATION = ["citizen", "permanent resident", "refugee claimant", "temporary permit", ""]
ACCESSIBILITY = ["Prefers written notes", "Wheelchair user; ground floor only", "Hard of hearing; text first", ""]
CLOSURE_REASONS = list(ClosureReason.values)
INDIGENOUS = [*IndigenousIdentity.values, "", ""]
CATEGORY_SETS = [["identity", "legal"], ["health", "identity"], ["contact", "housing", "identity"]]


@dataclass
class Staff:
    id: uuid.UUID
    key: str
    email: str
    role: str
    agency: int


@dataclass
class City:
    """What one family of tables hands the next (ids, owners, dates), and the figures printed."""

    size: Size
    rng: random.Random
    now: datetime.datetime
    say: Callable[[str], None]
    agencies: list[Agency] = field(default_factory=list)
    agency_keys: list[str] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    by_role: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    # People, as parallel lists in order of creation (so "everyone created before t" is a prefix).
    person_id: list[uuid.UUID] = field(default_factory=list)
    person_key: list[str] = field(default_factory=list)
    person_agency: list[int] = field(default_factory=list)
    person_created: list[datetime.datetime] = field(default_factory=list)
    person_closed: list[datetime.datetime | None] = field(default_factory=list)
    person_lead: list[int] = field(default_factory=list)  # staff index; -1: nobody yet
    person_status: list[str] = field(default_factory=list)
    # Audit events owed by the records written (ts in microseconds, action, actor, agency, type, id, purpose, detail).
    events: list[tuple[int, str, str | None, str | None, str, str, str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def staff_of(self, agency: int, role: str) -> list[int]:
        return self.by_role.get((agency, role), [])

    def service_agencies(self) -> range:
        return range(self.size.agencies - 1)

    def owe(
        self,
        when: datetime.datetime,
        action: str,
        *,
        actor: int | None,
        agency: int,
        target: str,
        target_id: str,
        purpose: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            (
                _micros(when),
                action,
                self.staff[actor].key if actor is not None else None,
                self.agency_keys[agency],
                target,
                target_id,
                purpose,
                json.dumps(detail or {}, sort_keys=True),
            )
        )

    def done(self, table: str, rows: int, started: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + time.monotonic() - started
        self.say(
            f"  {table:<28} {rows:>12,} rows {time.monotonic() - started:>8.1f} s"
            f"   (elapsed {time.monotonic() - self.started:,.0f} s)"
        )


def _micros(when: datetime.datetime) -> int:
    delta = when - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _between(rng: random.Random, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
    if end <= start:
        return start
    return start + datetime.timedelta(microseconds=rng.randrange(_micros(end) - _micros(start)))


# --- writing ---------------------------------------------------------------------------------


def _needs_prep(f: models.Field[Any, Any]) -> bool:
    """Fields whose Python value is not what the column stores (ciphertext, arrays, JSON)."""
    return isinstance(f, EncryptedField | ArrayField | models.JSONField)


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], *, batch: int = BATCH) -> int:
    """COPY dicts keyed by attribute name into the model's table, ``batch`` rows per statement.

    A column the row leaves out gets the field's default, so a column added later with a
    default needs no change here; one without a default fails loudly (NOT NULL). Encrypted
    fields, arrays and JSON go through the field's own ``get_db_prep_save``, as ``save()`` does.
    """
    # Serial keys (pghistory's pgh_id) come from their sequence.
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    plan = [(f.attname, f, _needs_prep(f)) for f in fields]
    connection.ensure_connection()
    raw: Any = connection.connection
    pending: list[list[Any]] = []
    written = 0

    def flush() -> None:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for values in pending:
                copy.write_row(values)
        pending.clear()

    for row in rows:
        values = []
        for attname, f, prep in plan:
            value = row[attname] if attname in row else f.get_default()
            if prep and value is not None:
                value = f.get_db_prep_save(value, connection)
            elif isinstance(value, enum.Enum):
                value = value.value  # a choice: psycopg would write an enum's name
            values.append(value)
        pending.append(values)
        written += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return written


def _insert_history_triggers(model: type[models.Model]) -> list[tuple[str, Any]]:
    """(trigger name, event model) of the pghistory triggers that snapshot the model's inserts."""
    return [
        (trigger.get_pgid(tracked), trigger.event_model)
        for tracked, trigger in pgtrigger.registered()
        if tracked is model and isinstance(trigger, pghistory.trigger.Event) and trigger.label == "insert"
    ]


@contextlib.contextmanager
def history_in_one_statement(model: type[models.Model], *, at: str = "") -> Iterator[None]:
    """Write the model's "insert" history for the rows loaded inside, in one INSERT ... SELECT.

    pghistory's row triggers cost seven times the COPY itself (a PL/pgSQL call and an
    indexed insert per row). Inside, they are skipped through pgtrigger's own switch
    (``pgtrigger.ignore``, local to the transaction, so nothing needs re-enabling and
    other sessions are untouched); afterwards the same snapshot rows the triggers would
    have written (same columns, label, object id, NOW(), context) come from one statement.
    ``at`` names a column of the model to date the snapshots by instead of NOW().
    """
    with skip_insert_history(model):
        yield
    with connection.cursor() as cursor:
        cursor.execute(history_rows_sql(model, at=at))


@contextlib.contextmanager
def skip_insert_history(*tracked: type[models.Model]) -> Iterator[None]:
    """Inside, the models' pghistory "insert" triggers do nothing (for this transaction only).

    Through pgtrigger's own switch set with ``set_config``: ``pgtrigger.ignore()`` works by
    rewriting the statements Django runs, which a ``COPY`` (``copy_rows``) never passes through.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Skipping history triggers needs a transaction around the load.")
    names = [name for model in tracked for name, _event in _insert_history_triggers(model)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"])
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def history_rows_sql(model: type[models.Model], *, at: str = "") -> str:
    """One INSERT ... SELECT of the "insert" snapshots the triggers would have written for the model's rows
    that have none yet, dated NOW() (as the triggers date them) or by the row's own column ``at``."""
    quote = connection.ops.quote_name
    tracked = {f.name for f in model._meta.fields}
    statements = []
    for _name, event_model in _insert_history_triggers(model):
        columns = {
            str(f.column): f"t.{quote(str(f.column))}"
            for f in event_model._meta.fields
            if f.concrete and not isinstance(f, models.AutoField) and f.name in tracked
        }
        columns.update(pgh_created_at=f"t.{quote(at)}" if at else "NOW()", pgh_label="'insert'")
        if hasattr(event_model, "pgh_obj"):
            columns["pgh_obj_id"] = f"t.{quote(str(model._meta.pk.column))}"
        if hasattr(event_model, "pgh_context"):
            # Once for the statement (an init plan), as a statement-level trigger would.
            columns["pgh_context_id"] = "(SELECT _pgh_attach_context())"
        events = quote(event_model._meta.db_table)
        table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))
        names, values = ", ".join(quote(c) for c in columns), ", ".join(columns.values())
        # Identifiers come from the models' own metadata, quoted; no value is interpolated.
        insert = f"INSERT INTO {events} ({names}) SELECT {values} FROM {table} t"  # noqa: S608
        missing = f"NOT EXISTS (SELECT 1 FROM {events} e WHERE e.pgh_obj_id = t.{pk})"  # noqa: S608
        statements.append(f"{insert} WHERE {missing}")
    return ";\n".join(statements)


@contextlib.contextmanager
def secondary_indexes_deferred(table: str) -> Iterator[None]:
    """Drop the table's unique constraints and plain indexes (not its primary key); rebuild them after.

    Runs inside the caller's transaction: if the load fails, the rollback brings them back.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Dropping indexes for a load needs a transaction around it.")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = %s::regclass AND NOT indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        for _name, definition in indexes:
            cursor.execute(definition)


# --- the families of tables ------------------------------------------------------------------


def fictional_names(seed: int) -> tuple[list[str], list[str]]:
    """First and last names drawn from the demo's Faker locales (en_CA, fr_CA); combined at random."""
    from faker import Faker

    firsts: set[str] = set()
    lasts: set[str] = set()
    for offset, locale in enumerate(["en_CA", "fr_CA"]):
        fake = Faker(locale)
        fake.seed_instance(seed + offset)
        for _ in range(400):
            firsts.add(fake.first_name())
            lasts.add(fake.last_name())
    return sorted(firsts), sorted(lasts)


def fictional_name(rng: random.Random, names: tuple[list[str], list[str]]) -> str:
    return f"{rng.choice(names[0])} {rng.choice(names[1])} (fictional)"


def agencies_and_staff(city: City, names: tuple[list[str], list[str]]) -> None:
    """Agencies (the last one a partner), staff accounts with one membership each, case sequences.

    Staff are numbered per role across the city in agency order, so ``advocate-001`` and
    ``supervisor-001`` work at the first agency. One password hash is shared by all.
    """
    rng, size, now = city.rng, city.size, city.now
    started = time.monotonic()
    agency_rows = []
    for a in range(size.agencies):
        partner = a == size.agencies - 1
        name = (
            "Citywide Legal Partners (fictional)"
            if partner
            else f"{PLACES[a % len(PLACES)]} {SERVICES[a % len(SERVICES)]} (fictional)"
        )
        agency = Agency(
            id=_uuid(rng),
            name=name,
            time_zone=TIME_ZONES[a % len(TIME_ZONES)],
            retention_years=7,
            is_partner=partner,
        )
        city.agencies.append(agency)
        city.agency_keys.append(str(agency.id))
        agency_rows.append(
            {
                "id": agency.id,
                "name": name,
                "time_zone": agency.time_zone,
                "retention_years": 7,
                "is_partner": partner,
                "created_at": now - HISTORY_SPAN,
                "updated_at": now - HISTORY_SPAN,
            }
        )
    city.done("accounts_agency", copy_rows(Agency, agency_rows), started)

    started = time.monotonic()
    partner_staff = max(1, size.staff // 25)
    service = size.agencies - 1
    counts = [
        (size.staff - partner_staff) // service + (1 if a < (size.staff - partner_staff) % service else 0)
        for a in range(service)
    ]
    counts.append(partner_staff)
    numbers: dict[str, int] = {}
    password = make_password(CITY_PASSWORD)
    users, memberships = [], []
    for a, count in enumerate(counts):
        for j in range(count):
            role = Role.PARTNER if a == service else STAFF_PATTERN[j % len(STAFF_PATTERN)]
            slug = ROLE_SLUGS[role]
            numbers[slug] = numbers.get(slug, 0) + 1
            user_id = _uuid(rng)
            address = email(slug, numbers[slug])
            joined = now - datetime.timedelta(days=rng.randint(30, 5 * 365))
            city.by_role.setdefault((a, role), []).append(len(city.staff))
            city.staff.append(Staff(user_id, str(user_id), address, role, a))
            users.append(
                {
                    "id": user_id,
                    "email": address,
                    "display_name": fictional_name(rng, names),
                    "password": password,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": joined,
                    "created_at": joined,
                    "updated_at": joined,
                }
            )
            memberships.append(
                {
                    "id": _uuid(rng),
                    "user_id": user_id,
                    "agency_id": city.agencies[a].id,
                    "role": role,
                    "is_active": True,
                    "created_at": joined,
                    "updated_at": joined,
                }
            )
    city.done("accounts_user", copy_rows(User, users), started)
    started = time.monotonic()
    city.done("accounts_membership", copy_rows(Membership, memberships), started)


def _caseloads(city: City, a: int, people: int) -> list[tuple[int, int]]:
    """(advocate, how many open records) for agency ``a``: about 60 each, exactly 60 for the bench advocate."""
    advocates = city.staff_of(a, Role.ADVOCATE)
    budget = int(people * 0.6)
    loads: list[tuple[int, int]] = []
    for advocate in advocates:
        wanted = BENCH_CASELOAD if city.staff[advocate].email == PERSONAS.advocate else city.rng.randint(55, 65)
        loads.append((advocate, wanted))
    reserved = sum(n for s, n in loads if city.staff[s].email == PERSONAS.advocate)
    others = sum(n for s, n in loads if city.staff[s].email != PERSONAS.advocate)
    if reserved + others > budget and others:
        share = max(0, budget - reserved) / others
        loads = [(s, n if city.staff[s].email == PERSONAS.advocate else int(n * share)) for s, n in loads]
    return loads


def people(city: City, names: tuple[list[str], list[str]]) -> None:
    """Survivor records (Person) and each agency's CaseSequence.

    Records are spread over five years; the open ones (about 60 per advocate, plus a few
    referrals nobody holds yet) are among the most recent, the rest are closed. Two in three
    people shared a legal name and date of birth (encrypted, with the agency's blind index).
    """
    rng, size, now = city.rng, city.size, city.now
    started = time.monotonic()
    service = list(city.service_agencies())
    per_agency = [size.people // len(service) + (1 if a < size.people % len(service) else 0) for a in service]
    # Creation order across the city: agencies interleaved, times increasing.
    order = [a for a in service for _ in range(per_agency[a])]
    rng.shuffle(order)
    first, last = now - HISTORY_SPAN, now - datetime.timedelta(days=3)
    step = (_micros(last) - _micros(first)) / max(1, len(order))
    positions: dict[int, list[int]] = {a: [] for a in service}
    for g, a in enumerate(order):
        positions[a].append(g)
    lead = [-1] * len(order)
    status = [Status.CLOSED.value] * len(order)
    for a in service:
        mine = positions[a]
        loads = _caseloads(city, a, len(mine))
        unassigned = max(1, len(mine) // 50)
        wanted = min(len(mine), sum(n for _s, n in loads) + unassigned)
        # Open records come from the most recent ones, with some older ones still open.
        pool = mine[-min(len(mine), int(wanted * 1.5) + 1) :]
        chosen = rng.sample(pool, wanted)
        cursor = 0
        for advocate, count in loads:
            bench = city.staff[advocate].email == PERSONAS.advocate
            for g in chosen[cursor : cursor + count]:
                lead[g] = advocate
                status[g] = Status.ACTIVE if bench else _open_status(rng)
            cursor += count
        for g in chosen[cursor:]:
            status[g] = Status.REFERRED
        advocates = city.staff_of(a, Role.ADVOCATE)
        for g in mine:
            if status[g] == Status.CLOSED and advocates:
                lead[g] = rng.choice(advocates)
    case_numbers = [0] * len(service)
    today_date = now.date()

    def rows() -> Iterator[dict[str, Any]]:
        for g, a in enumerate(order):
            created = EPOCH + datetime.timedelta(microseconds=int(_micros(first) + (g + rng.random()) * step))
            person_id = _uuid(rng)
            case_numbers[a] += 1
            n = case_numbers[a]
            alias = ALIASES[n % len(ALIASES)] + ("" if n <= len(ALIASES) else f" {n // len(ALIASES) + 1}")
            shares = rng.random() < 2 / 3
            legal_name = fictional_name(rng, names) if shares else ""
            born = today_date - datetime.timedelta(days=rng.randint(16 * 365, 60 * 365)) if shares else None
            closed = status[g] == Status.CLOSED
            reason = rng.choice(CLOSURE_REASONS)
            # Closed at least two days ago in every time zone, so the lead's place has ended for the gate too.
            latest_close = now - datetime.timedelta(days=2)
            closed_at = (
                _between(rng, min(created + datetime.timedelta(days=14), latest_close), latest_close)
                if closed
                else None
            )
            pending = (
                status[g] == Status.ACTIVE
                and lead[g] >= 0
                and city.staff[lead[g]].email != PERSONAS.advocate
                and rng.random() < 0.03
            )
            creator = lead[g] if lead[g] >= 0 else _first(city.staff_of(a, Role.INTAKE))
            city.person_id.append(person_id)
            city.person_key.append(str(person_id))
            city.person_agency.append(a)
            city.person_created.append(created)
            city.person_closed.append(closed_at)
            city.person_lead.append(lead[g])
            city.person_status.append(status[g])
            declined = [] if shares else ["date_of_birth", "legal_name"]
            initial = Status.REFERRED if status[g] == Status.REFERRED else Status.ACTIVE
            city.owe(
                created,
                "person.created",
                actor=creator,
                agency=a,
                target="people.person",
                target_id=str(person_id),
                detail={"declined": len(declined), "status": str(initial)},
            )
            if closed_at is not None:
                supervisor = _first(city.staff_of(a, Role.SUPERVISOR))
                city.owe(
                    closed_at,
                    "person.closed",
                    actor=supervisor,
                    agency=a,
                    target="people.person",
                    target_id=str(person_id),
                    detail={"reason": reason},
                )
            yield {
                "id": person_id,
                "agency_id": city.agencies[a].id,
                "alias": f"{alias} (fictional)",
                "case_number": f"WP-{created.year}-{n:05d}",
                "status": status[g],
                "legal_name": legal_name,
                "date_of_birth": born,
                "age_band": _age_band(born, today_date) if born else rng.choice([AgeBand.PREFER_NOT, ""]),
                "pronouns": rng.choice(["she/her", "they/them", "he/him", "elle", ""]),
                "gender": rng.choice(GENDERS) if shares else "",
                "languages": rng.choice(LANGUAGES),
                "interpreter": rng.choice(["no", "no", "yes", ""]),
                "indigenous_identity": rng.choice(INDIGENOUS),
                "immigration_status": rng.choice(IMMIGRATION),
                "accessibility_needs": rng.choice(ACCESSIBILITY),
                "declined": declined,
                "name_dob_index": name_dob_index(legal_name, born, agency_id=city.agencies[a].id),
                "closure_reason": reason if closed or pending else "",
                "closure_requested_by_id": city.staff[lead[g]].id if (closed or pending) and lead[g] >= 0 else None,
                "closure_requested_at": (closed_at - datetime.timedelta(days=1))
                if closed_at
                else (now - datetime.timedelta(days=1) if pending else None),
                "closed_at": closed_at,
                "created_by_id": city.staff[creator].id if creator is not None else None,
                "created_at": created,
                "updated_at": closed_at or created,
            }

    with history_in_one_statement(Person):
        written = copy_rows(Person, rows())
    city.done("people_person", written, started)
    started = time.monotonic()
    sequences = [CaseSequence(agency=city.agencies[a], last_value=case_numbers[a]) for a in service]
    CaseSequence.objects.bulk_create(sequences)
    city.done("people_casesequence", len(sequences), started)


def _first(items: list[int]) -> int | None:
    return items[0] if items else None


def _open_status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.80:
        return Status.ACTIVE
    if roll < 0.87:
        return Status.REFERRED
    if roll < 0.95:
        return Status.DORMANT
    return Status.REOPENED


def _age_band(born: datetime.date, today: datetime.date) -> str:
    age = (today - born).days // 365
    for limit, band in [
        (16, AgeBand.UNDER_16),
        (18, AgeBand.AGE_16_17),
        (25, AgeBand.AGE_18_24),
        (35, AgeBand.AGE_25_34),
        (50, AgeBand.AGE_35_49),
    ]:
        if age < limit:
            return band
    return AgeBand.AGE_50_PLUS


def care_teams(city: City) -> None:
    """CareTeamMember: each open record's lead advocate (current), housing workers on some, and
    the ended places of closed records and of earlier advocates, so caseload queries skip past rows.
    """
    rng, now = city.rng, city.now
    started = time.monotonic()
    long_ago = now.date() - datetime.timedelta(days=2)

    def rows() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            a, lead, created = city.person_agency[g], city.person_lead[g], city.person_created[g]
            closed = city.person_closed[g]
            if lead < 0:
                continue
            since = created.date()
            until = closed.date() if closed else None
            yield _member(rng, person_id, city.staff[lead].id, CareRole.LEAD, since, until, created)
            housing = city.staff_of(a, Role.HOUSING_STAFF)
            if housing and rng.random() < 0.25:
                joined = _between(rng, created, closed or now - datetime.timedelta(days=2))
                worker = rng.choice(housing)
                member = _member(rng, person_id, city.staff[worker].id, CareRole.HOUSING, joined.date(), until, joined)
                city.owe(
                    joined,
                    "care_team.added",
                    actor=_first(city.staff_of(a, Role.SUPERVISOR)),
                    agency=a,
                    target="people.careteammember",
                    target_id=str(member["id"]),
                    detail={"role": CareRole.HOUSING.value},
                )
                yield member
            advocates = [s for s in city.staff_of(a, Role.ADVOCATE) if s != lead]
            if closed is None and advocates and rng.random() < 0.10:
                # An earlier advocate, reassigned: their place ended before the lead's began.
                before = rng.choice(advocates)
                ended = min(since - datetime.timedelta(days=1), long_ago)
                member = _member(
                    rng,
                    person_id,
                    city.staff[before].id,
                    CareRole.ADVOCATE,
                    ended - datetime.timedelta(days=rng.randint(30, 400)),
                    ended,
                    created,
                )
                city.owe(
                    datetime.datetime.combine(ended, datetime.time(17), datetime.UTC),
                    "care_team.ended",
                    actor=_first(city.staff_of(a, Role.SUPERVISOR)),
                    agency=a,
                    target="people.careteammember",
                    target_id=str(member["id"]),
                )
                yield member

    with history_in_one_statement(CareTeamMember):
        written = copy_rows(CareTeamMember, rows())
    city.done("people_careteammember", written, started)


def _member(
    rng: random.Random,
    person_id: uuid.UUID,
    user_id: uuid.UUID,
    role: str,
    since: datetime.date,
    until: datetime.date | None,
    created: datetime.datetime,
) -> dict[str, Any]:
    return {
        "id": _uuid(rng),
        "person_id": person_id,
        "user_id": user_id,
        "role": role,
        "since": since,
        "until": until,
        "created_at": created,
        "updated_at": created,
    }


def releases(city: City) -> None:
    """Release: consent for half the people, to the partner agency or an outside organisation;
    most older ones expired, a few revoked, verbal ones witnessed by a supervisor.
    """
    rng, now = city.rng, city.now
    started = time.monotonic()
    partner = city.agencies[-1]
    today = now.date()

    def rows() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            if rng.random() >= 0.5:
                continue
            a, created, closed = city.person_agency[g], city.person_created[g], city.person_closed[g]
            given_at = _between(rng, created, closed or now - datetime.timedelta(days=1))
            given = min(given_at.date(), today)
            verbal = rng.random() < 0.25
            witness = _first(city.staff_of(a, Role.SUPERVISOR)) if verbal else None
            to_partner = rng.random() < 0.3
            revoked = rng.random() < 0.05
            expires = release_latest_expiry(given) if rng.random() < 0.7 else given + datetime.timedelta(days=180)
            revoked_at = _between(rng, given_at, min(now, given_at + datetime.timedelta(days=150))) if revoked else None
            categories = CATEGORY_SETS[g % len(CATEGORY_SETS)]
            creator = city.person_lead[g] if city.person_lead[g] >= 0 else _first(city.staff_of(a, Role.SUPERVISOR))
            release_id = _uuid(rng)
            city.owe(
                given_at,
                "release.created",
                actor=creator,
                agency=a,
                target="people.release",
                target_id=str(release_id),
                detail={
                    "person": str(person_id),
                    "categories": len(categories),
                    "how": "verbal" if verbal else "signed",
                },
            )
            yield {
                "id": release_id,
                "person_id": person_id,
                "recipient_agency_id": partner.id if to_partner else None,
                "recipient_name": "" if to_partner else RECIPIENTS[g % len(RECIPIENTS)],
                "purpose": PURPOSES[g % len(PURPOSES)],
                "categories": categories,
                "given_on": given,
                "how_given": HowGiven.VERBAL if verbal else HowGiven.SIGNED,
                "witness_id": city.staff[witness].id if witness is not None else None,
                "expires_on": expires,
                "revoked_at": revoked_at,
                "revoked_reason": rng.choice(REVOKE_REASONS) if revoked else "",
                "created_by_id": city.staff[creator].id if creator is not None else None,
                "created_at": given_at,
                "updated_at": revoked_at or given_at,
            }

    with history_in_one_statement(Release):
        written = copy_rows(Release, rows())
    city.done("people_release", written, started)


def safe_contacts(city: City) -> None:
    """SafeContact: how and when it is safe to reach the person, for most open and some closed records."""
    rng, now = city.rng, city.now
    started = time.monotonic()

    def rows() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            closed = city.person_closed[g]
            if rng.random() >= (0.4 if closed else 0.75):
                continue
            a, created = city.person_agency[g], city.person_created[g]
            channel = ["text", "call", "email", "in_person"][g % 4]
            value = {
                "text": f"+1 555 01{g % 100:02d}",
                "call": f"+1 555 02{g % 100:02d}",
                "email": f"city{g}@example.invalid",
                "in_person": "Drop-in centre, back room (fictional)",
            }[channel]
            made = _between(rng, created, closed or now - datetime.timedelta(days=1))
            creator = city.person_lead[g] if city.person_lead[g] >= 0 else _first(city.staff_of(a, Role.INTAKE))
            contact_id = _uuid(rng)
            city.owe(
                made,
                "safe_contact.created",
                actor=creator,
                agency=a,
                target="people.safecontact",
                target_id=str(contact_id),
                detail={"person": str(person_id), "channel": channel},
            )
            yield {
                "id": contact_id,
                "person_id": person_id,
                "channel": channel,
                "value": value,
                "safe_days": [0, 1, 2, 3, 4] if g % 2 else [1, 3, 5],
                "safe_from": datetime.time(10),
                "safe_until": datetime.time(16),
                "may_leave_message": g % 5 == 0,
                "code_word": rng.choice(["lighthouse", "blue kettle", "sparrow", ""]),
                "verified_on": min(made.date() + datetime.timedelta(days=rng.randint(0, 90)), now.date()),
                "created_by_id": city.staff[creator].id if creator is not None else None,
                "created_at": made,
                "updated_at": made,
            }

    with history_in_one_statement(SafeContact):
        written = copy_rows(SafeContact, rows())
    city.done("people_safecontact", written, started)


def break_glass_grants(city: City) -> None:
    """BreakGlassGrant: emergency access by a colleague outside the care team, for about 2% of the
    people; most ran out long ago (some ended early by a supervisor), a few are running now.
    Never held by the bench advocate, whose gate must show exactly their caseload.
    """
    rng, now = city.rng, city.now
    started = time.monotonic()
    hours = datetime.timedelta(hours=settings.WAYPOINT_BREAK_GLASS_HOURS)

    def rows() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            if rng.random() >= 0.02:
                continue
            a, created, closed = city.person_agency[g], city.person_created[g], city.person_closed[g]
            colleagues = [
                s
                for role in (Role.ADVOCATE, Role.HOUSING_STAFF)
                for s in city.staff_of(a, role)
                if s != city.person_lead[g] and city.staff[s].email != PERSONAS.advocate
            ]
            if not colleagues:
                continue
            holder = rng.choice(colleagues)
            running = closed is None and rng.random() < 0.05
            starts = (
                now - datetime.timedelta(minutes=rng.randint(5, 180))
                if running
                else _between(rng, created, (closed or now) - hours)
            )
            ended = (
                None if running or rng.random() >= 0.1 else starts + datetime.timedelta(minutes=rng.randint(20, 120))
            )
            supervisor = _first(city.staff_of(a, Role.SUPERVISOR))
            grant_id = _uuid(rng)
            city.owe(
                starts,
                "break_glass.granted",
                actor=holder,
                agency=a,
                target="people.breakglassgrant",
                target_id=str(grant_id),
                purpose="break_glass",
                detail={"person": str(person_id), "hours": settings.WAYPOINT_BREAK_GLASS_HOURS},
            )
            yield {
                "id": grant_id,
                "person_id": person_id,
                "user_id": city.staff[holder].id,
                "reason": rng.choice(GRANT_REASONS),
                "starts_at": starts,
                "expires_at": starts + hours,
                "ended_at": ended,
                "ended_by_id": city.staff[supervisor].id if ended and supervisor is not None else None,
                "created_at": starts,
                "updated_at": ended or starts,
            }

    with history_in_one_statement(BreakGlassGrant):
        written = copy_rows(BreakGlassGrant, rows())
    city.done("people_breakglassgrant", written, started)


CASEWORK_SPAN = datetime.timedelta(days=2 * 365)
ENCOUNTERS_PER_PERSON = (5, 35)  # uniform: 20 on average
CASEWORK_SEED = 2027  # its own stream: the tables made before and after it stay as they were
TIMELINE_BENCH_ENCOUNTERS = 480  # with its goals and done follow-ups, over 500 timeline events


def casework(city: City) -> None:
    """Encounter (about 20 a person, over the last two years of each record's life) with one
    EncounterStaff row each (the author), Goal (about 1.5 a person) and GoalStep (one to three a
    goal), and Task: a follow-up for about one encounter in five (done, open, a few overdue).

    Each agency gets the default life domains first (a post_save signal seeds them for agencies
    made by ``save()``; COPY sends no signal). Texts are the demo's own (``demo.casework``),
    encrypted by the model fields as every other encrypted column here. The bench advocate's
    first person has contact most days, so the timeline benchmark has its 500 events.

    These rows owe no audit events: the chain keeps the size and mix it had (5,000,000 more
    "encounter.created" events at full size would have to be held and sorted in memory), and
    nothing reads casework events back from the chain. A separate random stream keeps every
    other table as it was. History snapshots are dated by each row's ``created_at``.
    """
    from waypoint.casework.domains import seed_defaults
    from waypoint.casework.models import (
        Encounter,
        EncounterKind,
        EncounterStaff,
        Goal,
        GoalStep,
        LifeDomain,
        Task,
        TaskSource,
    )
    from waypoint.casework.services.tasks import follow_up_title
    from waypoint.demo.casework import GOALS, KIND_WEIGHTS, KINDS, OWN_WORDS, STEPS, SUMMARIES

    rng, now = random.Random(CASEWORK_SEED), city.now  # noqa: S311 - fictional data
    started = time.monotonic()
    for agency in city.agencies:
        seed_defaults(agency)
    domains: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
    for agency_id, key, pk in LifeDomain.objects.values_list("agency_id", "key", "pk"):
        domains.setdefault(agency_id, {})[key] = pk
    city.done("casework_lifedomain", LifeDomain.objects.count(), started)

    today = now.date()
    bench = next(
        (
            g
            for g, s in enumerate(city.person_lead)
            if s >= 0 and city.staff[s].email == PERSONAS.advocate and city.person_closed[g] is None
        ),
        -1,
    )
    kinds = [kind for kind, _places, _minutes in KINDS]
    kind_labels = {kind: str(EncounterKind(kind).label) for kind in kinds}
    summaries = {kind: SUMMARIES[kind] for kind in kinds}
    places = {kind: places for kind, places, _minutes in KINDS}
    lengths = {kind: minutes for kind, _places, minutes in KINDS}
    domain_keys = [key for key, _words in GOALS]
    # (person index, encounter id, kind, author staff index, occurred, created) of one encounter in five.
    follow_ups: list[tuple[int, uuid.UUID, str, int, datetime.datetime, datetime.datetime]] = []

    def author_of(g: int) -> int | None:
        a, lead = city.person_agency[g], city.person_lead[g]
        advocates = city.staff_of(a, Role.ADVOCATE)
        if lead >= 0 and (rng.random() < 0.85 or not advocates):
            return lead
        return rng.choice(advocates) if advocates else None

    def encounters() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            created, closed = city.person_created[g], city.person_closed[g]
            end = closed or now - datetime.timedelta(hours=2)
            start = max(created, end - CASEWORK_SPAN)
            count = TIMELINE_BENCH_ENCOUNTERS if g == bench else rng.randint(*ENCOUNTERS_PER_PERSON)
            agency_domains = domains[city.agencies[city.person_agency[g]].id]
            for _ in range(count):
                author = author_of(g)
                if author is None:
                    break
                kind = rng.choices(kinds, weights=KIND_WEIGHTS)[0]
                occurred = _between(rng, start, end)
                made = min(occurred + datetime.timedelta(minutes=rng.randint(10, 180)), now)
                low, high = lengths[kind]
                encounter_id = _uuid(rng)
                roll = rng.random()
                if roll < 0.2:
                    follow_ups.append((g, encounter_id, kind, author, occurred, made))
                yield {
                    "id": encounter_id,
                    "agency_id": city.agencies[city.person_agency[g]].id,
                    "person_id": person_id,
                    "kind": kind,
                    "occurred_at": occurred,
                    "duration_minutes": rng.randint(low, high) if roll < 0.8 else None,
                    "place_kind": rng.choice(places[kind]),
                    "summary": rng.choice(summaries[kind]) if rng.random() < 0.85 else "",
                    "own_words": rng.choice(OWN_WORDS) if rng.random() < 0.35 else "",
                    "needs": [agency_domains[rng.choice(domain_keys)]] if roll < 0.6 else [],
                    "author_id": city.staff[author].id,
                    "created_at": made,
                    "updated_at": made,
                }

    started = time.monotonic()
    table, staff_table = Encounter._meta.db_table, EncounterStaff._meta.db_table
    with history_in_one_statement(Encounter, at="created_at"):
        written = copy_rows(Encounter, encounters())
    city.done("casework_encounter", written, started)
    started = time.monotonic()
    with connection.cursor() as cursor:
        # One row a contact, the author: written by the database from the rows just copied.
        cursor.execute(
            f"INSERT INTO {staff_table} (id, encounter_id, user_id, created_at, updated_at) "  # noqa: S608
            f"SELECT gen_random_uuid(), id, author_id, created_at, created_at FROM {table}"
        )
        staff_rows = cursor.rowcount
    city.done("casework_encounterstaff", staff_rows, started)

    started = time.monotonic()
    steps: list[tuple[int, uuid.UUID, datetime.datetime, datetime.datetime]] = []
    statuses = ["working"] * 6 + ["paused", "reached", "reached", "not_wanted"]

    def goals() -> Iterator[dict[str, Any]]:
        for g, person_id in enumerate(city.person_id):
            wanted = 6 if g == bench else rng.choice([0, 1, 1, 2, 2, 3])
            if wanted == 0 or city.person_lead[g] < 0:
                continue
            created, closed = city.person_created[g], city.person_closed[g]
            end = closed or now - datetime.timedelta(days=1)
            agency_domains = domains[city.agencies[city.person_agency[g]].id]
            for domain, words in rng.sample(GOALS, wanted):
                made = _between(rng, max(created, end - CASEWORK_SPAN), end)
                reviewed = _between(rng, made, end)
                goal_id = _uuid(rng)
                for _ in range(rng.randint(1, 3)):
                    steps.append((g, goal_id, made, end))
                yield {
                    "id": goal_id,
                    "agency_id": city.agencies[city.person_agency[g]].id,
                    "person_id": person_id,
                    "domain_id": agency_domains[domain],
                    "words": words,
                    "status": rng.choice(statuses) if closed is None else rng.choice(["reached", "not_wanted"]),
                    "reviewed_on": reviewed.date(),
                    "created_by_id": city.staff[city.person_lead[g]].id,
                    "created_at": made,
                    "updated_at": reviewed,
                }

    with history_in_one_statement(Goal, at="created_at"):
        written = copy_rows(Goal, goals())
    city.done("casework_goal", written, started)

    started = time.monotonic()

    def goal_steps() -> Iterator[dict[str, Any]]:
        for g, goal_id, made, end in steps:
            text, who = rng.choice(STEPS)
            due = _between(rng, made, end + datetime.timedelta(days=30)).date()
            done = _between(rng, made, end) if due < today and rng.random() < 0.7 else None
            yield {
                "id": _uuid(rng),
                "goal_id": goal_id,
                "person_id": city.person_id[g],
                "text": text,
                "who": who,
                "due_on": due if rng.random() < 0.8 else None,
                "done_at": done,
                "created_at": made,
                "updated_at": done or made,
            }

    with history_in_one_statement(GoalStep, at="created_at"):
        written = copy_rows(GoalStep, goal_steps())
    city.done("casework_goalstep", written, started)
    steps.clear()

    started = time.monotonic()

    def tasks() -> Iterator[dict[str, Any]]:
        for g, encounter_id, kind, author, occurred, made in follow_ups:
            due = (occurred + datetime.timedelta(days=rng.randint(2, 14))).date()
            closed = city.person_closed[g]
            # Most follow-ups past their date were done; some were not (overdue); those ahead are open.
            done = None
            if closed is not None or (due < today and rng.random() < 0.93):
                done = min(datetime.datetime.combine(due, datetime.time(15), datetime.UTC), closed or now)
            yield {
                "id": _uuid(rng),
                "agency_id": city.agencies[city.person_agency[g]].id,
                "person_id": city.person_id[g],
                "assignee_id": city.staff[author].id,
                "title": follow_up_title(kind_labels[kind], occurred.date()),
                "due_on": due,
                "done_at": done,
                "done_by_id": city.staff[author].id if done else None,
                "source": TaskSource.ENCOUNTER,
                "source_id": encounter_id,
                "created_by_id": city.staff[author].id,
                "created_at": made,
                "updated_at": done or made,
            }

    with history_in_one_statement(Task, at="created_at"):
        written = copy_rows(Task, tasks())
    city.done("casework_task", written, started)
    follow_ups.clear()


STAGES_SEED = 2028  # its own stream, like casework's
STAGE_SHARE = 0.5  # of the people with an advocate: stage check-ins in one to three parts of life
CHECK_INS_PER_DOMAIN = (3, 8)  # uniform
RULER_SHARE, URICA_SHARE = 0.25, 0.12  # of the people with check-ins: they take the ruler, URICA
STAGE_ROUND = 5_000  # people per round: their check-ins and responses are made together, copied, dropped


def stages(city: City) -> None:
    """InstrumentWording: URICA's placeholder wording (``instruments.placeholders``) for every service
    agency, imported by its first admin before the oldest response (the Vera TVIT keeps needing its
    wording); StageCheckIn: half the people with an advocate, in one to three parts of life, three to
    eight check-ins each over the last two years of the record, forward, staying and back to an earlier
    stage; Response: readiness rulers (a quarter of them, in the part of life of a check-in, which then
    has the stage the ruler suggests) and URICAs (one in eight, in their first part of life; the check-in
    says URICA when its suggestion is the stage), stored with ``instruments.services.scores_json``.

    Walks, answers and notes are the demo's (``demo.stages``). The wording imports owe their audit
    events; check-ins and responses owe none, like casework's rows. Both tables are made a round of
    people at a time, so memory stays flat, with their history dated by each row's ``created_at``.
    """
    from waypoint.casework.models import LifeDomain, StageCheckIn, StageSource
    from waypoint.demo.stages import (
        FIRST_DOMAINS,
        OTHER_DOMAINS,
        RETURNS,
        RETURNS_ELSEWHERE,
        RULER,
        URICA,
        note,
        ruler_answers,
        urica_answers,
        walk,
    )
    from waypoint.instruments import selectors
    from waypoint.instruments.journey import urica_stage
    from waypoint.instruments.models import InstrumentDefinition, InstrumentWording, Response
    from waypoint.instruments.placeholders import placeholder_wording
    from waypoint.instruments.services import parse_wording, scores_json

    rng, now = random.Random(STAGES_SEED), city.now  # noqa: S311 - fictional data
    started = time.monotonic()
    rows: dict[str, InstrumentDefinition] = {}
    for key in (RULER, URICA):
        offer = selectors.offer(city.agencies[0].id, key)
        assert offer is not None, f"the shipped definition {key} is synced after migrate"
        rows[key] = offer.row
    ruler, urica = rows[RULER].definition, rows[URICA].definition
    words = {str(n): item for n, item in sorted(parse_wording(urica, placeholder_wording(urica)).items())}
    imported = now - CASEWORK_SPAN - datetime.timedelta(days=30)
    wordings = []
    for a in city.service_agencies():
        admin = _first(city.staff_of(a, Role.AGENCY_ADMIN))
        wording_id = _uuid(rng)
        city.owe(
            imported,
            "instrument.wording_imported",
            actor=admin,
            agency=a,
            target="instruments.instrumentwording",
            target_id=str(wording_id),
            detail={"key": URICA, "version": rows[URICA].version},
        )
        wordings.append(
            {
                "id": wording_id,
                "agency_id": city.agencies[a].id,
                "definition_id": rows[URICA].id,
                "items": words,
                "imported_by_id": city.staff[admin].id if admin is not None else None,
                "imported_at": imported,
                "created_at": imported,
                "updated_at": imported,
            }
        )
    city.done("instruments_instrumentwording", copy_rows(InstrumentWording, wordings), started)

    started = time.monotonic()
    domains: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
    for agency_id, key, pk in LifeDomain.objects.values_list("agency_id", "key", "pk"):
        domains.setdefault(agency_id, {})[key] = pk
    ruler_scores: dict[tuple[int | None, ...], dict[str, Any]] = {}

    def response(
        g: int, key: str, answers: dict[int, int | None], scores: dict[str, Any], row: dict[str, Any]
    ) -> dict[str, Any]:
        """The questionnaire taken at the check-in ``row``, by its author."""
        return {
            "id": _uuid(rng),
            "agency_id": row["agency_id"],
            "person_id": city.person_id[g],
            "definition_id": rows[key].id,
            "domain_id": row["domain_id"] if key == RULER else None,
            "answers": {str(number): answer for number, answer in answers.items()},
            "scores": scores,
            "taken_on": row["on"],
            "author_id": row["author_id"],
            "created_at": row["created_at"],
            "updated_at": row["created_at"],
        }

    def person_rows(g: int, check_ins: list[dict[str, Any]], responses: list[dict[str, Any]]) -> None:
        a, lead = city.person_agency[g], city.person_lead[g]
        if lead < 0 or rng.random() >= STAGE_SHARE:
            return
        advocates = city.staff_of(a, Role.ADVOCATE)
        created, closed = city.person_created[g], city.person_closed[g]
        # A day back, so a check-in's date is today or before in every agency's time zone.
        end = closed or now - datetime.timedelta(days=1)
        start = max(created, end - CASEWORK_SPAN)
        agency_id = city.agencies[a].id
        first = rng.choice(FIRST_DOMAINS)
        wanted = rng.choice([1, 2, 2, 3])
        takes_ruler, takes_urica = rng.random() < RULER_SHARE, rng.random() < URICA_SHARE
        for n, domain in enumerate([first, *rng.sample([d for d in OTHER_DOMAINS if d != first], wanted - 1)]):
            count = rng.randint(*CHECK_INS_PER_DOMAIN)
            moments = sorted(_between(rng, start, end) for _ in range(count))
            for at, stage in zip(
                moments, walk(rng, count, returns=RETURNS.get(domain, RETURNS_ELSEWHERE)), strict=True
            ):
                author = lead if rng.random() < 0.85 or not advocates else rng.choice(advocates)
                row = {
                    "id": _uuid(rng),
                    "agency_id": agency_id,
                    "person_id": city.person_id[g],
                    "domain_id": domains[agency_id][domain],
                    "stage": stage,
                    "source": StageSource.WORKER,
                    "on": at.date(),
                    "note": note(rng, stage, 0.3),
                    "author_id": city.staff[author].id,
                    "created_at": at,
                    "updated_at": at,
                }
                answers = ruler_answers(rng, stage) if takes_ruler and rng.random() < 0.3 else None
                if answers is not None:
                    given = (answers[1], answers[2])
                    scores = ruler_scores.get(given) or ruler_scores.setdefault(given, scores_json(ruler, answers))
                    responses.append(response(g, RULER, answers, scores, row))
                    row["source"] = StageSource.RULER
                # URICA only once the agency has its wording (a closed record's older check-ins had none).
                elif takes_urica and n == 0 and at > imported and rng.random() < 0.4:
                    answers = urica_answers(rng, stage, urica)
                    scores = scores_json(urica, answers)
                    responses.append(response(g, URICA, answers, scores, row))
                    if urica_stage(scores["total"]) == stage:
                        row["source"] = StageSource.URICA
                check_ins.append(row)

    written = {"check_ins": 0, "responses": 0}
    response_seconds = 0.0
    with skip_insert_history(StageCheckIn, Response):
        for round_start in range(0, len(city.person_id), STAGE_ROUND):
            check_ins: list[dict[str, Any]] = []
            responses: list[dict[str, Any]] = []
            for g in range(round_start, min(round_start + STAGE_ROUND, len(city.person_id))):
                person_rows(g, check_ins, responses)
            written["check_ins"] += copy_rows(StageCheckIn, check_ins)
            copied = time.monotonic()
            written["responses"] += copy_rows(Response, responses)
            response_seconds += time.monotonic() - copied
    with connection.cursor() as cursor:
        cursor.execute(history_rows_sql(StageCheckIn, at="created_at"))
        copied = time.monotonic()
        cursor.execute(history_rows_sql(Response, at="created_at"))
        response_seconds += time.monotonic() - copied
    # Made together: the responses' line is their COPY and history; their scoring is in the check-ins' line.
    city.done("casework_stagecheckin", written["check_ins"], started + response_seconds)
    city.done("instruments_response", written["responses"], time.monotonic() - response_seconds)


SAFETY_SEED = 2029  # its own stream, like casework's
PLAN_SHARE = 1 / 3  # of the people with an advocate: a safety plan
VERSIONS_PER_PLAN = (1, 4)  # uniform, a wallet card's own version included
CHECK_INS_PER_PLAN = (0, 4)  # uniform: risk check-ins after the first version
CARD_SHARE, NOTHING_PRINTED_SHARE = 0.8, 0.03  # of the plans with two versions or more
REVIEWED_SHARE = 0.8  # of the open records' plans: the latest version within the review cadence
RAISED_SHARE = 0.2  # of the check-ins: one or two questions answered yes
SAFETY_ROUND = 5_000  # people per round, as for the stages


def safety(city: City) -> None:
    """SafetyPlan for a third of the people with an advocate; PlanVersion, one to four a plan over the
    last two years of the record: the first plan's sections (the emergency numbers and a few the person
    chose), then the wallet card most people choose at the same conversation (a version of its own, as
    ``card_save`` makes it; a few print nothing, with the reason), then revisions of a section or two,
    now and then not made with the person, with the reason; RiskCheckIn, none to four a plan after its
    first version, mostly no or not talked about, one in five with a yes. Four in five open records' plans
    were last reviewed within their cadence; the rest, and the closed records', are past their date.

    Sections, cards, answers and notes are the demo's (``demo.safety``), content in the JSON the services
    store, encrypted by the model fields. The review is due a cadence after the latest version (the
    agency's, or the plan's own), or on the day of a later check-in with a yes, as ``risk_check_in`` sets
    it; the rows are dated when they were made, so the caseload flags read them as they would have been.
    No audit events are owed, like casework's rows; a round of people at a time keeps memory flat.
    """
    from waypoint.demo.safety import (
        NOTHING_BECAUSE,
        WHY_NOT,
        check_in_answers,
        check_in_note,
        choose_card,
        due_on,
        first_sections,
        revise,
    )
    from waypoint.safety.diff import changed_keys
    from waypoint.safety.models import Answer, PlanVersion, RiskCheckIn, SafetyPlan
    from waypoint.safety.services import CARD, stored_json

    rng, now = random.Random(SAFETY_SEED), city.now  # noqa: S311 - fictional data
    started = time.monotonic()
    agency_days = {agency.id: agency.safety_review_days for agency in Agency.objects.all()}

    def person_rows(g: int, rows: dict[str, list[dict[str, Any]]]) -> None:
        a, lead = city.person_agency[g], city.person_lead[g]
        if lead < 0 or rng.random() >= PLAN_SHARE:
            return
        advocates = city.staff_of(a, Role.ADVOCATE)
        created, closed = city.person_created[g], city.person_closed[g]
        # A day back, so a version's date is today or before in every agency's time zone.
        end = closed or now - datetime.timedelta(days=1)
        start = max(created, end - CASEWORK_SPAN)
        agency_id, person_id, plan_id = city.agencies[a].id, city.person_id[g], _uuid(rng)
        count = rng.randint(*VERSIONS_PER_PLAN)
        moments = sorted(_between(rng, start, end) for _ in range(count))
        carded = count >= 2 and rng.random() < CARD_SHARE
        review_days = rng.choice([None, None, None, 60, 90, 180])
        if closed is None and rng.random() < REVIEWED_SHARE:
            # Reviewed within its cadence: the latest conversation (two versions may be one) is recent.
            last = 0 if carded and count == 2 else count - 1
            cadence = datetime.timedelta(days=(review_days or agency_days[agency_id]) - 2)
            moments[last] = _between(rng, max(moments[last - 1] if last else start, end - cadence), end)
        sections = first_sections(rng)
        card = ""
        with_person, why_not = True, ""
        versions: list[dict[str, Any]] = []
        authors: list[int] = []
        for n, moment in enumerate(moments):
            author = lead if rng.random() < 0.85 or not advocates else rng.choice(advocates)
            at = max(moment, versions[-1]["created_at"] + datetime.timedelta(minutes=1)) if versions else moment
            changed: list[str]
            if n == 1 and carded:
                # Chosen at the end of the first conversation, a few minutes after the plan.
                at = versions[0]["created_at"] + datetime.timedelta(minutes=rng.randint(3, 20))
                author = authors[0]
                if rng.random() < NOTHING_PRINTED_SHARE / CARD_SHARE:
                    card = stored_json({"none": rng.choice(NOTHING_BECAUSE)})
                else:
                    card = stored_json(choose_card(rng, sections))
                changed = [CARD]
            elif n == 0:
                changed = changed_keys([], sections)
            else:
                before = sections
                keep = set(json.loads(card).get("items", [])) if card else set()
                sections = revise(rng, sections, keep=keep)
                changed = changed_keys(before, sections)
                with_person = rng.random() > 0.15
                why_not = "" if with_person else rng.choice(WHY_NOT)
            versions.append(
                {
                    "id": _uuid(rng),
                    "agency_id": agency_id,
                    "plan_id": plan_id,
                    "person_id": person_id,
                    "number": n + 1,
                    "made_on": at.date(),
                    "author_id": city.staff[author].id,
                    "with_person": with_person,
                    "why_not": why_not,
                    "content": stored_json(sections),
                    "changed": changed,
                    "card": card,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            authors.append(author)
        latest = versions[-1]
        due = due_on(latest["made_on"], review_days, agency_days[agency_id])
        updated = latest["created_at"]
        for _ in range(rng.randint(*CHECK_INS_PER_PLAN)):
            at = _between(rng, moments[0], end)
            author = lead if rng.random() < 0.85 or not advocates else rng.choice(advocates)
            answers = check_in_answers(rng, raised=rng.random() < RAISED_SHARE)
            any_yes = Answer.YES in answers.values()
            if any_yes and at > latest["created_at"] and at.date() < due:
                # Any yes makes the review due that day, as ``risk_check_in`` does.
                due, updated = at.date(), max(updated, at)
            rows["check_ins"].append(
                {
                    "id": _uuid(rng),
                    "agency_id": agency_id,
                    "person_id": person_id,
                    "on": at.date(),
                    "answers": answers,
                    "any_yes": any_yes,
                    "note": check_in_note(rng, answers),
                    "author_id": city.staff[author].id,
                    "created_at": at,
                    "updated_at": at,
                }
            )
        rows["plans"].append(
            {
                "id": plan_id,
                "agency_id": agency_id,
                "person_id": person_id,
                "review_days": review_days,
                "review_due_on": due,
                "created_by_id": versions[0]["author_id"],
                "created_at": versions[0]["created_at"],
                "updated_at": updated,
            }
        )
        rows["versions"].extend(versions)

    tables = {"plans": SafetyPlan, "versions": PlanVersion, "check_ins": RiskCheckIn}
    written = dict.fromkeys(tables, 0)
    # Making the rows counts in the plans' line; the versions' and check-ins' lines are their COPY.
    copying = dict.fromkeys(tables, 0.0)
    for round_start in range(0, len(city.person_id), SAFETY_ROUND):
        rows: dict[str, list[dict[str, Any]]] = {key: [] for key in tables}
        for g in range(round_start, min(round_start + SAFETY_ROUND, len(city.person_id))):
            person_rows(g, rows)
        for key, model in tables.items():
            copied = time.monotonic()
            written[key] += copy_rows(model, rows[key])
            copying[key] += time.monotonic() - copied
    finished = time.monotonic()
    city.done("safety_safetyplan", written["plans"], started + copying["versions"] + copying["check_ins"])
    city.done("safety_planversion", written["versions"], finished - copying["versions"])
    city.done("safety_riskcheckin", written["check_ins"], finished - copying["check_ins"])


HOUSING_SEED = 2030  # its own stream, like casework's
HOUSING_DAYS = 5 * 365
BENCH_PROGRAM, BENCH_BEDS = "Crisis beds", 60  # the bench's board: three houses of five rooms of four beds
BENCH_SITES, ROOMS_PER_SITE, BEDS_PER_ROOM = ("North house", "South house", "Garden house"), 5, 4
OUTAGE_SHARE = 0.3  # of beds: out of service once in five years, for two days to two weeks
HOLD_SHARE = 0.25  # of crisis admissions to a bed free since the day before: a hold came first
FROM_WAITLIST = 0.6  # of the home's admissions from outside to a bed free the day before: offered from its list
EXPIRED_HOLD_SHARE = 0.03  # of the gaps of four days or more between residents: a referral who never came
TURN_AWAY_SHARE = 0.1  # of the days a program had (almost) no free bed: someone asked and was turned away
WITHDRAWN_SHARE = 0.05  # of crisis residents who left on a planned move: they had asked for the home
WAITING_FOR_HOME = 0.3  # of today's crisis residents there for a week or more: on the home's waitlist
STREETS = ["Alder Mews", "Quarry Lane", "Lantern Crescent", "Birch Row", "Millpond Road", "Orchard Court"]
OUTAGE_REASONS = [
    "Leak in the ceiling repaired",
    "Pest treatment in the room",
    "Bed frame replaced",
    "Painting after a move-out",
    "Heating repaired in the room",
    "New flooring after water damage",
]
CURRENT_OUTAGE = "Window replaced; back when the glazier has finished"
REFERRAL_ALIASES = ["Night line referral", "Referral from the hospital social worker", "Outreach referral"]
HOTLINE_HOLD = "Hotline referral, arriving tonight"


def city_crisis_days(rng: random.Random) -> int:
    """A crisis stay in the city: two to six weeks mostly, so 60 beds make about 3,000 stays in five years."""
    roll = rng.random()
    if roll < 0.1:
        return rng.randint(3, 13)
    if roll < 0.8:
        return rng.randint(14, 40)
    return rng.randint(41, 60)


@dataclass(frozen=True)
class _ProgramSpec:
    name: str
    name_fr: str
    kind: str
    target_days: int
    eligibility: str
    sites: list[tuple[str, int, int]]  # (name, rooms, beds a room)
    sim: SimProgram


def _housing_programs(bench: bool, a: int) -> list[_ProgramSpec]:
    """The bench's agency: 60 crisis beds and a transitional home of 12; others 8 crisis beds, every second
    one a transitional home of 6 too. Residents of the crisis beds move on to the home when a bed is free."""
    with_home = bench or a % 2 == 1
    crisis = SimProgram(
        ProgramKind.CRISIS, fill=0.25, move_to=1 if with_home else None, move_share=0.25, days=city_crisis_days
    )
    sites = [(name, ROOMS_PER_SITE, BEDS_PER_ROOM) for name in BENCH_SITES] if bench else [("Safe house", 2, 4)]
    programs = [_ProgramSpec(BENCH_PROGRAM, "Lits de crise", ProgramKind.CRISIS, 30, CRISIS_FOR, sites, crisis)]
    if with_home:
        home = SimProgram(ProgramKind.TRANSITIONAL, fill=0.25)
        rooms = 6 if bench else 3
        programs.append(
            _ProgramSpec(
                "Transitional home",
                "Maison de transition",
                ProgramKind.TRANSITIONAL,
                540,
                HOME_FOR,
                [("Elm house", rooms, 2)],
                home,
            )
        )
    return programs


HOUSING_TABLES = [
    "programs",
    "staff",
    "sites",
    "rooms",
    "beds",
    "uses",
    "episodes",
    "waitlist",
    "stays",
    "holds",
    "outages",
]


def housing(city: City) -> None:
    """Program, ProgramStaff, Site, Room and Bed for every service agency (the bench's agency: 60 crisis beds
    in 15 rooms of four, and a transitional home of 12; the others 8 crisis beds, every second one a home of
    6 too), every housing worker of the agency staff of its programs; then five years of who slept where,
    from ``demo.housing.simulate`` (the demo's own simulation): Episode and Stay, with moves from the crisis
    beds to the home in one episode, exits with the demo's reasons, destinations and aftercare, one open
    episode per person at most; BedOutage (a third of the beds out once, for days; one of the 60 now, until
    further notice); Hold (a quarter of crisis admissions to a bed free the day before, and every such
    admission to the home from outside, were held first; a few referrals never came; two of the 60 beds are
    held now, one offered from the waitlist); and WaitlistEntry (accepted offers, turn-aways on the days a
    program had no bed, a few withdrawn, people waiting today). Each stay, hold and outage has its BedUse,
    ``[noon of the first day, noon of the last)`` in the agency's zone or open, so the exclusion constraint
    holds: a bed's uses come one after another.

    The bench's housing persona is on the care team of the agency's current residents (so the board of the
    60 beds shows their aliases), rows owing the "care_team.added" event as ``care_teams`` does; the housing
    rows owe none, like casework's. A separate random stream keeps the other tables as they were (the audit
    chain's activity makes room for those few events).
    """
    rng = random.Random(HOUSING_SEED)  # noqa: S311 - fictional data
    started = time.monotonic()
    models_of = {
        "programs": Program,
        "staff": ProgramStaff,
        "sites": Site,
        "rooms": Room,
        "beds": Bed,
        "uses": BedUse,
        "episodes": Episode,
        "waitlist": WaitlistEntry,
        "stays": Stay,
        "holds": Hold,
        "outages": BedOutage,
    }
    rows: dict[str, list[dict[str, Any]]] = {key: [] for key in HOUSING_TABLES}
    people_of: dict[int, list[int]] = {}
    for g, a in enumerate(city.person_agency):
        people_of.setdefault(a, []).append(g)
    persona = next(s for s, staff in enumerate(city.staff) if staff.email == PERSONAS.housing)
    bench = city.staff[persona].agency
    residents: list[tuple[int, datetime.date, datetime.datetime]] = []
    for a in city.service_agencies():
        agency_rows = _AgencyHousing(city, rng, a, people_of.get(a, []), bench=a == bench)
        agency_rows.build(rows)
        if a == bench:
            residents = agency_rows.residents
    copying: dict[str, float] = {}
    written: dict[str, int] = {}
    for key in HOUSING_TABLES:
        copied = time.monotonic()
        written[key] = copy_rows(models_of[key], rows[key])
        copying[key] = time.monotonic() - copied
    # Making the rows counts in the stays' line; every other line is its COPY.
    total = time.monotonic() - started
    for key in HOUSING_TABLES:
        seconds = copying[key] if key != "stays" else total - sum(copying.values()) + copying[key]
        city.done(models_of[key]._meta.db_table, written[key], time.monotonic() - seconds)
    _housing_persona_on_care_teams(city, rng, persona, residents)


def _housing_persona_on_care_teams(
    city: City, rng: random.Random, persona: int, residents: list[tuple[int, datetime.date, datetime.datetime]]
) -> None:
    """The housing persona joins the care team of each current resident of their agency's programs, on the
    day the resident arrived (unless already on it), as a supervisor adds a housing worker."""
    started = time.monotonic()
    user_id = city.staff[persona].id
    already = set(
        CareTeamMember.objects.filter(user_id=user_id, until__isnull=True).values_list("person_id", flat=True)
    )
    supervisor = _first(city.staff_of(city.staff[persona].agency, Role.SUPERVISOR))
    members = []
    for g, since, at in residents:
        if city.person_id[g] in already:
            continue
        member = _member(rng, city.person_id[g], user_id, CareRole.HOUSING, since, None, at)
        city.owe(
            at,
            "care_team.added",
            actor=supervisor,
            agency=city.staff[persona].agency,
            target="people.careteammember",
            target_id=str(member["id"]),
            detail={"role": CareRole.HOUSING.value},
        )
        members.append(member)
    with history_in_one_statement(CareTeamMember):
        written = copy_rows(CareTeamMember, members)
    city.done("people_careteammember (housing)", written, started)


class _AgencyHousing:
    """One agency's inventory and five years of its beds, as rows."""

    def __init__(self, city: City, rng: random.Random, a: int, people: list[int], *, bench: bool) -> None:
        agency = city.agencies[a]
        self.city, self.rng, self.a, self.bench = city, rng, a, bench
        self.agency_id = agency.id
        self.zone = zoneinfo.ZoneInfo(agency.time_zone)
        self.today = timezone.localtime(city.now, self.zone).date()
        self.first = self.today - datetime.timedelta(days=HOUSING_DAYS)
        self.workers = city.staff_of(a, Role.HOUSING_STAFF)
        self.g_of = people  # sim person index -> city person index
        self.specs = _housing_programs(bench, a)
        self.program_ids: list[uuid.UUID] = []
        self.bed_ids: list[uuid.UUID] = []
        self.bed_program: list[int] = []
        self.residents: list[tuple[int, datetime.date, datetime.datetime]] = []

    # --- time

    def date(self, day: int) -> datetime.date:
        return self.first + datetime.timedelta(days=day)

    def noon(self, day: int) -> datetime.datetime:
        return datetime.datetime.combine(self.date(day), NOON, self.zone)

    def day_of(self, moment: datetime.datetime) -> int:
        return (timezone.localtime(moment, self.zone).date() - self.first).days

    def worker(self) -> uuid.UUID | None:
        return self.city.staff[self.rng.choice(self.workers)].id if self.workers else None

    # --- rows

    def build(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.rows = rows
        self._inventory()
        beds = [SimBed(program) for program in self.bed_program]
        self._outages(beds)
        people = []
        for g in self.g_of:
            closed = self.city.person_closed[g]
            leaves = self.day_of(closed) - 1 if closed is not None else None
            people.append(SimPerson(self.day_of(self.city.person_created[g]) + 1, leaves))
        self.people = people
        self.arrivals = [person.arrives for person in people]  # in order: records are listed as they were made
        episodes = simulate(
            self.rng,
            [spec.sim for spec in self.specs],
            beds,
            people,
            HOUSING_DAYS,
            readmit=0.2,
            rest=30,
            returned_share=0.04,
        )
        self.uses_of: list[list[tuple[int, int | None]]] = [list(bed.blocks) for bed in beds]
        self.housed: dict[int, list[tuple[int, int]]] = {}
        first_stays = self._episodes(episodes)
        for uses in self.uses_of:
            uses.sort(key=lambda use: use[0])
        self._holds(first_stays)
        self._turn_aways()
        self._waiting_today(episodes)

    def _row(self, made: datetime.datetime, updated: datetime.datetime | None = None, **values: Any) -> dict[str, Any]:
        return {"id": _uuid(self.rng), "created_at": made, "updated_at": updated or made, **values}

    def _inventory(self) -> None:
        made = self.city.now - HISTORY_SPAN
        rows = self.rows
        for p, spec in enumerate(self.specs):
            program = self._row(
                made,
                agency_id=self.agency_id,
                name=spec.name,
                name_fr=spec.name_fr,
                kind=spec.kind,
                eligibility=spec.eligibility,
                target_days=spec.target_days,
                hold_hours=24,
                is_active=True,
            )
            rows["programs"].append(program)
            self.program_ids.append(program["id"])
            for worker in self.workers:
                rows["staff"].append(self._row(made, program_id=program["id"], user_id=self.city.staff[worker].id))
            for site_name, rooms, per_room in spec.sites:
                address = f"{self.rng.randint(2, 240)} {self.rng.choice(STREETS)} (fictional)"
                site = self._row(
                    made, agency_id=self.agency_id, program_id=program["id"], name=site_name, address=address
                )
                rows["sites"].append(site)
                for r in range(rooms):
                    room = self._row(made, agency_id=self.agency_id, site_id=site["id"], name=f"Room {r + 1}", order=r)
                    rows["rooms"].append(room)
                    for b in range(per_room):
                        bed = self._row(
                            made,
                            agency_id=self.agency_id,
                            room_id=room["id"],
                            name=f"Bed {r + 1}{'ABCD'[b % 4]}",
                            order=b,
                            is_active=True,
                        )
                        rows["beds"].append(bed)
                        self.bed_ids.append(bed["id"])
                        self.bed_program.append(p)

    def _outages(self, beds: list[SimBed]) -> None:
        """Blocks for the simulation, and their outage rows: a third of the beds out once; one of the bench's
        60 out now, until further notice."""
        for bed in beds:
            if self.rng.random() < OUTAGE_SHARE:
                start = self.rng.randint(30, HOUSING_DAYS - 45)
                bed.blocks.append((start, start + self.rng.randint(2, 14)))
        if self.bench:
            out = self.rng.choice([b for b, p in enumerate(self.bed_program) if p == 0 and not beds[b].blocks])
            beds[out].blocks.append((HOUSING_DAYS - 3, None))
        for b, bed in enumerate(beds):
            for start, back in bed.blocks:
                use = self._use(b, start, back, "outage")
                reason = CURRENT_OUTAGE if back is None else self.rng.choice(OUTAGE_REASONS)
                self.rows["outages"].append(
                    self._row(
                        use["created_at"],
                        agency_id=self.agency_id,
                        bed_id=self.bed_ids[b],
                        starts_on=self.date(start),
                        ends_on=self.date(back) if back is not None else None,
                        reason=reason,
                        use_id=use["id"],
                        created_by_id=self.worker(),
                    )
                )

    def _use(
        self, b: int, start: int | datetime.datetime, end: int | datetime.datetime | None, kind: str
    ) -> dict[str, Any]:
        lower = self.noon(start) if isinstance(start, int) else start
        upper = self.noon(end) if isinstance(end, int) else end
        use = self._row(
            lower,
            min(upper, self.city.now) if upper is not None else None,
            agency_id=self.agency_id,
            bed_id=self.bed_ids[b],
            during=DateTimeTZRange(lower, upper),
            kind=kind,
        )
        self.rows["uses"].append(use)
        return use

    def _episodes(self, episodes: list[SimEpisode]) -> list[tuple[SimEpisode, dict[str, Any]]]:
        """Episode, Stay and BedUse rows; returns each episode's first stay row (for the holds before them)."""
        first_stays = []
        for episode in episodes:
            g = self.g_of[episode.person]
            worker = self.worker()
            end = episode.end
            made = self.noon(episode.start)
            row = self._row(
                made,
                self.noon(end) if end is not None else None,
                agency_id=self.agency_id,
                person_id=self.city.person_id[g],
                program_id=self.program_ids[episode.program],
                started_on=self.date(episode.start),
                ended_on=self.date(end) if end is not None else None,
                referral_source=episode.referral_source,
                prior_situation=episode.prior_situation,
                exit_reason=episode.exit_reason,
                destination=episode.destination,
                aftercare_offered=episode.aftercare,
                worker_id=worker,
                discharged_by_id=worker if end is not None else None,
            )
            self.rows["episodes"].append(row)
            self.housed.setdefault(episode.person, []).append((episode.start, FOREVER if end is None else end))
            for n, stay in enumerate(episode.stays):
                self.uses_of[stay.bed].append((stay.start, stay.end))
                use = self._use(stay.bed, stay.start, stay.end, "stay")
                stay_row = self._row(
                    use["created_at"],
                    use["updated_at"],
                    agency_id=self.agency_id,
                    episode_id=row["id"],
                    person_id=row["person_id"],
                    program_id=self.program_ids[self.bed_program[stay.bed]],
                    bed_id=self.bed_ids[stay.bed],
                    started_on=self.date(stay.start),
                    ended_on=self.date(stay.end) if stay.end is not None else None,
                    household=None,
                    use_id=use["id"],
                    created_by_id=worker,
                )
                self.rows["stays"].append(stay_row)
                if n == 0:
                    first_stays.append((episode, stay_row))
                if stay.end is None:
                    self.residents.append((g, self.date(episode.start), made))
        return first_stays

    def _previous_ends(self) -> dict[tuple[int, int], int | None]:
        """For each use of a bed, the day the use before it on that bed ended."""
        before: dict[tuple[int, int], int | None] = {}
        for b, uses in enumerate(self.uses_of):
            for (_start, end), (start, _end) in itertools.pairwise(uses):
                before[(b, start)] = end
        return before

    def _holds(self, first_stays: list[tuple[SimEpisode, dict[str, Any]]]) -> None:
        """A hold before a quarter of the crisis admissions to a bed free since the day before and before every
        such admission to the home from outside (most offered from its waitlist), and referrals who never came,
        in longer gaps."""
        before = self._previous_ends()
        for episode, stay in first_stays:
            b, start = episode.stays[0].bed, episode.start
            previous = before.get((b, start), -FOREVER)
            home = self.specs[episode.program].kind == ProgramKind.TRANSITIONAL
            # A bed of the home is always held first (offered, or kept for a partner's referral).
            if previous is None or previous > start - 1 or (not home and self.rng.random() >= HOLD_SHARE):
                continue
            entry = None
            if home and self.rng.random() < FROM_WAITLIST:
                added = max(self.people[episode.person].arrives, start - self.rng.randint(7, 60))
                entry = self._entry(episode.person, episode.program, added, status="accepted", decided=start)
            lower = self.noon(start) - datetime.timedelta(hours=self.rng.randint(2, 20))
            self._hold(b, lower, person=episode.person, stay=stay, entry=entry, until=self.noon(start))
        for b, uses in enumerate(self.uses_of):
            for (_start, end), (start, _end) in itertools.pairwise(uses):
                # Four days' gap at least: the hold is over well before one placed ahead of the next resident.
                if end is not None and start - end >= 4 and self.rng.random() < EXPIRED_HOLD_SHARE:
                    lower = self.noon(end + 1) + datetime.timedelta(hours=self.rng.randint(0, 6))
                    self._hold(b, lower, alias=self.rng.choice(REFERRAL_ALIASES))

    def _hold(
        self,
        b: int,
        lower: datetime.datetime,
        *,
        person: int | None = None,
        alias: str = "",
        stay: dict[str, Any] | None = None,
        entry: dict[str, Any] | None = None,
        until: datetime.datetime | None = None,
    ) -> None:
        """A hold from ``lower`` for the program's 24 hours; its use ends at ``until`` (the admission) if given."""
        during = DateTimeTZRange(lower, lower + datetime.timedelta(hours=24))
        use = self._use(b, lower, until or during.upper, "hold")
        self.rows["holds"].append(
            self._row(
                lower,
                until,
                agency_id=self.agency_id,
                bed_id=self.bed_ids[b],
                person_id=self.city.person_id[self.g_of[person]] if person is not None else None,
                alias=alias,
                during=during,
                released_at=None,
                stay_id=stay["id"] if stay else None,
                offered_from_id=entry["id"] if entry else None,
                use_id=use["id"],
                created_by_id=self.worker(),
            )
        )

    def _entry(
        self,
        person: int,
        program: int,
        added: int,
        *,
        status: str,
        priority: int | None = None,
        decided: int | None = None,
        lack_of_bed: bool = False,
    ) -> dict[str, Any]:
        row = self._row(
            self.noon(added),
            self.noon(decided) if decided is not None else None,
            agency_id=self.agency_id,
            program_id=self.program_ids[program],
            person_id=self.city.person_id[self.g_of[person]],
            added_on=self.date(added),
            priority=priority or self.rng.randint(1, 5),
            status=status,
            declined_for_lack_of_bed=lack_of_bed,
            decided_on=self.date(decided) if decided is not None else None,
            created_by_id=self.worker(),
        )
        self.rows["waitlist"].append(row)
        return row

    def _unhoused(self, day: int, *, open_record: bool = False) -> int | None:
        """Someone whose record is open that day (and today, with ``open_record``), in no bed then."""
        known = bisect.bisect_right(self.arrivals, day)
        for _ in range(20 if known else 0):
            p = self.rng.randrange(known)
            leaves = self.people[p].leaves
            if (leaves is not None and (open_record or leaves < day)) or any(
                start <= day < end for start, end in self.housed.get(p, [])
            ):
                continue
            return p
        return None

    def _turn_aways(self) -> None:
        """On the days a program had no bed free (or, of 60, three at most), one time in ten someone was
        turned away."""
        for p in range(len(self.specs)):
            beds = [b for b, q in enumerate(self.bed_program) if q == p]
            change = [0] * (HOUSING_DAYS + 1)
            for b in beds:
                for start, end in self.uses_of[b]:
                    change[start] += 1
                    if end is not None:
                        change[end] -= 1
            spare = len(beds) // 20
            for day, taken in enumerate(itertools.accumulate(change[:HOUSING_DAYS])):
                if len(beds) - taken <= spare and self.rng.random() < TURN_AWAY_SHARE:
                    person = self._unhoused(day)
                    if person is not None:
                        priority = self.rng.randint(1, 3)
                        self._entry(person, p, day, status="declined", priority=priority, decided=day, lack_of_bed=True)

    def _waiting_today(self, episodes: list[SimEpisode]) -> None:
        """A few withdrawn from the home's list in the past; today, one to three people waiting for a crisis
        bed, and some crisis residents for the home; in the bench's agency two of the 60 beds held now, one
        for a hotline referral, one offered to the first person waiting."""
        today = HOUSING_DAYS
        with_home = len(self.specs) > 1
        for e in episodes:
            planned = e.end is not None and e.exit_reason == "planned" and e.end - e.start >= 5
            if with_home and e.program == 0 and len(e.stays) == 1 and planned and self.rng.random() < WITHDRAWN_SHARE:
                self._entry(e.person, 1, e.start + 2, status="withdrawn", decided=e.end)
        waiting: dict[int, dict[str, Any]] = {}
        for _ in range(self.rng.randint(1, 3)):
            person = self._unhoused(today - 1, open_record=True)
            if person is not None and person not in waiting:
                waiting[person] = self._entry(person, 0, today - self.rng.randint(1, 3), status="waiting")
        for e in episodes:
            settled = e.end is None and e.program == 0 and len(e.stays) == 1 and e.start <= today - 7
            if with_home and settled and self.rng.random() < WAITING_FOR_HOME:
                self._entry(e.person, 1, e.start + 3, status="waiting", priority=self.rng.randint(2, 4))
        if not self.bench:
            return
        vacant = [
            b
            for b, uses in enumerate(self.uses_of)
            if self.bed_program[b] == 0 and (not uses or uses[-1][1] is not None)
        ]
        now = self.city.now
        if vacant:
            self._hold(vacant[0], now - datetime.timedelta(minutes=self.rng.randint(30, 300)), alias=HOTLINE_HOLD)
        if len(vacant) > 1 and waiting:
            person, entry = next(iter(waiting.items()))
            entry["status"], entry["priority"] = "offered", 1
            self._hold(vacant[1], now - datetime.timedelta(minutes=self.rng.randint(5, 60)), person=person, entry=entry)


def bench_program(user: User | None = None) -> Any:
    """The 60 crisis beds the housing persona works in (the bench's board)."""
    from waypoint.housing import selectors

    user = user or User.objects.get(email=PERSONAS.housing)
    return selectors.programs_for(user).select_related("agency").get(name=BENCH_PROGRAM)


def check_housing_persona() -> None:
    """The promise the housing benchmark depends on: 60 beds on the board, an alias on every occupied one."""
    from waypoint.housing import selectors

    user = User.objects.get(email=PERSONAS.housing)
    program = bench_program(user)
    beds = [
        state for site in selectors.board(viewer=user, program=program) for room in site.rooms for state in room.beds
    ]
    hidden = [state for state in beds if state.state == selectors.OCCUPIED and not state.alias]
    if len(beds) != BENCH_BEDS or hidden:
        raise RuntimeError(f"{PERSONAS.housing}'s board has {len(beds)} beds, {len(hidden)} occupied without an alias.")


# Activity that fills the chain beyond the records' own events: (share, action, purpose).
ACTIVITY = [
    (0.78, "person.read", "view"),
    (0.07, "person.read", "edit"),
    (0.04, "person.read", "history"),
    (0.02, "person.read", "print"),
    (0.07, "auth.signed_in", ""),
    (0.02, "person.exact_match_shown", "search"),
]


def _activity(
    city: City, count: int, first: int, last: int
) -> Iterator[tuple[int, str, str | None, str | None, str, str, str, str]]:
    """Reads, sign-ins and exact matches at increasing times, each about someone created before it."""
    rng = city.rng
    created = [_micros(t) for t in city.person_created]
    open_people = [g for g, closed in enumerate(city.person_closed) if closed is None]
    open_created = [created[g] for g in open_people]
    supervisors = [_first(city.staff_of(a, Role.SUPERVISOR)) for a in range(city.size.agencies)]
    staff_keys = [s.key for s in city.staff]
    staff_agency = [city.agency_keys[s.agency] for s in city.staff]
    leads = [city.staff[s].key if s >= 0 else None for s in city.person_lead]
    agency_of = [city.agency_keys[a] for a in city.person_agency]
    sup_keys = [city.staff[s].key if s is not None else None for s in supervisors]
    sup_of = [sup_keys[a] for a in city.person_agency]
    cumulative, total = [], 0.0
    for share, _action, _purpose in ACTIVITY:
        total += share
        cumulative.append(total)
    kinds = [(action, purpose) for _share, action, purpose in ACTIVITY]
    step = (last - first) / max(1, count)
    random_, randrange, bisect_right = rng.random, rng.randrange, bisect.bisect_right
    for k in range(count):
        ts = int(first + (k + random_()) * step)
        action, purpose = kinds[min(bisect_right(cumulative, random_() * total), len(kinds) - 1)]
        if action == "auth.signed_in":
            s = randrange(len(staff_keys))
            yield (ts, action, staff_keys[s], staff_agency[s], "", "", "", "{}")
            continue
        known = bisect_right(created, ts)
        if known == 0:
            s = randrange(len(staff_keys))
            yield (ts, "auth.signed_in", staff_keys[s], staff_agency[s], "", "", "", "{}")
            continue
        known_open = bisect_right(open_created, ts)
        g = open_people[randrange(known_open)] if known_open and random_() < 0.5 else randrange(known)
        actor = leads[g] if random_() < 0.85 else sup_of[g]
        yield (ts, action, actor or sup_of[g], agency_of[g], "people.person", city.person_key[g], purpose, "{}")


def audit_events(city: City) -> None:
    """audit_event: the records' own events and activity to make ``size.events``, in time order,
    chained from the current head under the current audit key exactly as ``audit.record`` does.

    One transaction, holding the chain lock, with the secondary indexes rebuilt at the end.
    The hash of the first event and of every 100,000th is checked against ``event_hash``.
    """
    started = time.monotonic()
    owed = sorted(city.events)
    city.events = []
    count = max(0, city.size.events - len(owed))
    first = _micros(city.now - HISTORY_SPAN)
    last = _micros(city.now - datetime.timedelta(minutes=10))
    key_id, key = audit_keys()[0]
    columns = "sequence, occurred_at, actor_id, agency_id, action, target_type, target_id, purpose, detail, previous_hash, hash, key_id"
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        head = Event.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous = head if head else (0, GENESIS)
        raw: Any = connection.connection
        with secondary_indexes_deferred(Event._meta.db_table):
            with raw.cursor() as cursor, cursor.copy(f"COPY audit_event ({columns}) FROM STDIN") as copy:
                for ts, action, actor, agency, target_type, target_id, purpose, detail in _merged(
                    owed, _activity(city, count, first, last)
                ):
                    sequence += 1
                    occurred = (EPOCH + datetime.timedelta(microseconds=ts)).isoformat()
                    payload = (
                        f'{{"action": "{action}", "actor_id": {_json(actor)}, "agency_id": {_json(agency)}, '
                        f'"detail": {detail}, "key_id": "{key_id}", "occurred_at": "{occurred}", '
                        f'"previous": "{previous}", "purpose": "{purpose}", "sequence": {sequence}, '
                        f'"target_id": "{target_id}", "target_type": "{target_type}"}}'
                    )
                    digest = hmac.digest(key, payload.encode(), "sha256").hex()
                    if written % 100_000 == 0:
                        _check_hash(
                            sequence,
                            occurred,
                            actor,
                            agency,
                            action,
                            target_type,
                            target_id,
                            purpose,
                            detail,
                            previous,
                            key_id,
                            digest,
                        )
                    copy.write_row(
                        (
                            sequence,
                            occurred,
                            actor,
                            agency,
                            action,
                            target_type,
                            target_id,
                            purpose,
                            detail,
                            previous,
                            digest,
                            key_id,
                        )
                    )
                    previous = digest
                    written += 1
                    if written % 1_000_000 == 0:
                        city.say(f"    audit chain: {written:,} events ({time.monotonic() - started:,.0f} s)")
            rebuild = time.monotonic()
            city.say(f"    audit chain: {written:,} events copied; rebuilding the indexes…")
        city.say(f"    audit indexes rebuilt in {time.monotonic() - rebuild:,.0f} s")
    city.done("audit_event", written, started)


def _json(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _check_hash(
    sequence: int,
    occurred: str,
    actor: str | None,
    agency: str | None,
    action: str,
    target_type: str,
    target_id: str,
    purpose: str,
    detail: str,
    previous: str,
    key_id: str,
    digest: str,
) -> None:
    """Fail at once if the fast payload ever differs from the one ``audit_verify`` recomputes."""
    event = Event(
        sequence=sequence,
        occurred_at=datetime.datetime.fromisoformat(occurred),
        actor_id=uuid.UUID(actor) if actor else None,
        agency_id=uuid.UUID(agency) if agency else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        detail=json.loads(detail),
    )
    expected = event_hash(sequence=sequence, fields=_hashed_fields(event), previous_hash=previous, key_id=key_id)
    if expected != digest:
        raise RuntimeError(f"The generated hash of event {sequence} differs from audit.services.event_hash.")


def _merged(owed: list[Any], activity: Iterator[Any]) -> Iterator[Any]:
    """Two streams already in time order, as one."""
    i, n = 0, len(owed)
    for event in activity:
        while i < n and owed[i][0] <= event[0]:
            yield owed[i]
            i += 1
        yield event
    yield from owed[i:]


def learning_hub(city: City) -> None:
    """The demo's learning hub (guides, resources, workshops, contact requests) through its own
    services, hosted by the first agency, whose intake sees the requests."""
    from waypoint.demo import learning

    started = time.monotonic()
    before = Event.objects.count()
    learning.load({city.agencies[0].name: city.agencies[0], city.agencies[-1].name: city.agencies[-1]})
    city.done("learning hub (services)", Event.objects.count() - before, started)


# --- the whole city ---------------------------------------------------------------------------


def check_personas() -> None:
    """The promise the benchmark depends on: the bench advocate's gate shows exactly their 60 active people."""
    from waypoint.people.access import visible_people

    advocate = User.objects.get(email=PERSONAS.advocate)
    statuses = list(visible_people(advocate).values_list("status", flat=True))
    if len(statuses) != BENCH_CASELOAD or set(statuses) != {Status.ACTIVE}:
        raise RuntimeError(f"{PERSONAS.advocate} sees {len(statuses)} people ({sorted(set(statuses))}), not 60 active.")
    for address in (PERSONAS.supervisor, PERSONAS.admin, PERSONAS.intake, PERSONAS.manager):
        User.objects.get(email=address)
    check_housing_persona()


def state() -> dict[str, Any] | None:
    """What the database holds: None when empty; else the city.built detail, or {} for anything else."""
    marker = Event.objects.filter(action=BUILT_ACTION).order_by("-sequence").values_list("detail", flat=True).first()
    if marker is not None:
        return dict(marker)
    if Agency.objects.exists() or User.objects.exists() or Person.objects.exists() or Event.objects.exists():
        return {}
    return None


def build(size: Size, *, say: Callable[[str], None] = print, seed: int = 2026, vacuum: bool = True) -> City:
    """Build the city in the (migrated, empty) default database; returns the figures."""
    city = City(size=size, rng=random.Random(seed), now=timezone.now(), say=say)  # noqa: S311 - fictional data
    names = fictional_names(seed)
    say(f"Building the {size.name} city network: {size.people:,} people, {size.events:,} audit events.")
    with transaction.atomic():
        agencies_and_staff(city, names)
    families: list[Callable[[], None]] = [
        lambda: people(city, names),
        lambda: care_teams(city),
        lambda: releases(city),
        lambda: safe_contacts(city),
        lambda: break_glass_grants(city),
        lambda: casework(city),
        lambda: stages(city),
        lambda: safety(city),
        lambda: housing(city),
    ]
    for family in families:
        with transaction.atomic():
            family()
    audit_events(city)
    learning_hub(city)
    started = time.monotonic()
    vacuum = vacuum and not connection.in_atomic_block
    with connection.cursor() as cursor:
        # The whole database: the city is all it holds. VACUUM cannot run inside a transaction (tests).
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    city.done("vacuum and analyze" if vacuum else "analyze", 0, started)
    check_personas()
    audit.record(
        action=BUILT_ACTION,
        detail={
            "size": size.name,
            "version": VERSION,
            "people": city.rows.get("people_person", 0),
            "events": Event.objects.count() + 1,
            "seconds": round(time.monotonic() - city.started),
        },
    )
    say(f"Built the {size.name} city in {time.monotonic() - city.started:,.0f} s.")
    return city
