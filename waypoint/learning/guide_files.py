"""Read a guide file (front matter between ``---`` lines, then a small Markdown body) into StreamField blocks.

The Markdown understood is deliberately small: ``## `` headings, paragraphs,
``- `` bullet lists, ``> `` callouts, and ``**bold**`` / ``*italic*`` inside text.
Everything is HTML-escaped first, so a file cannot inject markup. The section
headed "Put this into practice" ("Mettre en pratique") becomes the link to the
matching Waypoint tool, and a section headed "Key points" ("Points clés") becomes a
key-points block. A French body lives in ``fr/`` next to its English guide, with the
same front matter; ``guide_pairs`` reads both and refuses a pair that disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from waypoint.learning.audiences import Audience

REQUIRED_KEYS = ("slug", "order", "title_en", "title_fr", "summary_en", "summary_fr", "audiences", "tool")
PRACTICE_HEADINGS = {"put this into practice", "mettre en pratique"}
KEY_POINT_HEADINGS = {"key points", "points clés"}
# A callout is a safety warning when it opens with one of these (bold) labels.
CAUTION_LABELS = re.compile(r"\*\*(safety|caution|warning|mise en garde)", re.IGNORECASE)

# Each tool the guides name, by a word of its English ``tool`` label, and its public page in Waypoint
# (``casework:tool_about``). The learning hub's ``tool_href`` filter sends a clinical member straight to
# the tool when it exists; everyone else reads what the tool is. Anything unknown goes to the staff home.
TOOL_SLUGS = {
    "bed board": "bed-board",
    "stays": "bed-board",
    "safety plans": "safety-plans",
    "engagement log": "engagement-log",
    "stage check-ins": "stage-check-ins",
    "needs and referrals": "needs-and-referrals",
    "self-checks": "self-checks",
    "evaluation dashboards": "evaluation-dashboards",
    "workshops": "workshops",
}
TOOL_PATHS = {key: f"/tools/{slug}/" for key, slug in TOOL_SLUGS.items()}

# The same tools as the French interface names them, with the article "Ouvrir … dans Waypoint" needs.
# Keys are matched like TOOL_PATHS, in the English ``tool`` label; a tool missing here takes the first
# bold words of the French practice section.
TOOL_LABELS_FR = {
    "bed board": "le tableau des lits et des séjours",
    "safety plans": "les plans de sécurité",
    "engagement log": "le journal d'engagement",
    "stage check-ins": "les points sur les stades",
    "needs and referrals": "les besoins et orientations",
    "self-checks": "les autoévaluations",
    "evaluation dashboards": "les tableaux de bord d'évaluation",
    "workshops": "les ateliers",
}


class GuideFileError(ValueError):
    pass


@dataclass
class GuideFile:
    slug: str
    order: int
    title_en: str
    title_fr: str
    summary_en: str
    summary_fr: str
    audiences: list[str]
    tool: str
    stream: list[tuple[str, Any]] = field(default_factory=list)
    words: int = 0


def inline(text: str) -> str:
    html = escape(text, quote=True)
    html = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html)
    html = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", html)
    return html


def plain(text: str) -> str:
    return re.sub(r"\*\*?(.+?)\*\*?", r"\1", text)


def tool_label_fr(tool: str) -> str | None:
    label = tool.lower()
    return next((french for key, french in TOOL_LABELS_FR.items() if key in label), None)


def tool_slug(tool: str) -> str | None:
    """The tool a label names, in English (``TOOL_SLUGS``) or as the French interface names it."""
    label = tool.lower()
    english = next((slug for key, slug in TOOL_SLUGS.items() if key in label), None)
    if english is not None:
        return english
    return next((TOOL_SLUGS[key] for key, french in TOOL_LABELS_FR.items() if french.lower() in label), None)


def tool_path(tool: str) -> str:
    label = tool.lower()
    for key, path in TOOL_PATHS.items():
        if key in label:
            return path
    return "/home/"


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise GuideFileError("a guide file starts with a front-matter block between --- lines")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration as error:
        raise GuideFileError("the front-matter block is not closed with ---") from error
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise GuideFileError(f"front-matter line without a colon: {line!r}")
        meta[key.strip()] = value.strip().strip('"')
    return meta, "\n".join(lines[end + 1 :])


def _blocks(lines: list[str], tool: str, *, language: str = "en") -> list[tuple[str, Any]]:
    """Group lines into paragraphs, lists, callouts and sections, then into StreamField blocks.

    The practice link's address always comes from the English ``tool``; in French its label is
    the French name of the tool.
    """
    stream: list[tuple[str, Any]] = []
    html: list[str] = []
    section = ""  # the lower-cased heading of the section we are in
    heading_text = ""  # the same heading as written
    practice_bold: list[str] = []  # bold words met in the practice section, for a French tool label
    paragraph: list[str] = []
    bullets: list[str] = []
    callout: list[str] = []
    practice: list[str] = []

    def flush_text() -> None:
        if html:
            stream.append(("rich_text", "".join(html)))
            html.clear()

    def flush_paragraph() -> None:
        if paragraph:
            text = " ".join(paragraph)
            if section in PRACTICE_HEADINGS:
                practice_bold.extend(re.findall(r"\*\*(.+?)\*\*", text))
                practice.append(plain(text))
            else:
                html.append(f"<p>{inline(text)}</p>")
            paragraph.clear()

    def flush_bullets() -> None:
        if bullets:
            if section in KEY_POINT_HEADINGS:
                flush_text()
                stream.append(("key_points", {"heading": heading_text, "points": [plain(b) for b in bullets]}))
            elif section in PRACTICE_HEADINGS:
                practice_bold.extend(re.findall(r"\*\*(.+?)\*\*", " ".join(bullets)))
                practice.extend(plain(b) for b in bullets)
            else:
                html.append("<ul>" + "".join(f"<li>{inline(b)}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    def flush_callout() -> None:
        if callout:
            flush_text()
            text = " ".join(callout)
            tone = "caution" if CAUTION_LABELS.match(text) or "warning" in text[:40].lower() else "note"
            stream.append(("callout", {"tone": tone, "text": plain(text)}))
            callout.clear()

    def flush_all() -> None:
        flush_paragraph()
        flush_bullets()
        flush_callout()

    def flush_practice() -> None:
        if practice:
            flush_text()
            label = tool
            if language == "fr":
                label = tool_label_fr(tool) or (practice_bold[0] if practice_bold else tool)
            stream.append(("practice", {"tool": label, "url": tool_path(tool), "description": "\n\n".join(practice)}))
            practice.clear()
            practice_bold.clear()

    for raw in [*lines, ""]:
        line = raw.rstrip()
        if line.startswith("## ") or line.startswith("### "):
            flush_all()
            flush_practice()
            heading = line.lstrip("#").strip()
            heading_text = plain(heading)
            section = heading.lower()
            if section not in PRACTICE_HEADINGS | KEY_POINT_HEADINGS:
                level = "h2" if line.startswith("## ") else "h3"
                html.append(f"<{level}>{inline(heading)}</{level}>")
        elif line.startswith("- ") or line.startswith("* "):
            flush_paragraph()
            flush_callout()
            bullets.append(line[2:].strip())
        elif line.startswith(">"):
            flush_paragraph()
            flush_bullets()
            callout.append(line[1:].strip())
        elif not line.strip():
            flush_all()
        elif bullets and raw.startswith("  "):
            bullets[-1] += " " + line.strip()
        else:
            flush_bullets()
            flush_callout()
            paragraph.append(line.strip())
    flush_all()
    flush_practice()
    flush_text()
    return stream


def parse_guide(text: str, *, name: str = "guide", language: str = "en") -> GuideFile:
    meta, body = split_front_matter(text)
    missing = [key for key in REQUIRED_KEYS if not meta.get(key)]
    if missing:
        raise GuideFileError(f"{name}: missing front-matter keys {', '.join(missing)}")
    audiences = [a.strip() for a in meta["audiences"].split(",") if a.strip()]
    unknown = [a for a in audiences if a not in Audience.values]
    if unknown:
        raise GuideFileError(f"{name}: unknown audiences {', '.join(unknown)}")
    try:
        order = int(meta["order"])
    except ValueError as error:
        raise GuideFileError(f"{name}: order must be a number") from error
    return GuideFile(
        slug=meta["slug"],
        order=order,
        title_en=meta["title_en"],
        title_fr=meta["title_fr"],
        summary_en=meta["summary_en"],
        summary_fr=meta["summary_fr"],
        audiences=audiences,
        tool=meta["tool"],
        stream=_blocks(body.splitlines(), meta["tool"], language=language),
        words=len(body.split()),
    )


def parse_guide_file(path: Path, *, language: str = "en") -> GuideFile:
    return parse_guide(path.read_text(encoding="utf-8"), name=path.name, language=language)


def guide_pairs(directory: Path) -> list[tuple[GuideFile, GuideFile | None]]:
    """Every English guide in ``directory`` with its French body from ``directory/fr/`` (or None), paired by slug.

    Only ``directory/*.md`` are English guides (``fr/`` is never read as English). A French file must
    copy its guide's slug, order and audiences; one that does not, or that matches no English guide,
    is refused before anything is loaded.
    """
    english = [parse_guide_file(path) for path in sorted(directory.glob("*.md"))]
    by_slug = {guide.slug: guide for guide in english}
    french: dict[str, GuideFile] = {}
    for path in sorted((directory / "fr").glob("*.md")):
        guide = parse_guide_file(path, language="fr")
        name = f"fr/{path.name}"
        original = by_slug.get(guide.slug)
        if original is None:
            raise GuideFileError(f"{name}: slug {guide.slug!r} matches no English guide in {directory}")
        if guide.slug in french:
            raise GuideFileError(f"{name}: a second French file for the slug {guide.slug!r}")
        if guide.order != original.order:
            raise GuideFileError(f"{name}: order {guide.order} differs from the English guide's {original.order}")
        if set(guide.audiences) != set(original.audiences):
            raise GuideFileError(
                f"{name}: audiences {', '.join(guide.audiences)} differ from the English guide's "
                f"{', '.join(original.audiences)}"
            )
        french[guide.slug] = guide
    return [(guide, french.get(guide.slug)) for guide in english]
