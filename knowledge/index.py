"""Build, save and load the FAISS index with its metadata and manifest.

    <index dir>/manifest.json   model, dimension, build time, per-file content hashes
    <index dir>/index.faiss     inner-product index over normalised vectors (= cosine)
    <index dir>/chunks.jsonl    one chunk per line: text, filed questions and citation metadata
    <index dir>/rows.npy        for each vector: (chunk number, -1 for the whole chunk, -2 for a
                                translated view of it, -3 for a reader's question it answers)
    <index dir>/keys.txt        for each vector: hash of the text it embeds

Builds are incremental: vectors are cached by the hash of the text they embed,
so a rebuild encodes only the texts that are new or changed (a
previous index of another format still lends its vectors; without keys.txt the
build is a full one).

The index folder is a symbolic link to one build under `<index>.builds/`. A new
build is written beside it and the link is replaced in one atomic rename, so a
reader always finds a whole index, the old or the new, and never a moment
without one. The build before is kept until the next, for readers that opened it.
"""
import datetime
import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from .chunking import chunk_document, embedding_text
from .config import MAX_CHUNK_TOKENS
from .documents import Chunk
from .errors import IndexCorruptError, IndexMissingError, IngestError, ModelMismatchError
from .ingest import read_sources

logger = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: chunks carry the readers' questions filed under them and their date; no sentence rows
# rows.npy second column: what the vector embeds. Views (below WHOLE_CHUNK) only lead
# to a chunk; what is shown is always the chunk's own text.
WHOLE_CHUNK, TRANSLATED_VIEW, QUESTION_VIEW = -1, -2, -3
MANIFEST, FAISS_FILE, CHUNKS_FILE, ROWS_FILE, KEYS_FILE = (
    "manifest.json", "index.faiss", "chunks.jsonl", "rows.npy", "keys.txt")


def model_key(name: str) -> str:
    """Models named by path compare by their absolute path, hub names as written."""
    return str(Path(name).resolve()) if os.path.exists(name) else name


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _question_key(question: str) -> str:
    # Questions are embedded as queries: the key must not collide with the same text as a passage.
    return _text_key("query\0" + question)


def view_text(chunk: Chunk, view: str) -> str:
    """A translated view with its article title, so the view says what it is about."""
    return f"{chunk.title}: {view}"


@dataclass
class KnowledgeIndex:
    """A loaded index: FAISS over every vector, plus what each vector belongs to."""

    directory: Path
    manifest: dict
    chunks: List[Chunk]
    rows: np.ndarray  # (n_vectors, 2) int32: chunk number, and WHOLE_CHUNK or the kind of view
    faiss_index: object

    @property
    def vectors(self) -> np.ndarray:
        """The stored vectors, without copying them out of FAISS."""
        import faiss

        index = self.faiss_index
        return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)


@dataclass
class BuildReport:
    index_dir: str
    model: str
    documents: int = 0
    chunks: int = 0
    vectors: int = 0
    embedded: int = 0
    reused: int = 0
    changed_files: List[str] = field(default_factory=list)
    removed_files: List[str] = field(default_factory=list)
    errors: List[IngestError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"Indexed {self.documents} documents as {self.chunks} chunks ({self.vectors} vectors) "
            f"with {self.model} in {self.seconds:.1f} s -> {self.index_dir}",
            f"  embedded {self.embedded} new or changed texts, reused {self.reused}",
        ]
        if self.changed_files:
            lines.append(f"  changed or new files: {len(self.changed_files)}")
        if self.removed_files:
            lines.append(f"  removed files: {', '.join(self.removed_files)}")
        for error in self.errors:
            lines.append(f"  SKIPPED {error}")
        return "\n".join(lines)


def _previous_vectors(index_dir: Path, model: str, dim: int) -> Dict[str, np.ndarray]:
    """Vectors of the previous build by text hash, or nothing when they cannot be reused.

    Only the model and the vectors matter: an index of an older format, or one whose
    metadata no longer loads, still lends every vector whose text is unchanged.
    """
    import faiss

    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("model_key") != model_key(model) or manifest.get("dim") != dim:
            return {}
        keys = (index_dir / KEYS_FILE).read_text(encoding="utf-8").split()
        faiss_index = faiss.read_index(str(index_dir / FAISS_FILE))
    except (OSError, ValueError, RuntimeError) as error:
        logger.info("No vectors to reuse from %s (%s): a full build", index_dir, error)
        return {}
    if len(keys) != faiss_index.ntotal or faiss_index.d != dim:
        return {}
    vectors = faiss.rev_swig_ptr(faiss_index.get_xb(), faiss_index.ntotal * dim).reshape(-1, dim)
    return {key: vectors[number].copy() for number, key in enumerate(keys)}


def _previous_manifest(index_dir: Path) -> dict:
    try:
        return json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_index(sources_dir: Path, index_dir: Path, encoder, full: bool = False,
                max_chunk_tokens: int = MAX_CHUNK_TOKENS) -> BuildReport:
    """Read every source, chunk, embed what changed, and write the index."""
    import faiss

    started = time.perf_counter()
    sources_dir, index_dir = Path(sources_dir), Path(index_dir)
    report = BuildReport(index_dir=str(index_dir), model=encoder.name)
    cache = {} if full else _previous_vectors(index_dir, encoder.name, encoder.dim)
    old_files = _previous_manifest(index_dir).get("documents", {})

    chunks: List[Chunk] = []
    # Readers' questions with the chunks they may be filed under: a document's questions
    # go to the best of its chunks, a section's to the best of that section's parts.
    question_sets: List[Tuple[List[int], List[str]]] = []
    documents: Dict[str, dict] = {}
    seen_ids: Dict[Tuple[str, str], str] = {}
    for source in read_sources(sources_dir):
        if source.error:
            report.errors.append(source.error)
            continue
        document = source.document
        owner = seen_ids.setdefault((document.source_id, document.language), source.relpath)
        if owner != source.relpath:
            report.errors.append(IngestError(sources_dir / source.relpath,
                                             f"source id {document.source_id!r} ({document.language}) "
                                             f"is already used by {owner}"))
            continue
        document_chunks = chunk_document(document, encoder.count_tokens, max_chunk_tokens)
        numbers = range(len(chunks), len(chunks) + len(document_chunks))
        if document.questions:
            question_sets.append((list(numbers), document.questions))
        for section in document.sections:
            if section.questions:
                parts = [n for n, chunk in zip(numbers, document_chunks, strict=True)
                         if chunk.anchor == section.anchor]
                question_sets.append((parts, section.questions))
        chunks.extend(document_chunks)
        documents[source.relpath] = {
            "sha256": source.sha256, "source_id": document.source_id, "language": document.language,
            "kind": document.kind, "chunks": len(document_chunks),
        }
        if old_files.get(source.relpath, {}).get("sha256") != source.sha256:
            report.changed_files.append(source.relpath)
    report.removed_files = sorted(set(old_files) - set(documents))

    # Every chunk is embedded whole, and so are its translated views, which point back to it.
    # (Vectors for each sentence were dropped: they were half the vectors to build, and
    # recall@1 on the dev sets is the same without them, now that BM25 and readers' questions are there.)
    rows, texts = [], []
    for number, chunk in enumerate(chunks):
        rows.append((number, WHOLE_CHUNK))
        texts.append(embedding_text(chunk))
        for _language, view in sorted(chunk.views.items()):
            rows.append((number, TRANSLATED_VIEW))
            texts.append(view_text(chunk, view))
    keys = [_text_key(text) for text in texts]
    vectors = _embed(encoder.encode_passages, texts, keys, cache, report, encoder.dim)
    question_rows, question_keys, question_vectors = _file_questions(
        question_sets, np.asarray(rows, dtype=np.int32).reshape(-1, 2), vectors, encoder, cache, report)
    filed = [question for _, questions in question_sets for question in questions]
    for (chunk_number, _), question in zip(question_rows, filed, strict=True):
        chunks[chunk_number].questions.append(question)
    rows, keys = rows + question_rows, keys + question_keys
    vectors = np.concatenate([vectors, question_vectors])

    faiss_index = faiss.IndexFlatIP(encoder.dim)
    faiss_index.add(vectors)

    staging = _new_build_dir(index_dir)
    faiss.write_index(faiss_index, str(staging / FAISS_FILE))
    with open(staging / CHUNKS_FILE, "w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    np.save(staging / ROWS_FILE, np.asarray(rows, dtype=np.int32).reshape(-1, 2))
    (staging / KEYS_FILE).write_text("\n".join(keys) + "\n", encoding="utf-8")

    report.documents, report.chunks, report.vectors = len(documents), len(chunks), len(keys)
    report.seconds = time.perf_counter() - started
    manifest = {
        "format": FORMAT_VERSION,
        "model": encoder.name,
        "model_key": model_key(encoder.name),
        "dim": encoder.dim,
        "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(report.seconds, 2),
        "max_chunk_tokens": max_chunk_tokens,
        "chunks": len(chunks),
        "vectors": len(keys),
        "index_sha256": _sha256_file(staging / FAISS_FILE),
        "documents": documents,
        "skipped": {str(error.path): error.reason for error in report.errors},
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")

    _publish(staging, index_dir)
    return report


def _builds_dir(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name + ".builds")


def _new_build_dir(index_dir: Path) -> Path:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    staging = _builds_dir(index_dir) / stamp
    staging.mkdir(parents=True)
    return staging


def _publish(build: Path, index_dir: Path) -> None:
    """Point ``index_dir`` at ``build`` in one atomic rename, keeping the build before it."""
    builds = _builds_dir(index_dir)
    previous = index_dir.resolve() if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():  # an index from before builds were linked
        legacy = builds / "legacy"
        shutil.rmtree(legacy, ignore_errors=True)
        index_dir.rename(legacy)
        previous = legacy
    link = index_dir.with_name(index_dir.name + ".link")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(build, index_dir.parent))
    os.replace(link, index_dir)
    keep = {build.resolve(), previous.resolve() if previous else None}
    for old in builds.iterdir():
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _embed(encode, texts: List[str], keys: List[str], cache: Dict[str, np.ndarray],
           report: BuildReport, dim: int) -> np.ndarray:
    """Vectors for ``texts``, encoding only those whose key is not cached yet."""
    todo = sorted({key: n for n, key in reversed(list(enumerate(keys))) if key not in cache}.values())
    if todo:
        fresh = encode([texts[n] for n in todo])
        cache.update({keys[n]: vector for n, vector in zip(todo, fresh, strict=True)})
    report.embedded += len(todo)
    report.reused += len(keys) - len(todo)
    if not keys:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([cache[key] for key in keys]).astype(np.float32)


def _file_questions(question_sets, rows: np.ndarray, vectors: np.ndarray, encoder,
                    cache: Dict[str, np.ndarray], report: BuildReport):
    """Rows, keys and vectors for readers' questions, each filed under whichever of its
    candidate chunks answers it best by its own text, so that a hit quotes that section."""
    texts = [question for _, questions in question_sets for question in questions]
    keys = [_question_key(question) for question in texts]
    question_vectors = _embed(encoder.encode_queries, texts, keys, cache, report, encoder.dim)
    own_text = rows[:, 1] == WHOLE_CHUNK
    question_rows, number = [], 0
    for chunk_numbers, questions in question_sets:
        candidates = np.flatnonzero(own_text & np.isin(rows[:, 0], chunk_numbers))
        for vector in question_vectors[number: number + len(questions)]:
            best = candidates[int(np.argmax(vectors[candidates] @ vector))]
            question_rows.append((int(rows[best, 0]), QUESTION_VIEW))
        number += len(questions)
    return question_rows, keys, question_vectors


def load_index(index_dir: Path, model: Optional[str] = None) -> KnowledgeIndex:
    """Load an index, checking that it is whole and was built with ``model``.

    Raises IndexMissingError, IndexCorruptError or ModelMismatchError, each
    naming the command that fixes it, instead of letting FAISS fail obscurely.
    """
    import faiss

    index_dir = Path(index_dir)
    manifest_path = index_dir / MANIFEST
    if not manifest_path.exists():
        raise IndexMissingError(index_dir)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise IndexCorruptError(index_dir, f"{MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise IndexCorruptError(index_dir, f"{MANIFEST} is not a format-{FORMAT_VERSION} manifest")
    if model is not None and manifest.get("model_key") != model_key(model):
        raise ModelMismatchError(index_dir, manifest.get("model", "?"), model)

    for name in (FAISS_FILE, CHUNKS_FILE, ROWS_FILE):
        if not (index_dir / name).exists():
            raise IndexCorruptError(index_dir, f"{name} is missing")
    if _sha256_file(index_dir / FAISS_FILE) != manifest.get("index_sha256"):
        raise IndexCorruptError(index_dir, f"{FAISS_FILE} does not match the checksum in {MANIFEST}")
    try:
        faiss_index = faiss.read_index(str(index_dir / FAISS_FILE))
        rows = np.load(index_dir / ROWS_FILE)
        records = [json.loads(line) for line in
                   (index_dir / CHUNKS_FILE).read_text(encoding="utf-8").splitlines() if line]
        chunks = [Chunk(**record) for record in records]
    except (RuntimeError, ValueError, TypeError, KeyError, UnicodeDecodeError) as error:
        raise IndexCorruptError(index_dir, f"{type(error).__name__}: {error}") from None

    if faiss_index.d != manifest.get("dim"):
        raise IndexCorruptError(index_dir,
                                f"vectors have {faiss_index.d} dimensions, manifest says {manifest.get('dim')}")
    if not (faiss_index.ntotal == len(rows) == manifest.get("vectors")) or len(chunks) != manifest.get("chunks"):
        raise IndexCorruptError(index_dir, "vector, row and chunk counts disagree with the manifest")
    if len(rows) and (rows[:, 0].max() >= len(chunks) or rows.shape[1] != 2):
        raise IndexCorruptError(index_dir, f"{ROWS_FILE} points at chunks that do not exist")
    return KnowledgeIndex(index_dir, manifest, chunks, rows, faiss_index)
