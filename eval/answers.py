"""End to end, as a new user: does each question reach the guidance that answers it?

Starts the real action server and Rasa server (as the end-to-end tests do) and
sends every question of a set over the REST channel, each from a new user, then
reads what the assistant did from the conversation's tracker:

  right      the answer's first citation is a document labelled as answering it
  wrong      it answered, citing something else
  no answer  it said it has no good answer (or that the question is out of scope)
  diverted   it never searched: a menu, "I'm a virtual assistant", an advisor form...

For unanswerable questions the good outcome is "no answer" (or a diversion); an
answer is a false answer. Prints a table per language; asserts nothing.

    .venv/bin/python eval/answers.py [--set blind-dev|blind-test|next-dev|next-test|dev|test] [--verbose]
"""
import argparse
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.servers import Assistant, run_as_new_users  # noqa: E402

SETS = {
    "blind-dev": ROOT / "eval" / "blind" / "questions_dev.yml",
    "blind-test": ROOT / "eval" / "blind" / "questions_test.yml",
    "next-dev": ROOT / "eval" / "blind" / "questions_next_wave_dev.yml",
    "next-test": ROOT / "eval" / "blind" / "questions_next_wave_test.yml",
    "dev": ROOT / "eval" / "retrieval_dev.yml",
    "test": ROOT / "eval" / "retrieval_test.yml",
}
ANSWER_ACTION = "action_answer_question"
NO_ANSWER_RESPONSES = ("utter_no_answer", "utter_out_of_scope")


def labels_of(item):
    return item["answer"] if isinstance(item["answer"], list) else [item["answer"]]


def cited_right(citation, labels) -> bool:
    return any(label in (citation["source_id"], f"{citation['source_id']}#{citation['anchor']}") for label in labels)


def ask(assistant: Assistant, item) -> dict:
    """What happened to one question: the intent, the actions run and the citations given."""
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    replies = assistant.say(sender, item["q"])
    citations = [c for reply in replies for c in (reply.get("custom") or {}).get("citations", [])]
    events = assistant.tracker(sender)["events"]
    user = [e for e in events if e["event"] == "user"]
    actions = [e["name"] for e in events if e["event"] == "action"
               and e["name"] not in ("action_session_start", "action_listen", "action_extract_slots")]
    bot = [(e.get("metadata") or {}).get("utter_action") for e in events if e["event"] == "bot"]
    return {"intent": (user[-1]["parse_data"]["intent"] or {}).get("name") if user else None,
            "actions": actions, "responses": [name for name in bot if name], "citations": citations}


def outcome(result, labels) -> str:
    if result["citations"]:
        return "right" if labels and cited_right(result["citations"][0], labels) else "wrong"
    if ANSWER_ACTION in result["actions"] or any(r in NO_ANSWER_RESPONSES for r in result["responses"]):
        return "no answer"
    return "diverted"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="blind-dev")
    parser.add_argument("--verbose", action="store_true", help="list every question that went wrong")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    data = yaml.safe_load(SETS[args.set].read_text(encoding="utf-8"))
    items = [dict(item, labels=labels_of(item)) for item in data["questions"]]
    items += [dict(item, labels=[]) for item in data.get("unanswerable", [])]

    results = run_as_new_users(items, ask, args.workers)

    table = defaultdict(Counter)
    diverted_to = Counter()
    for item, result in zip(items, results, strict=True):
        kind = "answerable" if item["labels"] else "unanswerable"
        got = outcome(result, item["labels"])
        table[(item["lang"], kind)][got] += 1
        if got == "diverted":
            diverted_to[(kind, result["intent"])] += 1
        if args.verbose and (got != "right" if item["labels"] else got in ("right", "wrong")):
            first = result["citations"][0] if result["citations"] else None
            cited = f"{first['source_id']}#{first['anchor']}" if first else "-"
            print(f"  [{item['lang']}] {got:<9} intent={result['intent']} cited={cited} "
                  f"want={','.join(item['labels']) or 'none'}: {item['q'][:150]}")

    languages = list(dict.fromkeys(item["lang"] for item in items))
    print(f"\nEnd to end on {SETS[args.set].relative_to(ROOT)}: first citation right / wrong / no answer / diverted")
    print(f"{'lang':<6}{'n':>4}{'right':>8}{'wrong':>7}{'no ans':>8}{'divert':>8}   "
          f"{'unanswerable n':>15}{'refused':>9}{'answered':>10}")
    for language in languages + ["all"]:
        keys = [(lang, kind) for lang in (languages if language == "all" else [language])
                for kind in ("answerable",)]
        answerable = sum((table[key] for key in keys), Counter())
        unanswerable = sum((table[(lang, "unanswerable")] for lang in (languages if language == "all" else [language])),
                           Counter())
        n, m = sum(answerable.values()), sum(unanswerable.values())
        refused = unanswerable["no answer"] + unanswerable["diverted"]
        print(f"{language:<6}{n:>4}{answerable['right'] / max(n, 1):>8.3f}{answerable['wrong']:>7}"
              f"{answerable['no answer']:>8}{answerable['diverted']:>8}   {m:>15}"
              f"{refused / max(m, 1) if m else float('nan'):>9.3f}{m - refused:>10}")
    if diverted_to:
        print("diverted by intent: " + ", ".join(f"{kind} {intent} {count}"
                                                 for (kind, intent), count in diverted_to.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
