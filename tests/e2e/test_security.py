"""The embedded profile's doors: Rasa's API, the action server, request sizes and rate limits."""
import json

import pytest

from tests.e2e.servers import ACTION_SERVER_TOKEN, RASA_API_TOKEN, http

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/conversations/rest-sec/tracker", "/status", "/domain"])
def test_the_api_refuses_a_request_without_the_token(assistant, path):
    assert http("GET", f"{assistant.url}{path}")[0] == 401
    assert http("GET", f"{assistant.url}{path}?token=wrong-{RASA_API_TOKEN}")[0] == 401
    assert http("GET", f"{assistant.url}{path}?token={RASA_API_TOKEN}")[0] == 200


def test_events_cannot_be_injected_without_the_token(assistant):
    event = json.dumps({"event": "slot", "name": "language", "value": "th"}).encode()
    status, _ = http("POST", f"{assistant.url}/conversations/rest-sec/tracker/events", event,
                     {"Content-Type": "application/json"})
    assert status == 401


def test_the_action_server_answers_only_rasa(assistant):
    url = f"http://127.0.0.1:{assistant.actions_port}/webhook"
    call = json.dumps({"next_action": "action_record_handoff", "sender_id": "intruder",
                       "tracker": {"sender_id": "intruder", "slots": {"contact_method": "x@example.org"},
                                   "events": [], "latest_message": {}}, "domain": {}}).encode()
    for headers in ({}, {"X-Action-Token": "not-the-secret"}):
        status, body = http("POST", url, call, {"Content-Type": "application/json", **headers})
        assert status == 401, body
    assert http("GET", f"http://127.0.0.1:{assistant.actions_port}/actions")[0] == 401
    assert http("GET", f"http://127.0.0.1:{assistant.actions_port}/health")[0] == 200
    status, body = http("GET", f"http://127.0.0.1:{assistant.actions_port}/actions",
                        headers={"X-Action-Token": ACTION_SERVER_TOKEN})
    assert status == 200 and {"name": "action_answer_question"} in json.loads(body)


def test_a_body_over_the_cap_is_refused_before_it_is_read(assistant):
    body = json.dumps({"sender": "rest-big", "message": "x" * 400_000}).encode()
    status, answer = http("POST", f"{assistant.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    assert status == 413, answer[:200]


def test_a_sender_over_the_rate_limit_gets_429_with_a_polite_message_and_others_go_on(assistant):
    def say(sender, text):
        return http("POST", f"{assistant.url}/webhooks/rest/webhook", json.dumps(
            {"sender": sender, "message": text, "metadata": {"locale": "es"}}).encode(),
            {"Content-Type": "application/json"})

    statuses = [say("rest-flood", "hola")[0] for _ in range(22)]  # the limit is 20 a minute per sender
    assert statuses[:20] == [200] * 20 and statuses[20:] == [429, 429]
    status, body = say("rest-flood", "hola")
    assert status == 429
    reply = json.loads(body)
    assert reply[0]["recipient_id"] == "rest-flood" and "un minuto" in reply[0]["text"]  # the channel's locale
    assert say("rest-calm", "hello")[0] == 200
