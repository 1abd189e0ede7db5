"""Intent accuracy and F1 per language on held-out NLU data (make eval).

Three sets, reported side by side:
  team        tests/nlu/<language>.yml: written by the team, not in the training data
              (tests/test_nlu_data.py checks that); the pipeline may have been tuned with them in view;
  blind dev   eval/blind/intents_dev.yml: written blind by native writers (eval/blind/README.md);
              NLU settings are chosen on it;
  blind test  eval/blind/intents_test.yml: written blind by other writers, never tuned on.
Each message is parsed by the trained model, the whole pipeline included (fallback,
language detector and knowledge router, as in production), and scored against its
label. Prints figures; asserts nothing.

    .venv/bin/python eval/nlu.py [--model models/assistant.tar.gz] [--verbose]
"""
import argparse
import asyncio
import logging
import sys
from collections import Counter
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from knowledge.config import LANGUAGES  # noqa: E402

GOAL = 0.92
BLIND_DEV = ROOT / "eval" / "blind" / "intents_dev.yml"
BLIND_TEST = ROOT / "eval" / "blind" / "intents_test.yml"


def team_set(language: str):
    """[(text, intent)] from tests/nlu/<language>.yml (the first seven languages have one)."""
    path = ROOT / "tests" / "nlu" / f"{language}.yml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(line.strip()[2:].strip(), block["intent"])
            for block in data["nlu"] for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def blind_set(path):
    """A function giving [(text, intent)] of one language from the blind set at ``path``."""
    def examples(language: str):
        messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"].get(language, [])
        return [(message["text"], message["intent"]) for message in messages]
    return examples


async def predict(agent, texts):
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def report(agent, title, examples_of, verbose: bool) -> None:
    print(f"\nIntents on the {title}")
    print(f"{'language':<9}{'messages':>9}{'accuracy':>10}{'F1 (weighted)':>15}{'F1 (macro)':>12}")
    below_goal, confusions = [], Counter()
    for language in LANGUAGES:
        examples = examples_of(language)
        if not examples:
            continue
        truth = [intent for _, intent in examples]
        predicted = asyncio.run(predict(agent, [text for text, _ in examples]))
        weighted = f1_score(truth, predicted, average="weighted", zero_division=0)
        macro = f1_score(truth, predicted, average="macro", zero_division=0)
        accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
        print(f"{language:<9}{len(truth):>9}{accuracy:>10.3f}{weighted:>15.3f}{macro:>12.3f}")
        if accuracy < GOAL:
            below_goal.append(language)
        for (text, label), guess in zip(examples, predicted, strict=True):
            if label != guess:
                confusions[(label, guess)] += 1
                if verbose:
                    print(f"    {language}: {label} -> {guess}: {text}")
    print("most frequent confusions (label -> predicted): "
          + ", ".join(f"{label} -> {guess} {count}" for (label, guess), count in confusions.most_common(8)))
    print(f"goal: accuracy >= {GOAL} in every language: "
          + ("met" if not below_goal else f"not met in {', '.join(below_goal)}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "assistant.tar.gz"))
    parser.add_argument("--verbose", action="store_true", help="list every misclassified message of the tunable sets")
    args = parser.parse_args()

    from rasa.core.agent import Agent  # slow import: after argument parsing
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per parsed message
    agent = Agent.load(args.model)

    for title, examples_of, tunable in (
            ("team-written held-out set (tests/nlu)", team_set, True),
            ("blind dev set (eval/blind/intents_dev.yml), tunable", blind_set(BLIND_DEV), True),
            ("blind test set (eval/blind/intents_test.yml), never tuned on", blind_set(BLIND_TEST), False)):
        # The test set's misses are never listed: nobody reads them, so nobody tunes on them.
        report(agent, title, examples_of, args.verbose and tunable)
    return 0


if __name__ == "__main__":
    sys.exit(main())
