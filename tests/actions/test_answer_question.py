"""action_answer_question on saved trackers, against the real knowledge index (make index)."""
import pytest

from actions import answer_question
from actions.answer_question import ActionAnswerQuestion
from knowledge.errors import IndexMissingError
from knowledge.search import Searcher
from knowledge.service import KnowledgeService, KnowledgeUnavailable
from tests.actions.conftest import load_tracker

ACTION = ActionAnswerQuestion()


def only_message(messages):
    assert len(messages) == 1, messages
    return messages[0]


def only_answer(messages):
    """The answer, and after it nothing but the one 👍/👎 prompt."""
    assert [m["response"] for m in messages[1:]] == ["utter_ask_feedback"], messages
    return messages[0]


def slot(name, value):
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def with_evidence(tracker, hits):
    """The tracker as the knowledge router leaves it: its search result in the parse data."""
    searcher = answer_question.service.searcher()
    tracker.latest_message["knowledge"] = {"index": searcher.index_id, "language": tracker.get_slot("language"),
                                           "answered": True, "score": hits[0]["score"], "hits": hits}
    return tracker


def test_a_spanish_question_is_answered_from_the_spanish_article_with_a_citation_of_its_guide_page(run):
    events, messages = run(ACTION, load_tracker("finance_question_es", economy_asked=True))
    message = only_answer(messages)
    loan_offices = ["development_bank", "credit_guarantee", "credit_bureau"]  # ARTICLE_ROLES of the loan guide
    assert events == [slot("last_roles", loan_offices)] and message["response"] == "utter_answer"
    citation = message["custom"]["citations"][0]
    assert message["custom"]["language"] == "es" and citation["source_id"] == "finance-loan-application"
    assert citation["url"] == message["guide_url"] and "/guides/finance-loan-application/es#" in citation["url"]
    assert message["source"].startswith("Cómo preparar una solicitud de préstamo")


def chunk_number(source_id, language, anchor=None, has_list=False):
    chunks = answer_question.service.searcher().index.chunks
    return next(n for n, c in enumerate(chunks) if c.source_id == source_id and c.language == language
                and anchor in (None, c.anchor) and (not has_list or "\n- " in c.text))


def test_the_answer_keeps_the_sections_list_one_item_per_line(run):
    tracker = with_evidence(load_tracker("finance_question_es", economy_asked=True),
                            [{"chunk": chunk_number("finance-loan-application", "es", has_list=True), "score": 0.9}])
    message = only_answer(run(ACTION, tracker)[1])
    assert sum(line.startswith("• ") for line in message["answer"].splitlines()) >= 3


def test_a_statement_paragraph_is_quoted_in_english_and_the_thai_reader_is_told(run):
    tracker = load_tracker("statement_question_th")
    with_evidence(tracker, [{"chunk": chunk_number("apec-smemm-2020", "en", "p11"), "score": 0.9}])
    message = only_answer(run(ACTION, tracker)[1])
    assert message["response"] == "utter_answer_statement" and message["answer"].startswith("“")
    assert message["custom"]["citations"][0]["url"].endswith("/guides/apec-smemm-2020/en#p11")


def test_a_thai_question_on_the_ministers_plan_cites_the_paragraph_or_the_article_on_it(run):
    message = only_answer(run(ACTION, load_tracker("statement_question_th"))[1])
    citation = message["custom"]["citations"][0]
    assert (citation["source_id"], citation["anchor"]) == ("apec-smemm-2020", "p11") or \
        citation["source_id"] == "apec-sme-strategic-plan-2021-2024"


def test_the_routers_hits_are_answered_without_searching_again(run, monkeypatch):
    tracker = with_evidence(load_tracker("finance_question_es", economy_asked=True),
                            [{"chunk": chunk_number("finance-cash-flow", "es"), "score": 0.9, "lexical": 3.0}])
    monkeypatch.setattr(answer_question.service, "search", lambda *a, **k: pytest.fail("searched again"))
    message = only_answer(run(ACTION, tracker)[1])
    assert message["custom"]["citations"][0]["source_id"] == "finance-cash-flow"


def test_evidence_from_another_build_of_the_index_is_searched_again(run):
    tracker = with_evidence(load_tracker("finance_question_es", economy_asked=True), [{"chunk": 0, "score": 0.9}])
    tracker.latest_message["knowledge"]["index"] = "an older build"
    message = only_answer(run(ACTION, tracker)[1])
    assert message["custom"]["citations"][0]["source_id"] == "finance-loan-application"


def test_a_topic_button_suggests_questions_instead_of_searching(run):
    assert only_message(run(ACTION, load_tracker("topic_button_vi"))[1])["response"] == "utter_topic_export"


def test_out_of_scope_without_a_good_answer_says_it_is_out_of_scope(run):
    assert only_message(run(ACTION, load_tracker("out_of_scope_en"))[1])["response"] == "utter_out_of_scope"


def test_gibberish_gets_the_honest_no_answer_with_topics_and_advisor(run):
    assert only_message(run(ACTION, load_tracker("unclear_message_id"))[1])["response"] == "utter_no_answer"


def test_a_missing_index_gives_a_graceful_reply_and_a_clear_log_line(run, monkeypatch, tmp_path, caplog):
    def missing():
        raise IndexMissingError(tmp_path / "index")

    monkeypatch.setattr(answer_question, "service", KnowledgeService(loader=missing))
    assert only_message(run(ACTION, load_tracker("finance_question_es"))[1])["response"] == \
        "utter_knowledge_unavailable"
    assert any("Knowledge index not loaded" in r.message and "make index" in r.message for r in caplog.records)


def test_an_index_built_while_the_server_runs_is_picked_up_at_the_next_retry(monkeypatch):
    attempts, now = [], [0.0]

    def flaky():
        attempts.append(now[0])
        if len(attempts) == 1:
            raise IndexMissingError("index")
        return Searcher.load()

    service = KnowledgeService(loader=flaky, clock=lambda: now[0])
    assert service.load() is False
    with pytest.raises(KnowledgeUnavailable):
        service.search("loan", "en")  # too soon to retry: no second attempt yet
    assert attempts == [0.0]
    now[0] = 31.0
    assert service.search("How do I get a loan?", "en").hits
    assert attempts == [0.0, 31.0]


def test_with_the_economy_known_the_answer_is_followed_by_its_own_institutions(run):
    events, messages = run(ACTION, load_tracker("finance_question_es", economy="MX"))
    answer, where, prompt = messages
    assert prompt["response"] == "utter_ask_feedback"
    assert events == [slot("last_roles", ["development_bank", "credit_guarantee", "credit_bureau"])]
    assert answer["response"] == "utter_answer" and where["response"] == "utter_where_to_go"
    assert where["economy"] == "México"
    listed = answer["custom"]["institutions"]
    assert listed and all(item["economy"] == "MX" and item["url"] in where["institutions"] for item in listed)
    assert {item["role"] for item in listed} <= {"development_bank", "credit_guarantee", "credit_bureau"}
    assert any("nafin" in item["url"].lower() for item in listed)  # Mexico's development bank


def test_an_economy_the_user_names_is_kept_and_used(run):
    tracker = load_tracker("finance_question_es")
    tracker.latest_message["text"] = "Estoy en Lima. ¿Dónde consulto mi historial crediticio antes de un préstamo?"
    events, messages = run(ACTION, tracker)
    assert slot("economy", "PE") in events
    assert messages[-2]["response"] == "utter_where_to_go" and messages[-2]["economy"] == "Perú"


def test_a_web_locale_with_a_region_is_a_hint_while_the_economy_is_unknown(run):
    tracker = load_tracker("finance_question_es")
    tracker.events[-1]["metadata"] = {"locale": "es-CL"}
    events, messages = run(ACTION, tracker)
    assert slot("economy", "CL") in events
    assert messages[-2]["economy"] == "Chile"
    tracker = load_tracker("finance_question_es", economy="PE")  # a known economy is not overridden by a hint
    tracker.events[-1]["metadata"] = {"locale": "es-CL"}
    events, messages = run(ACTION, tracker)
    assert slot("economy", "CL") not in events and messages[-2]["economy"] == "Perú"


def test_with_the_economy_unknown_an_answer_that_sends_to_an_office_asks_once_where_the_user_is(run):
    events, messages = run(ACTION, load_tracker("finance_question_es"))
    # the economy question is the one prompt here: no 👍/👎 after it
    assert [m["response"] for m in messages] == ["utter_answer", "utter_ask_economy"]
    assert slot("economy_asked", True) in events and any(e["name"] == "last_roles" for e in events)
    events, messages = run(ACTION, load_tracker("finance_question_es", economy_asked=True))
    assert [m["response"] for m in messages] == ["utter_answer", "utter_ask_feedback"]
    assert slot("economy_asked", True) not in events


def test_a_question_that_names_a_kind_of_office_gets_it_even_without_a_guide(run):
    tracker = load_tracker("finance_question_es", economy="PE", economy_asked=True)
    tracker.latest_message["text"] = "donde saco mi RUC?"
    events, messages = run(ACTION, tracker)
    where = messages[-1]  # no answer from a guide: nothing to rate
    assert where["response"] == "utter_where_to_go" and where["economy"] == "Perú"
    assert where["custom"]["institutions"][0]["role"] == "tax_authority"
    assert "utter_no_answer" not in [m["response"] for m in messages]
    assert slot("last_roles", ["tax_authority"]) in events
