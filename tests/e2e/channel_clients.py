"""Talk to the running assistant the way Telegram, WhatsApp and Slack do: real-shaped, signed webhooks."""
import hashlib
import hmac
import itertools
import json
import time
from typing import Dict, Optional, Tuple

from tests.e2e.servers import http

# Test-only values the servers get as environment variables (conftest.platform_env).
SECRETS = {
    "TELEGRAM_TOKEN": "123456:test-telegram-token",
    "TELEGRAM_WEBHOOK_SECRET": "test-telegram-webhook-secret",
    "WHATSAPP_TOKEN": "test-whatsapp-token",
    "WHATSAPP_APP_SECRET": "test-whatsapp-app-secret",
    "WHATSAPP_VERIFY_TOKEN": "test-whatsapp-verify-token",
    "WHATSAPP_PHONE_NUMBER_ID": "109876543210",
    "SLACK_TOKEN": "xoxb-test-slack-token",
    "SLACK_SIGNING_SECRET": "test-slack-signing-secret",
}
# Replies are split into parts of at most this many characters, so that splitting shows in ordinary answers.
MAX_CHARS = 300

_ids = itertools.count(1)


def telegram_update(base_url: str, content: dict, secret: Optional[str] = SECRETS["TELEGRAM_WEBHOOK_SECRET"],
                    body: Optional[bytes] = None) -> Tuple[int, bytes]:
    """POST one Update ({"message": ...} or {"callback_query": ...}); `body` replaces it with raw bytes."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    data = body if body is not None else json.dumps({"update_id": next(_ids), **content}).encode()
    return http("POST", f"{base_url}/webhooks/telegram/webhook", data, headers)


def telegram_message(chat_id: int, text: str, language_code: str = "en") -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code}
    return {"message": {"message_id": next(_ids), "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                        "from": user, "text": text}}


def telegram_button(chat_id: int, data: str, language_code: str = "en") -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code}
    return {"callback_query": {"id": str(next(_ids)), "from": user, "chat_instance": "1", "data": data,
                               "message": {"message_id": 1, "date": int(time.time()),
                                           "chat": {"id": chat_id, "type": "private"}}}}


def whatsapp_notification(*messages: dict) -> dict:
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "15550000000",
                          "phone_number_id": SECRETS["WHATSAPP_PHONE_NUMBER_ID"]},
             "contacts": [{"profile": {"name": "Test"}, "wa_id": m.get("from")} for m in messages],
             "messages": list(messages)}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}]}


def whatsapp_text(sender: str, text: str) -> dict:
    return {"from": sender, "id": f"wamid.in{next(_ids)}", "timestamp": str(int(time.time())), "type": "text",
            "text": {"body": text}}


def whatsapp_button(sender: str, payload: str, title: str) -> dict:
    return {"from": sender, "id": f"wamid.in{next(_ids)}", "timestamp": str(int(time.time())), "type": "interactive",
            "interactive": {"type": "button_reply", "button_reply": {"id": payload, "title": title}}}


def whatsapp_post(base_url: str, body: bytes, secret: str = SECRETS["WHATSAPP_APP_SECRET"],
                  signature: Optional[str] = None) -> Tuple[int, bytes]:
    """POST raw bytes signed as Meta signs them (HMAC-SHA256 of the body with the app secret)."""
    signature = signature or "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers: Dict[str, str] = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return http("POST", f"{base_url}/webhooks/whatsapp/webhook", body, headers)


def slack_event(base_url: str, event: dict, secret: str = SECRETS["SLACK_SIGNING_SECRET"]) -> Tuple[int, bytes]:
    """POST an Events API callback signed with Slack's v0 scheme."""
    body = json.dumps({"type": "event_callback", "team_id": "T1", "event": event, "authorizations": [
        {"user_id": "UBOT"}]}).encode()
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return http("POST", f"{base_url}/webhooks/slack/webhook", body, {
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
