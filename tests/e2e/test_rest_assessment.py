"""A self-assessment over REST, in real servers: started in the user's words, answered, interrupted, scored,
stored, and handed to an advisor with its result."""
import json
import sqlite3

import pytest

from knowledge.assessments import load_assessments

pytestmark = pytest.mark.e2e
ASSESSMENTS, _ = load_assessments()


def texts(replies):
    return "\n".join(reply.get("text", "") for reply in replies)


def result_of(replies):
    return next((reply["custom"]["assessment_result"] for reply in replies
                 if "assessment_result" in (reply.get("custom") or {})), None)


def stored(assistant, sender):
    with sqlite3.connect(assistant.workdir / "handoffs.sqlite3") as db:
        return db.execute("SELECT id, assessment, language, answers FROM assessment_results WHERE sender_id = ?",
                          (sender,)).fetchall()


def test_an_export_check_in_thai_with_a_question_in_the_middle(assistant):
    check, sender = ASSESSMENTS["export_readiness"], "rest-assess-th"
    replies = assistant.say(sender, "อยากประเมินความพร้อมส่งออกของร้านค่ะ")
    assert check.intro["th"] in texts(replies)
    assert f"1/{len(check.questions)}. {check.questions[0].text['th']}" in texts(replies)
    buttons = [b["title"] for reply in replies for b in reply.get("buttons", [])]
    assert buttons == [o.text["th"] for o in check.questions[0].options]
    for number, question in enumerate(check.questions, 1):
        if number == 4:  # a question in the middle is answered, then the same question comes back
            replies = assistant.say(sender, "ขอใบรับรองถิ่นกำเนิดสินค้าได้ที่ไหนคะ")
            assert "/guides/" in texts(replies) and question.text["th"] in texts(replies)
        replies = assistant.say(sender, str(1 + number % len(question.options)))  # the option's number
    result = result_of(replies)
    assert result and result["assessment"] == "export_readiness" and len(result["dimensions"]) == 6
    summary = texts(replies)
    assert check.title["th"] in summary and summary.count("/guides/") >= 3
    assert all(w["guide"]["url"] in summary for w in result["weakest"])
    assert [(a, lang) for _, a, lang, _ in stored(assistant, sender)] == [("export_readiness", "th")]
    assert assistant.slots(sender)["assessment_result_id"] == f"A{stored(assistant, sender)[0][0]:06d}"


def test_a_loan_check_in_spanish_stopped_resumed_and_handed_to_an_advisor(assistant):
    check, sender = ASSESSMENTS["finance_readiness"], "rest-assess-es"
    replies = assistant.say(sender, "quiero hacer el chequeo para pedir un préstamo")
    assert check.intro["es"] in texts(replies)
    assistant.say(sender, check.questions[0].options[-1].text["es"])  # the button's text
    replies = assistant.say(sender, "quiero parar")
    assert f"«{check.title['es']}»" in texts(replies)  # utter_assessment_stopped
    assert not (assistant.tracker(sender).get("active_loop") or {}).get("name")
    replies = assistant.say(sender, "quiero continuar el chequeo del crédito")
    assert f"2/{len(check.questions)}" in texts(replies)  # the first answer was kept
    for question in check.questions[1:]:
        replies = assistant.say(sender, question.options[0].text["es"])
    result = result_of(replies)
    assert result and result["level"] == check.levels[0].name["es"] and len(result["weakest"]) == 3
    assert any(b["payload"] == "/human_handoff" for r in replies for b in r.get("buttons", []))
    [(result_id, _, _, answers)] = stored(assistant, sender)
    assert json.loads(answers)[check.questions[0].id] == len(check.questions[0].options)  # its number, kept
    assistant.say(sender, "/human_handoff")
    assistant.say(sender, "duena@example.com")
    with sqlite3.connect(assistant.workdir / "handoffs.sqlite3") as db:
        carried = db.execute("SELECT assessment_result_id FROM handoff_requests WHERE sender_id = ?",
                             (sender,)).fetchall()
    assert carried == [(result_id,)]
