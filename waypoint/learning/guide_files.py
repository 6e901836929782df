"""Read a guide file (front matter between ``---`` lines, then a small Markdown body) into StreamField blocks.

The Markdown understood is deliberately small: ``## `` headings, paragraphs,
``- `` bullet lists, ``> `` callouts, and ``**bold**`` / ``*italic*`` inside text.
Everything is HTML-escaped first, so a file cannot inject markup. The section
headed "Put this into practice" becomes the link to the matching Waypoint tool,
and a section headed "Key points" becomes a key-points block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from waypoint.learning.audiences import Audience

REQUIRED_KEYS = ("slug", "order", "title_en", "title_fr", "summary_en", "summary_fr", "audiences", "tool")
PRACTICE_HEADINGS = {"put this into practice"}
KEY_POINT_HEADINGS = {"key points"}

# Where each tool lives in Waypoint. Staff reach it after signing in; anything unknown goes to the staff home.
TOOL_PATHS = {
    "bed board": "/housing/",
    "stays": "/housing/",
    "safety plans": "/safety/",
    "engagement log": "/casework/",
    "stage check-ins": "/casework/",
    "needs and referrals": "/referrals/",
    "self-checks": "/wellbeing/",
    "evaluation dashboards": "/evaluation/",
    "workshops": "/learn/workshops/",
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


def _blocks(lines: list[str], tool: str) -> list[tuple[str, Any]]:
    """Group lines into paragraphs, lists, callouts and sections, then into StreamField blocks."""
    stream: list[tuple[str, Any]] = []
    html: list[str] = []
    section = ""  # the lower-cased heading of the section we are in
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
                practice.append(plain(text))
            else:
                html.append(f"<p>{inline(text)}</p>")
            paragraph.clear()

    def flush_bullets() -> None:
        if bullets:
            if section in KEY_POINT_HEADINGS:
                flush_text()
                stream.append(("key_points", {"heading": "Key points", "points": [plain(b) for b in bullets]}))
            elif section in PRACTICE_HEADINGS:
                practice.extend(plain(b) for b in bullets)
            else:
                html.append("<ul>" + "".join(f"<li>{inline(b)}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    def flush_callout() -> None:
        if callout:
            flush_text()
            text = " ".join(callout)
            tone = (
                "caution"
                if re.match(r"\*\*(safety|caution|warning)", text, re.IGNORECASE) or "warning" in text[:40].lower()
                else "note"
            )
            stream.append(("callout", {"tone": tone, "text": plain(text)}))
            callout.clear()

    def flush_all() -> None:
        flush_paragraph()
        flush_bullets()
        flush_callout()

    def flush_practice() -> None:
        if practice:
            flush_text()
            stream.append(("practice", {"tool": tool, "url": tool_path(tool), "description": "\n\n".join(practice)}))
            practice.clear()

    for raw in [*lines, ""]:
        line = raw.rstrip()
        if line.startswith("## ") or line.startswith("### "):
            flush_all()
            flush_practice()
            heading = line.lstrip("#").strip()
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


def parse_guide(text: str, *, name: str = "guide") -> GuideFile:
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
        stream=_blocks(body.splitlines(), meta["tool"]),
        words=len(body.split()),
    )


def parse_guide_file(path: Path) -> GuideFile:
    return parse_guide(path.read_text(encoding="utf-8"), name=path.name)
