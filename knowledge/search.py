"""Search the index: encode the question, ask FAISS, turn vectors back into citable hits.

Ranking rules, in order:
  1. a chunk scores as its best-matching vector: the whole chunk, one sentence, a
     translation of it, or a reader's question filed under it (less a discount);
  2. an article appears in one language only: the asker's when that translation
     exists (scored on its own text), otherwise its best-scoring version;
  3. parts of one section count once;
  4. hits under the calibrated threshold are dropped, so a question the library
     cannot answer gets "no good answer" rather than the least bad noise.
"""
import json
import logging
import re
import threading
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from .config import CALIBRATION_FILE, KNOWN_LANGUAGES, MAX_QUERY_CHARS, configured_model, index_dir
from .encoder import load_encoder
from .index import QUESTION_VIEW, WHOLE_CHUNK, KnowledgeIndex, load_index, model_key

logger = logging.getLogger(__name__)

SNIPPET_CHARS = 320
# Asking what APEC or "the ministers" say asks for the statement itself, not our articles about it.
STATEMENT_CUES = re.compile(r"minist|menteri|部长|部長|bộ trưởng|bo truong|รัฐมนตรี|joint statement|apec|亚太经合|เอเปค", re.IGNORECASE)
STATEMENT_CUE_BONUS = 0.02
# At most this many sections of one article, so one long article cannot crowd out the rest.
MAX_HITS_PER_ARTICLE = 2
# A reader's question is embedded as a query, and query-to-query similarity runs
# higher than query-to-passage: this much is taken off so that matching a listed
# question does not outrank a passage that answers better
# (the best recall@3 on the dev set: eval/retrieval.py --question-discount).
QUESTION_VIEW_DISCOUNT = 0.05
# Enough candidates that the best sentence of every plausible chunk is seen.
_CANDIDATES = 200


@dataclass
class Hit:
    source_id: str
    anchor: str
    title: str
    url: str
    language: str
    topic: str
    score: float
    snippet: str
    kind: str = ""
    heading: str = ""
    text: str = ""
    page: Optional[int] = None
    sources: List[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        return data

    def citation(self) -> dict:
        return {"source_id": self.source_id, "anchor": self.anchor, "title": self.title, "url": self.url}


@dataclass
class SearchResult:
    query: str
    language: Optional[str]
    hits: List[Hit]
    threshold: Optional[float]
    best_score: Optional[float]  # of the best candidate, even when it fell below the threshold

    @property
    def answered(self) -> bool:
        return bool(self.hits)

    def to_dict(self) -> dict:
        return {
            "query": self.query, "language": self.language, "answered": self.answered,
            "threshold": self.threshold, "hits": [hit.to_dict() for hit in self.hits],
        }


def load_threshold(model: str, path: Path = CALIBRATION_FILE) -> Optional[float]:
    """The calibrated no-answer threshold for ``model`` (see eval/retrieval.py --calibrate)."""
    try:
        calibration = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = calibration.get(model_key(model)) or calibration.get(model)
    return float(entry["threshold"]) if entry else None


def trim_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(mark) for mark in (". ", "。", "! ", "? "))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + " …"


class Searcher:
    """Question in, ranked citable hits out. Build one per process and reuse it."""

    def __init__(self, index: KnowledgeIndex, encoder, threshold: Optional[float] = None,
                 question_discount: float = QUESTION_VIEW_DISCOUNT):
        self.index = index
        self.encoder = encoder
        self.threshold = threshold
        self._lock = threading.Lock()
        self._vectors = index.vectors
        self._row_discount = np.where(index.rows[:, 1] == QUESTION_VIEW, question_discount, 0.0).astype(np.float32)
        rows_of: Dict[int, List[int]] = defaultdict(list)
        for row_number, chunk_number in enumerate(index.rows[:, 0]):
            rows_of[int(chunk_number)].append(row_number)
        self._chunk_rows = {chunk: np.asarray(rows) for chunk, rows in rows_of.items()}
        # Every language version of an article: (article id, language) -> its chunk numbers.
        self._versions: Dict[Tuple[str, str], List[int]] = defaultdict(list)
        for number, chunk in enumerate(index.chunks):
            if chunk.kind == "article":
                self._versions[(chunk.source_id, chunk.language)].append(number)

    @classmethod
    def load(cls, model: Optional[str] = None, directory: Optional[Path] = None,
             threshold: Optional[float] = None, question_discount: float = QUESTION_VIEW_DISCOUNT) -> "Searcher":
        model = model or configured_model()
        index = load_index(directory or index_dir(), model)
        if threshold is None:
            threshold = load_threshold(model)
            if threshold is None:
                logger.warning("No calibrated threshold for %s: every search will return hits.", model)
        return cls(index, load_encoder(model), threshold, question_discount)

    def search(self, query: str, language: Optional[str] = None, k: int = 5) -> SearchResult:
        query = (query or "").strip()
        if not query:
            raise ValueError("the question is empty")
        if language is not None and language not in KNOWN_LANGUAGES:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(KNOWN_LANGUAGES)}")
        if k < 1:
            raise ValueError("k must be at least 1")
        vector = self.encoder.encode_queries([query[:MAX_QUERY_CHARS]])[0]
        return self.search_vector(vector, query, language, k)

    def search_vector(self, vector: np.ndarray, query: str, language: Optional[str], k: int) -> SearchResult:
        index = self.index
        if index.faiss_index.ntotal == 0:
            return SearchResult(query, language, [], self.threshold, None)
        with self._lock:  # FAISS search is thread-safe, but keep one search per core-starved process
            scores, row_numbers = index.faiss_index.search(
                vector.reshape(1, -1), min(_CANDIDATES, index.faiss_index.ntotal))

        # 1. each chunk scores as its best vector
        best: Dict[int, Tuple[float, int]] = {}
        for score, row_number in zip(scores[0], row_numbers[0]):
            if row_number < 0:
                continue
            chunk_number = int(index.rows[row_number, 0])
            score -= self._row_discount[row_number]
            if chunk_number not in best or score > best[chunk_number][0]:
                best[chunk_number] = (float(score), int(row_number))

        # 2. one language version per article, the asker's when it exists
        for article_id in {index.chunks[n].source_id for n in best if index.chunks[n].kind == "article"}:
            own = self._versions.get((article_id, language)) if language else None
            if own:
                keep = set(own)
                for chunk_number in own:
                    best[chunk_number] = self._score_chunk(vector, chunk_number)
            else:
                candidates = [n for n in best if index.chunks[n].source_id == article_id]
                winner = index.chunks[max(candidates, key=lambda n: best[n][0])].language
                keep = {n for n in candidates if index.chunks[n].language == winner}
            for chunk_number in [n for n in best if index.chunks[n].source_id == article_id]:
                if chunk_number not in keep:
                    del best[chunk_number]

        # 3. rank, counting the parts of one section once; a question naming APEC or
        #    its ministers ranks the statement's own paragraphs a little higher
        bonus = STATEMENT_CUE_BONUS if STATEMENT_CUES.search(query) else 0.0
        rank_key = lambda item: -(item[1][0] + (bonus if index.chunks[item[0]].kind == "statement" else 0.0))  # noqa: E731
        hits, seen, per_article = [], set(), defaultdict(int)
        for chunk_number, (score, row_number) in sorted(best.items(), key=rank_key):
            chunk = index.chunks[chunk_number]
            section = (chunk.source_id, chunk.language, chunk.anchor)
            if section in seen or (chunk.kind == "article" and per_article[chunk.source_id] == MAX_HITS_PER_ARTICLE):
                continue
            seen.add(section)
            per_article[chunk.source_id] += 1
            hits.append(self._hit(chunk_number, score, row_number, vector))
            if len(hits) == k:
                break

        # 4. nothing under the threshold
        best_score = hits[0].score if hits else None
        if self.threshold is not None:
            hits = [hit for hit in hits if hit.score >= self.threshold]
        return SearchResult(query, language, hits, self.threshold, best_score)

    def _score_chunk(self, vector: np.ndarray, chunk_number: int, own_text_only: bool = False) -> Tuple[float, int]:
        rows = self._chunk_rows[chunk_number]
        if own_text_only:
            rows = rows[self.index.rows[rows, 1] >= WHOLE_CHUNK]
        scores = self._vectors[rows] @ vector - self._row_discount[rows]
        best = int(np.argmax(scores))
        return float(scores[best]), int(rows[best])

    def _hit(self, chunk_number: int, score: float, row_number: int, vector: np.ndarray) -> Hit:
        chunk = self.index.chunks[chunk_number]
        if self.index.rows[row_number, 1] < WHOLE_CHUNK:  # quote the chunk's own words, never a view
            row_number = self._score_chunk(vector, chunk_number, own_text_only=True)[1]
        sentence_number = int(self.index.rows[row_number, 1])
        sentences = self.index.sentences[chunk_number]
        if sentence_number >= 0:  # the matching sentence, and the next one when it is short
            snippet = sentences[sentence_number]
            if len(snippet) < SNIPPET_CHARS // 2 and sentence_number + 1 < len(sentences):
                snippet += (" " if chunk.language not in ("zh", "ja") else "") + sentences[sentence_number + 1]
        else:
            snippet = chunk.text
        return Hit(
            source_id=chunk.source_id, anchor=chunk.anchor, title=chunk.title, url=chunk.url,
            language=chunk.language, topic=chunk.topic, score=score, snippet=trim_snippet(snippet),
            kind=chunk.kind, heading=chunk.heading, text=chunk.text, page=chunk.page, sources=chunk.sources,
        )


_shared: Optional[Searcher] = None
_shared_lock = threading.Lock()


def get_searcher() -> Searcher:
    """The process-wide searcher: the encoder and index are loaded on first use, once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Searcher.load()
        return _shared
