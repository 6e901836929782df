"""Demo needs and barriers: what a third of the demo's open records need on the way out, and what stood in the way.

Shaped by DOMAIN.md: housing the most common need and the most often not met (no credit or references, waiting
lists, shelter rules that do not fit), then identity documents, legal help, mental health and the same workers
over time; some met, some being met, a few no longer needed. Written today through ``casework.services.needs``
(one audit event each) with the need's first day back-dated; every note is written for this demo. A pure
function of the seed; idempotent: an agency that has a need already gets nothing more.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from waypoint.accounts.models import Agency, User
from waypoint.casework.models import Barrier, LifeDomain, Need, NeedKind, NeedStatus
from waypoint.casework.services import needs
from waypoint.demo.data import DEMO_AGENCY
from waypoint.people.models import Person, agency_today

SEED = 2031
ADA = "advocate@demo.waypoint.test"
# (need, part of life, the barriers it tends to meet, how likely it is still not met)
NEEDS = [
    (NeedKind.HOUSING, "housing", [Barrier.NO_CREDIT, Barrier.WAITING_LIST, Barrier.SHELTER_RULES, Barrier.COST], 0.5),
    (NeedKind.ID_DOCUMENTS, "documents", [Barrier.NO_ID, Barrier.COST, Barrier.TRANSPORT], 0.3),
    (NeedKind.LEGAL, "legal", [Barrier.POLICE_DISTRUST, Barrier.COST, Barrier.LANGUAGE], 0.3),
    (NeedKind.MENTAL_HEALTH, "mental_health", [Barrier.WAITING_LIST, Barrier.LANGUAGE], 0.3),
    (NeedKind.STEADY_WORKERS, "community", [], 0.1),
    (NeedKind.INCOME, "income", [Barrier.NO_ID, Barrier.CHILDCARE], 0.3),
    (NeedKind.CHILDCARE, "family", [Barrier.COST, Barrier.WAITING_LIST], 0.4),
]
NOTES = [
    "Two landlords asked for a co-signer; trying the housing registry next.",
    "Birth certificate ordered; the replacement health card waits on it.",
    "Wants to talk to a lawyer before deciding anything about a statement.",
    "Prefers a counsellor who speaks Spanish; the wait is about three months.",
    "",
    "",
]


def load(agencies: dict[str, Agency]) -> None:
    agency = agencies[DEMO_AGENCY]
    ada = User.objects.filter(email=ADA).first()
    people = list(Person.objects.filter(agency=agency).order_by("case_number"))
    if ada is None or not people or Need.objects.filter(agency=agency).exists():
        return
    domains = {d.key: d for d in LifeDomain.objects.filter(agency=agency)}
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    today = agency_today(agency)
    with transaction.atomic():
        for index, person in enumerate(people):
            if person.is_closed or person.closure_pending or index % 3:
                continue
            for kind, domain_key, barriers, unmet in rng.sample(NEEDS, rng.randint(1, 3)):
                domain = domains.get(domain_key) or next(iter(domains.values()))
                status = _status(rng, unmet)
                need = needs.need_record(
                    actor=ada,
                    person=person,
                    domain=domain,
                    kind=kind,
                    status=NeedStatus.IDENTIFIED,
                    barriers=rng.sample(barriers, min(len(barriers), rng.randint(0, 2))),
                    note=rng.choice(NOTES),
                    on=today - datetime.timedelta(days=rng.randint(30, 400)),
                )
                if status != NeedStatus.IDENTIFIED:
                    on = today - datetime.timedelta(days=rng.randint(0, 25))
                    needs.need_update(actor=ada, need=need, status=status, on=on)


def _status(rng: random.Random, unmet: float) -> str:
    if rng.random() < unmet:
        return NeedStatus.UNMET
    return rng.choice(
        [NeedStatus.IDENTIFIED, NeedStatus.BEING_MET, NeedStatus.MET, NeedStatus.MET, NeedStatus.NO_LONGER]
    )
