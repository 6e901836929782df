"""The daily e-mail of follow-ups due, per worker: counts and a link, nothing about any person.

No alias, case number, task title, summary or goal ever enters it: a mailbox is read on phones, shared
screens and by mail servers we do not run. Only workers who want it (``User.daily_digest``) and who
have something due today or overdue get one.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation

from waypoint.accounts.models import Membership, User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.accounts.services import site_link
from waypoint.casework import selectors
from waypoint.core.mail import send_plain
from waypoint.people.models import agency_today

logger = logging.getLogger(__name__)
TEMPLATE = "casework/email/digest"


@dataclass(frozen=True)
class DigestCount:
    """A line another tool adds to the digest: a count about the worker's own caseload, said with its link.

    ``line(n)`` is called with the e-mail's language active and says only the number and what it counts.
    """

    key: str
    count: Callable[[User, datetime.date], int]
    line: Callable[[int], str]
    url_name: str
    query: str = ""


DIGEST_COUNTS: dict[str, DigestCount] = {}


def register_count(count: DigestCount) -> DigestCount:
    if count.key in DIGEST_COUNTS:
        raise ValueError(f"A digest count {count.key!r} is registered already.")
    DIGEST_COUNTS[count.key] = count
    return count


@dataclass(frozen=True)
class Digest:
    user: User
    today: datetime.date
    due_today: int
    overdue: int
    # The registered counts that are not zero: key -> count.
    more: dict[str, int] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.user.language or settings.LANGUAGE_CODE


def recipients() -> QuerySet[User]:
    """Active users who keep the daily e-mail and hold an active clinical membership (with its agency)."""
    clinical = Membership.objects.filter(is_active=True, role__in=CLINICAL_ROLES).select_related("agency")
    return (
        User.objects.filter(
            is_active=True, daily_digest=True, memberships__is_active=True, memberships__role__in=CLINICAL_ROLES
        )
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=clinical.order_by("created_at"), to_attr="clinical"))
        .order_by("pk")
    )


def digest_for(user: User) -> Digest | None:
    """The counts for one worker (today where their first clinical agency is); None with nothing due."""
    memberships = getattr(user, "clinical", None)
    if memberships is None:
        memberships = list(
            Membership.objects.filter(user=user, is_active=True, role__in=CLINICAL_ROLES)
            .select_related("agency")
            .order_by("created_at")
        )
    if not memberships:
        return None
    today = agency_today(memberships[0].agency)
    counts = selectors.task_counts(user, today)
    more = {key: n for key, c in DIGEST_COUNTS.items() if (n := c.count(user, today))}
    if not counts.due_today and not counts.overdue and not more:
        return None
    return Digest(user=user, today=today, due_today=counts.due_today, overdue=counts.overdue, more=more)


def digests() -> Iterator[Digest]:
    for user in recipients():
        digest = digest_for(user)
        if digest is not None:
            yield digest


def context_of(digest: Digest) -> dict[str, object]:
    """Everything the e-mail may say: numbers, a date and links. Nothing else is passed to the template."""
    with translation.override(digest.language):
        more = [
            {"line": c.line(n), "url": site_link(reverse(c.url_name) + c.query)}
            for key, c in DIGEST_COUNTS.items()
            if (n := digest.more.get(key))
        ]
    return {
        "today": digest.today,
        "due_today": digest.due_today,
        "overdue": digest.overdue,
        "tasks_url": site_link(reverse("casework:tasks")),
        "profile_url": site_link(reverse("profile")),
        "more": more,
    }


def send(digest: Digest) -> None:
    send_plain(to=digest.user.email, template=TEMPLATE, context=context_of(digest), language=digest.language)


def send_daily_digests() -> tuple[int, int]:
    """Send every digest due; one failed delivery does not stop the others. Returns (sent, failed)."""
    sent = failed = 0
    for digest in digests():
        try:
            send(digest)
        except Exception:  # an SMTP refusal for one address must not stop the morning's e-mails
            failed += 1
            logger.exception("Daily digest to user %s failed", digest.user.pk)
        else:
            sent += 1
    return sent, failed
