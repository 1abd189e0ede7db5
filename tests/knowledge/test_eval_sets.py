"""The retrieval question sets stay answerable, separate and big enough; the evaluation reads them."""
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from eval.retrieval import SETS, answer_labels
from knowledge.config import FIRST_WAVE_LANGUAGES, SOURCES_DIR
from knowledge.ingest.statement import parse_statement
from knowledge.library import load_library
from tests.conftest import ROOT, STATEMENT

# (answerable, unanswerable) questions each language needs in each set at least.
MINIMUM = {"dev": (5, 2), "test": (5, 2), "blind-dev": (25, 15), "blind-test": (25, 15), "next-dev": (25, 15),
           "next-test": (25, 15)}
# The next-wave sets (issue 21) hold their own languages.
NEXT_WAVE = ("ja", "ko", "ru", "fil", "zh-Hant")
LANGUAGES_OF = {"next-dev": NEXT_WAVE, "next-test": NEXT_WAVE}


def load(name):
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def known_labels():
    statement = parse_statement(STATEMENT, str(STATEMENT.relative_to(SOURCES_DIR)))
    anchors = {f"{statement.source_id}#{section.anchor}" for section in statement.sections}
    return anchors | set(load_library())


@pytest.mark.parametrize("name", SETS)
def test_every_label_names_a_statement_paragraph_or_an_article_that_exists(name, known_labels):
    unknown = {label for item in load(name)["questions"] for label in answer_labels(item)} - known_labels
    assert not unknown, f"{SETS[name].name} labels with no such paragraph or article: {sorted(unknown)}"


@pytest.mark.parametrize("name", SETS)
def test_every_language_of_a_set_has_enough_answerable_and_unanswerable_questions(name):
    data = load(name)
    answerable = Counter(item["lang"] for item in data["questions"])
    unanswerable = Counter(item["lang"] for item in data["unanswerable"])
    least_answerable, least_unanswerable = MINIMUM[name]
    for language in LANGUAGES_OF.get(name, FIRST_WAVE_LANGUAGES):
        assert answerable[language] >= least_answerable and unanswerable[language] >= least_unanswerable, language


def test_no_question_is_in_two_sets():
    seen = {}
    for name in SETS:
        data = load(name)
        for item in data["questions"] + data["unanswerable"]:
            key = item["q"].strip().lower()
            assert key not in seen, f"{item['q']!r} is in {seen.get(key)} and {name}"
            seen[key] = name


def run_evaluation(*args):
    return subprocess.run([sys.executable, str(ROOT / "eval" / "retrieval.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_the_evaluation_refuses_a_set_it_does_not_know():
    run = run_evaluation("--sets", "nonsense")
    assert run.returncode == 2 and "invalid choice: 'nonsense'" in run.stderr


def test_the_evaluation_reports_each_retriever_and_the_answers_of_one_set():
    run = run_evaluation("--sets", "dev", "--languages", "ms")
    assert run.returncode == 0, run.stderr
    assert "eval/retrieval_dev.yml" in run.stdout and "blind" not in run.stdout
    assert all(f"{mode} r@1" in run.stdout for mode in ("hybrid", "dense", "lexical"))
    assert "cites the right guidance" in run.stdout
