"""The contact form shown again with what was typed, after its CSRF token expired (see core/csrf.py)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypoint.core.csrf import register_resendable_form
from waypoint.enquiries.forms import ContactForm


def contact_page(request: HttpRequest, form: forms.Form) -> HttpResponse:
    return render(request, "enquiries/contact.html", {"form": form, "hub_section": "contact"})


def register() -> None:
    register_resendable_form("enquiries:contact", form_class=ContactForm, page=contact_page)
