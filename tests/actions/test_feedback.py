"""👍/👎 after an answer: stored with the question and the answer's citations; a 👎 asks what was missing."""
import asyncio
import json

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ActionFeedback, ask_for_feedback, keep_followup, rated_answer
from actions.handoff_store import HandoffStore
from tests.actions.conftest import load_tracker


def with_message(tracker: Tracker, text: str, intent: str, entities=()) -> Tracker:
    """The same conversation, one user message later."""
    data = tracker.current_state()
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}
    data["events"] = data["events"] + [
        {"event": "action", "name": "action_feedback", "timestamp": 1764300005.1},
        {"event": "user", "timestamp": 1764300009.0, "text": text, "parse_data": parse, "input_channel": "telegram"}]
    data["latest_message"] = parse
    return Tracker.from_dict(data)


def test_a_thumbs_down_is_stored_with_the_question_and_citations(run, handoff_db):
    events, messages = run(ActionFeedback(), load_tracker("thumbs_down_en"))
    assert events == []
    assert [m["response"] for m in messages] == ["utter_feedback_sorry"]
    (row,) = HandoffStore.for_url().feedback()
    assert (row["sender_id"], row["channel"], row["language"], row["helpful"]) == \
        ("rated-answer-en", "telegram", "en", False)
    assert row["question"] == "what papers does the bank want for a loan"
    assert row["citations"][0]["source_id"] == "finance-loan-application"
    assert row["answer_at"] == 1764300001.3


def test_a_thumbs_up_is_thanked(run, handoff_db):
    tracker = load_tracker("thumbs_down_en")
    data = tracker.current_state()
    data["events"][-1]["parse_data"]["entities"][0]["value"] = "yes"
    data["latest_message"] = data["events"][-1]["parse_data"]
    events, messages = run(ActionFeedback(), Tracker.from_dict(data))
    assert [m["response"] for m in messages] == ["utter_feedback_thanks"]
    assert HandoffStore.for_url().feedback()[0]["helpful"] is True


def test_a_rating_with_no_answer_before_it_stores_nothing(run, handoff_db):
    tracker = load_tracker("thumbs_down_en")
    data = tracker.current_state()
    data["events"] = [e for e in data["events"] if e["event"] != "bot"]
    events, messages = run(ActionFeedback(), Tracker.from_dict(data))
    assert [m["response"] for m in messages] == ["utter_help"]
    assert HandoffStore.for_url().feedback() == []


def test_the_message_after_a_thumbs_down_becomes_its_comment(run, handoff_db):
    tracker = load_tracker("thumbs_down_en")
    run(ActionFeedback(), tracker)
    later = with_message(tracker, "a list of documents for BPI in the Philippines", "finance_access")
    dispatcher = CollectingDispatcher()
    asyncio.run(keep_followup(dispatcher, later, later.latest_message["text"]))
    assert [m["response"] for m in dispatcher.messages] == ["utter_feedback_noted"]
    assert HandoffStore.for_url().feedback()[0]["comment"] == "a list of documents for BPI in the Philippines"
    # a second message is a question like any other, not another comment
    even_later = with_message(later, "and for a grant?", "finance_access")
    dispatcher = CollectingDispatcher()
    asyncio.run(keep_followup(dispatcher, even_later, "and for a grant?"))
    assert dispatcher.messages == []


def test_a_comment_that_names_a_place_is_kept_too(run, handoff_db):
    """A comment can read as "where I am" (inform_economy): the economy action keeps it as well."""
    from actions.economy import ActionSetEconomy

    tracker = load_tracker("thumbs_down_en")
    run(ActionFeedback(), tracker)
    later = with_message(tracker, "the exact list for Banco de la Nación in Peru", "inform_economy")
    events, messages = run(ActionSetEconomy(), later)
    assert [m["response"] for m in messages][0] == "utter_feedback_noted"
    assert HandoffStore.for_url().feedback()[0]["comment"] == "the exact list for Banco de la Nación in Peru"
    assert {"event": "slot", "name": "economy", "value": "PE", "timestamp": None} in events


def test_the_prompt_follows_answers_but_not_inside_a_form():
    tracker = load_tracker("thumbs_down_en")
    dispatcher = CollectingDispatcher()
    ask_for_feedback(dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_feedback"]
    data = tracker.current_state()
    data["active_loop"] = {"name": "assessment_form"}
    dispatcher = CollectingDispatcher()
    ask_for_feedback(dispatcher, Tracker.from_dict(data))
    assert dispatcher.messages == []


def test_the_rated_answer_is_the_latest_one_with_citations():
    answer = rated_answer(load_tracker("thumbs_down_en"))
    assert answer["at"] == 1764300001.3 and answer["question"].startswith("what papers")
    assert json.dumps(answer["citations"])
