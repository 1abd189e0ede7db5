"""Turn search hits into what the user reads: a short answer, a Source line, a citation payload.

The answer is the best passage (the matching sentence and its neighbour, as
the search trimmed it), plus a second passage when another source is about as
relevant. A passage in the user's own language is preferred when it is nearly
as good as the best one: a Spanish reader gets the Spanish article before
an English quote of the statement.
"""
from dataclasses import dataclass
from typing import List

from knowledge.search import Hit

# How much lower a passage in the asker's language may score and still be preferred.
SAME_LANGUAGE_MARGIN = 0.03
# How close a second source must score to be worth a second passage.
SECOND_PASSAGE_MARGIN = 0.02


@dataclass
class Answer:
    response: str  # utter_answer, or utter_answer_from_english when the passage is English only
    text: str
    sources: str
    payload: dict


def _pick_primary(hits: List[Hit], language: str) -> Hit:
    best = hits[0]
    for hit in hits:
        if hit.language == language and hit.score >= best.score - SAME_LANGUAGE_MARGIN:
            return hit
    return best


def passage_text(hit: Hit) -> str:
    if hit.kind == "statement":
        return f"“{hit.snippet}” ({hit.heading})"
    return f"{hit.title} — {hit.snippet}"


def source_label(hit: Hit) -> str:
    label = f"{hit.title}, {hit.heading}" if hit.kind == "statement" else hit.title
    return f"{label} {hit.url}".strip()


def compose_answer(hits: List[Hit], language: str) -> Answer:
    primary = _pick_primary(hits, language)
    passages = [primary]
    for hit in hits:
        if (hit is not primary and hit.source_id != primary.source_id and hit.language == primary.language
                and hit.score >= primary.score - SECOND_PASSAGE_MARGIN):
            passages.append(hit)
            break
    in_english_only = primary.language != language and primary.language == "en"
    return Answer(
        response="utter_answer_from_english" if in_english_only else "utter_answer",
        text="\n\n".join(passage_text(hit) for hit in passages),
        sources="; ".join(source_label(hit) for hit in passages),
        payload={"citations": [hit.citation() for hit in passages], "language": language},
    )
