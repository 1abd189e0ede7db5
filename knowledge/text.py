"""Small text helpers shared by the ingesters and the chunker."""
import re
import unicodedata
from typing import Dict, List

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"[ \t]+")


def slugify(heading: str) -> str:
    """GitHub-style anchor: lower-case, punctuation dropped, spaces to hyphens.

    Letters and marks of every script are kept, so Thai, Chinese or Vietnamese
    headings give readable anchors too.
    """
    kept = []
    for char in heading.strip().lower():
        category = unicodedata.category(char)
        if char in " -" or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return re.sub(r" +", "-", "".join(kept)).strip("-") or "section"


def unique_anchor(anchor: str, seen: Dict[str, int]) -> str:
    """Number repeated anchors as GitHub does: intro, intro-1, intro-2..."""
    count = seen.get(anchor, 0)
    seen[anchor] = count + 1
    return anchor if count == 0 else f"{anchor}-{count}"


def markdown_to_text(markdown: str) -> str:
    """Plain text for embedding and answers: links and emphasis removed; list items stay one per
    line, as "- item" or, for numbered steps, "1. step"."""
    lines = []
    for line in markdown.splitlines():
        line = _LINK.sub(r"\1", line)
        line = _EMPHASIS.sub(r"\2", line)
        line = re.sub(r"^\s*[-*+]\s+", "- ", line)
        line = re.sub(r"^\s*(\d+)[.)]\s+", r"\1. ", line)  # steps keep their numbers
        line = re.sub(r"^\s*>\s?", "", line)
        lines.append(_SPACES.sub(" ", line).strip())
    return "\n".join(lines).strip()


def paragraphs(text: str) -> List[str]:
    """Blank-line separated blocks, each stripped; empty blocks dropped."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def looks_binary(data: bytes) -> bool:
    """True for content that is plainly not text (NUL bytes or mostly control characters)."""
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return bool(sample) and control / len(sample) > 0.1
