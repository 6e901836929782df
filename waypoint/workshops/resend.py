"""The booking form shown again with what was typed, after its CSRF token expired (see core/csrf.py)."""

from __future__ import annotations

import uuid

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypoint.core.csrf import register_resendable_form
from waypoint.workshops import selectors
from waypoint.workshops.forms import RegistrationForm


def session_register_page(request: HttpRequest, form: forms.Form, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_public(session_id)
    context = {"session": session, "workshop": session.workshop, "form": form, "hub_section": "workshops"}
    return render(request, "workshops/session_register.html", context)


def register() -> None:
    register_resendable_form("workshops:session_register", form_class=RegistrationForm, page=session_register_page)
