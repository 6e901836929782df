"""Wagtail's admin: editors get in through their Waypoint role; CSP is relaxed on /cms/ only."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from wagtail.models import Page

from waypoint.accounts.models import Membership
from waypoint.learning import services
from waypoint.learning.models import GuidePage, LearningHomePage


def test_a_content_editor_reaches_the_admin_and_edits_a_guide(hub, clients):
    client = clients("cora")
    assert client.get("/cms/").status_code == 200
    guide = GuidePage.objects.get(slug="sample-housing")
    response = client.get(f"/cms/pages/{guide.id}/edit/")
    assert response.status_code == 200
    # The editor holds this guide, with its French fields beside the English.
    content = response.content.decode()
    assert guide.title in content and 'name="title_fr"' in content and 'id="body_fr"' in content
    assert world_user_in_editors(clients, "cora")


def world_user_in_editors(clients, key) -> bool:
    return Group.objects.get(name=services.EDITORS_GROUP).user_set.filter(email=f"{key}@test.waypoint.invalid").exists()


def test_an_agency_admin_may_edit_too(hub, clients):
    response = clients("adam").get("/cms/pages/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/cms/pages/{LearningHomePage.objects.get().id}/"


def test_an_advocate_and_intake_are_refused(hub, clients):
    assert clients("alice").get("/cms/").status_code == 403
    assert clients("ines").get("/cms/").status_code == 403
    assert not world_user_in_editors(clients, "alice")


def test_anonymous_visitors_are_sent_to_sign_in(hub, client):
    response = client.get("/cms/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_losing_the_role_removes_editor_access(hub, world, clients):
    cora = world.user("cora")
    assert services.editor_access_sync(user=cora) is True
    Membership.objects.filter(user=cora).update(role="advocate")
    assert services.editor_access_sync(user=cora) is False
    assert not cora.groups.filter(name=services.EDITORS_GROUP).exists()


def test_the_editors_group_may_edit_the_hub_pages(hub, world):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    cora = world.user("cora")
    services.editor_access_sync(user=cora)
    guide = GuidePage.objects.get(slug="sample-housing")
    permissions = guide.permissions_for_user(cora)
    assert permissions.can_edit() and permissions.can_publish()
    assert PagePermissionPolicy().user_has_permission(cora, "change")
    assert not Page.get_first_root_node().permissions_for_user(cora).can_edit()


def test_csp_is_relaxed_for_styles_on_cms_paths_only(hub, clients):
    client = clients("cora")
    cms = client.get("/cms/")["Content-Security-Policy"]
    public = client.get("/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in re.search(r"style-src[^;]*", cms).group(0)
    assert "'unsafe-inline'" not in public
    assert "frame-ancestors 'self'" in cms and "frame-ancestors 'none'" in public
    assert "'unsafe-inline'" not in re.search(r"script-src[^;]*", public).group(0)
    assert client.get("/cms/")["X-Frame-Options"] == "SAMEORIGIN" and client.get("/")["X-Frame-Options"] == "DENY"


def test_the_hub_site_setup_is_idempotent(hub):
    from wagtail.models import Site

    home = services.hub_site_ensure()
    assert services.hub_site_ensure() == home
    assert Site.objects.get(is_default_site=True).root_page_id == home.id
    assert Page.objects.filter(depth=2).count() == 1


def test_an_editor_can_open_the_admin_before_the_hub_exists(world, clients):
    client = clients("cora")
    for path in ("/cms/", "/cms/pages/", "/cms/pages/search/", "/cms/snippets/workshops/workshop/"):
        assert client.get(path, follow=True).status_code == 200, path


def test_the_editors_page_permission_moves_to_the_hub_home(world, clients):
    clients("cora").get("/cms/")
    services.hub_site_ensure()
    from wagtail.models import GroupPagePermission

    pages = set(
        GroupPagePermission.objects.filter(group__name=services.EDITORS_GROUP).values_list("page_id", flat=True)
    )
    assert pages == {LearningHomePage.objects.get().id}


def test_an_editor_opens_the_workshop_and_resource_editors(hub, clients):
    client = clients("cora")
    for path in ("/cms/snippets/workshops/workshop/add/", "/cms/snippets/learning/resource/add/"):
        response = client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        assert 'name="title"' in content and 'name="title_fr"' in content and "<h1" in content, path


def test_an_editor_can_open_the_admin_when_the_page_tree_is_gone(world, clients):
    from wagtail.models import Collection, Site

    # What a flushed database looks like: Wagtail's migrated root page, site and collection are gone.
    Site.objects.all().delete()
    Page.objects.all().delete()
    Collection.objects.all().delete()
    client = clients("cora")
    for path in ("/cms/", "/cms/pages/", "/cms/api/main/pages/?child_of=root", "/cms/documents/"):
        assert client.get(path, follow=True).status_code == 200, path


def test_an_editor_creates_a_workshop_with_a_session_in_wagtail(hub, world, clients):
    from waypoint.workshops.models import Workshop

    client = clients("cora")
    response = client.post(
        "/cms/snippets/workshops/workshop/add/",
        {
            "agency": world.agencies["harbour"].id,
            "title": "Working with interpreters",
            "description": "For health and justice staff.",
            "audiences": ["health", "justice"],
            "format": "online",
            "duration_minutes": "90",
            "is_published": "on",
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-id": "",
            "sessions-0-DELETE": "",
            "sessions-0-starts_at": "2027-02-10 10:00",
            "sessions-0-ends_at": "2027-02-10 11:30",
            "sessions-0-time_zone": "America/Halifax",
            "sessions-0-capacity": "25",
            "sessions-0-place": "",
            "sessions-0-online_link": "https://meet.example.org/interpreters",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    workshop = Workshop.objects.get(title="Working with interpreters")
    session = workshop.sessions.get()
    assert workshop.audiences == ["health", "justice"] and session.capacity == 25
    # 10:00 on the session's clock (Halifax), whatever the server's zone.
    assert (session.local_start.hour, session.local_start.minute, str(session.local_start.tzinfo)) == (
        10,
        0,
        "America/Halifax",
    )
    edit = client.get(f"/cms/snippets/workshops/workshop/edit/{workshop.pk}/").content.decode()
    assert 'value="2027-02-10 10:00"' in edit
