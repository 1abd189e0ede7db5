"""From search hits to the answer a reader gets: the answering section's key content, its citation.

One place decides what is shown, so the command line (`python -m knowledge answer`),
the evaluation (eval/retrieval.py) and the assistant's action give the same answer:

  - the guide is the best-ranked hit's (the search already favours the reader's
    language: dense scores use the reader's version of each article, BM25 reads it),
    and of its sections among the hits, the one with the strongest evidence: rank
    fusion finds the right guide, but a "Next steps" summary that shares many
    words can outrank, by rank, the section that says the most about the question;
  - its content keeps its shape: paragraphs, "•" bullet lists and numbered steps,
    each item on its own line; it is cut at a paragraph or item (never mid-word)
    to fit a budget, shorter on messaging apps, and says so when it is cut;
  - statement paragraphs are quoted verbatim, with their paragraph number;
  - the citation links to the guide's own page (`/guides/<id>/<language>#<section>`
    under the public base URL), where the reader finds the whole guide, its date
    and its sources; another article nearly as relevant is offered as "see also".
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional
from urllib.parse import quote

from .config import public_base_url
from .search import LEXICAL_EVIDENCE, Hit, SearchResult

# How close another article must score to be offered as "see also".
SEE_ALSO_MARGIN = 0.015
# Characters of section content shown: on the web and in the shell, and on messaging apps.
FULL_BUDGET = 1200
SHORT_BUDGET = 600
# An answer whose strength clears the no-answer threshold by less than this is "low confidence":
# shown, but listed for the editors with the unanswered questions (the staff console).
LOW_CONFIDENCE_MARGIN = 0.01


@dataclass
class Answer:
    language: str  # the reader's language
    guidance_language: str  # the language of the section shown (English for the statement)
    title: str
    heading: str
    kind: str
    body: str  # the section's content, lists as lines, cut to the budget
    cut: bool  # True when the body was shortened
    url: str  # the guide page, at the section
    date: str
    citations: List[dict]
    see_also: List[dict] = field(default_factory=list)

    @property
    def from_english_only(self) -> bool:
        return self.guidance_language == "en" and self.language != "en"

    @property
    def source_label(self) -> str:
        """"<title>, <section>" as the Source line names it."""
        if self.kind == "statement":
            return f"{self.title}, {self.heading}"
        return f"{self.title}: {self.heading}" if self.heading else self.title

    def payload(self) -> dict:
        """The machine-readable part for channels: citations (and see-also) with their pages."""
        return {"citations": self.citations, "see_also": self.see_also, "language": self.language}


def outcome(result: SearchResult) -> str:
    """"answered", "low_confidence" (answered, near the threshold) or "no_answer"."""
    if not result.hits:
        return "no_answer"
    margin = result.margin
    return "low_confidence" if margin is not None and margin < LOW_CONFIDENCE_MARGIN else "answered"


def strength(hit: Hit) -> float:
    """A hit's evidence, as SearchResult.strength weighs the best one."""
    return hit.score + LEXICAL_EVIDENCE * hit.lexical


def guide_url(hit: Hit, base: Optional[str] = None) -> str:
    """Our page for the hit's document, at the hit's section; a dropped PDF or page keeps its own address."""
    if hit.kind not in ("article", "statement"):
        return hit.url
    base = (base if base is not None else public_base_url()).rstrip("/")
    return f"{base}/guides/{quote(hit.source_id)}/{hit.language}#{quote(hit.anchor)}"


def shape(text: str) -> List[str]:
    """The chunk's text as blocks, one per line: paragraphs, "• " bullets and numbered steps."""
    return ["• " + line[2:] if line.startswith("- ") else line
            for line in (raw.strip() for raw in text.splitlines()) if line]


def fit(blocks: List[str], budget: int) -> tuple:
    """(text, cut): whole blocks while they fit; a first block longer than the budget is cut at a sentence."""
    kept: List[str] = []
    used = 0
    for block in blocks:
        if used + len(block) > budget and kept:
            return "\n".join(kept), True
        if len(block) > budget:
            return _cut_sentence(block, budget), True
        kept.append(block)
        used += len(block) + 1
    return "\n".join(kept), False


def _cut_sentence(text: str, budget: int) -> str:
    window = text[:budget]
    ends = [m.end() for m in re.finditer(r"[.!?。！？](?:\s|$)", window)]
    if ends and ends[-1] > budget // 3:
        return window[:ends[-1]].rstrip()
    return window.rsplit(" ", 1)[0].rstrip(" ,;:") + " …" if " " in window else window + "…"


def compose(result: SearchResult, language: str, budget: int = FULL_BUDGET,
            base_url: Optional[str] = None) -> Optional[Answer]:
    """The answer to show for ``result``, or None when the search found nothing good enough."""
    if not result.hits:
        return None
    top = result.hits[0]
    primary = max((hit for hit in result.hits if (hit.source_id, hit.language) == (top.source_id, top.language)),
                  key=strength)
    body, cut = fit(shape(primary.text), budget)
    if primary.kind == "statement":
        body = f"“{body}”"
    url = guide_url(primary, base_url)
    citations = [{"source_id": primary.source_id, "anchor": primary.anchor, "title": primary.title, "url": url}]
    see_also = []
    for hit in result.hits:
        if (hit.source_id != primary.source_id and hit.kind == "article" and hit.language == primary.language
                and hit.score >= primary.score - SEE_ALSO_MARGIN):
            see_also.append({"source_id": hit.source_id, "anchor": hit.anchor, "title": hit.title,
                             "url": guide_url(hit, base_url)})
            break
    return Answer(language=language, guidance_language=primary.language, title=primary.title,
                  heading=primary.heading, kind=primary.kind, body=body, cut=cut, url=url, date=primary.date,
                  citations=citations, see_also=see_also)
