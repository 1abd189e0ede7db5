"""Platform-neutral formatting of the assistant's messages for messaging apps.

Answers arrive as text plus a custom payload {"citations": [...], "language": "xx"}
(actions/answer_question.py). Web clients render the payload; messaging apps
only show text, so citations become "Source: <title> <url>" lines, unless the
text already shows them (utter_answer ends with a localized Source line).
Texts longer than a platform allows are split at paragraph, line, sentence or
word boundaries, never inside a word.
"""
import re
from typing import Any, Dict, List, Optional, Sequence

# The label our locales put before sources (locales/*.yml utter_answer).
SOURCE_LABEL = {"en": "Source", "es": "Fuente", "zh": "来源", "id": "Sumber", "ms": "Sumber", "vi": "Nguồn",
                "th": "แหล่งที่มา", "ja": "出典", "ko": "출처", "ru": "Источник", "fil": "Pinagkunan", "zh-Hant": "來源"}

# Where a message may be cut, best first: (pattern, the cut may not fall before limit * share).
# A paragraph break far back still beats a sentence end near the limit, but not one in the first fifth.
_BOUNDARIES = [
    (re.compile(r"\n\s*\n"), 0.2),
    (re.compile(r"\n"), 0.2),
    (re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])"), 0.0),
    (re.compile(r"\s+"), 0.0),
]


def citation_lines(text: str, custom: Any) -> List[str]:
    """Short "Source: <title> <url>" links for the cited sources that `text` does not show yet."""
    if not isinstance(custom, dict) or not isinstance(custom.get("citations"), list):
        return []
    label = SOURCE_LABEL.get(custom.get("language"), SOURCE_LABEL["en"])
    lines = []
    for citation in custom["citations"]:
        if not isinstance(citation, dict):
            continue
        title, url = str(citation.get("title") or "").strip(), str(citation.get("url") or "").strip()
        shown = url in text if url else (title in text if title else True)
        line = f"{label}: {title} {url}".strip()
        if not shown and line not in lines:
            lines.append(line)
    return lines


def with_citations(text: Optional[str], custom: Any) -> str:
    """The message text followed by any citation it does not already show."""
    text = (text or "").strip()
    return "\n\n".join(part for part in (text, "\n".join(citation_lines(text, custom))) if part)


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); never less than len(text), so safe for all."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int) -> List[str]:
    """`text` in parts of at most `limit` UTF-16 units, cut at the best boundary available."""
    parts = []
    rest = text.strip()
    while utf16_length(rest) > limit:
        window = _fitting_prefix(rest, limit)
        end, start = _cut(rest, window, limit)
        parts.append(rest[:end].rstrip())
        rest = rest[start:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _fitting_prefix(text: str, limit: int) -> str:
    """The longest prefix of at most `limit` UTF-16 units (at least one character, to make progress)."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:max(index, 1)]
    return text


def _cut(text: str, window: str, limit: int):
    """(end of this part, start of the next) for the best boundary inside `window`."""
    for pattern, share in _BOUNDARIES:
        # A boundary that starts right after the window still ends a part that fits.
        cuts = [m for m in pattern.finditer(text, 0, len(window) + 1)
                if limit * share <= m.start() <= len(window) and m.start() > 0]
        if cuts:
            return cuts[-1].start(), cuts[-1].end()
    return len(window), len(window)  # one "word" longer than the limit: nothing better exists


def fits_quick_replies(buttons: Sequence[Dict[str, Any]], max_count: int, max_title: int) -> bool:
    """Whether a platform's quick-reply buttons can show all of `buttons` without cutting titles."""
    return 0 < len(buttons) <= max_count and all(len(str(b.get("title", ""))) <= max_title for b in buttons)
