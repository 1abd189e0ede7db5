"""Intent F1 per language on held-out NLU data (make eval).

tests/nlu/<language>.yml holds messages that are not in the training data
(tests/test_nlu_data.py checks that). Each is parsed by the trained model,
the whole pipeline included (the fallback and the language detector too, as
in production), and scored against its label. Prints figures; asserts nothing.

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
from knowledge.config import FIRST_WAVE_LANGUAGES  # noqa: E402

GOAL = 0.92


def held_out(language: str):
    """[(text, intent)] from tests/nlu/<language>.yml."""
    data = yaml.safe_load((ROOT / "tests" / "nlu" / f"{language}.yml").read_text(encoding="utf-8"))
    return [(line.strip()[2:].strip(), block["intent"])
            for block in data["nlu"] for line in block["examples"].splitlines() if line.strip().startswith("- ")]


async def predict(agent, texts):
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "assistant.tar.gz"))
    parser.add_argument("--verbose", action="store_true", help="list every misclassified message")
    args = parser.parse_args()

    from rasa.core.agent import Agent  # slow import: after argument parsing
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per parsed message
    agent = Agent.load(args.model)

    print(f"{'language':<9}{'messages':>9}{'accuracy':>10}{'F1 (weighted)':>15}{'F1 (macro)':>12}")
    below_goal, confusions = [], Counter()
    for language in FIRST_WAVE_LANGUAGES:
        examples = held_out(language)
        truth = [intent for _, intent in examples]
        predicted = asyncio.run(predict(agent, [text for text, _ in examples]))
        weighted = f1_score(truth, predicted, average="weighted", zero_division=0)
        macro = f1_score(truth, predicted, average="macro", zero_division=0)
        accuracy = sum(t == p for t, p in zip(truth, predicted)) / len(truth)
        print(f"{language:<9}{len(truth):>9}{accuracy:>10.3f}{weighted:>15.3f}{macro:>12.3f}")
        if weighted < GOAL:
            below_goal.append(language)
        for (text, label), guess in zip(examples, predicted):
            if label != guess:
                confusions[(label, guess)] += 1
                if args.verbose:
                    print(f"    {language}: {label} -> {guess}: {text}")
    print("\nmost frequent confusions (label -> predicted):")
    for (label, guess), count in confusions.most_common(8):
        print(f"  {count:>3}  {label} -> {guess}")
    print(f"\ngoal: weighted F1 >= {GOAL} in every language: "
          + ("met" if not below_goal else f"not met in {', '.join(below_goal)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
