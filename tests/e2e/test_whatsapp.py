"""WhatsApp Cloud API end to end: signed notifications in, Graph API calls out (to the fake platform)."""
import hashlib
import hmac
import itertools
import json
import re
import time
from urllib.parse import urlencode

import pytest

from tests.e2e.channel_clients import (
    MAX_CHARS,
    SECRETS,
    whatsapp_button,
    whatsapp_notification,
    whatsapp_post,
    whatsapp_text,
)
from tests.e2e.fake_platform import settled
from tests.e2e.servers import http

pytestmark = pytest.mark.e2e

_image_ids = itertools.count(1)
MESSAGES = f"/graph/v21.0/{SECRETS['WHATSAPP_PHONE_NUMBER_ID']}/messages"


def sent(fake_platform, sender):
    return [call for call in fake_platform.find(lambda call: call.path == MESSAGES and call.body.get("to") == sender)]


def say(assistant, fake_platform, sender, *messages):
    """The Graph API messages sent to `sender` in answer to one notification."""
    before = len(sent(fake_platform, sender))
    status, body = whatsapp_post(assistant.url, json.dumps(whatsapp_notification(*messages)).encode())
    assert status == 200, body
    return [call.body for call in settled(lambda: sent(fake_platform, sender)[before:])]


def text_of(message):
    return message["text"]["body"] if message["type"] == "text" else message["interactive"]["body"]["text"]


def test_webhook_verification_echoes_the_challenge_only_for_the_right_token(assistant):
    url = f"{assistant.url}/webhooks/whatsapp/webhook?"
    good = {"hub.mode": "subscribe", "hub.verify_token": SECRETS["WHATSAPP_VERIFY_TOKEN"],
            "hub.challenge": "1158201444"}
    assert http("GET", url + urlencode(good)) == (200, b"1158201444")
    assert http("GET", url + urlencode({**good, "hub.verify_token": "guess"}))[0] == 403


@pytest.mark.parametrize("sender, question, label", [
    ("6281100000001", "Bagaimana cara mendapatkan pinjaman bank untuk usaha kecil saya?", "Sumber"),
    ("6281100000002", "What documents does a bank usually ask for in a small business loan application?", "Source"),
])
def test_a_finance_question_gets_a_cited_answer_in_its_language(assistant, fake_platform, sender, question, label):
    *messages, prompt = say(assistant, fake_platform, sender, whatsapp_text(sender, question))
    calls = sent(fake_platform, sender)
    assert all(call.headers.get("Authorization") == f"Bearer {SECRETS['WHATSAPP_TOKEN']}" for call in calls)
    assert all(m["messaging_product"] == "whatsapp" and m["type"] == "text" for m in messages)
    # "Was this helpful?" last, as two reply buttons
    assert prompt["type"] == "interactive"
    assert [b["reply"] for b in prompt["interactive"]["action"]["buttons"]] == [
        {"id": '/feedback{"helpful": "yes"}', "title": "👍"}, {"id": '/feedback{"helpful": "no"}', "title": "👎"}]
    texts = [text_of(m) for m in messages]
    joined = "\n".join(texts)
    assert joined.count(f"{label}: ") == 1, joined  # the source once, then the link to its guide
    assert len(re.findall(r"https?://\S+/guides/\S+", joined)) == 1, joined
    assert len(texts) > 1 and all(len(text) <= MAX_CHARS for text in texts)


def test_three_short_buttons_are_reply_buttons_and_a_press_comes_back_as_its_payload(assistant, fake_platform):
    sender = "6281100000003"
    [greeting] = say(assistant, fake_platform, sender, whatsapp_text(sender, "Hello"))
    assert greeting["type"] == "interactive" and greeting["interactive"]["body"]["text"].startswith("Hello!")
    assert greeting["interactive"]["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "/finance_access", "title": "Finance"}},
        {"type": "reply", "reply": {"id": "/digital_transformation", "title": "Going digital"}},
        {"type": "reply", "reply": {"id": "/export_readiness", "title": "Exporting"}}]
    reply = say(assistant, fake_platform, sender, whatsapp_button(sender, "/finance_access", "Finance"))
    assert " ".join(text_of(m) for m in reply).startswith("Finance it is")


def test_four_buttons_become_numbered_options_and_a_number_picks_one(assistant, fake_platform):
    sender = "6281100000004"
    help_text = "\n".join(text_of(m) for m in say(assistant, fake_platform, sender, whatsapp_text(sender, "help")))
    assert help_text.endswith(
        "1. Finance\n2. Going digital\n3. Exporting\n4. Check my business\n5. Talk to an advisor"), help_text
    reply = say(assistant, fake_platform, sender, whatsapp_text(sender, "2"))
    assert " ".join(text_of(m) for m in reply).startswith("Going digital it is")


def test_a_forged_or_tampered_notification_is_rejected_and_nothing_is_sent(assistant, fake_platform):
    sender = "6281100000010"
    body = json.dumps(whatsapp_notification(whatsapp_text(sender, "hello"))).encode()
    assert whatsapp_post(assistant.url, body, secret="not-the-app-secret")[0] == 403
    assert whatsapp_post(assistant.url, body, signature="sha256=" + "0" * 64)[0] == 403
    signature = "sha256=" + hmac.new(SECRETS["WHATSAPP_APP_SECRET"].encode(), body, hashlib.sha256).hexdigest()
    tampered = body.replace(b"hello", b"HELLO")  # the signature covers every byte of the body
    assert whatsapp_post(assistant.url, tampered, signature=signature)[0] == 403
    assert sent(fake_platform, sender) == []


@pytest.mark.parametrize("body", [
    b"{not json", b'{"entry": [{"changes": [{"value": {"messages": [{"from": "1", "text": {"body": "caf\xe9"}}]}}]}]}',
    b"[]", b'{"entry": "nope"}',
    json.dumps(whatsapp_notification({"id": "wamid.x", "type": "text", "text": {"body": "no sender"}})).encode(),
])
def test_a_malformed_notification_is_a_400(assistant, body):
    status, answer = whatsapp_post(assistant.url, body)
    assert status == 400 and b"error" in answer


def image_from(sender):
    # Every WhatsApp message has its own id: a repeated one is a resend, and is dropped.
    return {"from": sender, "id": f"wamid.img{next(_image_ids)}", "timestamp": "1", "type": "image",
            "image": {"id": "1", "mime_type": "image/jpeg"}}


def test_empty_image_and_huge_messages_get_a_notice_and_other_conversations_are_unaffected(assistant, fake_platform):
    sender, other = "6281100000020", "6281100000021"
    # A new sender with an Indonesian (+62) number is told in Indonesian.
    [empty] = say(assistant, fake_platform, sender, whatsapp_text(sender, ""))
    [image_reply] = say(assistant, fake_platform, sender, image_from(sender))
    [huge] = say(assistant, fake_platform, sender, whatsapp_text(sender, "pinjaman " * 12_000))
    assert "hanya bisa membaca pesan teks" in text_of(empty) and image_reply == empty
    assert "terlalu panjang" in text_of(huge) and "5000" in text_of(huge)
    statuses = {"statuses": [{"id": "wamid.1", "status": "delivered", "recipient_id": sender}]}
    notification = whatsapp_notification()
    notification["entry"][0]["changes"][0]["value"] = statuses
    assert whatsapp_post(assistant.url, json.dumps(notification).encode())[0] == 200
    [greeting] = say(assistant, fake_platform, other, whatsapp_text(other, "Hello"))
    assert text_of(greeting).startswith("Hello!")
    # Once a conversation has a language, its notices follow it rather than the number.
    [image_reply] = say(assistant, fake_platform, other, image_from(other))
    assert "only read text" in text_of(image_reply)


def test_a_notification_meta_resends_is_answered_once(assistant, fake_platform):
    sender = "6281100000030"
    body = json.dumps(whatsapp_notification(whatsapp_text(sender, "Bagaimana cara ekspor kopi ke Jepang?"))).encode()
    first = whatsapp_post(assistant.url, body)
    replies = settled(lambda: sent(fake_platform, sender))
    second = whatsapp_post(assistant.url, body)
    assert [json.loads(answer)["status"] for _, answer in (first, second)] == ["ok", "duplicate"]
    time.sleep(2)  # a second turn, had there been one, would have sent by now
    assert sent(fake_platform, sender) == replies
