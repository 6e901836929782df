"""Plain-text e-mails to people without an account, rendered in the language they used, with no tracking."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_plain(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Send ``<template>_subject.txt`` and ``<template>.txt`` (template names include their app's folder)."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, from_email=None, to=[to])
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
