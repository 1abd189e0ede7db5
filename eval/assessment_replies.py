"""Self-assessment replies typed in owners' own words: is each mapped to the option it means?

Each reply of eval/blind/assessment_replies_{dev,test}.yml (written by native
writers who saw only the question and its options in one language: never the
replies the data lists, nor the matcher) goes through the matcher the
assessment form uses (knowledge.assessments.ReplyMatcher, with the knowledge
engine's encoder). Per language:

  right     mapped to the option the writer meant (goal: 0.95)
  wrong     mapped to another option (the result is then skewed, silently but for the "✓" echo)
  asked     not mapped: the question is asked again with its options
  none      replies that mean no option ("what do you mean?"): how many were still mapped (should be 0)

Prints figures; asserts nothing. The dev set may be tuned on; the test set is reported only.

    .venv/bin/python eval/assessment_replies.py [--set dev|test] [--verbose]
"""
import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from knowledge.assessments import ReplyMatcher, load_assessments  # noqa: E402
from knowledge.encoder import load_encoder  # noqa: E402

SETS = {"dev": ROOT / "eval" / "blind" / "assessment_replies_dev.yml",
        "test": ROOT / "eval" / "blind" / "assessment_replies_test.yml"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="test")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    assessments, problems = load_assessments()
    if problems:
        sys.exit("assessment data has problems: python -m knowledge assessment --check")
    questions = {f"{a.id}/{q.id}": q for a in assessments.values() for q in a.questions}
    encoder = load_encoder()
    matcher = ReplyMatcher(lambda: encoder)
    replies = yaml.safe_load(SETS[args.set].read_text(encoding="utf-8"))["replies"]
    print(f"Free-text replies to self-assessment questions ({args.set} set, {SETS[args.set].name})")
    print(f"{'language':10}{'replies':>8}{'right':>8}{'wrong':>8}{'asked':>8}   none mapped")
    totals = [0, 0, 0, 0, 0, 0]
    for language, items in replies.items():
        right = wrong = asked = nones = nones_mapped = 0
        for item in items:
            question = questions[item["question"]]
            chosen, _ = matcher.match(question, str(item["text"]), language)
            if item["option"] == "none":
                nones += 1
                nones_mapped += chosen is not None
            elif chosen is None:
                asked += 1
            elif chosen == int(item["option"]) - 1:
                right += 1
            else:
                wrong += 1
            if args.verbose and chosen != (None if item["option"] == "none" else int(item["option"]) - 1):
                got = "none" if chosen is None else chosen + 1
                print(f"  {language} {item['question']}: meant {item['option']}, got {got}: {item['text']}")
        answered = right + wrong + asked
        print(f"{language:10}{answered:>8}{right / answered:>8.3f}{wrong / answered:>8.3f}{asked / answered:>8.3f}"
              f"   {nones_mapped}/{nones}")
        for position, value in enumerate((answered, right, wrong, asked, nones, nones_mapped)):
            totals[position] += value
    answered, right, wrong, asked, nones, nones_mapped = totals
    print(f"{'all':10}{answered:>8}{right / answered:>8.3f}{wrong / answered:>8.3f}{asked / answered:>8.3f}"
          f"   {nones_mapped}/{nones}")


if __name__ == "__main__":
    main()
