"""The self-assessment form's actions, run as the action server runs them, on trackers of a conversation."""
import asyncio
import sqlite3

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment_form import (
    ASSESSMENTS,
    ActionAskAssessmentReply,
    ActionStopAssessment,
    ValidateAssessmentForm,
)
from actions.assessment_result import ActionAssessmentResult
from actions.handoff import ActionRecordHandoff
from actions.handoff_store import HandoffStore
from tests.conftest import ROOT

FINANCE = ASSESSMENTS["finance_readiness"]
# What Rasa's from_text mapping leaves to the rules instead of extracting (domain.yml)
NOT_A_REPLY = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
                  ["slots"]["assessment_reply"]["mappings"][0]["not_intent"])
EXPORT = ASSESSMENTS["export_readiness"]


def tracker(text, intent, language="en", requested=None, assessment=None, answers=None, **slots):
    """A conversation whose latest message is ``text``, inside the assessment form when ``requested``; as
    Rasa does before calling the validation action, the reply slot holds the text unless its intent is one
    the slot's mapping leaves to the rules."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    extracted = requested == "assessment_reply" and intent not in NOT_A_REPLY
    events = [{"event": "user", "text": text, "parse_data": message, "input_channel": "rest"}]
    if extracted:
        events.append({"event": "slot", "name": "assessment_reply", "value": text})
        slots["assessment_reply"] = text
    return Tracker.from_dict({
        "sender_id": "owner-1", "paused": False, "followup_action": None, "latest_action_name": "action_listen",
        "slots": {"language": language, "requested_slot": requested, "assessment": assessment,
                  "assessment_answers": answers, "assessment_reply": None, **slots},
        "latest_message": message,
        "events": events,
        "active_loop": {"name": "assessment_form"} if requested else {},
    })


def run(coroutine_function, *args):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(coroutine_function(dispatcher, *args))
    return result, dispatcher.messages


def validate(message_tracker):
    """The validation action's slot events for one message, by name."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateAssessmentForm().run(dispatcher, message_tracker, {"forms": {
        "assessment_form": {"required_slots": ["assessment", "assessment_reply"]}}}))
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}, dispatcher.messages


def answered(assessment, count, option=0):
    return {assessment.id: {question.id: option for question in assessment.questions[:count]}}


def test_the_request_names_the_check_in_its_own_words():
    slots, _ = validate(tracker("¿estoy listo para pedir un préstamo?", "self_assessment", "es"))
    assert slots["assessment"] == "finance_readiness"


def test_a_request_that_names_no_check_is_asked_which():
    slots, _ = validate(tracker("/self_assessment", "self_assessment"))
    assert slots.get("assessment") is None


def test_a_reply_to_a_question_never_switches_the_check():
    # "we export" answers a finance question here; it is not a request for the export check
    slots, _ = validate(tracker("we export already", "export_readiness", requested="assessment_reply",
                                assessment="finance_readiness", answers=answered(FINANCE, 2)))
    assert "assessment" not in slots or slots["assessment"] == "finance_readiness"


def test_a_thai_reply_is_stored_and_the_next_question_is_asked():
    first = FINANCE.questions[0]
    reply = first.options[-1].text["th"]
    slots, messages = validate(tracker(reply, "affirm", "th", requested="assessment_reply",
                                       assessment="finance_readiness"))
    assert slots["assessment_answers"] == {"finance_readiness": {first.id: len(first.options) - 1}}
    assert slots["assessment_reply"] is None  # emptied: the form asks the next question
    assert messages == []


def test_an_option_number_counts_whatever_its_intent():
    slots, _ = validate(tracker("2", "nlu_fallback", requested="assessment_reply", assessment="export_readiness",
                                answers=answered(EXPORT, 3)))
    assert slots["assessment_answers"]["export_readiness"][EXPORT.questions[3].id] == 1


def test_a_reply_that_means_no_option_gets_the_question_again():
    slots, messages = validate(tracker("what do you mean?", "nlu_fallback", requested="assessment_reply",
                                       assessment="export_readiness", answers=answered(EXPORT, 1)))
    assert slots["assessment_reply"] is None and "assessment_answers" not in slots
    assert [m["response"] for m in messages] == ["utter_assessment_invalid"]


def test_the_last_reply_fills_the_slot_so_the_form_ends():
    last = FINANCE.questions[-1]
    slots, _ = validate(tracker(last.options[0].text["en"], "deny", requested="assessment_reply",
                                assessment="finance_readiness", answers=answered(FINANCE, len(FINANCE.questions) - 1)))
    assert slots["assessment_reply"] == last.options[0].text["en"]
    assert len(slots["assessment_answers"]["finance_readiness"]) == len(FINANCE.questions)


def ask(message_tracker):
    return run(lambda dispatcher, t: ActionAskAssessmentReply().run(dispatcher, t, {}), message_tracker)


def test_the_first_question_comes_after_the_introduction_with_its_options_as_buttons():
    _, messages = ask(tracker("am I ready to export?", "self_assessment", assessment="export_readiness"))
    question = EXPORT.questions[0]
    assert messages[0]["text"] == EXPORT.intro["en"]
    assert messages[1]["text"] == f"1/{len(EXPORT.questions)}. {question.text['en']}"
    assert [b["title"] for b in messages[1]["buttons"]] == [o.text["en"] for o in question.options]
    assert messages[1]["custom"] == {"language": "en"}  # so the web chat marks the message's language


def test_a_check_asked_for_again_goes_on_where_it_stopped():
    _, messages = ask(tracker("continuar el diagnóstico", "self_assessment", "es", assessment="export_readiness",
                              answers=answered(EXPORT, 5)))
    assert messages[0]["response"] == "utter_assessment_resumed"
    assert messages[0]["answered"] == 5 and messages[0]["total"] == len(EXPORT.questions)
    assert messages[1]["text"].startswith(f"6/{len(EXPORT.questions)}. {EXPORT.questions[5].text['es']}")


def test_after_a_question_the_check_says_it_is_back():
    _, messages = ask(tracker("what is a letter of credit?", "export_readiness", requested="assessment_reply",
                              assessment="export_readiness", answers=answered(EXPORT, 2)))
    assert messages[0]["response"] == "utter_assessment_back"
    assert messages[1]["text"].startswith("3/")


def test_stopping_keeps_the_answers_for_later():
    kept = answered(EXPORT, 4)
    events, messages = run(lambda d, t: ActionStopAssessment().run(d, t, {}),
                           tracker("dừng lại", "stop", "vi", requested="assessment_reply",
                                   assessment="export_readiness", answers=kept))
    assert messages[0]["response"] == "utter_assessment_stopped" and messages[0]["title"] == EXPORT.title["vi"]
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert not any(e.get("name") == "assessment_answers" for e in events)


def finished(language="es", option=0, **slots):
    # every answer the worst, except the first three dimensions' questions, answered best
    strong = {d.id for d in FINANCE.dimensions[:3]}
    answers = {q.id: (len(q.options) - 1 if q.dimension in strong else option) for q in FINANCE.questions}
    return tracker(FINANCE.questions[-1].options[0].text[language], "deny", language,
                   assessment="finance_readiness", answers={"finance_readiness": answers,
                                                            "export_readiness": {"plan": 1}}, **slots)


def test_the_result_names_the_weakest_dimensions_with_their_guides_and_is_stored(handoff_db):
    events, messages = run(lambda d, t: ActionAssessmentResult().run(d, t, {}), finished())
    message = messages[0]
    assert message["response"] == "utter_assessment_result" and message["title"] == FINANCE.title["es"]
    weak = [d for d in FINANCE.dimensions[3:]]
    for dimension in weak:
        assert dimension.next_step["es"] in message["next_steps"]
        assert f"/guides/{dimension.article}/es" in message["next_steps"]
    for dimension in FINANCE.dimensions[:3]:
        assert dimension.next_step["es"] not in message["next_steps"]
        assert f"• {dimension.name['es']}: {FINANCE.levels[-1].name['es']} (100%)" in message["dimensions"]
    payload = message["custom"]["assessment_result"]
    assert [d["id"] for d in payload["weakest"]] == [d.id for d in weak]
    assert {d["id"]: d["score"] for d in payload["dimensions"]}[weak[0].id] == 0.0
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["assessment_result_id"] == "A000001"
    assert slots["assessment_answers"] == {"export_readiness": {"plan": 1}}  # this check's answers are done
    assert slots["assessment"] is None and slots["assessment_reply"] is None
    with sqlite3.connect(handoff_db) as db:
        row = db.execute("SELECT sender_id, language, assessment, channel, level FROM assessment_results").fetchone()
    assert row == ("owner-1", "es", "finance_readiness", "rest", payload["level"])
    stored = HandoffStore.for_url().assessments("owner-1")[0]
    assert stored["answers"][FINANCE.questions[0].id] in range(1, 5) and stored["scores"] == {
        d["id"]: d["score"] for d in payload["dimensions"]}


def test_a_handoff_after_the_check_carries_its_result(handoff_db):
    events, _ = run(lambda d, t: ActionAssessmentResult().run(d, t, {}), finished("th"))
    reference = next(e["value"] for e in events if e.get("name") == "assessment_result_id")
    handoff = tracker("+66 81 234 5678", "out_of_scope", "th", contact_method="+66812345678",
                      assessment_result_id=reference)
    run(lambda d, t: ActionRecordHandoff().run(d, t, {}), handoff)
    request = HandoffStore.for_url().all()[0]
    assert request["assessment_result_id"] == 1 and request["assessment"] == "finance_readiness"
    assert request["level"] == HandoffStore.for_url().assessments()[0]["level"]


def test_a_result_that_cannot_be_stored_is_still_given_and_logged(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("HANDOFF_DB", str(tmp_path / "missing" / "dir" / "x.sqlite3"))
    monkeypatch.setattr(HandoffStore, "record_assessment", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    events, messages = run(lambda d, t: ActionAssessmentResult().run(d, t, {}), finished("en"))
    assert messages[0]["response"] == "utter_assessment_result"
    assert not any(e.get("name") == "assessment_result_id" for e in events)
    assert "finance_readiness" in caplog.text and "Could not store" in caplog.text


@pytest.mark.parametrize("language", ["en", "es", "zh", "id", "ms", "vi", "th"])
def test_every_language_gets_its_own_texts(language, handoff_db):
    _, messages = run(lambda d, t: ActionAssessmentResult().run(d, t, {}), finished(language))
    assert messages[0]["title"] == FINANCE.title[language]
    assert FINANCE.dimensions[-1].name[language] in messages[0]["dimensions"]


def test_a_reply_read_as_a_topic_question_still_answers_when_it_names_an_option():
    question = EXPORT.questions[2]
    reply = question.options[0].text["en"]  # the form's mapping skips it (topic intent); the extraction reads it
    slots, _ = validate(tracker(reply, "export_readiness", requested="assessment_reply", assessment="export_readiness",
                                answers=answered(EXPORT, 2)))
    assert slots["assessment_answers"]["export_readiness"][question.id] == 0


def test_a_topic_question_that_names_no_option_is_left_to_the_rules():
    slots, messages = validate(tracker("what is a letter of credit?", "export_readiness",
                                       requested="assessment_reply", assessment="export_readiness",
                                       answers=answered(EXPORT, 2)))
    assert "assessment_reply" not in slots and "assessment_answers" not in slots and messages == []


def test_the_form_and_the_domain_agree_on_what_is_not_a_reply():
    from actions.assessment_form import NOT_A_REPLY as read_by_the_action
    assert read_by_the_action == NOT_A_REPLY


def test_a_topic_question_without_a_question_mark_is_not_read_as_an_option_by_meaning():
    # Found over REST: "where do I get a certificate of origin?" in Thai ends with คะ, not "?", and its
    # meaning lay nearest "yes, the buyer confirmed" of question 4.
    slots, messages = validate(tracker("ขอใบรับรองถิ่นกำเนิดสินค้าได้ที่ไหนคะ", "export_readiness", "th",
                                       requested="assessment_reply", assessment="export_readiness",
                                       answers=answered(EXPORT, 3)))
    assert "assessment_answers" not in slots and messages == []
