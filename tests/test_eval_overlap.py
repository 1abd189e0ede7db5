"""Eval questions must not copy what the assistant learnt from or indexes.

A question that shares a run of six words (Chinese, which writes no spaces:
twelve characters) with the NLU training data, the indexed text (articles, the
statement and its translated views) or the readers' questions listed for search
is no test of anything: it finds its answer by copy. Numbers are not words here,
so "2021-2024" does not make a run. Thai writes no spaces either, but twelve
Thai characters are two words ("ธุรกิจขนาดเล็ก", small business, alone is
fourteen), so Thai is cut into words by PyThaiNLP, as for search, and held to
six words like the other languages.
"""
import re
from pathlib import Path
from typing import Iterable, List, Set, Tuple

import pytest
import yaml

from knowledge.language import fold_diacritics
from knowledge.lexical import thai_words

ROOT = Path(__file__).resolve().parents[1]
WORDS, CHARS = 6, 12
_HAN = r"\u3040-\u30FF\u3400-\u9FFF"
_THAI = r"\u0E00-\u0E7F"


def shingles(text: str) -> Set[Tuple[str, ...]]:
    """Runs of WORDS words (Thai words found by the segmenter), and of CHARS Chinese characters."""
    text = text.lower()
    found: Set[Tuple[str, ...]] = set()
    for run in re.findall(rf"[{_HAN}]+", re.sub(rf"[^{_HAN}]+", "", text)):
        found.update((run[i:i + CHARS],) for i in range(len(run) - CHARS + 1))
    runs = re.split(rf"[{_HAN}]+", text)  # a Chinese phrase breaks a run of words
    for run in runs:
        words = [word for piece in re.findall(rf"[{_THAI}]+|[^\W\d_]+", run)
                 for word in (thai_words(piece) if re.match(rf"[{_THAI}]", piece) else [fold_diacritics(piece)])]
        found.update(tuple(words[i:i + WORDS]) for i in range(len(words) - WORDS + 1))
    return found


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def nlu_examples(path: Path) -> List[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [line.strip()[2:].strip() for block in data.get("nlu", []) if "examples" in block
            for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def source_texts() -> Iterable[Tuple[str, str]]:
    """(where, text) for everything the assistant learns from or searches."""
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for example in nlu_examples(path):
            yield str(path.relative_to(ROOT)), example
    sources = ROOT / "knowledge" / "sources"
    for path in sorted(sources.rglob("*")):
        if path.suffix in (".md", ".txt"):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
        elif path.suffix == ".yml":
            for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield str(path.relative_to(ROOT)), text
    for path in sorted((ROOT / "knowledge" / "assessments").glob("*.yml")):  # options and the replies listed
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield str(path.relative_to(ROOT)), text


def eval_questions() -> Iterable[Tuple[str, str]]:
    """(set, question) for every question of every evaluation set."""
    for path in [ROOT / "eval" / "retrieval_dev.yml", ROOT / "eval" / "retrieval_test.yml",
                 *sorted((ROOT / "eval" / "blind").glob("questions_*.yml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("questions", []) + data.get("unanswerable", []):
            yield str(path.relative_to(ROOT)), item["q"]
    for path in sorted((ROOT / "eval" / "blind").glob("intents_*.yml")):
        for messages in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"].values():
            for message in messages:
                yield str(path.relative_to(ROOT)), message["text"]
    for economy_set in sorted((ROOT / "eval" / "blind").glob("economy_*.yml")):
        for items in yaml.safe_load(economy_set.read_text(encoding="utf-8")).values():
            for item in items:
                for text in (item.get("first"), item["question"]):
                    if text:
                        yield str(economy_set.relative_to(ROOT)), text
    for path in sorted((ROOT / "eval" / "blind").glob("assessment_replies_*.yml")):
        for replies in yaml.safe_load(path.read_text(encoding="utf-8"))["replies"].values():
            for reply in replies:
                yield str(path.relative_to(ROOT)), str(reply["text"])
    for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        for example in nlu_examples(path):
            yield str(path.relative_to(ROOT)), example


@pytest.fixture(scope="module")
def copied_runs():
    """Every run of the sources, with the first place it was seen."""
    runs = {}
    for where, text in source_texts():
        for run in shingles(text):
            runs.setdefault(run, where)
    return runs


def test_the_check_sees_a_six_word_copy_and_lets_five_words_pass():
    source = shingles("How do I prepare a loan application for my bakery?")
    assert shingles("tell me how do I prepare a loan application") & source  # six words in a row
    assert not shingles("and how do I prepare a good loan file?") & source  # five, then another word
    assert shingles("我想知道怎么准备银行贷款申请材料比较好") & shingles("请问我想知道怎么准备银行贷款申请材料")


def test_no_eval_question_copies_training_data_indexed_text_or_readers_questions(copied_runs):
    copies = []
    for eval_set, question in eval_questions():
        shared = [run for run in shingles(question) if run in copied_runs]
        if shared:
            copies.append(f"{eval_set}: {question[:90]!r} shares {' '.join(shared[0])!r} "
                          f"with {copied_runs[shared[0]]}")
    assert not copies, "\n".join(copies)
