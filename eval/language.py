"""Language identification in conversations: which language does the assistant reply in?

Each message of eval/blind/language_{dev,test}.yml (written by native writers,
mostly 1-6 words) is played, through the same functions the NLU pipeline uses
(knowledge.language.detect, then resolve_language), in three situations:

  fresh      a first message, no channel locale: the reply language should be the
             message's (a lone "ok" may fairly stay undecided: it counts as a miss);
  own        a conversation already in the message's language: it must stay there;
  other      a conversation in each other supported language: a message that says
             enough should switch to its own language, anything else keep the
             conversation's; switching to a third language is a wrong switch.

A wrong switch is a reply language that is neither the conversation's nor the
message's. Goal: none on a message of three words or more (zh, th: five characters).
Malay and Indonesian share most of their words: a message that could be either,
taken for its sibling, is counted apart ("id/ms sibling"), not hidden.
Prints figures; asserts nothing.

    .venv/bin/python eval/language.py [--set dev|test|both] [--verbose]
"""
import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from knowledge.config import LANGUAGES  # noqa: E402
from knowledge.language import detect, resolve_language  # noqa: E402

SETS = {"dev": ROOT / "eval" / "blind" / "language_dev.yml", "test": ROOT / "eval" / "blind" / "language_test.yml"}


def is_long(text: str) -> bool:
    """Three words or more; in scripts without spaces, five characters or more."""
    if re.search(r"[\u0E00-\u0E7F\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF]", text):
        return len(re.sub(r"\s", "", text)) >= 5
    return len(re.findall(r"[^\W\d_]+", text)) >= 3


def reply_after(current, text):
    found = detect(text)
    detection = {"language": found.language, "reliable": found.reliable, "decisive": found.decisive,
                 "alternatives": list(found.alternatives)}
    return resolve_language(current, detection, None)


def play(messages_by_language):
    """Per language: counts of each outcome, and the wrong switches seen."""
    results = {}
    for language, messages in messages_by_language.items():
        counts, wrong = defaultdict(int), []
        for text in messages:
            long = is_long(text)
            counts["n"] += 1
            counts["long"] += long
            counts["fresh_right"] += reply_after(None, text) == language
            own = reply_after(language, text)
            if own != language:
                wrong.append((language, text, own, long))
            for other in LANGUAGES:
                if other == language:
                    continue
                reply = reply_after(other, text)
                counts["other"] += 1
                counts["other_long"] += long
                counts["switched_long"] += long and reply == language
                if reply not in (other, language):
                    wrong.append((other, text, reply, long))
        siblings = [item for item in wrong if {item[2], language} == {"id", "ms"}]
        counts["sibling"] = len(siblings)
        counts["wrong"] = len(wrong) - len(siblings)
        counts["wrong_long"] = sum(long for *_, long in wrong) - sum(long for *_, long in siblings)
        results[language] = (counts, wrong)
    return results


def print_table(title, results, verbose):
    print(title)
    print(f"{'lang':<6}{'n':>5}{'fresh right':>13}{'long msgs':>11}{'long: switch to it':>20}"
          f"{'wrong switches':>16}{'on long msgs':>14}{'id/ms sibling':>15}")
    total_wrong_long = 0
    for language, (c, wrong) in results.items():
        switch = c["switched_long"] / c["other_long"] if c["other_long"] else float("nan")
        print(f"{language:<6}{c['n']:>5}{c['fresh_right'] / c['n']:>13.3f}{c['long']:>11}{switch:>20.3f}"
              f"{c['wrong']:>16}{c['wrong_long']:>14}{c['sibling']:>15}")
        total_wrong_long += c["wrong_long"]
        if verbose:
            for current, text, reply, long in wrong:
                print(f"    {'LONG ' if long else ''}[{current} -> {reply}] {text}")
    print("goal: no wrong switch on a message of three words or more: "
          + ("met" if total_wrong_long == 0 else f"not met ({total_wrong_long})"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--verbose", action="store_true", help="list every wrong switch")
    args = parser.parse_args()
    for name in (("dev", "test") if args.set == "both" else (args.set,)):
        data = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["messages"]
        title = (f"\nLanguage identification on {SETS[name].name} "
                 f"({'checked against while fixing rules' if name == 'dev' else 'held out, never tuned on'})")
        print_table(title, play(data), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
