import asyncio
import json
from types import SimpleNamespace

import pytest

from channels.inbound import (
    MAX_MESSAGE_CHARS,
    BadRequest,
    json_object,
    refusal,
    refusal_for_sender,
    text_problem,
    verified_json,
)
from channels.rest import checked_request
from tests.channels.fake_agent import FakeTrackerStore, request_with


@pytest.mark.parametrize("body, reason", [
    (b"\xff\xfe{}", "not valid UTF-8"), (b'{"sender": "a", "message": "caf\xe9"}', "not valid UTF-8"),
    (b"{not json", "not valid JSON"), (b"", "not valid JSON"), (b"[1, 2]", "must be a JSON object"),
    (b"null", "must be a JSON object"),
])
def test_bodies_that_are_not_a_utf8_json_object_are_400(body, reason):
    with pytest.raises(BadRequest) as error:
        json_object(body)
    assert error.value.status == 400 and reason in error.value.reason


def test_text_problems():
    assert text_problem("") == "empty" and text_problem(" \n") == "empty" and text_problem(None) == "empty"
    assert text_problem("x" * MAX_MESSAGE_CHARS) is None
    assert text_problem("x" * (MAX_MESSAGE_CHARS + 1)) == "too_long"
    assert text_problem(json.loads('"\\ud800"')) == "not_unicode"


def test_messaging_app_users_are_told_why_in_their_language():
    assert "text" in refusal(None, None)
    assert "texto" in refusal("", "es-MX")
    assert str(MAX_MESSAGE_CHARS) in refusal("x" * 100_000, "id") and "terlalu panjang" in refusal("x" * 100_000, "id")
    assert refusal("Hello", "en") is None


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_rest_request_passes():
    assert checked_request(body(sender="s1", message="Hola", metadata={"locale": "es"}))["message"] == "Hola"
    assert checked_request(body(sender=42, message="Hi"))["sender"] == 42


@pytest.mark.parametrize("fields, status, reason", [
    ({"message": "hi"}, 400, "sender is required"), ({"sender": " ", "message": "hi"}, 400, "sender is required"),
    ({"sender": True, "message": "hi"}, 400, "sender is required"),
    ({"sender": "s" * 300, "message": "hi"}, 400, "sender is too long"),
    ({"sender": "s"}, 400, "message is required"), ({"sender": "s", "message": 5}, 400, "message is required"),
    ({"sender": "s", "message": "  "}, 400, "message is empty"),
    ({"sender": "s", "message": "x" * 100_000}, 413, "message is too long: 100000 characters"),
    ({"sender": "s", "message": "\ud800"}, 400, "not valid Unicode"),
    ({"sender": "s", "message": "hi", "metadata": "es"}, 400, "metadata must be a JSON object"),
])
def test_bad_rest_requests_are_refused_with_a_reason(fields, status, reason):
    with pytest.raises(BadRequest) as error:
        checked_request(body(**fields))
    assert error.value.status == status and reason in error.value.reason


def test_a_webhook_call_is_refused_before_its_body_is_read_unless_it_is_authentic():
    with pytest.raises(BadRequest) as refused:
        verified_json(b"not even json", False, "X-Hub-Signature-256")
    assert (refused.value.status, refused.value.reason) == (403, "bad or missing X-Hub-Signature-256")
    with pytest.raises(BadRequest) as malformed:
        verified_json(b"not even json", True, "X-Hub-Signature-256")
    assert malformed.value.status == 400
    assert verified_json(b'{"ok": true}', True, "X-Hub-Signature-256") == {"ok": True}


def refusal_in_conversation(tracker_store, text, guess="ms"):
    return asyncio.run(refusal_for_sender(request_with(tracker_store), "u1", text, guess))


def test_a_refusal_is_in_the_conversations_language_else_the_guess_else_english():
    assert refusal_in_conversation(FakeTrackerStore({"u1": "zh"}), None) == refusal(None, "zh")
    assert refusal_in_conversation(FakeTrackerStore(), None) == refusal(None, "ms")
    assert refusal_in_conversation(FakeTrackerStore(down=True), "x" * 9000) == refusal("x" * 9000, "ms")
    assert refusal_in_conversation(FakeTrackerStore(), "", guess=None) == refusal("", "en")
    assert refusal_in_conversation(FakeTrackerStore({"u1": "zh"}), "How do I export?") is None
    no_agent = SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace()))
    assert asyncio.run(refusal_for_sender(no_agent, "u1", None, "th")) == refusal(None, "th")
