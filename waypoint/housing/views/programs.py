"""The housing programs a worker reaches, and each program's waitlist."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.casework.views.common import render
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.housing import forms, selectors, services
from waypoint.housing.choices import UseKind, WaitStatus
from waypoint.housing.models import Program, WaitlistEntry
from waypoint.people import access


@roles(*CLINICAL_ROLES, Role.PROGRAM_MANAGER)
def programs(request: AuthedHttpRequest) -> HttpResponse:
    """Each program with its beds now (occupied, vacant) and where to go: board, waitlist, review."""
    user = request.user
    now = timezone.now()
    if request.membership.role == Role.PROGRAM_MANAGER:
        listed = Program.objects.filter(agency_id=request.membership.agency_id)
    else:
        listed = selectors.programs_for(user)
    beds = Q(sites__rooms__beds__is_active=True)
    taken = beds & Q(sites__rooms__beds__uses__during__contains=now)
    annotated = (
        listed.annotate(
            beds=Count("sites__rooms__beds", filter=beds, distinct=True),
            occupied=Count(
                "sites__rooms__beds", filter=taken & Q(sites__rooms__beds__uses__kind=UseKind.STAY), distinct=True
            ),
            unavailable=Count("sites__rooms__beds", filter=taken, distinct=True),
        )
        .annotate(free=F("beds") - F("unavailable"))
        .order_by("name")
    )
    rows = list(annotated)
    acting = set(selectors.actable_programs(user).values_list("pk", flat=True))
    context = {
        "rows": rows,
        "acting": acting,
        "manager": request.membership.role == Role.PROGRAM_MANAGER,
    }
    return render(request, "housing/programs.html", context)


def _choices_of_beds(request: AuthedHttpRequest, program: Program) -> list[tuple[str, str]]:
    return [(str(bed.pk), selectors.bed_label(bed)) for bed in selectors.free_beds(request.user, program=program)]


def _entry_forms(entry: WaitlistEntry, beds: list[tuple[str, str]]) -> tuple:
    short = entry.pk.hex[:8]
    return entry, forms.OfferForm(beds=beds, prefix=f"e{short}"), forms.WaitlistCloseForm(prefix=f"c{short}")


@roles(*CLINICAL_ROLES)
def waitlist(request: AuthedHttpRequest, program_id: uuid.UUID) -> HttpResponse:
    """Who waits for the program, by priority; add someone, offer a bed (a hold), or close an entry."""
    program = selectors.program_for(request.user, program_id)
    can_act = selectors.may_act(request.user, program)
    posted = request.method == "POST"
    if posted and not can_act:
        raise PermissionDenied
    entries, unseen = selectors.waitlist(request.user, program)
    still = (WaitStatus.WAITING, WaitStatus.OFFERED)
    waiting_ids = {str(e.person_id) for e in entries if e.status in still}
    people = [(pk, alias) for pk, alias in selectors.people_to_place(request.user, program) if pk not in waiting_ids]
    form = forms.WaitlistAddForm(request.POST if posted else None, people=people)
    if posted and form.is_valid():
        person = access.gated_person_for(request.user, form.cleaned_data["person"], purpose="edit").person
        try:
            services.waitlist_add(
                actor=request.user, program=program, person=person, priority=form.cleaned_data["priority"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(alias)s is on the waitlist.") % {"alias": person.alias})
            return redirect("housing:waitlist", program_id=program.pk)
    beds = _choices_of_beds(request, program) if can_act else []
    context = {
        "program": program,
        "can_act": can_act,
        "form": form,
        "waiting": [_entry_forms(entry, beds) for entry in entries if entry.status in still],
        "closed": [e for e in entries if e.status not in still][:20],
        "unseen": unseen,
        "beds": beds,
    }
    return render(request, "housing/waitlist.html", context)


@roles(*CLINICAL_ROLES)
def waitlist_entry(request: AuthedHttpRequest, program_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    """Offer a bed to one entry (``action=offer``) or close it (``action=close``); POST only."""
    program = selectors.program_for(request.user, program_id)
    entry = selectors.waitlist_entry_for(request.user, program, entry_id)
    if request.method != "POST":
        return redirect("housing:waitlist", program_id=program.pk)
    if not selectors.may_act(request.user, program):
        raise PermissionDenied
    action = request.POST.get("action")
    short = entry.pk.hex[:8]
    try:
        if action == "offer":
            form = forms.OfferForm(request.POST, beds=_choices_of_beds(request, program), prefix=f"e{short}")
            if not form.is_valid():
                raise ValidationError(_("Choose a free bed to offer."))
            bed = selectors.free_bed_by_id(request.user, form.cleaned_data["bed"])
            hold = services.waitlist_offer(actor=request.user, entry=entry, bed=bed)
            messages.success(
                request,
                _("%(bed)s is held for %(alias)s until %(until)s.")
                % {
                    "bed": bed.name,
                    "alias": entry.person.alias,
                    "until": formats.date_format(timezone.localtime(hold.expires_at), "DATETIME_FORMAT"),
                },
            )
        elif action == "close":
            close = forms.WaitlistCloseForm(request.POST, prefix=f"c{short}")
            if not close.is_valid():
                raise ValidationError(_("Choose declined or withdrawn."))
            services.waitlist_close(
                actor=request.user,
                entry=entry,
                status=close.cleaned_data["status"],
                lack_of_bed=close.cleaned_data["lack_of_bed"],
            )
            messages.success(request, _("%(alias)s is no longer on the waitlist.") % {"alias": entry.person.alias})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("housing:waitlist", program_id=program.pk)


urlpatterns: list[URLPattern] = [
    path("housing/", programs, name="programs"),
    path("housing/programs/<uuid:program_id>/waitlist/", waitlist, name="waitlist"),
    path("housing/programs/<uuid:program_id>/waitlist/<uuid:entry_id>/", waitlist_entry, name="waitlist_entry"),
]
