"""The APEC ministerial statement: a header, then numbered paragraphs.

Each numbered paragraph is one citable unit with the anchor p<N>; the text is
kept verbatim.
"""
import re
from pathlib import Path

from ..documents import Document, Section
from ..errors import IngestError

_NUMBERED = re.compile(r"^\s*(\d+)\.\s+(.*)$")
REQUIRED_HEADER = ("source", "title", "date", "language")


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
            Section(anchor=f"p{number}", heading=f"para. {number}", text=paragraph)
            for number, paragraph in zip(numbers, texts)
        ],
    )
