import asyncio
import hashlib
import hmac
from types import SimpleNamespace

import pytest
from rasa.core.actions.action import create_bot_utterance

from channels import whatsapp
from channels.calling_codes import language_of_number
from channels.inbound import BadRequest
from tests.channels.fake_agent import FakeTrackerStore, never_called, passed_on, request_with

THREE = [{"title": "Finance", "payload": "/finance_access"},
         {"title": "Going digital", "payload": "/digital_transformation"},
         {"title": "Exporting", "payload": "/export_readiness"}]


@pytest.fixture
def sent(monkeypatch):
    calls = []

    async def post_json(url, payload, headers=None, log_url=None):
        calls.append((url, payload, headers))
        return {"messages": [{"id": "wamid.1"}]}

    monkeypatch.setattr(whatsapp, "post_json", post_json)
    return calls


def send(message):
    output = whatsapp.WhatsAppOutput("https://graph.example/v21.0/", "PNID", "T0KEN")
    asyncio.run(output.send_response("6281234", message))


def test_up_to_three_short_buttons_are_reply_buttons(sent):
    send({"text": "Hello!", "buttons": THREE})
    url, payload, headers = sent[0]
    assert url == "https://graph.example/v21.0/PNID/messages" and headers == {"Authorization": "Bearer T0KEN"}
    assert payload == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234",
                       "type": "interactive", "interactive": {"type": "button", "body": {"text": "Hello!"}, "action": {
                           "buttons": [{"type": "reply", "reply": {"id": b["payload"], "title": b["title"]}}
                                       for b in THREE]}}}


def test_four_buttons_or_a_long_title_become_numbered_options_and_a_number_picks_one(sent):
    advisor = {"title": "Bicara dengan konsultan", "payload": "/human_handoff"}
    offer = {"text": "Pilih topik:", "buttons": THREE + [advisor]}
    send(dict(offer))
    assert sent[0][1]["type"] == "text"
    assert sent[0][1]["text"]["body"] == (
        "Pilih topik:\n\n1. Finance\n2. Going digital\n3. Exporting\n4. Bicara dengan konsultan")
    channel = whatsapp.WhatsAppInput("T0KEN", "app-secret", "verify", "PNID", "https://graph.example")
    store = FakeTrackerStore(events={"6281234": [create_bot_utterance(offer)]})
    assert passed_on(channel, request_with(store), whatsapp.Incoming("6281234", "4", False)) == "/human_handoff"
    assert passed_on(channel, request_with(store), whatsapp.Incoming("6281234", "4", True)) == "4"  # a pressed id


def test_long_text_is_split_and_the_buttons_ride_on_a_short_last_part(sent):
    sentence = "Export credit insurance protects you when a buyer does not pay. "
    send({"text": sentence * 100, "buttons": THREE[:1],
          "custom": {"citations": [{"title": "Insurance", "url": "https://example.org/i"}], "language": "id"}})
    kinds = [payload["type"] for _, payload, _ in sent]
    assert kinds[:-1] == ["text"] * (len(kinds) - 1) and kinds[-1] == "interactive"
    assert all(len(p["text"]["body"]) <= 4096 for _, p, _ in sent[:-1])
    last_body = sent[-1][1]["interactive"]["body"]["text"]
    assert len(last_body) <= 1024 and last_body.endswith("Sumber: Insurance https://example.org/i")


def notification(*messages):
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "PNID"}, "messages": list(messages)}}]}]}


def test_texts_and_button_replies_are_read_and_statuses_skipped():
    found = whatsapp.incoming(notification(
        {"from": "1", "type": "text", "text": {"body": "Hola"}},
        {"from": "2", "type": "interactive", "interactive": {
            "type": "button_reply", "button_reply": {"id": "/finance_access", "title": "Finance"}}},
        {"from": "3", "type": "image", "image": {"id": "x"}},
        {"from": "4", "type": "reaction", "reaction": {"emoji": "👍"}}))
    assert found == [whatsapp.Incoming("1", "Hola", False), whatsapp.Incoming("2", "/finance_access", True),
                     whatsapp.Incoming("3", None, False)]
    assert whatsapp.incoming({"entry": [{"changes": [{"value": {"statuses": [{"status": "read"}]}}]}]}) == []


@pytest.mark.parametrize("data", [
    {"entry": "x"}, {"entry": [{"changes": {"value": 1}}]}, notification({"type": "text", "text": {"body": "hi"}}),
])
def test_malformed_notifications_are_bad_requests(data):
    with pytest.raises(BadRequest):
        whatsapp.incoming(data)


def test_only_a_body_signed_with_the_app_secret_is_authentic():
    channel = whatsapp.WhatsAppInput("T0KEN", "app-secret", "verify", "PNID", "https://graph.example")
    body = b'{"entry": []}'
    good = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert channel.authentic(SimpleNamespace(body=body, headers={"X-Hub-Signature-256": good}))
    assert not channel.authentic(SimpleNamespace(body=body + b" ", headers={"X-Hub-Signature-256": good}))
    assert not channel.authentic(SimpleNamespace(body=body, headers={}))


def notice_sent_for(sent, message, tracker_store):
    """The text of the one notice sent when the channel refuses `message`; the assistant is never asked."""
    channel = whatsapp.WhatsAppInput("T0KEN", "app-secret", "verify", "PNID", "https://graph.example")
    asyncio.run(channel.handle(request_with(tracker_store), message, never_called))
    [(_, payload, _)] = sent[-1:]
    assert payload["to"] == message.sender
    return payload["text"]["body"]


def test_a_notice_is_in_the_conversations_language_else_a_guess_from_the_number(sent):
    image_from_indonesia = whatsapp.Incoming("6281234", None, False)
    assert "pertanyaan Anda" in notice_sent_for(sent, image_from_indonesia, FakeTrackerStore())
    spoke_spanish = FakeTrackerStore({"6281234": "es"})
    assert "escribe tu pregunta" in notice_sent_for(sent, image_from_indonesia, spoke_spanish)
    huge_from_the_us = whatsapp.Incoming("14155550100", "x" * 6000, False)
    assert "too long" in notice_sent_for(sent, huge_from_the_us, FakeTrackerStore())
    assert len(sent) == 3


@pytest.mark.parametrize("number, language", [
    ("6281234567", "id"), ("+60 12-345 6789", "ms"), ("66812345678", "th"), ("84912345678", "vi"),
    ("8613800138000", "zh"), ("886912345678", "zh-Hant"), ("85291234567", "zh-Hant"),
        ("819012345678", "ja"), ("821012345678", "ko"), ("639171234567", None), ("5215512345678", "es"),
    ("56912345678", "es"), ("51912345678", "es"),
    ("14155550100", None), ("6591234567", None), ("79161234567", None), ("", None), (None, None),
])
def test_a_numbers_calling_code_suggests_a_language(number, language):
    assert language_of_number(number) == language
