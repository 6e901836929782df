"""The worker's follow-ups: overdue, today, coming up, done lately; a small form for one of their own."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import selectors
from waypoint.casework.forms.tasks import TaskForm
from waypoint.casework.models import Task
from waypoint.casework.services import tasks as task_services
from waypoint.casework.views.common import render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access
from waypoint.people.models import Status


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@roles(*CLINICAL_ROLES)
def tasks(request: AuthedHttpRequest) -> HttpResponse:
    """Five queries whatever the number of tasks: the caseload for the form, open tasks, tasks done lately."""
    user = request.user
    today = today_for(request)
    people = list(
        access.caseload(user).exclude(status=Status.CLOSED).only("id", "alias", "agency_id").order_by("alias")
    )
    form = TaskForm(request.POST or None, today=today, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            task_services.task_create(
                actor=user,
                assignee=user,
                agency_id=person.agency_id if person else request.membership.agency_id,
                person=person,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Follow-up added."))
            return redirect("casework:tasks")
    open_tasks = list(selectors.open_tasks(user))
    groups: dict[str, list[Task]] = {"overdue": [], "today": [], "coming": []}
    for task in open_tasks:
        groups["overdue" if task.due_on < today else "today" if task.due_on == today else "coming"].append(task)
    context: dict[str, Any] = {
        "today": today,
        "overdue": groups["overdue"],
        "due_today": groups["today"],
        "coming": groups["coming"],
        "done": list(selectors.recently_done_tasks(user)),
        "form": form,
    }
    return render(request, "casework/tasks.html", context)


def _task_for(request: AuthedHttpRequest, task_id: uuid.UUID) -> Task:
    """The user's own task, or a task about someone they supervise; 404 for anything else."""
    task = selectors.tasks_for(request.user).select_related("person").filter(pk=task_id).first()
    if task is None:
        task = access.rows_of_supervised_people(request.user, Task).select_related("person").filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


@roles(*CLINICAL_ROLES)
def task_done(request: AuthedHttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """``done=1`` marks the task done, ``done=0`` undoes it. htmx gets the row back; a plain form goes back."""
    task = _task_for(request, task_id)
    back_to_person = request.POST.get("back") == "person" and task.person_id is not None
    if request.method != "POST":
        return redirect("casework:tasks")
    try:
        task_services.task_set_done(actor=request.user, task=task, done=request.POST.get("done") != "0")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if _is_htmx(request):
        return render(request, "casework/_task_row.html", {"task": task, "today": today_for(request), "swapped": True})
    if back_to_person:
        return redirect("people:person_detail", person_id=task.person_id)
    return redirect("casework:tasks")


urlpatterns: list[URLPattern] = [
    path("casework/tasks/", tasks, name="tasks"),
    path("casework/tasks/<uuid:task_id>/done/", task_done, name="task_done"),
]
