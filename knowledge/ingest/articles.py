"""Guidance articles: Markdown with YAML front-matter, one file per language.

    knowledge/sources/articles/<topic>/<id>.<language>.md

    ---
    id: finance-loan-application
    topic: finance            # finance | digital | export | apec
    language: en
    title: Preparing a loan application
    sources:
      - title: "US SBA: Check your credit"
        url: https://www.sba.gov/...
    questions:                # optional: how readers ask for it, in its language
      - How do I get a bank loan for my shop?
    updated: 2026-11-28
    ---
    Intro paragraph...

    ## A heading
    ...

Each '##' (or '###') heading starts a citable section whose anchor is the
GitHub-style slug of the heading; text before the first heading is 'intro'.
The same id in several languages is one article in translation.
"""
import datetime
import re
from pathlib import Path
from typing import List, Tuple

import yaml

from ..config import LANGUAGES, TOPICS
from ..documents import Document, Section
from ..errors import IngestError
from ..text import markdown_to_text, slugify, unique_anchor
from .companion import question_list

REQUIRED_FIELDS = ("id", "topic", "language", "title", "sources", "updated")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def split_front_matter(path: Path, text: str) -> Tuple[dict, str]:
    if not text.startswith("---"):
        raise IngestError(path, "no front-matter: the file must start with a '---' line")
    parts = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise IngestError(path, "front-matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(parts[1])
    except yaml.YAMLError as error:
        raise IngestError(path, f"front-matter is not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise IngestError(path, "front-matter must be a mapping of fields")
    return meta, parts[2]


def front_matter_problems(meta: dict, path: Path) -> List[str]:
    """Everything wrong with an article's front-matter, as readable sentences."""
    problems = [f"missing field '{name}'" for name in REQUIRED_FIELDS if not meta.get(name)]
    if meta.get("topic") and meta["topic"] not in TOPICS:
        problems.append(f"topic {meta['topic']!r} is not one of {', '.join(TOPICS)}")
    if meta.get("language") and meta["language"] not in LANGUAGES:
        problems.append(f"language {meta['language']!r} is not one of {', '.join(LANGUAGES)}")
    if meta.get("id") and not _ID.match(str(meta["id"])):
        problems.append(f"id {meta['id']!r} must be lower-case words joined by hyphens")
    updated = meta.get("updated")
    if updated and not isinstance(updated, datetime.date):
        try:
            datetime.date.fromisoformat(str(updated))
        except ValueError:
            problems.append(f"updated {updated!r} is not a date (YYYY-MM-DD)")
    sources = meta.get("sources")
    if sources is not None and not isinstance(sources, list):
        problems.append("sources must be a list of {title, url}")
    elif sources:
        for number, source in enumerate(sources, 1):
            if not isinstance(source, dict) or not source.get("title") or not source.get("url"):
                problems.append(f"source {number} needs both a title and a url")
            elif not str(source["url"]).startswith(("http://", "https://")):
                problems.append(f"source {number} url {source['url']!r} is not a web address")
    if meta.get("questions") is not None and question_list(meta["questions"]) is None:
        problems.append("questions must be a list of non-empty questions")
    # The file name says what the front-matter must say: <topic>/<id>.<language>.md
    stem_id, _, stem_language = path.name[: -len(".md")].rpartition(".")
    if meta.get("id") and stem_id != meta["id"]:
        problems.append(f"file name says id {stem_id!r} but front-matter says {meta['id']!r}")
    if meta.get("language") and stem_language != meta["language"]:
        problems.append(
            f"file name says language {stem_language!r} but front-matter says {meta['language']!r}"
        )
    if meta.get("topic") and path.parent.name != meta["topic"]:
        problems.append(f"file is in folder {path.parent.name!r} but its topic is {meta['topic']!r}")
    return problems


def split_sections(body: str) -> List[Tuple[str, str]]:
    """(heading, markdown) pairs; text before the first heading has heading ''."""
    sections, heading, lines = [], "", []
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) >= 2:
            sections.append((heading, "\n".join(lines)))
            heading, lines = match.group(2).strip(), []
        elif match:  # a '# Title' line repeats the front-matter title
            continue
        else:
            lines.append(line)
    sections.append((heading, "\n".join(lines)))
    return [(h, text) for h, text in sections if h or text.strip()]


def parse_article(path: Path, relpath: str) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise IngestError(path, "not UTF-8 text") from None
    meta, body = split_front_matter(path, text)
    problems = front_matter_problems(meta, path)

    sections, seen = [], {}
    for heading, markdown in split_sections(body):
        plain = markdown_to_text(markdown)
        if not plain:
            problems.append(f"section {heading or 'intro'!r} is empty")
            continue
        anchor = unique_anchor(slugify(heading) if heading else "intro", seen)
        sections.append(Section(anchor=anchor, heading=heading, text=plain))
    if not sections and not problems:
        problems.append("the article has no text")
    if problems:
        raise IngestError(path, "; ".join(problems))

    sources = [{"title": str(s["title"]), "url": str(s["url"])} for s in meta["sources"]]
    return Document(
        source_id=meta["id"],
        title=str(meta["title"]),
        url=str(meta.get("url") or sources[0]["url"]),
        language=meta["language"],
        topic=meta["topic"],
        kind="article",
        path=relpath,
        date=str(meta["updated"]),
        sources=sources,
        sections=sections,
        questions=question_list(meta.get("questions") or []),
    )
