"""Telegram end to end: signed webhook updates in, Bot API calls out (to the fake platform)."""

import json
import time

import pytest

from tests.e2e.channel_clients import MAX_CHARS, SECRETS, telegram_button, telegram_message, telegram_update
from tests.e2e.fake_platform import settled

pytestmark = pytest.mark.e2e

BOT = f"/telegram/bot{SECRETS['TELEGRAM_TOKEN']}"
SPANISH_QUESTION = "¿Cómo puedo conseguir un crédito para mi pequeña empresa si no tengo garantías?"
ENGLISH_QUESTION = "What documents does a bank usually ask for in a small business loan application?"


def sent(fake_platform, chat_id):
    """Bot API calls that sent chat `chat_id` a message, oldest first."""
    return [call.body for call in fake_platform.find(
        lambda call: call.path == f"{BOT}/sendMessage" and call.body.get("chat_id") == str(chat_id))]


def say(assistant, fake_platform, chat_id, content):
    before = len(sent(fake_platform, chat_id))
    status, body = telegram_update(assistant.url, content)
    assert status == 200, body
    return settled(lambda: sent(fake_platform, chat_id)[before:])


def same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def answer_as_sent(assistant, chat_id):
    """The latest answer as the assistant composed it, before the channel split it: the text and its
    citations, read from the conversation's tracker."""
    events = assistant.tracker(str(chat_id))["events"]
    last_user = max(n for n, event in enumerate(events) if event["event"] == "user")
    bot = [event for event in events[last_user:] if event["event"] == "bot"]
    return "\n\n".join(event["text"] for event in bot if event.get("text")), [
        c for event in bot for c in ((event.get("data") or {}).get("custom") or {}).get("citations", [])]


@pytest.mark.parametrize("chat_id, question, language_code, label", [
    (710001, SPANISH_QUESTION, "es", "Fuente"), (710002, ENGLISH_QUESTION, "en", "Source"),
])
def test_a_finance_question_gets_a_cited_answer_in_its_language_split_at_word_boundaries(
        assistant, fake_platform, chat_id, question, language_code, label):
    messages = say(assistant, fake_platform, chat_id, telegram_message(chat_id, question, language_code))
    texts = [m["text"] for m in messages]
    joined = "\n".join(texts)
    expected, citations = answer_as_sent(assistant, chat_id)
    assert citations and all(joined.count(citation["url"]) == 1 for citation in citations)  # each source once
    assert joined.count(f"{label}: ") == 1 and "/guides/" in joined, joined
    assert len(texts) > 1 and all(len(text) <= MAX_CHARS for text in texts)
    assert same_words(joined, expected)  # nothing lost, no word cut in two
    # only the question "which APEC economy is your business in?" offers buttons, never the answer
    assert all("APEC" in m["text"] for m in messages if "reply_markup" in m)


def test_start_greets_with_an_inline_keyboard_and_a_press_is_handled(assistant, fake_platform):
    chat = 710003
    greeting = say(assistant, fake_platform, chat, telegram_message(chat, "/start"))
    assert greeting[-1]["text"].startswith("Hello!")
    assert greeting[-1]["reply_markup"] == {"inline_keyboard": [
        [{"text": "Finance", "callback_data": "/finance_access"}],
        [{"text": "Going digital", "callback_data": "/digital_transformation"}],
        [{"text": "Exporting", "callback_data": "/export_readiness"}]]}
    press = telegram_button(chat, "/finance_access")
    reply = say(assistant, fake_platform, chat, press)
    assert " ".join(m["text"] for m in reply).startswith("Finance it is")
    answered = fake_platform.find(lambda call: call.path == f"{BOT}/answerCallbackQuery")
    assert {"callback_query_id": press["callback_query"]["id"]} in [call.body for call in answered]


def test_the_app_language_decides_a_first_message_too_short_to_tell(assistant, fake_platform):
    chat = 710004
    say(assistant, fake_platform, chat, telegram_message(chat, "ok", "id-ID"))
    assert assistant.slots(str(chat))["language"] == "id"
    reply = say(assistant, fake_platform, chat, telegram_message(chat, "Halo", "id-ID"))
    assert reply[-1]["text"].startswith("Halo!") and [row[0]["text"] for row in reply[-1]["reply_markup"][
        "inline_keyboard"]] == ["Pembiayaan", "Digitalisasi", "Ekspor"]


@pytest.mark.parametrize("secret", [None, "wrong-secret", SECRETS["TELEGRAM_WEBHOOK_SECRET"] + "x"])
def test_a_forged_update_is_rejected_and_nothing_is_sent(assistant, fake_platform, secret):
    chat = 710010
    status, _ = telegram_update(assistant.url, telegram_message(chat, "hello"), secret=secret)
    assert status == 403
    assert sent(fake_platform, chat) == []


@pytest.mark.parametrize("body", [b"{not json", b'{"message": {"text": "caf\xe9"}}', b"[]"])
def test_a_malformed_body_is_a_400(assistant, body):
    status, answer = telegram_update(assistant.url, {}, body=body)
    assert status == 400 and b"error" in answer


def test_a_message_without_a_chat_is_a_400(assistant):
    status, _ = telegram_update(assistant.url, {"message": {"message_id": 1, "text": "hello"}})
    assert status == 400


def test_empty_photo_and_huge_messages_get_a_polite_notice_and_the_conversation_goes_on(assistant, fake_platform):
    chat, other = 710020, 710021
    assert "¡Hola!" in say(assistant, fake_platform, chat, telegram_message(chat, "Hola", "es"))[-1]["text"]
    # The notices follow the conversation's language (Spanish), not the app's (English).
    [empty] = say(assistant, fake_platform, chat, telegram_message(chat, "", "en"))
    photo = telegram_message(chat, "", "en")
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "AgAD", "file_unique_id": "x", "width": 90, "height": 90}]
    [photo_reply] = say(assistant, fake_platform, chat, photo)
    [huge] = say(assistant, fake_platform, chat, telegram_message(chat, "préstamo " * 12_000, "en"))
    assert "texto" in empty["text"] and photo_reply == empty
    assert "demasiado largo" in huge["text"] and "5000" in huge["text"]
    # The server is still up, this conversation still works, and another one never noticed.
    reply = say(assistant, fake_platform, chat, telegram_message(chat, SPANISH_QUESTION, "es"))
    assert "Fuente:" in "\n".join(m["text"] for m in reply)
    assert say(assistant, fake_platform, other, telegram_message(other, "hello", "en"))[-1]["text"].startswith("Hello")


def test_an_update_telegram_resends_is_answered_once(assistant, fake_platform):
    chat = 710030
    update = {"update_id": 7_103_000, **telegram_message(chat, "How do I open a business bank account?")}
    body = json.dumps(update).encode()
    first = telegram_update(assistant.url, {}, body=body)
    replies = settled(lambda: sent(fake_platform, chat))
    second = telegram_update(assistant.url, {}, body=body)
    assert [json.loads(answer)["status"] for _, answer in (first, second)] == ["ok", "duplicate"]
    time.sleep(2)  # a second turn, had there been one, would have sent by now
    assert sent(fake_platform, chat) == replies
    assert [e["text"] for e in assistant.tracker(str(chat))["events"] if e["event"] == "user"] == [
        "How do I open a business bank account?"]
