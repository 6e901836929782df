"""Names people type into public forms are repeated in the e-mails we send them: keep links out of them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a typing alias; django-stubs is a development dependency

# "://", "www.", an @, or a lower-case domain such as "evil.example" (mail programs make these clickable);
# "J.Smith" or "Dr. Ada" stay allowed.
LINK_LIKE = re.compile(r"(://|(?i:www)\.|@|\b[\w-]+\.[a-z]{2,}\b)")


def clean_plain_name(value: str, *, message: StrOrPromise) -> str:
    """Refuse a name that reads as a link or address: it would carry someone's link in our e-mail.

    ``message`` comes from the calling app, so its words live in that app's translations.
    """
    if LINK_LIKE.search(value):
        raise forms.ValidationError(message)
    return value


def plain_name(name: str) -> str:
    """The name for "Hello ...", with anything a mail program could turn into a link broken up.

    The forms refuse such names; this also covers what was stored before they did.
    """
    if not LINK_LIKE.search(name):
        return name
    return re.sub(r"[.:/@\\]+", " ", name).strip()
