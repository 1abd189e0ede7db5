"""The retrieval dev and held-out sets stay answerable and separate; the evaluation reads them."""
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from eval.retrieval import answer_labels
from knowledge.config import FIRST_WAVE_LANGUAGES, SOURCES_DIR
from knowledge.ingest.statement import parse_statement
from knowledge.library import load_library
from tests.conftest import ROOT, STATEMENT

SETS = {name: ROOT / "eval" / f"retrieval_{name}.yml" for name in ("dev", "test")}


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
def test_every_first_wave_language_has_answerable_and_unanswerable_questions(name):
    data = load(name)
    answerable = Counter(item["lang"] for item in data["questions"])
    unanswerable = Counter(item["lang"] for item in data["unanswerable"])
    for language in FIRST_WAVE_LANGUAGES:
        assert answerable[language] >= 8 and unanswerable[language] >= 2, language


def test_the_held_out_set_shares_no_question_with_the_dev_set():
    def questions(name):
        data = load(name)
        return {item["q"].strip().lower() for item in data["questions"] + data["unanswerable"]}

    assert not questions("dev") & questions("test")


def run_evaluation(*args):
    return subprocess.run([sys.executable, str(ROOT / "eval" / "retrieval.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("option", ["--dev-set", "--test-set"])
def test_the_evaluation_refuses_a_question_set_that_is_not_there(option, tmp_path):
    run = run_evaluation(option, str(tmp_path / "missing.yml"))
    assert run.returncode == 2 and f"no question set at {tmp_path / 'missing.yml'}" in run.stderr


def test_an_empty_test_set_option_evaluates_the_dev_set_alone():
    run = run_evaluation("--test-set", "", "--languages", "ms")
    assert run.returncode == 0, run.stderr
    assert "dev questions" in run.stdout and "Held-out" not in run.stdout
