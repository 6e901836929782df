"""Simulated staff for `make load` and `make faults`: advocates of the city network at work.

Each simulated user is one advocate (``advocate-001@city.waypoint.test`` onwards, the
city's password) who signs in through allauth's real form (CSRF token, password, and
the TOTP step when ``LOAD_TOTP_FILE`` gives the account a secret), then loops over:

* caseload: ``/people/`` (their own care teams; the ids and aliases on it feed the rest);
* person overview: one of those people (writes a read event to the audit chain);
* finder: ``/people/find/?q=`` the first three letters of one of their aliases;
* write: "confirmed with the person today" on one of their safe contacts (a POST that
  updates the contact and appends an audit event; safe to repeat), answered by a
  redirect that is not followed;
* and, with ``LOAD_WRITES=verify,create``, a new safe contact for one of their people
  (used by `make faults` on its own throw-away database, never on a shared set).

Every request is appended to ``LOAD_LOG`` (JSON lines: wall-clock start, page, status,
client ms, and the server and lock-wait ms the load settings' middleware reports), which
bench/load/run.py and bench/faults.py read. Traffic goes only to the ``--host`` given,
which those scripts set to 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import itertools
import json
import os
import random
import re
import struct
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

DOMAIN = "city.waypoint.test"
PASSWORD = os.environ.get("LOAD_PASSWORD", "waypoint-city-2026")
FIRST = int(os.environ.get("LOAD_FIRST_ADVOCATE", "1"))
WRITES = set(filter(None, os.environ.get("LOAD_WRITES", "verify").split(",")))
TOTP_SECRETS: dict[str, str] = (
    json.loads(Path(os.environ["LOAD_TOTP_FILE"]).read_text()) if os.environ.get("LOAD_TOTP_FILE") else {}
)
LOG_PATH = os.environ.get("LOAD_LOG", "")

_numbers = itertools.count(FIRST)
_rng = random.Random()  # noqa: S311 - which page to open next, not a secret
_log: list[str] = []
_log_lock = threading.Lock()

PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})/">([^<]+)</a>')
VERIFY_ACTION = re.compile(r'action="/people/([0-9a-f-]{36})/contacts/([0-9a-f-]{36})/verify/"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as allauth's TOTP checks it."""
    counter = int((at if at is not None else time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@events.request.add_listener
def remember(
    request_type: str,
    name: str,
    response_time: float,
    response_length: int,
    response: Any = None,
    exception: Any = None,
    start_time: float | None = None,
    **_: Any,
) -> None:
    if not LOG_PATH:
        return
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    entry = {
        "t": start_time or time.time(),
        "name": name,
        "status": status,
        "ms": round(response_time, 2),
        "server_ms": float(headers.get("X-Waypoint-Server-Ms") or 0) if headers else 0.0,
        "lock_ms": float(headers.get("X-Waypoint-Lock-Ms") or 0) if headers else 0.0,
        "error": "" if exception is None or status else type(exception).__name__,
    }
    if status >= 500:  # which page the person saw: the calm 503, or something else
        found = TITLE.search(getattr(response, "text", "") or "")
        entry["title"] = html.unescape(found.group(1)).strip() if found else ""
    with _log_lock:
        _log.append(json.dumps(entry))
        if len(_log) >= 500:
            _flush()


def _flush() -> None:
    if _log:
        with open(LOG_PATH, "a") as out:
            out.write("\n".join(_log) + "\n")
        _log.clear()


@events.quitting.add_listener
def flush_log(**_: Any) -> None:
    if LOG_PATH:
        with _log_lock:
            _flush()


class Advocate(FastHttpUser):
    # Think time between pages: short, so that 50 users make a load of 100+ requests a second.
    wait_time = between(0.1, 0.5)

    def on_start(self) -> None:
        self.email = f"advocate-{next(_numbers):03d}@{DOMAIN}"
        self.people: list[tuple[str, str]] = []  # (id, alias) from the caseload page
        self.contacts: list[tuple[str, str]] = []  # (person id, contact id) from overviews
        self.csrf = ""
        self.signed_in = False
        self.last_totp_period = -1
        self.sign_in()

    # --- helpers -------------------------------------------------------------------------

    def _csrf_from(self, text: str) -> None:
        found = CSRF_INPUT.search(text or "")
        if found:
            self.csrf = found.group(1)

    def sign_in(self) -> bool:
        page = self.client.get("/accounts/login/", name="sign-in page")
        if page.status_code != 200:
            return False
        self._csrf_from(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf},
            name="sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in answered {answer.status_code}")
                return False
            location = answer.headers.get("Location", "")
        if "/2fa/authenticate/" in location:
            secret = TOTP_SECRETS.get(self.email)
            if secret is None:
                return False
            # A code is accepted once: after a failed attempt (an outage), wait for the next one.
            while int(time.time() // 30) == self.last_totp_period:
                time.sleep(0.5)
            step = self.client.get("/accounts/2fa/authenticate/", name="sign-in TOTP page")
            self._csrf_from(step.text)
            self.last_totp_period = int(time.time() // 30)
            with self.client.post(
                "/accounts/2fa/authenticate/",
                data={"code": totp(secret, self.last_totp_period * 30), "csrfmiddlewaretoken": self.csrf},
                name="sign-in TOTP",
                allow_redirects=False,
                catch_response=True,
            ) as answer:
                if answer.status_code != 302 or "/2fa/" in answer.headers.get("Location", ""):
                    answer.failure(f"TOTP step answered {answer.status_code}")
                    return False
        self.signed_in = True
        return True

    def _ready(self) -> bool:
        """Signed in and knowing their caseload; tries again after a failure (an outage, say)."""
        if not self.signed_in and not self.sign_in():
            return False
        if not self.people:
            self.caseload()
        return bool(self.people)

    def _signed_out(self, response: Any) -> bool:
        if response.status_code == 302 and "/accounts/login/" in response.headers.get("Location", ""):
            self.signed_in = False
            return True
        return False

    # --- the pages -------------------------------------------------------------------------

    @task(3)
    def caseload(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        with self.client.get("/people/", name="caseload", allow_redirects=False, catch_response=True) as page:
            if self._signed_out(page):
                page.failure("signed out")
                return
            if page.status_code == 200:
                self._csrf_from(page.text)
                found = [(pid, html.unescape(alias)) for pid, alias in PERSON_LINK.findall(page.text)]
                if found:
                    self.people = found

    @task(5)
    def overview(self) -> None:
        if not self._ready():
            return
        person, _alias = _rng.choice(self.people)
        with self.client.get(
            f"/people/{person}/", name="person overview", allow_redirects=False, catch_response=True
        ) as page:
            if self._signed_out(page):
                page.failure("signed out")
                return
            if page.status_code == 200:
                self._csrf_from(page.text)
                for found in VERIFY_ACTION.findall(page.text):
                    if found not in self.contacts:
                        self.contacts.append(found)

    @task(2)
    def finder(self) -> None:
        if not self._ready():
            return
        _person, alias = _rng.choice(self.people)
        with self.client.get(
            "/people/find/", params={"q": alias[:3]}, name="finder", allow_redirects=False, catch_response=True
        ) as page:
            if self._signed_out(page):
                page.failure("signed out")

    @task(1)
    def verify_contact(self) -> None:
        if "verify" not in WRITES or not self._ready():
            return
        if not self.contacts or not self.csrf:
            self.overview()
            return
        person, contact = _rng.choice(self.contacts)
        with self.client.post(
            f"/people/{person}/contacts/{contact}/verify/",
            data={"csrfmiddlewaretoken": self.csrf},
            name="write: verify contact",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or "/accounts/login/" in answer.headers.get("Location", ""):
                answer.failure(f"answered {answer.status_code}")

    @task(1)
    def create_contact(self) -> None:
        if "create" not in WRITES or not self._ready() or not self.csrf:
            return
        person, _alias = _rng.choice(self.people)
        yesterday = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86_400))
        with self.client.post(
            f"/people/{person}/contacts/new/",
            # A repeated field (safe_days): encoded here, since the client's own encoding has no doseq.
            data=urlencode(
                {
                    "csrfmiddlewaretoken": self.csrf,
                    "channel": "text",
                    "value": f"555-01{_rng.randint(0, 99):02d} (fictional)",
                    "safe_days": ["1", "3"],
                    "safe_from": "09:00",
                    "safe_until": "17:00",
                    "verified_on": yesterday,
                },
                doseq=True,
            ),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name="write: new contact",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or "/accounts/login/" in answer.headers.get("Location", ""):
                answer.failure(f"answered {answer.status_code}")
