"""action_answer_question on saved trackers, against the real knowledge index (make index)."""
import pytest

from actions import answer_question
from actions.answer_question import ActionAnswerQuestion
from actions.knowledge_service import KnowledgeService
from knowledge.errors import IndexMissingError
from knowledge.search import Searcher
from tests.actions.conftest import load_tracker

ACTION = ActionAnswerQuestion()


def only_message(messages):
    assert len(messages) == 1, messages
    return messages[0]


def test_a_spanish_question_is_answered_from_the_spanish_article_with_citations(run):
    events, messages = run(ACTION, load_tracker("finance_question_es"))
    message = only_message(messages)
    assert events == []
    assert message["response"] == "utter_answer"
    payload = message["custom"]
    assert payload["language"] == "es"
    assert payload["citations"][0]["source_id"] == "finance-loan-application"
    assert set(payload["citations"][0]) == {"source_id", "anchor", "title", "url"}
    assert message["answer"].startswith("Cómo preparar") or "préstamo" in message["answer"].lower()
    assert "https://" in message["sources"]


def test_a_statement_question_in_thai_quotes_the_english_paragraph(run):
    _, messages = run(ACTION, load_tracker("statement_question_th"))
    message = only_message(messages)
    cited = [(c["source_id"], c["anchor"]) for c in message["custom"]["citations"]]
    assert ("apec-smemm-2020", "p11") in cited or "apec-sme-strategic-plan-2021-2024" in dict(cited)
    assert message["custom"]["language"] == "th"
    if message["custom"]["citations"][0]["source_id"] == "apec-smemm-2020":
        assert message["response"] == "utter_answer_from_english"  # the reader is told it is English


def test_a_topic_button_suggests_questions_instead_of_searching(run):
    _, messages = run(ACTION, load_tracker("topic_button_vi"))
    assert only_message(messages)["response"] == "utter_topic_export"


def test_out_of_scope_without_a_good_answer_says_so(run):
    _, messages = run(ACTION, load_tracker("out_of_scope_en"))
    assert only_message(messages)["response"] == "utter_out_of_scope"


def test_gibberish_gets_the_honest_no_answer_with_topics_and_advisor(run):
    _, messages = run(ACTION, load_tracker("unclear_message_id"))
    assert only_message(messages)["response"] == "utter_no_answer"


def test_a_missing_index_gives_a_graceful_reply_and_a_clear_log_line(run, monkeypatch, tmp_path, caplog):
    def missing():
        raise IndexMissingError(tmp_path / "index")

    monkeypatch.setattr(answer_question, "service", KnowledgeService(loader=missing))
    _, messages = run(ACTION, load_tracker("finance_question_es"))
    assert only_message(messages)["response"] == "utter_knowledge_unavailable"
    assert any("Knowledge index not loaded" in r.message and "make index" in r.message for r in caplog.records)


def test_the_index_is_picked_up_once_it_exists_without_a_restart(monkeypatch):
    attempts = []
    now = [0.0]

    def flaky():
        attempts.append(now[0])
        if len(attempts) == 1:
            raise IndexMissingError("index")
        return Searcher.load()

    service = KnowledgeService(loader=flaky, clock=lambda: now[0])
    assert service.load() is False
    with pytest.raises(Exception):
        service.search("loan", "en")  # too soon to retry
    now[0] = 31.0
    assert service.search("How do I get a loan?", "en").hits
    assert attempts == [0.0, 31.0]
