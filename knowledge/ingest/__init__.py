"""Find every source file and turn it into a Document.

    sources/statement/*.txt         the APEC statement(s), numbered paragraphs
    sources/articles/<topic>/*.md   guidance articles with front-matter
    sources/documents/**            dropped-in or uploaded PDF, HTML and Markdown files

A file that cannot be read becomes an IngestError naming it; the others are
still returned, so one bad file never stops a build.
"""
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from ..documents import Document
from ..errors import IngestError
from .articles import parse_article
from .dropped import SIDECAR_SUFFIX, parse_html, parse_markdown, parse_pdf, sidecar_path
from .statement import QUESTIONS_SUFFIX, VIEWS_SUFFIX, parse_statement, questions_path, views_path

_DROPPED_PARSERS = {".pdf": parse_pdf, ".html": parse_html, ".htm": parse_html, ".md": parse_markdown}
_IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store"}


@dataclass
class SourceFile:
    relpath: str
    sha256: str
    document: Optional[Document] = None
    error: Optional[IngestError] = None


def companion_paths(path: Path) -> List[Path]:
    """Files read together with ``path``: a dropped file's sidecar, a statement's views and questions."""
    return [sidecar_path(path), views_path(path), questions_path(path)]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    for companion in companion_paths(path):
        if companion.exists():  # editing a sidecar's title or a view must count as a change
            digest.update(companion.read_bytes())
    return digest.hexdigest()


def _parser_for(sources_dir: Path, path: Path):
    folder = path.relative_to(sources_dir).parts[0]
    if folder == "statement" and path.suffix == ".txt":
        return parse_statement
    if folder == "articles" and path.suffix == ".md":
        return parse_article
    if folder == "documents":
        return _DROPPED_PARSERS.get(path.suffix.lower())
    return None


def source_paths(sources_dir: Path) -> List[Path]:
    return sorted(
        path for path in Path(sources_dir).rglob("*")
        if path.is_file()
        and path.name not in _IGNORED_NAMES
        and not path.name.endswith((SIDECAR_SUFFIX, VIEWS_SUFFIX, QUESTIONS_SUFFIX))
        and not any(part.startswith(".") for part in path.relative_to(sources_dir).parts)
    )


def read_source(sources_dir: Path, path: Path) -> SourceFile:
    relpath = path.relative_to(sources_dir).as_posix()
    try:
        sha256 = file_hash(path)
    except OSError as error:
        return SourceFile(relpath, "", error=IngestError(path, f"cannot read: {error.strerror}"))
    parser = _parser_for(Path(sources_dir), path)
    if parser is None:
        supported = "statement/*.txt, articles/<topic>/*.md, documents/*.pdf|*.html|*.md"
        return SourceFile(relpath, sha256, error=IngestError(path, f"unsupported file; expected {supported}"))
    try:
        return SourceFile(relpath, sha256, document=parser(path, relpath))
    except IngestError as error:
        return SourceFile(relpath, sha256, error=error)
    except Exception as error:  # a parser library failing on a strange file must not stop the build
        return SourceFile(relpath, sha256, error=IngestError(path, f"{type(error).__name__}: {error}"))


def read_sources(sources_dir: Path) -> List[SourceFile]:
    return [read_source(Path(sources_dir), path) for path in source_paths(Path(sources_dir))]
