"""In Chromium: a content editor walks Wagtail's admin (dashboard, pages, a guide, the Resource and Workshop
snippets, document upload) and axe-core finds nothing but the rules listed below, which come from Wagtail's
own markup (docs/learning.md, "Accessibility of the editors' admin"). Anything else fails the test."""

from __future__ import annotations

import json
import os
import re

import pytest
from django.core.files.base import ContentFile

from waypoint.learning.models import GuidePage, Resource
from waypoint.testing.browser import AXE_TAGS, totp_code
from waypoint.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WAYPOINT_AXE_COLLECT=/tmp/found.json writes every violation, allowed or not, for review.
COLLECT = os.environ.get("WAYPOINT_AXE_COLLECT")

# What axe reports in Wagtail's own markup, which we do not copy nor patch: (rule, page, selector, html, why).
# Page, selector and html are regular expressions; docs/learning.md lists the same rules for editors.
WAGTAILS_OWN = [
    (
        "label",
        "guide edit",
        r"^#body-\d+-value-points-\d+-value$",
        r"^<input type=\"text\"",
        "Wagtail's ListBlock draws its items without a label; our CharBlock has one ('Point') it does not show.",
    ),
    (
        "aria-input-field-name",
        "guide edit",
        r"^\.notranslate$",
        r"public-DraftEditor-content",
        "Wagtail's Draftail editor for a rich-text block in a StreamField has no accessible name.",
    ),
    (
        "label",
        "document upload",
        r"^#fileupload$",
        r"^<input id=\"fileupload\"",
        "Wagtail's documents upload (wagtaildocs/multiple/add.html) has an unlabelled file input.",
    ),
]


def allows(entry: tuple, name: str, finding: dict) -> bool:
    rule, page_name, selector_pattern, html_pattern, _why = entry
    selector = " ".join(str(part) for part in finding["target"])
    return (
        finding["id"] == rule
        and re.fullmatch(page_name, name) is not None
        and re.search(selector_pattern, selector) is not None
        and re.search(html_pattern, finding["html"]) is not None
    )


def sign_in(page, live_server, email: str, secret: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/home/")


def violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        {"id": v["id"], "help": v["help"], "target": n["target"], "html": n["html"][:200]}
        for v in results.response["violations"]
        for n in v["nodes"]
    ]


def test_the_editors_admin_has_only_wagtails_own_axe_findings(
    page, live_server, hub, world, workshop, settings, tmp_path
):
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title="Sample handout", file=ContentFile(b"%PDF-1.4\n", name="handout.pdf"))
    resource = Resource.objects.create(title="Sample handout", document=document, audiences=["health"])
    guide = GuidePage.objects.get(slug="sample-housing")
    cora = world["cora"]
    sign_in(page, live_server, cora.user.email, cora.totp_secret)

    pages = {
        "dashboard": "/cms/",
        "explorer": "/cms/pages/",
        "guide edit": f"/cms/pages/{guide.id}/edit/",
        "resource list": "/cms/snippets/learning/resource/",
        "resource add": "/cms/snippets/learning/resource/add/",
        "resource edit": f"/cms/snippets/learning/resource/edit/{resource.pk}/",
        "workshop list": "/cms/snippets/workshops/workshop/",
        "workshop add": "/cms/snippets/workshops/workshop/add/",
        "workshop edit": f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/",
        "document upload": "/cms/documents/multiple/add/",
    }
    found = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, response.status)
        page.wait_for_load_state("networkidle")
        if name.startswith(("resource ", "workshop ")) and not name.endswith("list"):
            # Our snippet templates give the add and edit views their (screen-reader) h1.
            assert page.locator("h1").count() == 1, name
        found[name] = violations(page)
    if COLLECT:
        with open(COLLECT, "w") as out:
            json.dump(found, out, indent=1)

    unexpected = [
        f"{name}: {f['id']} ({f['help']}) at {f['target']}: {f['html']}"
        for name, findings in found.items()
        for f in findings
        if not any(allows(entry, name, f) for entry in WAGTAILS_OWN)
    ]
    assert unexpected == [], "axe found, outside Wagtail's own markup:\n" + "\n".join(unexpected)
    # The allow-list stays honest: an entry Wagtail no longer triggers comes off it (and off the docs).
    stale = [
        entry[:3]
        for entry in WAGTAILS_OWN
        if not any(allows(entry, name, f) for name, findings in found.items() for f in findings)
    ]
    assert stale == [], f"Allowed for Wagtail but no longer reported: {stale}"
