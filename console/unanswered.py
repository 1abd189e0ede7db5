"""What we cannot answer yet: questions that got no good answer, answers given with low confidence
and answers rated 👎, grouped by meaning so that ten ways of asking one missing thing are one row.

Grouping uses the knowledge engine's own encoder (query embeddings): each question joins the
group whose first question it is nearest to, when at least GROUP_SIMILARITY, else starts a
group. A 👎 reader's comment ("what were you looking for?") is grouped in place of the question.
"""
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence

import numpy as np

from console.conversations import Question, iso
from knowledge.config import TOPICS

REASONS = ("no_answer", "low_confidence", "thumbs_down")
# Cosine similarity of two query embeddings that ask for the same missing thing: paraphrases scored
# 0.897-0.974, different questions 0.787-0.862 on
# tests/console/test_unanswered.py's pairs (multilingual-e5-small), in five languages.
GROUP_SIMILARITY = 0.88
MAX_EXAMPLES = 5


@dataclass
class Item:
    text: str
    reason: str
    language: Optional[str]
    topic: str
    sender_id: str
    at: float


@dataclass
class Group:
    items: List[Item] = field(default_factory=list)

    def as_dict(self) -> Dict:
        reasons = Counter(item.reason for item in self.items)
        return {
            "label": self.items[0].text, "count": len(self.items),
            "languages": sorted({i.language for i in self.items if i.language}),
            "topics": sorted({i.topic for i in self.items}),
            "reasons": {reason: reasons.get(reason, 0) for reason in REASONS},
            "examples": [{"text": i.text, "language": i.language, "sender_id": i.sender_id, "at": iso(i.at),
                          "reason": i.reason} for i in self.items[:MAX_EXAMPLES]],
        }


def items(questions: Iterable[Question], feedback: Iterable[Dict]) -> List[Item]:
    """The to-do items: unanswered and low-confidence questions, and 👎 ratings, oldest first."""
    found = [Item(q.text, q.outcome, q.language, q.topic, q.sender_id, q.at)
             for q in questions if q.outcome in ("no_answer", "low_confidence") and q.text.strip()]
    for row in feedback:
        text = (row.get("comment") or row.get("question") or "").strip()
        if row.get("helpful") is False and text:
            source = ((row.get("citations") or [{}])[0] or {}).get("source_id", "")
            topic = source.split("-", 1)[0] if source.split("-", 1)[0] in TOPICS else "other"  # "finance-cash-flow"
            found.append(Item(text, "thumbs_down", row.get("language"), topic, row["sender_id"],
                              row["created_at"].timestamp()))
    return sorted(found, key=lambda item: item.at)


def group(found: Sequence[Item], encode: Callable[[List[str]], np.ndarray],
          similarity: float = GROUP_SIMILARITY) -> List[Group]:
    """Groups of items that ask for the same thing, biggest (then newest) first."""
    if not found:
        return []
    vectors = np.asarray(encode([item.text for item in found]), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-9)
    groups: List[Group] = []
    leaders: List[np.ndarray] = []
    for item, vector in zip(found, vectors, strict=True):
        if leaders:
            scores = np.stack(leaders) @ vector
            best = int(np.argmax(scores))
            if scores[best] >= similarity:
                groups[best].items.append(item)
                continue
        groups.append(Group([item]))
        leaders.append(vector)
    return sorted(groups, key=lambda g: (len(g.items), g.items[-1].at), reverse=True)


def by_text(texts: List[str]) -> np.ndarray:
    """Stand-in vectors while the encoder is not loaded: the same words (case and spacing aside) group."""
    keys = [" ".join(text.casefold().split()) for text in texts]
    column = {key: number for number, key in enumerate(dict.fromkeys(keys))}
    vectors = np.zeros((len(keys), len(column)), dtype=np.float32)
    vectors[np.arange(len(keys)), [column[key] for key in keys]] = 1.0
    return vectors


def filtered(found: Iterable[Item], language: str = "", topic: str = "", reason: str = "") -> List[Item]:
    return [item for item in found if (not language or item.language == language)
            and (not topic or item.topic == topic) and (not reason or item.reason == reason)]
