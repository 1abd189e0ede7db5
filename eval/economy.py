"""End to end, as a new user: when a question needs the user's own economy, is the right institution named?

Each item of eval/blind/economy_{dev,test}.yml is a question that needs one kind of
institution (credit guarantee, credit bureau, trademark office...) of one APEC
economy, which the user names in the question or in a message before it. The
writers, who never saw the directory, listed the names, acronyms and web
domains that count as naming the right institution (`accept`). Every item is
sent over the REST channel from a new user; the replies to the question (text
and payload) are then searched for any accepted form:

  named     an accepted name, acronym or domain is in the replies
  other     institutions were listed, none of them an accepted one
  none      no institution was listed (a general answer, or no answer)

and the conversation's `economy` slot is compared with the item's economy.
Prints a table per language; asserts nothing.

    .venv/bin/python eval/economy.py [--set dev|test] [--verbose]
"""
import argparse
import json
import re
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.servers import Assistant, run_as_new_users  # noqa: E402

SETS = {"dev": ROOT / "eval" / "blind" / "economy_dev.yml", "test": ROOT / "eval" / "blind" / "economy_test.yml"}


def converse(assistant: Assistant, item) -> dict:
    sender = f"eval-economy-{uuid.uuid4().hex[:12]}"
    if item.get("first"):
        assistant.say(sender, item["first"])
    replies = assistant.say(sender, item["question"])
    slots = assistant.slots(sender)
    listed = [i for reply in replies for i in (reply.get("custom") or {}).get("institutions", [])]
    text = "\n".join(reply.get("text") or "" for reply in replies)
    return {"text": text, "listed": listed, "economy": slots.get("economy")}


def accepted_in(text: str, accept) -> bool:
    """Whether any accepted form stands in ``text`` as a word of its own (an acronym inside a word is not it)."""
    folded = text.casefold()
    for form in accept:
        form = str(form).casefold().strip()
        if form and re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", folded):
            return True
    return False


def outcome(result, item) -> str:
    haystack = result["text"] + "\n" + json.dumps(result["listed"], ensure_ascii=False)
    if accepted_in(haystack, item["accept"]):
        return "named"
    return "other" if result["listed"] else "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="test",
                        help="dev may be read to tune how the economy is found; test is only reported")
    parser.add_argument("--verbose", action="store_true", help="list every question without the right name")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    data = yaml.safe_load(SETS[args.set].read_text(encoding="utf-8"))
    items = [dict(item, lang=language) for language, entries in data.items() for item in entries]

    results = run_as_new_users(items, converse, args.workers)

    table = defaultdict(Counter)
    for item, result in zip(items, results, strict=True):
        got = outcome(result, item)
        table[item["lang"]][got] += 1
        table[item["lang"]]["economy right"] += result["economy"] == item["economy"]
        if args.verbose and got != "named":
            names = ", ".join(i["name"] for i in result["listed"]) or "-"
            print(f"  [{item['lang']}] {got:<5} {item['economy']} {item['role']:<22} slot={result['economy']} "
                  f"listed={names[:80]}: {item['question'][:120]}")

    print(f"\nEnd to end on {SETS[args.set].relative_to(ROOT)}: "
          "the right institution named / other listed / none listed")
    print(f"{'lang':<6}{'n':>4}{'named':>8}{'other':>7}{'none':>6}{'economy kept':>14}")
    for language in list(table) + ["all"]:
        counts = sum(table.values(), Counter()) if language == "all" else table[language]
        n = counts["named"] + counts["other"] + counts["none"]
        print(f"{language:<6}{n:>4}{counts['named'] / max(n, 1):>8.3f}{counts['other']:>7}{counts['none']:>6}"
              f"{counts['economy right'] / max(n, 1):>14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
