"""Where a guide's "Open … in Waypoint" button leads, and the public page that says what each tool is.

A signed-in member with a clinical role goes straight to the page that does what the button says;
everyone else (and everyone, for a tool not built yet) reads ``tools/<slug>/``: what the tool does,
who it is for and how staff sign in, or that it is coming and not available yet. The guides name
their tools in ``learning.guide_files.TOOL_PATHS``; the learning hub's ``tool_href`` filter asks
``href_for`` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.core.routes import public


@dataclass(frozen=True)
class Tool:
    slug: str
    name: Promise
    does: Promise
    # The page that does what the button says, for clinical staff; None while the tool is not built.
    staff_url_name: str | None = None
    # True when that page is open to anyone (the workshop catalogue): everyone goes straight there.
    public: bool = False
    how: Promise | None = None


TOOLS: dict[str, Tool] = {
    tool.slug: tool
    for tool in (
        Tool(
            "engagement-log",
            _("Engagement log"),
            _(
                "A record of each contact with a person the agency supports: what kind of contact, when, who was "
                "there, a short summary and, when they want it kept, their own words, with a follow-up if one "
                "was agreed. It lets the next worker pick up the relationship without the person telling their "
                "story again."
            ),
            "people:my_people",
            how=_("Open My people, then log a contact from the person's row or their page."),
        ),
        Tool(
            "stage-check-ins",
            _("Stage check-ins"),
            _(
                "Short, regular conversations about where a person is on their own path of change, kept next to "
                "their engagement log so the worker can see what has shifted over time."
            ),
            "people:my_people",
            how=_(
                "Open My people, then a person's Stages page: record where they are with one change in one part "
                "of life, see the journey as a chart and a table, and what tends to help at that stage."
            ),
        ),
        Tool(
            "bed-board",
            _("Bed board and stays"),
            _(
                "Which beds in the agency's shelters and transitional housing are free, and each person's stay: "
                "when it started, when it is due to end and what happens next."
            ),
            "housing:programs",
            how=_(
                "Open Housing: each program's bed board (hold, admit, move, discharge in place), its waitlist, "
                "and a person's Housing page; program managers open each program's review."
            ),
        ),
        Tool(
            "safety-plans",
            _("Safety plans"),
            _(
                "A plan the person writes with their worker: warning signs, safe places and people, what to do "
                "in an emergency, reviewed and versioned as their situation changes."
            ),
            "people:my_people",
            how=_(
                "Open My people, then a person's Safety plan page: update it after a conversation, compare "
                "versions, record a risk check-in, and print the full plan or a discreet wallet card."
            ),
        ),
        Tool(
            "needs-and-referrals",
            _("Needs and referrals"),
            _(
                "What a person needs (housing, health, legal help, documents…) and the referrals made to partner "
                "services, with consent checked and each referral followed to its answer."
            ),
        ),
        Tool(
            "self-checks",
            _("Self-checks"),
            _("Private check-ins for staff on their own wellbeing and signs of vicarious trauma, seen by nobody else."),
        ),
        Tool(
            "evaluation-dashboards",
            _("Evaluation dashboards"),
            _(
                "Counts and trends for program managers and funders, built from records without naming anyone: "
                "contacts, goals reached, stays, referrals."
            ),
        ),
        Tool(
            "workshops",
            _("Workshops"),
            _(
                "Training sessions for professionals who meet trafficked people: the catalogue, dates and places, "
                "booking a seat and giving feedback afterwards."
            ),
            "workshops:workshop_list",
            public=True,
        ),
    )
}


def is_clinical(request: HttpRequest | None) -> bool:
    """Whether the visitor is signed in with a clinical role in their current membership."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in CLINICAL_ROLES


def href_for(slug: str, request: HttpRequest | None) -> str:
    """Where a guide's button for this tool leads this visitor (the tool's public page when in doubt)."""
    tool = TOOLS.get(slug)
    if tool is None:
        raise KeyError(slug)
    if tool.staff_url_name and (tool.public or is_clinical(request)):
        return reverse(tool.staff_url_name)
    return reverse("casework:tool_about", kwargs={"tool": slug})


@public
def tool_about(request: HttpRequest, tool: str) -> HttpResponse:
    found = TOOLS.get(tool)
    if found is None:
        raise Http404
    context: dict[str, Any] = {"tool": found, "available": found.staff_url_name is not None, "hub_section": "guides"}
    if found.staff_url_name:
        target = reverse(found.staff_url_name)
        context["target"] = target
        context["sign_in"] = reverse("account_login") + "?" + urlencode({"next": target})
        context["clinical"] = is_clinical(request)
    return render(request, "casework/tool_about.html", context)


urlpatterns: list[URLPattern] = [
    path("tools/<slug:tool>/", tool_about, name="tool_about"),
]
