"""Headers, privacy controls and calm error pages that every page shares."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_pages_carry_a_nonce_csp_that_forbids_framing_and_inline_script():
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_never_cached(clients):
    response = clients("alice").get("/home/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")


@pytest.mark.django_db
def test_public_pages_offer_a_quick_exit_first_in_tab_order():
    body = Client().get("/accounts/login/").content.decode()
    first_link = re.search(r"<a [^>]*>", body)
    assert first_link is not None and "data-quick-exit" in first_link.group(0)


def test_staff_pages_do_not_show_the_quick_exit(clients):
    assert b"data-quick-exit" not in clients("alice").get("/home/").content


@pytest.mark.django_db
def test_no_page_loads_anything_from_another_site():
    body = Client().get("/accounts/login/").content.decode()
    # Every src and stylesheet is local; the only absolute link is the quick exit's destination.
    assert re.findall(r'src="(https?:|//)', body) == []
    assert re.findall(r'<link[^>]+href="(https?:|//)', body) == []
    absolute_links = re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', body)
    assert all("data-quick-exit" in link for link in absolute_links)
    assert "@import" not in body


@pytest.mark.django_db
def test_an_unknown_page_is_a_calm_404_in_french_too():
    response = Client().get("/no-such-page/here/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Nous n’avons pas trouvé cette page" in response.content.decode()


def test_a_role_without_access_gets_a_calm_403(clients):
    response = clients("alice").get("/agency/members/")
    assert response.status_code == 403
    assert b"not part of your role" in response.content


def test_a_database_outage_shows_a_calm_503(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.user("alice"))
    with mock.patch("waypoint.core.views.render", side_effect=OperationalError("server closed the connection")):
        response = client.get("/home/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"briefly unavailable" in response.content


@pytest.mark.django_db
def test_a_crash_shows_a_calm_500(settings):
    settings.DEBUG = False
    with mock.patch("waypoint.core.views.render", side_effect=RuntimeError("boom")):
        response = Client(raise_request_exception=False).get("/no-such-page/")
    assert response.status_code == 500
    assert b"went wrong on our side" in response.content


@pytest.mark.django_db
def test_a_cross_site_post_with_a_null_origin_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    data = {"login": "a@b.invalid", "password": "x", "csrfmiddlewaretoken": token}
    assert (
        client.post("/accounts/login/", data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    )
    same_site = client.post("/accounts/login/", data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 200


@pytest.mark.django_db
def test_language_choice_switches_pages_to_french():
    client = Client()
    client.post("/language/", {"language": "fr", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "fr"
    assert "Quitter ce site rapidement" in response.content.decode()


def test_vendored_htmx_is_local_with_its_licence():
    from pathlib import Path

    vendor = Path(__file__).resolve().parents[2] / "static" / "vendor" / "htmx"
    assert (vendor / "htmx.min.js").stat().st_size > 10_000
    assert "BSD" in (vendor / "LICENSE").read_text() or "Zero-Clause" in (vendor / "LICENSE").read_text()
    assert "2.0." in (vendor / "VERSION").read_text()
