"""The APEC ministerial statement: a header, then numbered paragraphs.

Each numbered paragraph is one citable unit with the anchor p<N>; the text is
kept verbatim. An optional `<name>.views.yml` beside the statement holds our
own translations of each paragraph ({language: {p1: text, ...}}): they are
embedded so that a question in Thai or Spanish finds the English paragraph as
surely as an English question does (document translation, the classic way to
search across languages). They are never shown: answers quote the English.
An optional `<name>.questions.yml` lists, per language and paragraph, questions
readers ask that the paragraph answers ({language: {p1: [question, ...]}}),
embedded the same way as an article's `questions`.
"""
import re
from pathlib import Path
from typing import Dict, List

from ..config import LANGUAGES
from ..documents import Document, Section
from ..errors import IngestError
from .companion import question_list, read_companion

_NUMBERED = re.compile(r"^\s*(\d+)\.\s+(.*)$")
VIEWS_SUFFIX = ".views.yml"
QUESTIONS_SUFFIX = ".questions.yml"
REQUIRED_HEADER = ("source", "title", "date", "language")


def views_path(path: Path) -> Path:
    return path.with_suffix(VIEWS_SUFFIX)


def questions_path(path: Path) -> Path:
    return path.with_suffix(QUESTIONS_SUFFIX)


def _per_language_paragraphs(source: Path, anchors, shape: str) -> Dict[str, dict]:
    """A companion file's {language: {anchor: value}}, checked against the statement's anchors."""
    data = read_companion(source) or {}
    if not isinstance(data, dict):
        raise IngestError(source, f"expected '<language>: {shape}'")
    for language, paragraphs in data.items():
        if language not in LANGUAGES or not isinstance(paragraphs, dict):
            raise IngestError(source, f"expected '<language>: {shape}', got {language!r}")
        unknown = set(paragraphs) - set(anchors)
        if unknown:
            raise IngestError(source, f"{language}: no such paragraphs {sorted(unknown)}")
    return data


def read_views(path: Path, anchors) -> Dict[str, Dict[str, str]]:
    """{anchor: {language: translated paragraph}} from the views file, if there is one."""
    views: Dict[str, Dict[str, str]] = {}
    for language, paragraphs in _per_language_paragraphs(views_path(path), anchors, "{p1: text, ...}").items():
        for anchor, text in paragraphs.items():
            views.setdefault(anchor, {})[language] = str(text).strip()
    return views


def read_questions(path: Path, anchors) -> Dict[str, List[str]]:
    """{anchor: [question, ...]} in every language, from the questions file, if there is one."""
    source = questions_path(path)
    questions: Dict[str, List[str]] = {}
    for language, paragraphs in _per_language_paragraphs(source, anchors, "{p1: [question, ...]}").items():
        for anchor, listed in paragraphs.items():
            cleaned = question_list(listed)
            if cleaned is None:
                raise IngestError(source, f"{language}: {anchor} must be a list of non-empty questions")
            questions.setdefault(anchor, []).extend(cleaned)
    return questions


def parse_statement(path: Path, relpath: str) -> Document:
    text = path.read_text(encoding="utf-8")
    header_text, separator, body = text.partition("\n---\n")
    if not separator:
        raise IngestError(path, "no '---' line after the header (source:, title:, date:, language:)")
    header = {}
    for line in header_text.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            header[key.strip().lower()] = value.strip()
    missing = [key for key in REQUIRED_HEADER if not header.get(key)]
    if missing:
        raise IngestError(path, f"header lacks {', '.join(missing)}")

    numbers, texts = [], []
    for line in body.splitlines():
        match = _NUMBERED.match(line)
        if match:
            numbers.append(int(match.group(1)))
            texts.append(match.group(2).strip())
        elif texts and line.strip():
            texts[-1] += " " + line.strip()  # a paragraph wrapped over several lines
    if not numbers:
        raise IngestError(path, "no numbered paragraphs ('1. ...') found")
    if numbers != list(range(1, len(numbers) + 1)):
        raise IngestError(path, f"paragraph numbers are not 1..{len(numbers)} in order: {numbers}")

    anchors = [f"p{number}" for number in numbers]
    views, questions = read_views(path, anchors), read_questions(path, anchors)
    return Document(
        source_id=path.stem,
        title=header["title"],
        url=header["source"],
        language=header["language"],
        topic="apec",
        kind="statement",
        path=relpath,
        date=header["date"],
        sections=[
            Section(anchor=anchor, heading=f"para. {anchor[1:]}", text=paragraph,
                    views=views.get(anchor, {}), questions=questions.get(anchor, []))
            for anchor, paragraph in zip(anchors, texts, strict=True)
        ],
    )
