"""Speed and memory of the knowledge engine on this machine (make bench).

Prints figures, asserts nothing:
  - full build of the shipped sources, and an incremental rebuild after one file changes;
  - search latency (encode + FAISS + ranking) p50/p95 on the shipped index and on
    an index grown to at least 5,000 chunks with synthetic chunks;
  - resident memory with the encoder and index loaded.

Synthetic chunks recombine sentences of real chunks; their vectors are real
vectors with small noise, normalised. (Embedding 5,000 extra chunks would take
minutes and does not change what a search costs: FAISS scans every vector.)
"""
import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.chunking import split_sentences  # noqa: E402
from knowledge.config import SOURCES_DIR, configured_model  # noqa: E402
from knowledge.documents import Chunk  # noqa: E402
from knowledge.encoder import load_encoder  # noqa: E402
from knowledge.index import KnowledgeIndex, build_index  # noqa: E402
from knowledge.search import Searcher, load_threshold  # noqa: E402

DEV_SET = ROOT / "eval" / "retrieval_dev.yml"


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def percentiles(samples_ms):
    ordered = sorted(samples_ms)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return pick(0.50), pick(0.95), statistics.mean(ordered)


def time_searches(searcher, questions, rounds):
    for question, language in questions[:5]:  # warm-up
        searcher.search(question, language=language, k=5)
    encode_ms, total_ms = [], []
    for _ in range(rounds):
        for question, language in questions:
            start = time.perf_counter()
            vector = searcher.encoder.encode_queries([question])[0]
            encoded = time.perf_counter()
            searcher.search_vector(vector, question, language, 5)
            done = time.perf_counter()
            encode_ms.append((encoded - start) * 1000)
            total_ms.append((done - start) * 1000)
    return encode_ms, total_ms


def grow(index: KnowledgeIndex, target_chunks: int, seed: int = 7) -> KnowledgeIndex:
    """A copy of ``index`` with synthetic chunks added until it holds ``target_chunks``."""
    import faiss

    rng = np.random.default_rng(seed)
    chunks = list(index.chunks)
    rows = [tuple(row) for row in index.rows]
    vectors = [index.vectors.copy()]
    real = len(index.chunks)
    pool = [s for chunk in index.chunks for s in split_sentences(chunk.text, chunk.language)]
    new_vectors = []
    for number in range(target_chunks - real):
        model = index.chunks[number % real]
        picked = [pool[i] for i in rng.choice(len(pool), size=3, replace=False)]
        chunk = Chunk(**{**model.__dict__, "source_id": f"synthetic-{number}", "anchor": "s1", "part": 1,
                         "kind": "synthetic", "text": " ".join(picked)})
        chunk_number = len(chunks)
        chunks.append(chunk)
        for row_number in np.flatnonzero(index.rows[:, 0] == number % real):
            noisy = index.vectors[row_number] + rng.normal(0, 0.02, index.vectors.shape[1]).astype(np.float32)
            new_vectors.append(noisy / np.linalg.norm(noisy))
            rows.append((chunk_number, int(index.rows[row_number, 1])))  # the model chunk's kinds of vector
    vectors.append(np.asarray(new_vectors, dtype=np.float32).reshape(-1, index.vectors.shape[1]))
    all_vectors = np.concatenate(vectors)
    faiss_index = faiss.IndexFlatIP(all_vectors.shape[1])
    faiss_index.add(all_vectors)
    return KnowledgeIndex(index.directory, index.manifest, chunks, np.asarray(rows, dtype=np.int32), faiss_index)


def bench_builds(model: str):
    encoder = load_encoder(model)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        sources = scratch / "sources"
        shutil.copytree(SOURCES_DIR, sources)
        full = build_index(sources, scratch / "index", encoder, full=True)
        article = sorted((sources / "articles").rglob("*.md"))[0]
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence for the benchmark.\n",
                           encoding="utf-8")
        start = time.perf_counter()
        incremental = build_index(sources, scratch / "index", encoder)
        incremental_seconds = time.perf_counter() - start
    return full, incremental, incremental_seconds, article.relative_to(sources)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=configured_model())
    parser.add_argument("--chunks", type=int, default=5000, help="size of the grown index")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the dev questions")
    parser.add_argument("--skip-build", action="store_true", help="skip the build timings")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = {"model": args.model}

    baseline = rss_mb()
    start = time.perf_counter()
    searcher = Searcher.load(args.model)
    figures["load_seconds"] = round(time.perf_counter() - start, 2)
    figures["rss_mb_loaded"] = round(rss_mb(), 1)
    figures["rss_mb_python_baseline"] = round(baseline, 1)
    shipped = searcher.index
    questions = [(item["q"], item["lang"]) for item in yaml.safe_load(DEV_SET.read_text())["questions"]]

    print(f"model {args.model}; {len(questions)} dev questions x {args.rounds} rounds; "
          f"{psutil.cpu_count()} CPUs")
    print(f"loaded encoder + index in {figures['load_seconds']} s; "
          f"RSS {figures['rss_mb_loaded']:.0f} MB (bare Python {baseline:.0f} MB)")
    print(f"\n{'index':<28}{'chunks':>8}{'vectors':>9}{'encode p50':>12}{'total p50':>11}{'p95':>8}{'mean':>8}")
    for label, index in [("shipped", shipped), ("grown (synthetic)", grow(shipped, args.chunks))]:
        bench_searcher = Searcher(index, searcher.encoder, load_threshold(args.model))
        encode_ms, total_ms = time_searches(bench_searcher, questions, args.rounds)
        p50, p95, mean = percentiles(total_ms)
        figures[f"search_{label.split()[0]}"] = {
            "chunks": len(index.chunks), "vectors": index.faiss_index.ntotal,
            "encode_p50_ms": round(percentiles(encode_ms)[0], 2),
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "mean_ms": round(mean, 2)}
        print(f"{label:<28}{len(index.chunks):>8}{index.faiss_index.ntotal:>9}"
              f"{percentiles(encode_ms)[0]:>10.1f}ms{p50:>9.1f}ms{p95:>6.1f}ms{mean:>6.1f}ms")
    figures["rss_mb_with_grown_index"] = round(rss_mb(), 1)
    print(f"RSS with both indexes loaded: {figures['rss_mb_with_grown_index']:.0f} MB")

    if not args.skip_build:
        full, incremental, seconds, changed = bench_builds(args.model)
        figures["full_build_seconds"] = round(full.seconds, 1)
        figures["incremental_build_seconds"] = round(seconds, 2)
        figures["build_vectors_per_second"] = round(full.vectors / full.seconds, 1)
        print(f"\nfull build: {full.documents} files, {full.chunks} chunks, {full.vectors} vectors "
              f"in {full.seconds:.1f} s: {full.vectors / full.seconds:.1f} vectors/s "
              f"({1000 * full.seconds / full.vectors:.0f} ms a vector)")
        print(f"incremental rebuild after editing {changed}: {seconds:.2f} s "
              f"({incremental.embedded} texts embedded, {incremental.reused} reused)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
