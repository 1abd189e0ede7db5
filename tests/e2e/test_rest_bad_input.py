"""Bad requests to the REST channel get a 4xx with a reason; the server and other conversations carry on."""
import json

import pytest

from tests.e2e.servers import http

pytestmark = pytest.mark.e2e


def post(assistant, body: bytes):
    status, answer = http("POST", f"{assistant.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    return status, json.loads(answer) if answer.startswith((b"{", b"[")) else answer


@pytest.mark.parametrize("body, status, reason", [
    (b"{not json", 400, "not valid JSON"),
    (b'{"sender": "rest-bad", "message": "caf\xe9"}', 400, "not valid UTF-8"),
    (b'["rest-bad", "hello"]', 400, "must be a JSON object"),
    (b'{"message": "hello"}', 400, "sender is required"),
    (b'{"sender": "rest-bad", "message": "   "}', 400, "message is empty"),
    (b'{"sender": "rest-bad", "message": null}', 400, "message is required"),
    (json.dumps({"sender": "rest-bad", "message": "x" * 100_000}).encode(), 413, "message is too long"),
])
def test_a_bad_request_gets_a_clear_4xx(assistant, body, status, reason):
    answer_status, answer = post(assistant, body)
    assert answer_status == status and reason in answer["error"], answer


def test_bad_requests_leave_the_server_and_other_conversations_unaffected(assistant):
    assistant.say("rest-bad-a", "¿Cómo puedo conseguir un crédito para mi pequeña empresa?")
    huge = json.dumps({"sender": "rest-bad-a", "message": "x" * 100_000}).encode()
    for body in (b"{not json", b"\xff\xfe\x00", huge):
        assert post(assistant, body)[0] in (400, 413)
    assert assistant.slots("rest-bad-a")["language"] == "es"
    assert assistant.say("rest-bad-a", "ok") is not None and assistant.slots("rest-bad-a")["language"] == "es"
    replies = assistant.say("rest-bad-never-seen-before", "hello")  # an unknown sender is simply a new conversation
    assert replies and replies[0]["text"].startswith("Hello!")
