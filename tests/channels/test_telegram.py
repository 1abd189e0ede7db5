import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.actions.action import create_bot_utterance

from channels import telegram
from channels.inbound import BadRequest
from channels.settings import DisabledChannel
from tests.channels.fake_agent import FakeTrackerStore, never_called, passed_on, request_with

BUTTONS = [{"title": "Finance", "payload": "/finance_access"}, {"title": "Exporting", "payload": "/export_readiness"}]


@pytest.fixture
def sent(monkeypatch):
    calls = []

    async def post_json(url, payload, headers=None, log_url=None):
        calls.append((url, payload))
        return {"ok": True, "result": {}}

    monkeypatch.setattr(telegram, "post_json", post_json)
    return calls


def send(message):
    output = telegram.TelegramOutput("https://tg.example/", "T0KEN")
    asyncio.run(output.send_response("42", message))


def test_text_with_buttons_is_one_message_with_an_inline_keyboard(sent):
    send({"text": "Hello!", "buttons": BUTTONS, "custom": None})
    assert sent == [("https://tg.example/botT0KEN/sendMessage", {
        "chat_id": "42", "text": "Hello!", "reply_markup": {"inline_keyboard": [
            [{"text": "Finance", "callback_data": "/finance_access"}],
            [{"text": "Exporting", "callback_data": "/export_readiness"}]]}})]


def test_an_answer_gets_its_citation_and_long_text_is_split_with_the_keyboard_last(sent):
    paragraph = "Factoring turns unpaid invoices into cash today. " * 60  # ~2,900 characters
    send({"text": f"{paragraph}\n\n{paragraph}", "buttons": BUTTONS[:1],
          "custom": {"citations": [{"title": "Factoring", "url": "https://example.org/f"}], "language": "en"}})
    texts = [payload["text"] for _, payload in sent]
    assert len(texts) == 2 and all(len(text) <= 4096 for text in texts)
    assert texts[0] == paragraph.strip()  # cut at the paragraph break
    assert texts[1] == f"{paragraph.strip()}\n\nSource: Factoring https://example.org/f"
    assert "reply_markup" in sent[-1][1] and all("reply_markup" not in payload for _, payload in sent[:-1])


def test_payloads_too_long_for_callback_data_become_numbered_options_and_a_number_picks_one(sent):
    long_payload = '/change_language{"language": "' + "x" * 60 + '"}'
    offer = {"text": "Which one?", "buttons": [{"title": "Long", "payload": long_payload}]}
    send(dict(offer))
    assert sent[0][1] == {"chat_id": "42", "text": "Which one?\n\n1. Long"}
    channel = telegram.TelegramInput("T0KEN", "secret", "https://tg.example")
    store = FakeTrackerStore(events={"42": [create_bot_utterance(offer)]})
    assert passed_on(channel, request_with(store), telegram.Incoming("42", "1", "en")) == long_payload


def update_message(**fields):
    return {"update_id": 1, "message": {"message_id": 5, "chat": {"id": 42, "type": "private"},
                                        "from": {"id": 42, "language_code": "es"}, **fields}}


def test_a_text_message_with_its_app_language():
    assert telegram.incoming(update_message(text="Hola")) == telegram.Incoming("42", "Hola", "es")


def test_start_becomes_a_greeting():
    assert telegram.incoming(update_message(text="/start campaign-7")).text == "/greet"


def test_a_button_press_is_its_payload():
    update = {"update_id": 2, "callback_query": {"id": "cb1", "from": {"id": 42, "language_code": "id"},
                                                 "message": {"chat": {"id": 42}}, "data": "/finance_access"}}
    assert telegram.incoming(update) == telegram.Incoming("42", "/finance_access", "id", "cb1")


def test_a_photo_is_a_message_without_text_and_other_updates_are_ignored():
    assert telegram.incoming(update_message(photo=[{"file_id": "x"}])).text is None
    assert telegram.incoming({"update_id": 3, "edited_message": {"chat": {"id": 1}, "text": "x"}}) is None
    assert telegram.incoming(update_message(new_chat_title="Shop")) is None


@pytest.mark.parametrize("update", [
    {"message": {"text": "hi"}}, {"message": {"chat": {}, "text": "hi"}}, {"callback_query": {"id": "1", "data": "x"}},
])
def test_a_message_without_a_chat_is_a_bad_request(update):
    with pytest.raises(BadRequest):
        telegram.incoming(update)


def test_without_its_variables_the_channel_is_disabled(monkeypatch):
    monkeypatch.setenv("TELEGRAM_TOKEN", "t")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    channel = telegram.TelegramInput.from_credentials(None)
    assert isinstance(channel, DisabledChannel) and channel.url_prefix() == "telegram"


def test_only_the_exact_secret_token_is_authentic():
    channel = telegram.TelegramInput("T0KEN", "s3cret", "https://tg.example")
    assert channel.authentic(SimpleNamespace(headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}))
    assert not channel.authentic(SimpleNamespace(headers={"X-Telegram-Bot-Api-Secret-Token": "s3cre"}))
    assert not channel.authentic(SimpleNamespace(headers={}))


def test_a_notice_is_in_the_conversations_language_else_the_app_language(sent):
    channel = telegram.TelegramInput("T0KEN", "secret", "https://tg.example")
    photo_from_a_thai_app = telegram.Incoming("42", None, "th")
    asyncio.run(channel.handle(request_with(FakeTrackerStore()), photo_from_a_thai_app, never_called))
    asyncio.run(channel.handle(request_with(FakeTrackerStore({"42": "vi"})), photo_from_a_thai_app, never_called))
    first, second = [payload["text"] for _, payload in sent]
    assert "กรุณาพิมพ์คำถาม" in first and "Vui lòng nhập câu hỏi" in second
