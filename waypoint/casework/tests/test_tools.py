"""Guide-to-tool links: every guide's button leads to a page that does what its label says, for staff and for others."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from waypoint.casework.views.tools import TOOLS
from waypoint.learning import services
from waypoint.learning.guide_files import TOOL_PATHS, tool_slug
from waypoint.learning.models import GuidePage
from waypoint.learning.templatetags.learning_tags import tool_href

pytestmark = pytest.mark.django_db

# Built in Waypoint today, with the h1 of the page a clinical member lands on.
STAFF_LANDING = {
    "engagement-log": "My people",
    "stage-check-ins": "My people",
    "safety-plans": "My people",
    "bed-board": "Housing programs",
    "workshops": "Workshops",
}


@pytest.fixture
def all_guides(db):
    services.guides_load()
    services.hub_site_ensure()
    return list(GuidePage.objects.live().order_by("order"))


def _h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, "no h1"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _practice_link(html: str) -> tuple[str, str]:
    section = html[html.index('<section class="practice panel">') :]
    found = re.search(r'<a class="button" href="([^"]+)">Open (.+?) in Waypoint</a>', section)
    assert found, "no practice button"
    return found.group(1), found.group(2)


def test_every_tool_a_guide_may_name_has_a_public_page(client):
    for key, path in TOOL_PATHS.items():
        slug = tool_slug(key)
        assert slug in TOOLS and path == reverse("casework:tool_about", kwargs={"tool": slug}), key
        response = client.get(path)
        assert response.status_code == 200 and _h1(response.content.decode()) == str(TOOLS[slug].name)
    assert client.get("/tools/no-such-tool/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "alice", "sam", "pat"])
def test_every_guides_practice_link_lands_on_the_page_its_label_names(world, clients, all_guides, who):
    client = clients(who)
    clinical = who in ("alice", "sam")
    assert len(all_guides) == 13
    for guide in all_guides:
        href, label = _practice_link(client.get(guide.url).content.decode())
        slug = tool_slug(label)
        assert slug in TOOLS, (guide.slug, label)
        landing = client.get(href)
        assert landing.status_code == 200, (guide.slug, href)
        expected = STAFF_LANDING.get(slug) if clinical or slug == "workshops" else None
        assert _h1(landing.content.decode()) == (expected or str(TOOLS[slug].name)), (guide.slug, who, href)


def test_a_tool_not_built_yet_says_so_and_one_that_is_tells_how_to_sign_in(world, clients):
    coming = clients("anonymous").get(reverse("casework:tool_about", kwargs={"tool": "self-checks"})).content.decode()
    main = coming.split('id="main"')[1]
    assert "Coming to Waypoint; not available yet." in main and "?next=" not in main  # nothing to sign in to
    about = reverse("casework:tool_about", kwargs={"tool": "engagement-log"})
    html = clients("anonymous").get(about).content.decode()
    assert "not available yet" not in html and "It is for agency staff" in html
    assert f'href="{reverse("account_login")}?next=%2Fpeople%2F"' in html
    # A clinical member reading the page gets the tool's own button instead of the sign-in.
    staff = clients("alice").get(about).content.decode()
    assert 'href="/people/"' in staff and "?next=" not in staff


def test_the_tool_pages_are_public_pages_with_the_quick_exit(client):
    html = client.get(reverse("casework:tool_about", kwargs={"tool": "bed-board"})).content.decode()
    assert "data-quick-exit" in html and " style=" not in html and "<style" not in html


def test_the_filter_sends_only_clinical_members_to_the_tool(world, rf):
    request = rf.get("/")
    request.user = world.user("pat")
    request.membership = world.user("pat").memberships.get()
    assert tool_href("/tools/engagement-log/", request) == "/tools/engagement-log/"
    request.user, request.membership = world.user("hana"), world.user("hana").memberships.get()
    assert tool_href("/tools/engagement-log/", request) == "/people/"
    assert tool_href("/tools/stage-check-ins/", request) == "/people/"
    assert tool_href("/tools/bed-board/", request) == "/housing/"
    assert tool_href("/tools/self-checks/", request) == "/tools/self-checks/"  # not built: the honest page
    assert tool_href("/tools/workshops/") == "/learn/workshops/"  # the catalogue is public


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_a_guide_in_french_links_where_the_english_one_does(world, clients, all_guides, who):

    english, french = clients(who), clients(who)
    french.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    for guide in all_guides:
        en_href = re.search(
            r'<section class="practice panel">.*?href="([^"]+)"', english.get(guide.url).content.decode(), re.S
        )
        fr_href = re.search(
            r'<section class="practice panel">.*?href="([^"]+)"', french.get(guide.url).content.decode(), re.S
        )
        assert en_href and fr_href and en_href.group(1) == fr_href.group(1), guide.slug
