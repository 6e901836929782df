"""Field encryption with AES-256-GCM under a key ring, and a keyed blind index.

A stored value reads ``wp1:<key id>:<base64 nonce+ciphertext>``. The first key of
the ring encrypts; every key decrypts, so keys can be rotated without downtime
(``manage.py rotate_data_keys`` then re-encrypts everything under the first key).
A value that no key can open raises ``DecryptionError``: ciphertext is never
handed back as if it were data. Blind indexes are keyed per scope (an agency).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "wp1"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any key in the ring."""


def _decode_key(key: str) -> bytes:
    raw = base64.urlsafe_b64decode(key.encode())
    if len(raw) != 32:
        raise ValueError("A data key must be 32 bytes (AES-256).")
    return raw


def key_id(raw: bytes) -> str:
    # A short fingerprint, so a reader knows which key to use without trying all.
    return hashlib.sha256(b"waypoint-key-id" + raw).hexdigest()[:8]


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[bytes, ...]

    @classmethod
    def from_strings(cls, keys: list[str]) -> KeyRing:
        if not keys:
            raise ValueError("The key ring is empty: set WAYPOINT_DATA_KEYS or a key file.")
        return cls(tuple(_decode_key(k) for k in keys))

    @property
    def current_id(self) -> str:
        return key_id(self.keys[0])

    def encrypt(self, plaintext: str, *, context: bytes = b"") -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[0]).encrypt(nonce, plaintext.encode(), context)
        return f"{PREFIX}:{self.current_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str, *, context: bytes = b"") -> str:
        try:
            prefix, kid, payload = stored.split(":", 2)
            blob = base64.b64decode(payload.encode(), validate=True)
        except ValueError as exc:
            raise DecryptionError("The stored value is not a Waypoint ciphertext.") from exc
        if prefix != PREFIX or len(blob) < 28:
            raise DecryptionError("The stored value is not a Waypoint ciphertext.")
        for raw in self.keys:
            if key_id(raw) != kid:
                continue
            try:
                return AESGCM(raw).decrypt(blob[:12], blob[12:], context).decode()
            except InvalidTag as exc:
                raise DecryptionError("The value was altered or the key is wrong.") from exc
        raise DecryptionError(f"No key in the ring has id {kid}; was a key removed too early?")

    def is_current(self, stored: str) -> bool:
        return stored.startswith(f"{PREFIX}:{self.current_id}:")


@cache
def _ring(keys: tuple[str, ...]) -> KeyRing:
    return KeyRing.from_strings(list(keys))


def key_ring() -> KeyRing:
    """The ring from settings, read at call time (tests may override the setting)."""
    from django.conf import settings

    return _ring(tuple(settings.WAYPOINT_DATA_KEYS))


def normalise(text: str) -> str:
    """Fold case, accents and spacing so that 'Émilie  Roy' and 'emilie roy' match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def blind_index(*parts: str, purpose: str, scope: str) -> str:
    """A keyed HMAC of normalised parts, for exact-match lookups without plaintext.

    The purpose separates indexes (a name index cannot be compared with a phone
    index). The scope (for survivor records, the agency's id) selects a key of its
    own, derived from the index key, so the same person in two agencies gets two
    unrelated indexes and a database dump cannot link their records. The index key
    is separate from the data keys and never rotates silently: changing it, or how
    the scope key is derived, means recomputing every index.
    """
    from django.conf import settings

    if not scope:
        raise ValueError("A blind index needs a scope (for survivor records, the agency's id).")
    root = base64.urlsafe_b64decode(settings.WAYPOINT_INDEX_KEY.encode())
    key = hmac.new(root, b"waypoint-blind-index-scope\x1f" + scope.encode(), hashlib.sha256).digest()
    message = "\x1f".join([purpose, *(normalise(p) for p in parts)]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
