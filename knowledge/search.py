"""Search the index: dense vectors and BM25 side by side, fused into one ranking of cited hits.

Ranking, in order:
  1. dense: a chunk scores as its best-matching vector (the whole chunk, a
     translation of it, or a reader's question filed under it, less a discount);
     an article appears in one language only, the asker's when that
     translation exists (scored on its own text), otherwise its best version;
  2. lexical: BM25 over the chunks written in the asker's language (knowledge/lexical.py);
  3. fusion: reciprocal-rank fusion of the two rankings, so a chunk that both find
     comes first and one that only the words find (a name, a scheme, slang) still
     comes up; a question naming APEC or its ministers favours the statement itself;
  4. parts of one section count once, and one article gives at most two sections;
  5. no answer when the best hit's strength (its dense score plus its shared words,
     SearchResult.strength) is under the language's calibrated threshold
     (knowledge/calibration.json), rather than the least bad noise.
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

from .config import (
    CALIBRATION_FILE,
    LANGUAGES,
    MAX_QUERY_CHARS,
    configured_model,
    index_dir,
)
from .encoder import load_encoder
from .index import QUESTION_VIEW, KnowledgeIndex, load_index, model_key
from .language import detect
from .lexical import LexicalIndex

logger = logging.getLogger(__name__)

SNIPPET_CHARS = 320
# Asking what APEC or "the ministers" say asks for the statement itself, not our articles about it.
STATEMENT_CUES = re.compile(
    r"minist|menteri|部长|部長|bộ trưởng|bo truong|รัฐมนตรี|joint statement|apec|亚太经合|เอเปค", re.IGNORECASE)
STATEMENT_CUE_BONUS = 0.02
# At most this many sections of one article, so one long article cannot crowd out the rest.
MAX_HITS_PER_ARTICLE = 2
# A reader's question is embedded as a query, and query-to-query similarity runs
# higher than query-to-passage: this much is taken off so that matching a listed
# question does not outrank a passage that answers better.
QUESTION_VIEW_DISCOUNT = 0.05
# Reciprocal-rank fusion: score = 1/(K + dense rank) + LEXICAL_WEIGHT/(K + lexical rank).
# Chosen on the dev sets (eval/retrieval.py --rrf-k / --lexical-weight).
RRF_K = 20
LEXICAL_WEIGHT = 1.5
# The strength of the evidence that the library answers a message: the best hit's dense score,
# plus this much per point of its BM25 score. Words shared with a guide tell a question from
# small talk better than the dense score alone (eval/retrieval.py calibrates on it for routing).
LEXICAL_EVIDENCE = 0.01
MODES = ("hybrid", "dense", "lexical")
# Enough candidates that the best vector of every plausible chunk is seen.
_CANDIDATES = 200
_LEXICAL_CANDIDATES = 50


@dataclass
class Hit:
    source_id: str
    anchor: str
    title: str
    url: str
    language: str
    topic: str
    score: float  # dense (cosine) score
    snippet: str
    kind: str = ""
    heading: str = ""
    text: str = ""
    page: Optional[int] = None
    sources: List[dict] = field(default_factory=list)
    date: str = ""
    lexical: float = 0.0  # BM25 score in the asker's language (0 when the words do not meet)
    chunk: int = -1  # the chunk's number in the index that found it

    def to_dict(self) -> dict:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        data["lexical"] = round(self.lexical, 3)
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
    best_lexical: float = 0.0  # that candidate's BM25 score

    @property
    def answered(self) -> bool:
        return bool(self.hits)

    @property
    def strength(self) -> Optional[float]:
        """How surely the library answers: dense score and shared words together (LEXICAL_EVIDENCE)."""
        return None if self.best_score is None else self.best_score + LEXICAL_EVIDENCE * self.best_lexical

    @property
    def margin(self) -> Optional[float]:
        """How far the strength clears the no-answer threshold (negative: below it)."""
        if self.strength is None or self.threshold is None:
            return None
        return self.strength - self.threshold

    def to_dict(self) -> dict:
        return {
            "query": self.query, "language": self.language, "answered": self.answered,
            "threshold": self.threshold, "hits": [hit.to_dict() for hit in self.hits],
        }


@dataclass
class Thresholds:
    """The strength (SearchResult.strength) a result needs: to be an answer at all, one threshold
    per language where calibrated, else the overall one; and to outrank a conversational intent,
    the routing threshold (components/knowledge_router.py)."""

    default: Optional[float]
    languages: Dict[str, float] = field(default_factory=dict)
    route: Dict[str, float] = field(default_factory=dict)

    def for_language(self, language: Optional[str]) -> Optional[float]:
        return self.languages.get(language, self.default) if language else self.default

    def route_for(self, language: Optional[str], margin: float) -> Optional[float]:
        if language in self.route:
            return self.route[language]
        threshold = self.for_language(language)
        return threshold + margin if threshold is not None else None


def load_thresholds(model: str, path: Path = CALIBRATION_FILE) -> Thresholds:
    """The calibrated no-answer thresholds for ``model`` (see eval/retrieval.py --calibrate)."""
    try:
        calibration = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Thresholds(None)
    entry = calibration.get(model_key(model)) or calibration.get(model)
    if not entry:
        return Thresholds(None)
    per_language = entry.get("languages") or {}
    return Thresholds(float(entry["threshold"]),
                      {lang: float(values["threshold"]) for lang, values in per_language.items()
                       if "threshold" in values},
                      {lang: float(values["route"]) for lang, values in per_language.items() if values.get("route")})


def load_threshold(model: str, path: Path = CALIBRATION_FILE) -> Optional[float]:
    """The overall calibrated threshold for ``model``."""
    return load_thresholds(model, path).default


def trim_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(mark) for mark in (". ", "。", "! ", "? "))
    return cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0] + " …"


def lexical_documents(index: KnowledgeIndex):
    """(chunk number, language, text) for BM25: each chunk in its language with its title,
    heading and filed questions, and the statement's paragraphs in each translated view."""
    for number, chunk in enumerate(index.chunks):
        head = f"{chunk.title}\n{chunk.heading}"
        own = [q for q in chunk.questions if chunk.kind == "article" or _language_of(q) == chunk.language]
        yield number, chunk.language, "\n".join([head, chunk.text, *own])
        for language, view in chunk.views.items():
            asked = [q for q in chunk.questions if _language_of(q) == language]
            yield number, language, "\n".join([head, view, *asked])


def _language_of(text: str) -> Optional[str]:
    found = detect(text)
    return found.language if found.language in LANGUAGES else None


class Searcher:
    """Question in, ranked citable hits out. Build one per process and reuse it."""

    def __init__(self, index: KnowledgeIndex, encoder, threshold=None,
                 question_discount: float = QUESTION_VIEW_DISCOUNT, mode: str = "hybrid",
                 rrf_k: float = RRF_K, lexical_weight: float = LEXICAL_WEIGHT):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.index = index
        self.encoder = encoder
        self.thresholds = threshold if isinstance(threshold, Thresholds) else Thresholds(threshold)
        self.mode, self.rrf_k, self.lexical_weight = mode, rrf_k, lexical_weight
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
        self.lexical = LexicalIndex(lexical_documents(index)) if mode != "dense" else None

    @property
    def threshold(self) -> Optional[float]:
        return self.thresholds.default

    @property
    def index_id(self) -> str:
        """Names this build of the index: evidence found in it is only valid in it."""
        return str(self.index.manifest.get("index_sha256", ""))

    @classmethod
    def load(cls, model: Optional[str] = None, directory: Optional[Path] = None, threshold=None,
             question_discount: float = QUESTION_VIEW_DISCOUNT, mode: str = "hybrid") -> "Searcher":
        model = model or configured_model()
        index = load_index(directory or index_dir(), model)
        if threshold is None:
            threshold = load_thresholds(model)
            if threshold.default is None:
                logger.warning("No calibrated threshold for %s: every search will return hits.", model)
        return cls(index, load_encoder(model), threshold, question_discount, mode)

    def search(self, query: str, language: Optional[str] = None, k: int = 5) -> SearchResult:
        query = self.check(query, language, k)
        vector = self.encoder.encode_queries([query[:MAX_QUERY_CHARS]])[0]
        return self.search_vector(vector, query, language, k)

    @staticmethod
    def check(query: str, language: Optional[str], k: int) -> str:
        """The query, stripped, or ValueError saying what is wrong with the request."""
        query = (query or "").strip()
        if not query:
            raise ValueError("the question is empty")
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
        if k < 1:
            raise ValueError("k must be at least 1")
        return query

    def search_vector(self, vector: np.ndarray, query: str, language: Optional[str], k: int) -> SearchResult:
        threshold = self.thresholds.for_language(language)
        if self.index.faiss_index.ntotal == 0:
            return SearchResult(query, language, [], threshold, None)
        dense = self._dense(vector, language) if self.mode != "lexical" else {}
        lexical = self._lexical(query, language) if self.mode != "dense" else {}
        for chunk_number in lexical:  # a chunk only the words found still needs its dense evidence
            if chunk_number not in dense:
                dense[chunk_number] = self._score_chunk(vector, chunk_number)

        bonus = STATEMENT_CUE_BONUS if STATEMENT_CUES.search(query) else 0.0
        chunks = self.index.chunks
        dense_key = {n: score + (bonus if chunks[n].kind == "statement" else 0.0) for n, (score, _) in dense.items()}
        fused = self._fuse(dense_key, lexical)

        hits, seen, per_article = [], set(), defaultdict(int)
        for chunk_number in sorted(fused, key=lambda n: (-fused[n], -dense_key[n])):
            chunk = chunks[chunk_number]
            section = (chunk.source_id, chunk.language, chunk.anchor)
            if section in seen or (chunk.kind == "article" and per_article[chunk.source_id] == MAX_HITS_PER_ARTICLE):
                continue
            seen.add(section)
            per_article[chunk.source_id] += 1
            hits.append(self._hit(chunk_number, dense[chunk_number][0], lexical.get(chunk_number, 0.0)))
            if len(hits) == k:
                break

        result = SearchResult(query, language, hits, threshold, hits[0].score if hits else None,
                              hits[0].lexical if hits else 0.0)
        if threshold is not None and (result.strength is None or result.strength < threshold):
            result.hits = []
        return result

    def result_from(self, query: str, language: Optional[str], evidence: dict) -> SearchResult:
        """The SearchResult that ``evidence`` (components/knowledge_router.py) describes, without searching."""
        hits = [self._hit(int(found["chunk"]), float(found["score"]), float(found.get("lexical", 0.0)))
                for found in evidence["hits"]]
        return SearchResult(query, language, hits, self.thresholds.for_language(language), evidence.get("score"),
                            float(evidence.get("lexical") or 0.0))

    def _fuse(self, dense: Dict[int, float], lexical: Dict[int, float]) -> Dict[int, float]:
        """Reciprocal-rank fusion; with one side only, that side's order."""
        fused: Dict[int, float] = defaultdict(float)
        if self.mode != "lexical":
            for rank, chunk_number in enumerate(sorted(dense, key=lambda n: -dense[n]), 1):
                fused[chunk_number] += 1.0 / (self.rrf_k + rank)
        if self.mode != "dense":
            for rank, chunk_number in enumerate(sorted(lexical, key=lambda n: -lexical[n]), 1):
                fused[chunk_number] += self.lexical_weight / (self.rrf_k + rank)
        return fused

    def _dense(self, vector: np.ndarray, language: Optional[str]) -> Dict[int, Tuple[float, int]]:
        """{chunk number: (best score, its row)} for the dense candidates, one version per article."""
        index = self.index
        with self._lock:  # FAISS search is thread-safe, but keep one search per core-starved process
            scores, row_numbers = index.faiss_index.search(
                vector.reshape(1, -1), min(_CANDIDATES, index.faiss_index.ntotal))
        best: Dict[int, Tuple[float, int]] = {}
        for score, row_number in zip(scores[0], row_numbers[0], strict=True):
            if row_number < 0:
                continue
            chunk_number = int(index.rows[row_number, 0])
            score -= self._row_discount[row_number]
            if chunk_number not in best or score > best[chunk_number][0]:
                best[chunk_number] = (float(score), int(row_number))

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
        return best

    def _lexical(self, query: str, language: Optional[str]) -> Dict[int, float]:
        """{chunk number: BM25 score} of the best lexical candidates in the asker's language (none when
        nothing is written in it: a Thai question's stray Latin words alone would mislead)."""
        keys, scores = self.lexical.scores(query, language or "en")
        if not len(scores):
            return {}
        top = np.argsort(-scores)[:_LEXICAL_CANDIDATES]
        found: Dict[int, float] = {}
        for position in top:
            if scores[position] <= 0:
                break
            chunk_number = int(keys[position])
            found[chunk_number] = max(found.get(chunk_number, 0.0), float(scores[position]))
        return found

    def _score_chunk(self, vector: np.ndarray, chunk_number: int) -> Tuple[float, int]:
        rows = self._chunk_rows[chunk_number]
        scores = self._vectors[rows] @ vector - self._row_discount[rows]
        best = int(np.argmax(scores))
        return float(scores[best]), int(rows[best])

    def _hit(self, chunk_number: int, score: float, lexical: float) -> Hit:
        chunk = self.index.chunks[chunk_number]
        return Hit(
            source_id=chunk.source_id, anchor=chunk.anchor, title=chunk.title, url=chunk.url,
            language=chunk.language, topic=chunk.topic, score=score, snippet=trim_snippet(chunk.text),
            kind=chunk.kind, heading=chunk.heading, text=chunk.text, page=chunk.page, sources=chunk.sources,
            date=chunk.date, lexical=lexical, chunk=chunk_number,
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
