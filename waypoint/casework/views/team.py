"""The supervisor's team view: caseloads and overdue follow-ups per worker, who is drifting, the approvals queue.

Also reassigning a person from one worker to another, and deciding an item of the queue in place.
Deciding needs no fresh sign-in: it follows the record's own "Close the record" button
(``people:person_close_approve``), which does not ask for one either; granting access does (accounts' approvals).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from waypoint.accounts.roles import Role
from waypoint.casework import approvals, selectors
from waypoint.casework.forms.team import DecisionForm, ReassignForm
from waypoint.casework.services import reassign as reassigning
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access
from waypoint.people import selectors as people_selectors


@roles(Role.SUPERVISOR)
def team(request: AuthedHttpRequest) -> HttpResponse:
    agency = request.membership.agency
    today = today_for(request)
    context = {
        "agency": agency,
        "lines": selectors.team_lines(request.user, agency.pk, today),
        "not_contacted": list(selectors.not_contacted(request.user, today)),
        "no_team": list(people_selectors.people_without_care_team(request.user)),
        "queue": approvals.queue(request.user),
        "no_contact_days": settings.WAYPOINT_NO_CONTACT_DAYS,
    }
    return render(request, "casework/team.html", context)


@require_POST
@roles(Role.SUPERVISOR)
@record_not_found
def approval_decide(request: AuthedHttpRequest, kind: str, item_id: uuid.UUID) -> HttpResponse:
    approval = approvals.REGISTRY.get(kind)
    form = DecisionForm(request.POST)
    if approval is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline."))
        return redirect("casework:team")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        (approval.approve if approve else approval.decline)(request.user, item_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = approval.approve_label if approve else approval.decline_label
        messages.success(request, _("Done: %(decision)s.") % {"decision": done})
    return redirect("casework:team")


@roles(Role.SUPERVISOR)
@record_not_found
def reassign(request: AuthedHttpRequest, person_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    gated = access.supervised_person_for(request.user, person_id, purpose="edit")
    person = gated.person
    member = access.care_team_member_for(person, member_id)
    today = today_for(request)
    if person.is_closed or not member.is_current(today):
        messages.info(request, _("That place on the care team has ended, or the record is closed: nothing to move."))
        return redirect("people:care_team", person_id=person.pk)
    on_team = [m.user_id for m in selectors.current_team(person, today)]
    staff = selectors.agency_staff(person.agency_id).exclude(pk__in=on_team)
    form = ReassignForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            done = reassigning.reassign(
                actor=request.user, person=person, member=member, to_user=form.cleaned_data["to_user"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            moved = ngettext(
                "%(count)d open follow-up moved to them.",
                "%(count)d open follow-ups moved to them.",
                done.tasks_moved,
            ) % {"count": done.tasks_moved}
            messages.success(
                request,
                _("%(name)s now holds the place on the care team.") % {"name": done.started.user} + " " + moved,
            )
            return redirect("people:care_team", person_id=person.pk)
    context = {"person": person, "o": {"can_supervise": gated.supervises}, "member": member, "form": form}
    return render(request, "casework/reassign.html", context)


urlpatterns: list[URLPattern] = [
    path("casework/team/", team, name="team"),
    path("casework/approvals/<slug:kind>/<uuid:item_id>/", approval_decide, name="approval_decide"),
    path("people/<uuid:person_id>/reassign/<uuid:member_id>/", reassign, name="reassign"),
]
