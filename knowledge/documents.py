"""The data the engine passes around: documents, their sections, and chunks."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional


@dataclass(frozen=True)
class Section:
    """A citable unit of a document: a numbered paragraph, a heading's section, a PDF page."""

    anchor: str
    text: str
    heading: str = ""
    page: Optional[int] = None
    # Translations used only to find this section from other languages (never shown).
    views: Dict[str, str] = field(default_factory=dict)
    # Questions readers ask that this section answers, in any language (never shown).
    questions: List[str] = field(default_factory=list)


@dataclass
class Document:
    source_id: str
    title: str
    url: str
    language: str
    topic: str
    kind: str  # statement | article | pdf | html
    path: str  # relative to the sources folder
    sections: List[Section]
    date: str = ""
    sources: List[dict] = field(default_factory=list)
    # Questions readers ask that this document answers, in its language: used only
    # to find it (the index files each under the section that answers it best), never shown.
    questions: List[str] = field(default_factory=list)


@dataclass
class Chunk:
    """What the index stores: a section (or part of one) with the metadata to cite it."""

    source_id: str
    anchor: str
    part: int
    title: str
    url: str
    language: str
    topic: str
    kind: str
    path: str
    heading: str
    text: str
    page: Optional[int] = None
    sources: List[dict] = field(default_factory=list)
    views: Dict[str, str] = field(default_factory=dict)
    # Readers' questions the index filed under this chunk (never shown; lexical search reads them).
    questions: List[str] = field(default_factory=list)
    date: str = ""

    @property
    def chunk_id(self) -> str:
        suffix = f"~{self.part}" if self.part > 1 else ""
        return f"{self.source_id}/{self.language}#{self.anchor}{suffix}"
