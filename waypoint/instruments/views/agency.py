"""The agency administrator's questionnaires: which ones the agency has, importing wording, uploading its own.

No survivor data here: definitions and wording are the agency's, not anyone's answers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.accounts.roles import Role
from waypoint.casework.views.common import render
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.instruments import selectors, services
from waypoint.instruments.forms import TextFileForm

WORDING_HELP = gettext_lazy(
    "A plain text file with one line per question: its number, a tab, the English wording, a tab, the French"
    " wording. A first line of column names and lines starting with # are ignored."
)
DEFINITION_HELP = gettext_lazy(
    "A YAML or JSON file written to Waypoint's definition format (see the guide on this page)."
)


def _posted(request: AuthedHttpRequest) -> tuple[object, object]:
    """The POST and its files, or nothing for a GET (a POST with only a file is still a POST)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@roles(Role.AGENCY_ADMIN)
def agency_instruments(request: AuthedHttpRequest) -> HttpResponse:
    """Every questionnaire the agency can use, whether it needs its wording, and the latest import of each."""
    agency_id = request.membership.agency_id
    imports = selectors.wording_history(agency_id)
    context = {
        "rows": [(offer, imports.get(offer.key)) for offer in selectors.offers(agency_id)],
        "own": selectors.own_definitions(agency_id),
    }
    return render(request, "instruments/agency/list.html", context)


@roles(Role.AGENCY_ADMIN)
def wording_import(request: AuthedHttpRequest, key: str) -> HttpResponse:
    """Import a scoring-key-only questionnaire's wording from the agency's own copy; nothing is saved on an error."""
    agency = request.membership.agency
    offer = selectors.offer(agency.pk, key)
    if offer is None or not offer.row.definition.needs_wording:
        raise Http404
    form = TextFileForm(*_posted(request), file_help=str(WORDING_HELP))
    if request.method == "POST" and form.is_valid():
        try:
            services.import_wording(
                actor=request.user, agency=agency, definition_key=key, file_text=form.cleaned_data["content"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Wording imported: staff can now use %(title)s.") % {"title": offer.title})
            return redirect("instruments:agency_instruments")
    return render(request, "instruments/agency/wording.html", {"offer": offer, "form": form})


@roles(Role.AGENCY_ADMIN)
def definition_upload(request: AuthedHttpRequest) -> HttpResponse:
    """Upload the agency's own definition (a new key, or the next version of one of its own)."""
    form = TextFileForm(*_posted(request), file_help=str(DEFINITION_HELP))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.upload_definition(
                actor=request.user, agency=request.membership.agency, file_text=form.cleaned_data["content"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Saved %(title)s, version %(version)s. Earlier responses keep their own version.")
                % {"title": row.title, "version": row.version},
            )
            return redirect("instruments:agency_instruments")
    return render(request, "instruments/agency/upload.html", {"form": form})


urlpatterns: list[URLPattern] = [
    path("agency/instruments/", agency_instruments, name="agency_instruments"),
    path("agency/instruments/upload/", definition_upload, name="definition_upload"),
    path("agency/instruments/<slug:key>/wording/", wording_import, name="wording_import"),
]
