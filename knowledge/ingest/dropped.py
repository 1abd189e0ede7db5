"""Documents that support staff drop into knowledge/sources/documents/ (or upload in the staff
console): PDF, HTML and Markdown.

Text is extracted with pypdf (one citable section per page, anchor 'page-N'),
BeautifulSoup (one section per heading, anchor = the heading's id or slug), and
for Markdown one section per '##' heading, as in the articles.
An optional sidecar '<file>.meta.yml' gives title, url, language, topic or
source_id; what it leaves out is taken from the file itself.
"""
import re
from pathlib import Path
from typing import Dict, List

from ..documents import Document, Section
from ..errors import IngestError
from ..language import detect_language
from ..text import looks_binary, paragraphs, slugify, unique_anchor
from .companion import read_companion

SIDECAR_SUFFIX = ".meta.yml"
_BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "pre", "blockquote", "td", "th", "dd", "dt", "figcaption"]
_HEADINGS = {"h1", "h2", "h3", "h4"}


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Dict[str, str]:
    sidecar = sidecar_path(path)
    meta = read_companion(sidecar) or {}
    if not isinstance(meta, dict):
        raise IngestError(sidecar, "must be a mapping such as 'title: ...'")
    return {key: str(value) for key, value in meta.items()}


def _document(path: Path, relpath: str, kind: str, title: str, sections: List[Section],
              language: str = "") -> Document:
    meta = read_sidecar(path)
    sample = " ".join(section.text for section in sections)[:2000]
    return Document(
        source_id=meta.get("source_id") or slugify(path.stem),
        title=meta.get("title") or title or path.stem,
        url=meta.get("url", ""),
        language=meta.get("language") or language or detect_language(sample) or "und",
        topic=meta.get("topic", "general"),
        kind=kind,
        path=relpath,
        date=meta.get("date", ""),
        sections=sections,
    )


def parse_pdf(path: Path, relpath: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise IngestError(path, "the PDF is encrypted; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise IngestError(path, f"not a readable PDF ({type(error).__name__}: {error})") from None
    sections = []
    for number, page_text in enumerate(pages, 1):
        text = "\n\n".join(" ".join(block.split()) for block in paragraphs(page_text))
        if text:
            sections.append(Section(anchor=f"page-{number}", heading=f"page {number}", text=text, page=number))
    if not sections:
        raise IngestError(path, "no extractable text (a scanned PDF? run OCR on it first)")
    return _document(path, relpath, "pdf", title.strip(), sections)


def parse_markdown(path: Path, relpath: str) -> Document:
    from .articles import split_sections

    data = path.read_bytes()
    if looks_binary(data):
        raise IngestError(path, "not a Markdown text file (binary content)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise IngestError(path, "not UTF-8 text; save the Markdown file as UTF-8") from None
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    sections, seen = [], {}
    for heading, body in split_sections(text):
        body = "\n\n".join(" ".join(block.split()) for block in paragraphs(body))
        if body:
            anchor = slugify(heading) if heading else "intro"
            sections.append(Section(anchor=unique_anchor(anchor, seen), heading=heading, text=body))
    if not sections:
        raise IngestError(path, "no text in the Markdown file")
    return _document(path, relpath, "markdown", title, sections)


def parse_html(path: Path, relpath: str) -> Document:
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "the file is empty")
    if looks_binary(data):
        raise IngestError(path, "not an HTML text file (binary content)")
    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()

    sections, seen = [], {}
    heading, anchor, texts = "", "top", []

    def flush():
        if texts:
            sections.append(Section(anchor=unique_anchor(anchor, seen), heading=heading, text="\n\n".join(texts)))

    for element in soup.find_all(_BLOCKS):
        if element.find_parent(_BLOCKS):  # its text is already in an enclosing block
            continue
        text = re.sub(r"\s+", " ", element.get_text(" ")).strip()
        if not text:
            continue
        if element.name in _HEADINGS:
            flush()
            heading, anchor, texts = text, element.get("id") or slugify(text), []
        else:
            texts.append(text)
    flush()
    if not sections:
        raise IngestError(path, "no readable text in the HTML")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ").strip() if title_tag else ""
    html_tag = soup.find("html")
    language = (html_tag.get("lang", "") if html_tag else "").split("-")[0].lower()
    return _document(path, relpath, "html", title, sections, language)
