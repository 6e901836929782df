"""Every English topic guide has a French body in ``content/guides/fr/`` that a loader can pair with it.

Plain file checks, no database: same front matter, the same shape (sections, lists, callouts),
no English left in the French text, and French typography as described in ``content/README.md``:

- a no-break space (U+00A0) before ``:`` ``;`` ``!`` ``?``, never an ASCII space, a narrow
  no-break space (U+202F) or nothing;
- a no-break space (U+00A0) inside ``«`` and ``»``, and no ASCII double quotes;
- the straight apostrophe ``'``, as in the title_fr / summary_fr lines, never ``’``;
- abbreviated ordinals written 1er, 1re, 2e (never "ème", "ère", "ième").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDES = Path(__file__).resolve().parents[1] / "content" / "guides"
FRENCH = GUIDES / "fr"
ENGLISH_FILES = sorted(GUIDES.glob("[0-9][0-9]-*.md"))

NBSP = "\u00a0"
COPIED_KEYS = ("slug", "order", "audiences", "tool", "title_en", "title_fr", "summary_en", "summary_fr")
# Short English words that have no French homograph; any of them in the French text is a leftover.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|with|you|your|is|are|for|this|that|what|they|their|them|will|would|be|to|of|it|its|"
    r"from|who|when|where|not|can|should|or|an|at|by|we|our|has|have|been|which|into|than|about)\b",
    re.IGNORECASE,
)
PRACTICE_EN = "Put this into practice"
PRACTICE_FR = "Mettre en pratique"
HOTLINE_EN = "Canadian Human Trafficking Hotline"
HOTLINE_FR = "Ligne d'urgence canadienne contre la traite des personnes"


def read(path: Path) -> tuple[dict[str, str], list[str]]:
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
    assert lines and lines[0].strip() == "---", f"{path.name}: no front-matter block"
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    meta = {}
    for line in lines[1:end]:
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip().strip('"')
    return meta, lines[end + 1 :]


def sections(body: list[str]) -> list[dict]:
    """The body cut at ``## `` headings (the part before the first one is section 0), with its lists and callouts."""
    found = [{"heading": "", "bullets": 0, "lists": 0, "callouts": 0}]
    previous = ""
    for line in body:
        if line.startswith("## "):
            found.append({"heading": line[3:].strip(), "bullets": 0, "lists": 0, "callouts": 0})
        elif line.startswith(("- ", "* ")):
            found[-1]["bullets"] += 1
            found[-1]["lists"] += not previous.startswith(("- ", "* "))
        elif line.startswith(">"):
            found[-1]["callouts"] += not previous.startswith(">")
        previous = line
    return found


def french_text(meta: dict[str, str], body: list[str]) -> str:
    return "\n".join([meta.get("title_fr", ""), meta.get("summary_fr", ""), *body])


def test_there_are_thirteen_guides_and_no_stray_french_file():
    assert len(ENGLISH_FILES) == 13
    french = sorted(p.name for p in FRENCH.glob("*.md"))
    assert french == [p.name for p in ENGLISH_FILES]


@pytest.fixture(params=ENGLISH_FILES, ids=lambda p: p.stem)
def pair(request):
    english = request.param
    french = FRENCH / english.name
    assert french.exists(), f"no French body for {english.name}"
    return read(english), read(french)


def test_front_matter_is_copied(pair):
    (en_meta, _), (fr_meta, _) = pair
    assert set(fr_meta) == set(en_meta)
    for key in COPIED_KEYS:
        assert fr_meta[key] == en_meta[key], key


def test_same_shape(pair):
    (_, en_body), (_, fr_body) = pair
    en, fr = sections(en_body), sections(fr_body)
    assert len(fr) == len(en), "not the same number of ## headings"
    assert sum(s["bullets"] for s in fr) == pytest.approx(sum(s["bullets"] for s in en), abs=2)
    for index, (e, f) in enumerate(zip(en, fr, strict=False)):
        where = f"section {index} ({e['heading'] or 'introduction'})"
        assert f["callouts"] == e["callouts"], f"{where}: callouts"
        assert f["lists"] == e["lists"], f"{where}: lists"
        assert abs(f["bullets"] - e["bullets"]) <= 2, f"{where}: bullet items"
        assert (f["heading"] == PRACTICE_FR) == (e["heading"] == PRACTICE_EN), f"{where}: practice heading"
    en_labels = [re.match(r">\s*\*\*([^*]+)\*\*", line) for line in en_body if line.startswith(">")]
    fr_labels = [re.match(r">\s*\*\*([^*]+)\*\*", line) for line in fr_body if line.startswith(">")]
    assert [bool(m) for m in fr_labels] == [bool(m) for m in en_labels], "callouts open with a bold label"


def test_no_english_left(pair):
    (_, _en_body), (fr_meta, fr_body) = pair
    text = french_text(fr_meta, fr_body)
    leftovers = sorted({m.group(0).lower() for m in ENGLISH_WORDS.finditer(text)})
    assert not leftovers, f"English words in the French text: {leftovers}"
    assert PRACTICE_EN not in text
    assert "Safety warning" not in text and "Practice tip" not in text


def test_same_numbers_and_french_hotline_name(pair):
    (_, en_body), (_fr_meta, fr_body) = pair
    en_text, fr_text = "\n".join(en_body), "\n".join(fr_body)
    for number in ("911", "1-833-900-1010"):
        assert fr_text.count(number) == en_text.count(number), number
    assert fr_text.count(HOTLINE_FR) == en_text.count(HOTLINE_EN)
    assert HOTLINE_EN not in fr_text


def test_trauma_informed_wording(pair):
    (_, en_body), (fr_meta, fr_body) = pair
    en_text, fr_text = "\n".join(en_body).lower(), french_text(fr_meta, fr_body).lower()
    # "victime" only where our English text itself says "victim".
    assert fr_text.count("victim") <= en_text.count("victim")


def test_french_typography(pair):
    _, (fr_meta, fr_body) = pair
    text = french_text(fr_meta, fr_body)
    for number, line in enumerate(text.splitlines(), start=1):
        assert not re.search(r"(?<!\u00a0)[:;!?]", line), (
            f"line {number}: {line!r} needs a no-break space before : ; ! ?"
        )
        assert not re.search(r"«(?!\u00a0)", line), f"line {number}: no-break space after «"
        assert not re.search(r"(?<!\u00a0)»", line), f"line {number}: no-break space before »"
        assert '"' not in line, f"line {number}: ASCII double quotes, use « »"
        assert "\u2019" not in line, f"line {number}: use the straight apostrophe '"
        assert "\u202f" not in line, f"line {number}: use U+00A0, not U+202F"
        assert not re.search(r"\b\d+\s?(ème|eme|ième|ieme|ère|ere)\b", line), (
            f"line {number}: ordinal (write 1er, 1re, 2e)"
        )
        assert not re.search(r"\u00a0{2,}| \u00a0|\u00a0 ", line), f"line {number}: doubled space"
