"""Names people type into public forms are repeated in the e-mails we send them: keep links out of them."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# "://", "www.", an @, or a lower-case domain such as "evil.example" (mail programs make these clickable);
# "J.Smith" or "Dr. Ada" stay allowed.
LINK_LIKE = re.compile(r"(://|(?i:www)\.|@|\b[\w-]+\.[a-z]{2,}\b)")


def clean_plain_name(value: str) -> str:
    """Refuse a name that reads as a link or address: it would carry someone's link in our e-mail."""
    if LINK_LIKE.search(value):
        raise forms.ValidationError(_("Please write only your name, without a web or e-mail address."))
    return value


def plain_name(name: str) -> str:
    """The name for "Hello ...", with anything a mail program could turn into a link broken up.

    The forms refuse such names; this also covers what was stored before they did.
    """
    if not LINK_LIKE.search(name):
        return name
    return re.sub(r"[.:/@\\]+", " ", name).strip()
