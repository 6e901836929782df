"""A new agency starts with the default list of life domains (it may rename, reorder or retire them)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy

from waypoint.accounts.models import Agency
from waypoint.people.models import agency_today
from waypoint.people.services.safe_contact import staff_contact_to_make


@receiver(post_save, sender=Agency, dispatch_uid="casework.seed_life_domains")
def seed_life_domains(sender: type[Agency], instance: Agency, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from waypoint.casework.domains import seed_defaults

        seed_defaults(instance)


# The task says what to do and when it was recorded; the message itself stays on the record.
STAFF_CONTACT_TITLES = {
    "call": gettext_lazy("Make the call recorded on %(date)s"),
    "text": gettext_lazy("Send the text recorded on %(date)s"),
    "in_person": gettext_lazy("Make the visit recorded on %(date)s"),
}


@receiver(staff_contact_to_make, dispatch_uid="casework.task_for_staff_contact")
def task_for_staff_contact(sender: type[Any], outbound: Any, actor: Any, **kwargs: Any) -> None:
    """A call, text or visit that ``contact.send`` recorded for staff to make becomes the sender's task."""
    from waypoint.casework.models import TaskSource
    from waypoint.casework.services.tasks import task_create

    if actor is None:
        return
    person = outbound.person
    task_create(
        actor=actor,
        assignee=actor,
        agency_id=person.agency_id,
        person=person,
        title=STAFF_CONTACT_TITLES.get(outbound.channel, STAFF_CONTACT_TITLES["call"])
        % {"date": agency_today(person.agency).isoformat()},
        due_on=agency_today(person.agency),
        source=TaskSource.MESSAGE,
        source_id=outbound.pk,
    )


def register_history() -> None:
    """Supervisors read every version of these on the person's history page; purges delete them."""
    from waypoint.casework.models import Encounter, Goal, GoalStep, Task
    from waypoint.people.selectors import register_history_source

    register_history_source("encounter", Encounter, gettext_lazy("Contact"))
    register_history_source("goal", Goal, gettext_lazy("Goal"))
    register_history_source("goal_step", GoalStep, gettext_lazy("Goal step"))
    register_history_source("task", Task, gettext_lazy("Follow-up"))
