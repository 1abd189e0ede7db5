"""Slack end to end: signed Events API callbacks in, chat.postMessage calls out (to the fake platform)."""
import pytest

from tests.e2e.channel_clients import MAX_CHARS, SECRETS, slack_event

pytestmark = pytest.mark.e2e

POST_MESSAGE = "/slack/api/chat.postMessage"


def direct_message(user: str, text: str) -> dict:
    return {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text,
            "ts": "1700000000.000100"}


def test_a_direct_message_is_answered_with_blocks_and_buttons(assistant, fake_platform):
    status, _ = slack_event(assistant.url, direct_message("U710001", "Hello"))
    assert status == 200
    [call] = fake_platform.wait_for(lambda call: call.path == POST_MESSAGE and call.body.get("channel") == "DU710001")
    assert call.headers.get("Authorization") == f"Bearer {SECRETS['SLACK_TOKEN']}"
    blocks = call.body["blocks"]
    assert blocks[0]["type"] == "section" and blocks[0]["text"]["text"].startswith("Hello!")
    assert all(len(block["text"]["text"]) <= MAX_CHARS for block in blocks if block["type"] == "section")
    assert blocks[-1] == {"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": title}, "value": payload}
        for title, payload in [("Finance", "/finance_access"), ("Going digital", "/digital_transformation"),
                               ("Exporting", "/export_readiness")]]}


def test_a_forged_event_is_rejected_and_nothing_is_sent(assistant, fake_platform):
    status, _ = slack_event(assistant.url, direct_message("U710002", "Hello"), secret="not-the-signing-secret")
    assert status == 400
    assert fake_platform.wait_for(lambda call: call.body.get("channel") == "DU710002", timeout=5) == []
