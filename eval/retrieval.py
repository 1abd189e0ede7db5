"""Retrieval quality: recall@3 and MRR per language, and the no-answer threshold.

The dev set (retrieval_dev.yml) is what ranking rules and the threshold were
tuned on; the held-out test set (retrieval_test.yml) was written afterwards by
writers who never saw the documents, and is only ever reported, never tuned on.

    python eval/retrieval.py                 # print the table (make eval)
    python eval/retrieval.py --calibrate     # also store the threshold in knowledge/calibration.json
    python eval/retrieval.py --model PATH    # evaluate another encoder (its own index: --index)
    python eval/retrieval.py --question-discount 0.03   # try another weight for readers' questions

Ranking metrics are computed with the threshold off, so they measure ranking
alone. The threshold is then chosen from the scores of the best hits: the
highest value that still answers at least --keep of the answerable questions;
the table shows how many unanswerable ones it turns away.
"""
import argparse
import datetime
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.config import CALIBRATION_FILE, configured_model, index_dir  # noqa: E402
from knowledge.index import model_key  # noqa: E402
from knowledge.search import QUESTION_VIEW_DISCOUNT, Searcher  # noqa: E402

DEV_SET = ROOT / "eval" / "retrieval_dev.yml"
TEST_SET = ROOT / "eval" / "retrieval_test.yml"


def answer_labels(item) -> list:
    """A question's acceptable answers: one label or a list of them."""
    return item["answer"] if isinstance(item["answer"], list) else [item["answer"]]


def matches(hit, labels) -> bool:
    return any(label in (hit.source_id, f"{hit.source_id}#{hit.anchor}") for label in labels)


def evaluate(searcher, questions, k=10):
    rows = []
    for item in questions:
        labels = answer_labels(item)
        result = searcher.search(item["q"], language=item["lang"], k=k)
        rank = next((n for n, hit in enumerate(result.hits, 1) if matches(hit, labels)), None)
        rows.append({**item, "rank": rank, "top": result.hits[0] if result.hits else None,
                     "best_score": result.best_score})
    return rows


def load_questions(path: Path, languages):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keep = (lambda item: item["lang"] in languages) if languages else (lambda item: True)
    return ([item for item in data["questions"] if keep(item)],
            [item for item in data.get("unanswerable", []) if keep(item)])


def print_table(title: str, rows, verbose: bool) -> None:
    by_language = defaultdict(list)
    for row in rows:
        by_language[row["lang"]].append(row)
    print(title)
    print(f"{'lang':<6}{'n':>4}{'recall@1':>10}{'recall@3':>10}{'MRR':>8}")
    for language in list(by_language) + ["all"]:
        group = rows if language == "all" else by_language[language]
        ranks = [row["rank"] for row in group]
        recall1 = np.mean([r is not None and r <= 1 for r in ranks])
        recall3 = np.mean([r is not None and r <= 3 for r in ranks])
        mrr = np.mean([1 / r if r else 0 for r in ranks])
        print(f"{language:<6}{len(group):>4}{recall1:>10.3f}{recall3:>10.3f}{mrr:>8.3f}")
    if verbose:
        for row in rows:
            if not row["rank"] or row["rank"] > 3:
                top = row["top"]
                got = f"{top.source_id}#{top.anchor} ({top.language})" if top else "nothing"
                print(f"  miss [{row['lang']}] rank={row['rank']} want {row['answer']}, got {got}: {row['q']}")


def threshold_effect(threshold: float, answer_scores: np.ndarray, refuse_scores: np.ndarray) -> str:
    return (f"answers {np.mean(answer_scores >= threshold):.1%} of {len(answer_scores)} answerable questions, "
            f"turns away {np.mean(refuse_scores < threshold):.1%} of {len(refuse_scores)} unanswerable ones")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=configured_model())
    parser.add_argument("--index", type=Path, default=index_dir())
    parser.add_argument("--dev-set", type=Path, default=DEV_SET)
    parser.add_argument("--test-set", type=lambda value: Path(value) if value else None, default=TEST_SET,
                        help="held-out questions, reported with the threshold chosen on the dev set ('' for none)")
    parser.add_argument("--calibrate", action="store_true", help="write the threshold to calibration.json")
    parser.add_argument("--keep", type=float, default=0.95,
                        help="share of answerable questions the threshold must still answer")
    parser.add_argument("--question-discount", type=float, default=QUESTION_VIEW_DISCOUNT,
                        help="taken off the score of a matched reader's question (knowledge/search.py)")
    parser.add_argument("--languages", nargs="*", help="only these languages (e.g. en for an English model)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    for path in (args.dev_set, args.test_set):
        if path is not None and not path.is_file():
            parser.error(f"no question set at {path}")

    searcher = Searcher.load(args.model, args.index, threshold=-1.0,  # ranking alone
                             question_discount=args.question_discount)

    def measure(path: Path, title: str):
        """Print the table for one question set; the best scores of its answerable and unanswerable questions."""
        questions, unanswerable = load_questions(path, args.languages)
        rows = evaluate(searcher, questions)
        print_table(title.format(n=len(rows), name=path.name), rows, args.verbose)
        return (np.array([row["best_score"] for row in rows]),
                np.array([searcher.search(item["q"], item["lang"], k=1).best_score for item in unanswerable]))

    dev_title = f"Retrieval on {{n}} dev questions ({{name}}), model {args.model}"
    answer_scores, refuse_scores = measure(args.dev_set, dev_title)
    threshold = float(np.quantile(answer_scores, 1 - args.keep)) if len(answer_scores) else 0.0
    print(f"\nNo-answer threshold {threshold:.4f}: {threshold_effect(threshold, answer_scores, refuse_scores)}")

    if args.test_set:
        print()
        test_scores = measure(args.test_set, "Held-out: {n} test questions ({name}), never tuned on")
        print(f"\nThe dev threshold {threshold:.4f} on held-out questions: {threshold_effect(threshold, *test_scores)}")

    if args.calibrate:
        calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")) if CALIBRATION_FILE.exists() else {}
        calibration[model_key(args.model)] = {
            "threshold": round(threshold, 4), "keep": args.keep,
            "answered": round(float(np.mean(answer_scores >= threshold)), 3),
            "refused": round(float(np.mean(refuse_scores < threshold)), 3),
            "dev_questions": len(answer_scores), "unanswerable": len(refuse_scores),
            "calibrated": datetime.date.today().isoformat(),
        }
        CALIBRATION_FILE.write_text(json.dumps(calibration, indent=2) + "\n", encoding="utf-8")
        print(f"stored in {CALIBRATION_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
