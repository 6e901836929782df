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
    # An opt-out: the daily e-mail is on unless this is ticked.
    no_daily_digest = forms.BooleanField(
        label=_("Do not send me the daily e-mail of follow-ups due"),
        required=False,
        help_text=_(
            "For advocates, housing staff and supervisors: on days something is due or overdue, one e-mail "
            "says how many, with a link. It never names anyone."
        ),
    )


@transaction.atomic
def profile_update(*, actor: User, display_name: str, language: str, daily_digest: bool | None = None) -> User:
    """Save the person's own name, language and daily e-mail choice (None: unchanged); the audit event
    says which fields changed, never their values."""
    wanted: dict[str, object] = {"display_name": display_name.strip(), "language": language}
    if daily_digest is not None:
        wanted["daily_digest"] = daily_digest
    changed = [name for name, value in wanted.items() if getattr(actor, name) != value]
    if not changed:
        return actor
    for name, value in wanted.items():
        setattr(actor, name, value)
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
    initial = {"display_name": user.display_name, "language": user.language, "no_daily_digest": not user.daily_digest}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(
            actor=user,
            display_name=form.cleaned_data["display_name"],
            language=form.cleaned_data["language"],
            daily_digest=not form.cleaned_data["no_daily_digest"],
        )
        if user.language:
            translation.activate(user.language)
        messages.success(request, _t("Your profile is saved."))
        response = redirect("profile")
        language_cookie(response, user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})
