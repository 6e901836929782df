"""Hourly counters in the shared cache for public forms that need no account (contact, booking).

``cache.add`` creates a counter only if it is missing and ``cache.incr`` returns the
new value, so each decision rests on that hit's own count, even under simultaneous
requests. A request never resets a counter (a reset would let a burst start over).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's address as sign-in rate limits see it (allauth honours the trusted-proxy settings)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR", "")


def over_limit(scope: str, identity: str, limit: int) -> bool:
    """Count one hit for ``identity`` in this hour's window of ``scope``; True once the count passes ``limit``.

    The identity (an address, an e-mail) is stored only as a keyed hash.
    """
    digest = hashlib.sha256((settings.SECRET_KEY + identity).encode()).hexdigest()[:32]
    # The "learning:" prefix predates the split into apps; keeping it keeps counters running across a deploy.
    key = f"learning:{scope}:{digest}"
    for _attempt in range(3):
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            return cache.incr(key) > limit
        except ValueError:
            continue  # the counter expired between add and incr: start this hour's window
    return True
