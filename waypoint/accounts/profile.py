"""The signed-in person's own profile: the name colleagues see and the interface language.

Kept apart from ``views.py`` and ``services.py`` (members and invitations): the form, the one
write (``profile_update``, audited) and the thin view, in the usual order.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from waypoint import audit
from waypoint.accounts.models import LANGUAGE_CHOICES, User
from waypoint.core.routes import signed_in


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        required=False,
        help_text=_("Colleagues see it in lists and on the records you work on. Empty: your e-mail address."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The browser's language")), *LANGUAGE_CHOICES],
        required=False,
        help_text=_("Waypoint uses it every time you sign in, on any device."),
    )


@transaction.atomic
def profile_update(*, actor: User, display_name: str, language: str) -> User:
    """Save the person's own name and language; the audit event says which fields changed, never their values."""
    changed = [
        name
        for name, value in (("display_name", display_name.strip()), ("language", language))
        if getattr(actor, name) != value
    ]
    if not changed:
        return actor
    actor.display_name = display_name.strip()
    actor.language = language
    actor.save(update_fields=[*changed, "updated_at"])
    audit.record(action="user.profile_updated", actor=actor, target=actor, detail={"fields": ",".join(changed)})
    return actor


def language_cookie(response: HttpResponse, language: str) -> None:
    """Make the chosen language the interface language from the next page on (LocaleMiddleware reads the cookie)."""
    if not language:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a str in settings
    )


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        profile_update(
            actor=user, display_name=form.cleaned_data["display_name"], language=form.cleaned_data["language"]
        )
        if user.language:
            translation.activate(user.language)
        messages.success(request, _t("Your profile is saved."))
        response = redirect("profile")
        language_cookie(response, user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})
