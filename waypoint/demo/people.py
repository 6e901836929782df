"""Demo survivor records: about 60 fictional people at the demo agency, with care teams, releases
(some expired, one revoked), safe contacts and one past break-the-glass event.

Every name is made up by Faker (en_CA and fr_CA) and marked "(fictional)". Idempotent:
if the demo agency already holds records, nothing is added.
"""

from __future__ import annotations

import datetime
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from waypoint.accounts.models import Agency, User
from waypoint.demo.data import DEMO_AGENCY
from waypoint.people.models import AgeBand, BreakGlassGrant, CareRole, ClosureReason, Person, Status
from waypoint.people.services import care, consent, lifecycle, safe_contact

COUNT = 60
ALIASES = [
    "Aspen",
    "Birch",
    "Cedar",
    "Dune",
    "Ember",
    "Fern",
    "Gale",
    "Harbour",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lark",
    "Maple",
    "Nova",
    "Onyx",
    "Pebble",
    "Quill",
    "River",
    "Sage",
    "Tamarack",
    "Umber",
    "Vale",
    "Willow",
    "Yarrow",
    "Zephyr",
    "Alder",
    "Brook",
    "Clover",
    "Dawn",
    "Elm",
]
LANGUAGES = ["English", "French", "English, French", "Spanish", "Tagalog", "Cree, English", "Arabic", "Vietnamese"]
RECIPIENTS = [
    "Riverside Legal Aid (fictional)",
    "Maple Street Health Centre (fictional)",
    "Lakeshore Housing Co-op (fictional)",
]
PURPOSES = ["Help with a legal aid application", "Book a health appointment", "Apply for transitional housing"]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


@transaction.atomic
def load(agencies: dict[str, Agency]) -> None:
    """Fictional people for the demo agency. Idempotent."""
    agency = agencies[DEMO_AGENCY]
    if Person.objects.filter(agency=agency).exists():
        return
    ada = _user("advocate@demo.waypoint.test")
    ben = _user("advocate2@demo.waypoint.test")
    hana = _user("housing@demo.waypoint.test")
    sam = _user("supervisor@demo.waypoint.test")
    if not (ada and ben and hana and sam):
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    fakers = [Faker("en_CA"), Faker("fr_CA")]
    for index, fake in enumerate(fakers):
        fake.seed_instance(2026 + index)
    today = timezone.localdate()
    people: list[Person] = []
    for i in range(COUNT):
        fake = fakers[i % 2]
        lead = ada if i < 26 else ben if i < 48 else hana
        shares = i % 3 != 0
        details = {
            "legal_name": f"{fake.first_name()} {fake.last_name()} (fictional)" if shares else "",
            "date_of_birth": fake.date_of_birth(minimum_age=16, maximum_age=55) if shares else None,
            "age_band": rng.choice([AgeBand.AGE_16_17, AgeBand.AGE_18_24, AgeBand.AGE_25_34, AgeBand.AGE_35_49]),
            "pronouns": rng.choice(["she/her", "they/them", "he/him", "elle", ""]),
            "languages": rng.choice(LANGUAGES),
            "interpreter": rng.choice(["no", "no", "yes", ""]),
        }
        declined = [] if shares else ["legal_name", "date_of_birth"]
        alias = f"{ALIASES[i % len(ALIASES)]}{'' if i < len(ALIASES) else ' ' + str(i // len(ALIASES) + 1)} (fictional)"
        person = lifecycle.person_create(
            actor=lead,
            agency=agency,
            alias=alias,
            details=details,
            declined=declined,
            status=Status.REFERRED if i % 11 == 0 else Status.ACTIVE,
        )
        people.append(person)
        if lead == ada and i % 4 == 0:
            care.care_team_add(actor=sam, person=person, user=hana, role=CareRole.HOUSING)
        channel = ["text", "call", "email", "in_person"][i % 4]
        value = {
            "text": f"+1 555 01{i:02d}",
            "call": f"+1 555 02{i:02d}",
            "email": f"demo{i}@example.invalid",
            "in_person": "Drop-in centre, back room (fictional)",
        }[channel]
        if i % 6 != 5:
            safe_contact.safe_contact_create(
                actor=lead,
                person=person,
                channel=channel,
                value=value,
                safe_days=[0, 1, 2, 3, 4] if i % 2 else [1, 3, 5],
                safe_from=datetime.time(10),
                safe_until=datetime.time(16),
                may_leave_message=i % 5 == 0,
                code_word=rng.choice(["lighthouse", "blue kettle", "sparrow", ""]),
                verified_on=today - timedelta(days=rng.choice([3, 20, 60, 120])),
            )
        if i % 2 == 0:
            expired = i % 10 == 0
            given = today - timedelta(days=400 if expired else rng.randint(5, 200))
            release = consent.release_create(
                actor=lead,
                person=person,
                recipient_name=RECIPIENTS[i % 3],
                purpose=PURPOSES[i % 3],
                categories=[["identity", "legal"], ["identity", "health"], ["identity", "housing", "contact"]][i % 3],
                given_on=given,
                how_given="signed" if i % 4 else "verbal",
                witness=sam if i % 4 == 0 else None,
                expires_on=given + timedelta(days=365),
            )
            if i == 4:
                consent.release_revoke(actor=lead, release=release, reason="The person chose to stop sharing.")
    for person in people[50:54]:
        lifecycle.person_request_closure(actor=sam, person=person, reason=ClosureReason.GOALS_REACHED)
    lifecycle.person_request_closure(actor=ada, person=people[5], reason=ClosureReason.MOVED)
    lifecycle.person_update(
        actor=ada, person=people[7], alias=people[7].alias, details={}, declined=[], status=Status.DORMANT
    )
    # One past emergency access: Ben opened one of Ada's records three days ago; it ran out on its own.
    grant = care.break_glass_grant(
        actor=ben, person=people[1], reason="Hospital called after hours; Ada was off shift."
    )
    started = timezone.now() - timedelta(days=3)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(starts_at=started, expires_at=started + timedelta(hours=4))
