"""Retrieval and answers, per language: what dense vectors, BM25 and their fusion each find,
whether the answer the assistant would give cites the right guidance, and the no-answer thresholds.

Question sets (eval/blind/README.md tells how the blind ones were written):

  dev       eval/retrieval_dev.yml          team-written; ranking rules were tuned on it
  blind-dev eval/blind/questions_dev.yml    written blind; thresholds are calibrated on it
  test      eval/retrieval_test.yml         held out: written without seeing the documents
  blind-test eval/blind/questions_test.yml  held out: written blind; never tuned on
  next-dev   eval/blind/questions_next_wave_dev.yml   ja, ko, ru, fil, zh-Hant (issue 21), written blind
  next-test  eval/blind/questions_next_wave_test.yml  the same languages, held out

    python eval/retrieval.py                    # every table (make eval)
    python eval/retrieval.py --calibrate        # choose the thresholds on the dev sets, store them
    python eval/retrieval.py --sets blind-dev --verbose   # list the misses of one set

Ranking figures (recall@1, recall@3, MRR) are computed with the threshold off. The
answer figures use the calibrated thresholds, as the assistant does (the line
"1 thr" shows the same set with the one overall threshold instead): "right" means
the answer's citation is a document labelled as answering the question (the same
knowledge.answer.compose the action uses); an answerable question refused counts
against "answered", an unanswerable one answered against "refused".
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

from knowledge.answer import compose  # noqa: E402
from knowledge.config import CALIBRATION_FILE, LANGUAGES, configured_model, index_dir  # noqa: E402
from knowledge.index import model_key  # noqa: E402
from knowledge.search import MODES, Searcher, Thresholds, load_thresholds  # noqa: E402

SETS = {
    "dev": ROOT / "eval" / "retrieval_dev.yml",
    "blind-dev": ROOT / "eval" / "blind" / "questions_dev.yml",
    "test": ROOT / "eval" / "retrieval_test.yml",
    "blind-test": ROOT / "eval" / "blind" / "questions_test.yml",
    "next-dev": ROOT / "eval" / "blind" / "questions_next_wave_dev.yml",
    "next-test": ROOT / "eval" / "blind" / "questions_next_wave_test.yml",
}
TUNABLE = ("dev", "blind-dev", "next-dev")
# Intents whose messages must not reach the knowledge engine on a merely good hit (the routing threshold).
CONVERSATIONAL = ("greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "human_handoff",
                  "change_language", "out_of_scope")
ROUTE_QUANTILE = 0.97
# Per-language thresholds are pulled towards the overall one as if it had this many questions behind it.
SHRINK = 20


def answer_labels(item) -> list:
    """A question's acceptable answers: one label or a list of them."""
    return item["answer"] if isinstance(item["answer"], list) else [item["answer"]]


def matches(cited, labels) -> bool:
    """Whether a hit or citation (anything with source_id and anchor) is one of ``labels``."""
    source_id, anchor = (cited["source_id"], cited["anchor"]) if isinstance(cited, dict) else (cited.source_id,
                                                                                              cited.anchor)
    return any(label in (source_id, f"{source_id}#{anchor}") for label in labels)


def load_set(name: str, languages=None):
    data = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
    keep = (lambda item: item["lang"] in languages) if languages else (lambda item: True)
    return ([item for item in data["questions"] if keep(item)],
            [item for item in data.get("unanswerable", []) if keep(item)])


def run(searcher: Searcher, questions, unanswerable):
    """One row per question: rank of the first right hit (threshold off), the evidence strength, the hits."""
    rows = []
    for item in questions + unanswerable:
        labels = answer_labels(item) if "answer" in item else []
        result = searcher.search(item["q"], language=item["lang"], k=10)
        rank = next((n for n, hit in enumerate(result.hits, 1) if matches(hit, labels)), None)
        rows.append({**item, "labels": labels, "rank": rank, "score": result.strength, "result": result})
    return rows


def ranking_table(title, rows_by_mode, verbose):
    print(title)
    print(f"{'lang':<6}{'n':>4}" + "".join(f"{mode + ' r@1':>13}" for mode in MODES)
          + f"{'hybrid r@3':>12}{'hybrid MRR':>12}")
    answerable = {mode: [row for row in rows if row["labels"]] for mode, rows in rows_by_mode.items()}
    languages = list(dict.fromkeys(row["lang"] for row in answerable["hybrid"]))
    for language in languages + ["all"]:
        line = ""
        for mode in MODES:
            group = [r for r in answerable[mode] if language in ("all", r["lang"])]
            line += f"{np.mean([r['rank'] == 1 for r in group]):>13.3f}"
        group = [r for r in answerable["hybrid"] if language in ("all", r["lang"])]
        recall3 = np.mean([r["rank"] is not None and r["rank"] <= 3 for r in group])
        mrr = np.mean([1 / r["rank"] if r["rank"] else 0 for r in group])
        print(f"{language:<6}{len(group):>4}{line}{recall3:>12.3f}{mrr:>12.3f}")
    if verbose:
        for row in answerable["hybrid"]:
            if row["rank"] != 1:
                top = row["result"].hits[0] if row["result"].hits else None
                got = f"{top.source_id}#{top.anchor}" if top else "nothing"
                print(f"  miss [{row['lang']}] rank={row['rank']} want {row['labels']}, got {got}: {row['q'][:140]}")


def answer_outcomes(rows, thresholds: Thresholds):
    """Per language: counts of right / wrong / refused answerable questions and refused / answered unanswerable ones."""
    counts = defaultdict(lambda: defaultdict(int))
    for row in rows:
        threshold = thresholds.for_language(row["lang"])
        result = row["result"]
        answered = result.hits and (threshold is None or row["score"] >= threshold)
        answer = compose(result, row["lang"]) if answered else None
        c = counts[row["lang"]]
        if row["labels"]:
            c["n"] += 1
            if answer is None:
                c["refused"] += 1
            elif matches(answer.citations[0], row["labels"]):
                c["right"] += 1
            else:
                c["wrong"] += 1
        else:
            c["m"] += 1
            c["turned away" if answer is None else "answered"] += 1
    return counts


def answers_table(title, rows, thresholds: Thresholds, verbose=False):
    counts = answer_outcomes(rows, thresholds)
    print(title)
    print(f"{'lang':<6}{'threshold':>10}{'answerable':>11}{'right':>8}{'wrong':>7}{'refused':>9}{'answered':>10}"
          f"{'unanswerable':>14}{'refused':>9}")
    total = defaultdict(int)
    for language, c in counts.items():
        for key, value in c.items():
            total[key] += value
        _answers_line(language, thresholds.for_language(language), c)
    _answers_line("all", None, total)
    if thresholds.languages:  # does a threshold per language earn its keep? the same set with one for all
        single = Thresholds(thresholds.default)
        overall = defaultdict(int)
        for c in answer_outcomes(rows, single).values():
            for key, value in c.items():
                overall[key] += value
        _answers_line("1 thr", thresholds.default, overall)
    if verbose:
        for row in rows:
            threshold = thresholds.for_language(row["lang"])
            refused = row["score"] is None or (threshold is not None and row["score"] < threshold)
            if not row["labels"] and not refused:
                top = row["result"].hits[0].source_id
                print(f"  answered [{row['lang']}] {row['score']:.3f} {top}: {row['q'][:120]}")
            elif row["labels"] and refused:
                print(f"  refused [{row['lang']}] {row['score']:.3f} want {row['labels']}: {row['q'][:120]}")


def _answers_line(language, threshold, c):
    n, m = c["n"], c["m"]
    answered = (c["right"] + c["wrong"]) / n if n else float("nan")
    print(f"{language:<6}{threshold if threshold is not None else float('nan'):>10.4f}{n:>11}"
          f"{c['right'] / n if n else float('nan'):>8.3f}{c['wrong']:>7}{c['refused']:>9}{answered:>10.3f}"
          f"{m:>14}{c['turned away'] / m if m else float('nan'):>9.3f}")


def best_threshold(answerable_scores, right, unanswerable_scores):
    """The threshold that answers the most questions right and turns away the most unanswerable ones."""
    answerable_scores, right = np.asarray(answerable_scores, float), np.asarray(right, bool)
    unanswerable_scores = np.asarray(unanswerable_scores, float)
    candidates = np.unique(np.concatenate([answerable_scores, unanswerable_scores + 1e-4]))
    gains = [np.sum(right & (answerable_scores >= t)) + np.sum(unanswerable_scores < t) for t in candidates]
    best = np.flatnonzero(np.asarray(gains) == max(gains))
    return float(np.median(candidates[best]))  # the middle of the best plateau, not its edge


def calibrate(rows, languages):
    """Overall and per-language thresholds from the tunable rows, each language pulled towards the overall."""
    def fit(group):
        answerable = [r for r in group if r["labels"]]
        return best_threshold([r["score"] for r in answerable], [r["rank"] == 1 for r in answerable],
                              [r["score"] for r in group if not r["labels"]])

    overall = fit(rows)
    per_language = {}
    for language in languages:
        group = [r for r in rows if r["lang"] == language]
        if group:
            per_language[language] = round((len(group) * fit(group) + SHRINK * overall) / (len(group) + SHRINK), 4)
    return round(overall, 4), per_language


def route_thresholds(searcher: Searcher):
    """Per language: the evidence strength that only a few conversational training messages reach."""
    scores = defaultdict(list)
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        if path.stem not in LANGUAGES:
            continue
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if block.get("intent") not in CONVERSATIONAL:
                continue
            for line in block["examples"].splitlines():
                text = line.strip()[2:].strip()
                if text:
                    scores[path.stem].append(searcher.search(text, language=path.stem, k=1).strength)
    return {language: round(float(np.quantile(values, ROUTE_QUANTILE)), 4) for language, values in scores.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=configured_model())
    parser.add_argument("--index", type=Path, default=index_dir())
    parser.add_argument("--sets", nargs="*", choices=sorted(SETS), default=list(SETS))
    parser.add_argument("--calibrate", action="store_true", help="choose thresholds on the dev sets and store them")
    parser.add_argument("--languages", nargs="*", help="only these languages (e.g. en for an English model)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()

    searchers = {mode: Searcher.load(args.model, args.index, threshold=Thresholds(None), mode=mode) for mode in MODES}
    thresholds = load_thresholds(args.model)
    results = {name: {mode: run(searchers[mode], *load_set(name, args.languages)) for mode in MODES}
               for name in (set(args.sets) | (set(TUNABLE) if args.calibrate else set()))}

    if args.calibrate:
        tunable = [row for name in TUNABLE for row in results[name]["hybrid"]]
        overall, per_language = calibrate(tunable, LANGUAGES)
        thresholds = Thresholds(overall, per_language)
        route = route_thresholds(searchers["hybrid"])
        thresholds.route = route
        calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")) if CALIBRATION_FILE.exists() else {}
        calibration[model_key(args.model)] = {
            "threshold": overall,
            "languages": {lang: {"threshold": per_language[lang], "route": route.get(lang)} for lang in per_language},
            "calibrated_on": [str(SETS[name].relative_to(ROOT)) for name in TUNABLE],
            "calibrated": datetime.date.today().isoformat(),
        }
        CALIBRATION_FILE.write_text(json.dumps(calibration, indent=2) + "\n", encoding="utf-8")
        print(f"thresholds stored in {CALIBRATION_FILE.relative_to(ROOT)}: overall {overall}, {per_language}, "
              f"routing {route}")

    for name in args.sets:
        kind = "tunable" if name.endswith("dev") else "held out, never tuned on"
        n = sum(1 for row in results[name]["hybrid"] if row["labels"])
        print(f"\n=== {SETS[name].relative_to(ROOT)} ({kind}), model {args.model}")
        ranking_table(f"Ranking of {n} answerable questions (threshold off): first hit right, by retriever",
                      results[name], args.verbose)
        answers_table("\nThe answer given (calibrated thresholds): cites the right guidance / refuses",
                      results[name]["hybrid"], thresholds, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
