"""Guide files, the hub pages Wagtail serves, and search."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from waypoint.learning import selectors, services
from waypoint.learning.guide_files import GuideFileError, parse_guide
from waypoint.learning.models import GuidePage, LearningHomePage, TopicIndexPage


def assert_public_page(response) -> str:
    """Quick exit present; no inline script or style; nothing loaded from another site."""
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-quick-exit" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
    return html


def test_it_parses_front_matter_headings_lists_and_callouts():
    guide = parse_guide(
        "---\nslug: s\norder: 3\ntitle_en: T\ntitle_fr: TF\nsummary_en: S\nsummary_fr: SF\n"
        "audiences: health, police\ntool: Safety plans\n---\n\nIntro <b>not html</b>.\n\n## Heading\n\n- **one**\n- two\n\n"
        "> **Safety warning:** careful\n\n## Put this into practice\n\nOpen the tool.\n"
    )
    kinds = [kind for kind, _ in guide.stream]
    assert kinds == ["rich_text", "callout", "practice"]
    html = guide.stream[0][1]
    assert "&lt;b&gt;not html&lt;/b&gt;" in html
    assert "<h2>Heading</h2>" in html and "<li><b>one</b></li>" in html
    assert guide.stream[1][1] == {"tone": "caution", "text": "Safety warning: careful"}
    assert guide.stream[2][1]["url"] == "/tools/safety-plans/"
    assert guide.audiences == ["health", "police"] and guide.order == 3


def test_it_refuses_a_guide_file_with_an_unknown_audience():
    with pytest.raises(GuideFileError):
        parse_guide(
            "---\nslug: s\norder: 1\ntitle_en: T\ntitle_fr: T\nsummary_en: S\nsummary_fr: S\naudiences: aliens\ntool: x\n---\nBody\n"
        )


def test_it_loads_all_thirteen_guides_with_french_titles_and_summaries(db):
    created, _ = services.guides_load()
    assert created == 13
    guides = list(GuidePage.objects.live().order_by("order"))
    assert len(guides) == 13
    assert [g.order for g in guides] == list(range(1, 14))
    for guide in guides:
        assert guide.title_fr and guide.summary_fr, guide.slug
        words = sum(
            len(str(block.value.source if hasattr(block.value, "source") else block.value).split())
            for block in guide.body
        )
        assert 300 <= words <= 1500, (guide.slug, words)
    # Running it again changes nothing; the home page is the site root.
    assert services.guides_load() == (0, 0)
    assert Site.objects.get(is_default_site=True).root_page.specific.__class__ is LearningHomePage


def test_it_keeps_an_editors_change_unless_asked_to_update(hub):
    guide = GuidePage.objects.get(slug="sample-housing")
    guide.summary = "Edited by an editor."
    guide.save_revision().publish()
    from waypoint.learning.tests.conftest import FIXTURE_GUIDES

    assert services.guides_load(directory=FIXTURE_GUIDES) == (0, 0)
    assert GuidePage.objects.get(slug="sample-housing").summary == "Edited by an editor."
    assert services.guides_load(directory=FIXTURE_GUIDES, update=True) == (0, 2)
    assert GuidePage.objects.get(slug="sample-housing").summary.startswith("A short test guide")


def test_it_serves_the_home_page_with_guides_and_the_quick_exit(hub, client):
    html = assert_public_page(client.get("/"))
    assert "Sample guide on housing" in html and "Sample guide for police" in html


def test_it_serves_a_guide_with_its_blocks(hub, client):
    html = assert_public_page(client.get("/guides/sample-housing/"))
    assert "<h1>Sample guide on housing</h1>" in html
    assert 'class="callout callout--caution"' in html
    assert 'class="key-points"' in html and "Addresses stay confidential." in html
    from waypoint.learning.templatetags.learning_tags import tool_href

    assert "Put this into practice" in html and f'href="{tool_href("/tools/bed-board/")}"' in html


def test_a_practice_link_never_points_at_a_missing_page():
    from waypoint.learning.templatetags.learning_tags import tool_href

    assert tool_href("/learn/workshops/") == "/learn/workshops/"
    assert tool_href("/tools/safety-plans/") == "/tools/safety-plans/"
    assert tool_href("/tools/no-such-tool/") == "/home/"
    # A guide loaded before the tools' pages existed kept an address that leads nowhere: its label decides.
    assert tool_href({"url": "/casework/", "tool": "Stage check-ins"}) == "/tools/stage-check-ins/"
    assert tool_href({"url": "/shelters/", "tool": "le tableau des lits et des séjours"}) == "/tools/bed-board/"
    assert tool_href({"url": "/housing/", "tool": "Bed board and stays"}) == "/housing/"  # a page Waypoint serves
    assert tool_href({"url": "/nowhere/", "tool": "Something else"}) == "/home/"
    assert tool_href("/no-such-tool/") == "/home/"
    assert tool_href("https://elsewhere.example/") == "/home/"
    assert tool_href("//elsewhere.example/") == "/home/"


def test_it_serves_the_topic_index_in_order(hub, client):
    html = assert_public_page(client.get("/guides/"))
    assert html.index("Sample guide on housing") < html.index("Sample guide for police")


def test_it_shows_french_titles_and_summaries_in_french(hub):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    html = client.get("/guides/sample-housing/").content.decode()
    assert "Guide d&#x27;essai sur le logement" in html or "Guide d'essai sur le logement" in html
    assert "Un court guide d" in html


def test_search_finds_a_guide_by_a_word_from_its_body(hub):
    titles = [r.title for r in selectors.search("kestrel")]
    assert titles == ["Sample guide for police"]


def test_the_audience_filter_narrows_search_results(hub):
    assert {r.title for r in selectors.search("lighthouse")} == {"Sample guide on housing", "Sample guide for police"}
    assert [r.title for r in selectors.search("lighthouse", audience="police")] == ["Sample guide for police"]
    assert [r.title for r in selectors.search("lighthouse", audience="health")] == ["Sample guide on housing"]


def test_the_search_page_shows_results_and_filters(hub, client):
    html = assert_public_page(client.get(reverse("learning:search"), {"q": "lighthouse", "audience": "justice"}))
    assert "Sample guide for police" in html and "Sample guide on housing" not in html
    assert "1 result" in html


def test_search_finds_resources_too(hub, client):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from waypoint.learning.models import Resource

    document = Document(title="Checklist")
    document.file.save("checklist.txt", ContentFile(b"text"), save=False)
    document.save()
    resource = Resource.objects.create(
        title="Harbour checklist", description="About a lighthouse.", audiences=["health"], document=document
    )
    services.search_index_now(resource)
    kinds = {(r.kind, r.title) for r in selectors.search("lighthouse", audience="health")}
    assert kinds == {("guide", "Sample guide on housing"), ("resource", "Harbour checklist")}
    html = assert_public_page(client.get("/resources/", {"audience": "health"}))
    assert "Harbour checklist" in html
    assert "Harbour checklist" not in client.get("/resources/", {"audience": "police"}).content.decode()


def test_an_empty_search_shows_the_form_only(hub, client):
    response = client.get(reverse("learning:search"))
    assert (
        response.status_code == 200 and "result" not in response.content.decode().split("<main")[1].split("</form>")[-1]
    )


def test_a_signed_in_advocate_reads_the_hub_too(hub, clients):
    response = clients("alice").get("/guides/sample-police/")
    assert response.status_code == 200
    assert "data-quick-exit" in response.content.decode()


def test_the_topic_index_query_count_does_not_grow_with_guides(hub, client, django_assert_max_num_queries):
    index = TopicIndexPage.objects.get()
    client.get("/guides/")
    for n in range(5):
        index.add_child(instance=GuidePage(title=f"Extra {n}", slug=f"extra-{n}", summary="x", order=50 + n))
        index.refresh_from_db()
    with django_assert_max_num_queries(15):
        assert client.get("/guides/").status_code == 200


def test_the_hub_speaks_french(hub):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    html = client.get("/").content.decode()
    assert "Guides thématiques" in html and "Parler à quelqu’un" in html
    html = client.get(reverse("workshops:workshop_list")).content.decode()
    assert "Ateliers" in html


def test_home_and_search_query_counts_do_not_grow_with_guides(hub, client, django_assert_max_num_queries):
    index = TopicIndexPage.objects.get()
    for n in range(6):
        index.add_child(
            instance=GuidePage(title=f"Lighthouse {n}", slug=f"lighthouse-{n}", summary="lighthouse", order=60 + n)
        )
        index.refresh_from_db()
        services.search_index_now(GuidePage.objects.get(slug=f"lighthouse-{n}"))
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(reverse("learning:search"), {"q": "lighthouse"})
    assert response.content.decode().count('class="search-results__title"') == 8


def test_each_guide_file_is_400_to_1200_words_with_both_languages():
    from waypoint.learning.guide_files import parse_guide_file

    files = sorted(services.guides_directory().glob("*.md"))
    assert len(files) == 13
    guides = [parse_guide_file(path) for path in files]
    assert len({g.slug for g in guides}) == 13
    for guide in guides:
        assert 400 <= guide.words <= 1200, (guide.slug, guide.words)
        assert guide.title_fr != guide.title_en and guide.summary_fr != guide.summary_en, guide.slug
        assert any(kind == "practice" for kind, _ in guide.stream), guide.slug


def test_the_load_guides_command_reports_and_is_idempotent(db, capsys):
    from django.core.management import call_command

    from waypoint.learning.tests.conftest import FIXTURE_GUIDES

    call_command("load_guides", directory=FIXTURE_GUIDES)
    assert "2 created, 0 updated" in capsys.readouterr().out
    call_command("load_guides", directory=FIXTURE_GUIDES)
    assert "0 created, 0 updated" in capsys.readouterr().out
    call_command("load_guides", directory=FIXTURE_GUIDES, update=True)
    assert "0 created, 2 updated" in capsys.readouterr().out
