"""The retrieval dev and held-out test sets stay answerable and separate as the library changes."""
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
