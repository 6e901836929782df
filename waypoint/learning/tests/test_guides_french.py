"""French guide bodies: parsed from content/guides/fr/, loaded into GuidePage.body_fr, shown when the language is French."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from waypoint.learning import services
from waypoint.learning.guide_files import GuideFileError, guide_pairs, parse_guide
from waypoint.learning.models import GuidePage
from waypoint.learning.tests.hub_fixtures import FIXTURE_GUIDES
from waypoint.learning.tests.test_guide_translations import ENGLISH_WORDS

FRENCH_HOUSING = """---
slug: sample-housing
order: 1
title_en: Sample guide on housing
title_fr: Guide d'essai sur le logement
summary_en: A short test guide about transitional homes.
summary_fr: Un court guide d'essai sur les maisons de transition.
audiences: social_services, health
tool: Bed board and stays
---

Les maisons de transition donnent du temps. Ce paragraphe parle d'un phare.

## Ce qui compte

- **La durée du séjour** est souvent longue.
- Les voies d'orientation doivent être claires.

> **Mise en garde :** Le risque augmente après un départ.

## Points clés

- Les maisons sont petites.
- Les adresses restent confidentielles.

## Mettre en pratique

Utilisez le **tableau des lits** pour voir les lits libres.
"""


@pytest.fixture
def guides_dir(tmp_path: Path) -> Path:
    """The two test guides, with a French body for the housing one."""
    for path in FIXTURE_GUIDES.glob("*.md"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "01-sample-housing.md").write_text(FRENCH_HOUSING, encoding="utf-8")
    return tmp_path


def french_client() -> Client:
    """A reader who chose French with the site's language switch (the form in base.html)."""
    client = Client()
    response = client.post("/language/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    return client


def visible_text(html: str) -> str:
    """The page's words a reader sees or hears: text and aria-labels, without elements marked lang="en"."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<(\w+)[^>]*\blang=\"en\"[^>]*>.*?</\1>", " ", html, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + labels)


def test_it_reads_a_french_body_with_its_practice_heading_callouts_and_tool_label():
    guide = parse_guide(FRENCH_HOUSING, language="fr")
    kinds = [kind for kind, _ in guide.stream]
    assert kinds == ["rich_text", "callout", "key_points", "practice"]
    assert guide.stream[1][1] == {"tone": "caution", "text": "Mise en garde : Le risque augmente après un départ."}
    assert guide.stream[2][1]["heading"] == "Points clés"
    practice = guide.stream[3][1]
    # The address comes from the English tool; the label is the French one.
    assert practice["url"] == "/tools/bed-board/" and practice["tool"] == "le tableau des lits et des séjours"


def test_a_tool_without_a_known_french_name_takes_the_first_bold_words_of_the_practice_section():
    text = FRENCH_HOUSING.replace("tool: Bed board and stays", "tool: Something new")
    practice = parse_guide(text, language="fr").stream[-1][1]
    assert practice["tool"] == "tableau des lits" and practice["url"] == "/home/"


def test_loading_puts_a_french_body_on_every_guide(db):
    services.guides_load()
    guides = list(GuidePage.objects.live().order_by("order"))
    assert len(guides) == 13
    for guide in guides:
        assert len(guide.body_fr) > 0, guide.slug
        assert [b.block_type for b in guide.body_fr].count("practice") == 1, guide.slug
        english = next(b.value for b in guide.body if b.block_type == "practice")
        french = next(b.value for b in guide.body_fr if b.block_type == "practice")
        assert french["url"] == english["url"], guide.slug
        assert french["tool"] != english["tool"], guide.slug
        assert any(b.block_type == "callout" and b.value["tone"] == "caution" for b in guide.body_fr), guide.slug
    # A second run changes nothing.
    assert services.guides_load() == (0, 0)
    client = french_client()
    for guide in guides:
        html = client.get(guide.url).content.decode()
        assert 'class="guide__body" lang="fr"' in html, guide.slug
        leftovers = sorted(set(ENGLISH_WORDS.findall(visible_text(html))))
        assert leftovers == [], (guide.slug, leftovers)


def test_it_refuses_a_french_file_whose_order_differs_and_loads_nothing(db, guides_dir):
    french = guides_dir / "fr" / "01-sample-housing.md"
    french.write_text(FRENCH_HOUSING.replace("order: 1", "order: 4"), encoding="utf-8")
    with pytest.raises(GuideFileError, match=r"fr/01-sample-housing\.md: order 4 differs from the English guide's 1"):
        services.guides_load(directory=guides_dir)
    assert not GuidePage.objects.exists()


def test_it_refuses_a_french_file_whose_slug_matches_no_english_guide(guides_dir):
    french = guides_dir / "fr" / "01-sample-housing.md"
    french.write_text(FRENCH_HOUSING.replace("slug: sample-housing", "slug: sample-houses"), encoding="utf-8")
    with pytest.raises(GuideFileError, match=r"slug 'sample-houses' matches no English guide"):
        guide_pairs(guides_dir)


def test_it_refuses_a_french_file_whose_audiences_differ(guides_dir):
    french = guides_dir / "fr" / "01-sample-housing.md"
    french.write_text(FRENCH_HOUSING.replace("social_services, health", "health"), encoding="utf-8")
    with pytest.raises(
        GuideFileError, match=r"audiences health differ from the English guide's social_services, health"
    ):
        guide_pairs(guides_dir)


def test_french_files_are_never_loaded_as_english_guides(db, guides_dir):
    assert services.guides_load(directory=guides_dir) == (2, 0)
    assert sorted(GuidePage.objects.values_list("slug", flat=True)) == ["sample-housing", "sample-police"]
    police = GuidePage.objects.get(slug="sample-police")
    assert len(police.body_fr) == 0


def test_it_fills_an_empty_french_body_but_never_overwrites_an_editors_without_update(db, guides_dir):
    # An install made before the French bodies: English only.
    shutil.rmtree(guides_dir / "fr")
    services.guides_load(directory=guides_dir)
    (guides_dir / "fr").mkdir()
    (guides_dir / "fr" / "01-sample-housing.md").write_text(FRENCH_HOUSING, encoding="utf-8")

    assert services.guides_load(directory=guides_dir) == (0, 1)
    guide = GuidePage.objects.get(slug="sample-housing")
    assert "phare" in str(guide.body_fr) and not guide.has_unpublished_changes

    guide.body_fr = [("rich_text", "<p>Texte revu par une éditrice.</p>")]
    guide.save_revision().publish()
    assert services.guides_load(directory=guides_dir) == (0, 0)
    assert "revu par une éditrice" in str(GuidePage.objects.get(slug="sample-housing").body_fr)

    assert services.guides_load(directory=guides_dir, update=True) == (0, 2)
    assert "phare" in str(GuidePage.objects.get(slug="sample-housing").body_fr)


def test_an_editors_draft_keeps_its_changes_and_gets_the_french_body(db, guides_dir):
    shutil.rmtree(guides_dir / "fr")
    services.guides_load(directory=guides_dir)
    guide = GuidePage.objects.get(slug="sample-housing")
    guide.summary = "A draft summary."
    guide.save_revision()
    (guides_dir / "fr").mkdir()
    (guides_dir / "fr" / "01-sample-housing.md").write_text(FRENCH_HOUSING, encoding="utf-8")

    assert services.guides_load(directory=guides_dir) == (0, 1)
    draft = GuidePage.objects.get(slug="sample-housing").get_latest_revision_as_object()
    assert draft.summary == "A draft summary." and "phare" in str(draft.body_fr)


def test_a_guide_in_french_shows_the_french_body_practice_heading_and_tool_label(db, guides_dir):
    services.guides_load(directory=guides_dir)
    html = french_client().get("/guides/sample-housing/").content.decode()
    assert '<html lang="fr">' in html
    assert 'class="guide__body" lang="fr"' in html
    assert "Les maisons de transition donnent du temps." in html
    assert "<h2>Mettre en pratique</h2>" in html and "<h2>Points clés</h2>" in html
    assert "Ouvrir le tableau des lits et des séjours dans Waypoint" in unescape(html)
    assert "Transitional homes give people time." not in html
    assert "available in English only" not in html and "disponible qu" not in html
    leftovers = sorted(set(ENGLISH_WORDS.findall(visible_text(html))))
    assert leftovers == [], leftovers


def test_a_guide_in_english_shows_the_english_body(db, guides_dir):
    services.guides_load(directory=guides_dir)
    html = Client().get("/guides/sample-housing/").content.decode()
    assert '<html lang="en">' in html and 'class="guide__body" lang="en"' in html
    assert "Transitional homes give people time." in html and "Les maisons de transition" not in html
    assert "<h2>Put this into practice</h2>" in html and "Open Bed board and stays in Waypoint" in html


def test_a_guide_without_a_french_body_says_so_in_french(db, guides_dir):
    services.guides_load(directory=guides_dir)
    html = french_client().get("/guides/sample-police/").content.decode()
    assert '<p class="panel" lang="fr">' in html and 'class="guide__body" lang="en"' in html
    assert "Put this into practice" not in html  # the block's chrome is French, its text English


def test_search_finds_a_guide_by_a_word_from_its_french_body(db, guides_dir):
    from waypoint.learning import selectors

    services.guides_load(directory=guides_dir)
    assert [r.title for r in selectors.search("phare")] == ["Sample guide on housing"]
