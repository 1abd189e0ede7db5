"""WhatsApp Cloud API (Meta Graph API) connector: GET and POST /webhooks/whatsapp/webhook.

Environment: WHATSAPP_TOKEN (a system-user access token), WHATSAPP_APP_SECRET
(the Meta app's secret: Meta signs every POST body with it in
X-Hub-Signature-256), WHATSAPP_VERIFY_TOKEN (any string, typed again in the
app's webhook settings), WHATSAPP_PHONE_NUMBER_ID (the business number that
replies) and optionally WHATSAPP_API_URL (default https://graph.facebook.com/v21.0).

Buttons become interactive reply buttons when WhatsApp allows them (at most
3, titles up to 20 characters); otherwise numbered options, and a reply "2"
picks the second (channels/options.py: read back from the conversation).

WhatsApp sends no language, so a notice about a message we cannot read
(an image, an empty or huge text) is in the conversation's language, or for
a new sender a guess from their country calling code (channels/calling_codes.py).
The webhook answers at once and the turns run in the background; a message
Meta resends (same message id) is dropped (channels/deliveries.py).
"""
import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.calling_codes import language_of_number
from channels.conversations import conversation_language
from channels.deliveries import drain, first_delivery, in_background
from channels.formatting import fits_quick_replies, split_text, with_citations
from channels.http import post_json
from channels.inbound import BadRequest, refusal_for_sender, verified_json
from channels.notices import notice
from channels.options import numbered_options, resolve_choice
from channels.rate_limits import over_limit
from channels.settings import DisabledChannel, part_limit, read_settings

logger = logging.getLogger(__name__)

MAX_TEXT = 4096  # text message body
SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_BUTTON_BODY = 1024  # body of an interactive message
MAX_BUTTONS, MAX_BUTTON_TITLE, MAX_BUTTON_ID = 3, 20, 256
# Messages that carry something other than text: the user is told to type instead.
# Reactions, system notices and the like are not answered at all.
NON_TEXT = ("image", "audio", "video", "document", "sticker", "location", "contacts")


class WhatsAppOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, api_url: str, phone_number_id: str, token: str, max_text: int = MAX_TEXT) -> None:
        self._messages_url = f"{api_url.rstrip('/')}/{phone_number_id}/messages"
        self._token = token
        self._max_text = max_text

    async def _send(self, recipient_id: str, kind: str, content: Dict[str, Any]) -> None:
        await post_json(self._messages_url, {"messaging_product": "whatsapp", "recipient_type": "individual",
                                             "to": recipient_id, "type": kind, kind: content},
                        headers={"Authorization": f"Bearer {self._token}"})

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        text = with_citations(message.get("text"), message.get("custom"))
        buttons = message.get("buttons") or message.get("quick_replies") or []
        reply_buttons = bool(buttons) and fits_quick_replies(buttons, MAX_BUTTONS, MAX_BUTTON_TITLE) and all(
            0 < len(str(b.get("payload", ""))) <= MAX_BUTTON_ID for b in buttons)
        if buttons and not reply_buttons:
            text = f"{text}\n\n{numbered_options(buttons)}"
        parts = split_text(text, self._max_text)
        if reply_buttons and parts:  # the buttons ride on the last part, whose body may be shorter
            parts[-1:] = split_text(parts[-1], min(MAX_BUTTON_BODY, self._max_text))
            last = parts.pop()
        else:
            last = None
        for part in parts:
            await self._send(recipient_id, "text", {"preview_url": True, "body": part})
        if last:
            await self._send(recipient_id, "interactive", {
                "type": "button", "body": {"text": last},
                "action": {"buttons": [{"type": "reply", "reply": {"id": str(b["payload"]), "title": str(b["title"])}}
                                       for b in buttons]}})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


@dataclass
class Incoming:
    sender: str
    text: Optional[str]  # None: an image, a voice note... something we cannot read
    pressed: bool  # a button reply: its text is a payload, not typed
    message_id: Optional[str] = None  # WhatsApp's wamid: the same in a resent notification


def _message_text(message: Dict[str, Any]) -> Optional[Incoming]:
    sender = message.get("from")
    if not isinstance(sender, str) or not sender:
        raise BadRequest(400, "a message has no sender (from)")
    kind = message.get("type")
    message_id = str(message.get("id") or "") or None
    if kind == "text":
        return Incoming(sender, str((message.get("text") or {}).get("body") or ""), False, message_id)
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return Incoming(sender, str(reply.get("id") or ""), True, message_id)
    if kind == "button":  # a quick-reply button of a template message
        return Incoming(sender, str((message.get("button") or {}).get("payload") or ""), True, message_id)
    return Incoming(sender, None, False, message_id) if kind in NON_TEXT else None


def incoming(notification: Dict[str, Any]) -> List[Incoming]:
    """The user messages in a webhook notification; delivery statuses and the like are skipped."""
    try:
        values = [change.get("value") or {} for entry in notification.get("entry") or []
                  for change in entry.get("changes") or []]
        messages = [message for value in values for message in value.get("messages") or []]
        found = [_message_text(message) for message in messages]
    except (AttributeError, TypeError):  # a list where an object belongs, or the reverse
        raise BadRequest(400, "not a WhatsApp Cloud API notification (entry[].changes[].value)") from None
    return [message for message in found if message]


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        settings = read_settings(
            "WhatsApp", ["WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_PHONE_NUMBER_ID"],
            {"WHATSAPP_API_URL": "https://graph.facebook.com/v21.0"})
        if settings is None:
            return DisabledChannel(cls.name())
        return cls(settings["WHATSAPP_TOKEN"], settings["WHATSAPP_APP_SECRET"], settings["WHATSAPP_VERIFY_TOKEN"],
                   settings["WHATSAPP_PHONE_NUMBER_ID"], settings["WHATSAPP_API_URL"])

    def __init__(self, token: str, app_secret: str, verify_token: str, phone_number_id: str, api_url: str) -> None:
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.output = WhatsAppOutput(api_url, phone_number_id, token, part_limit(MAX_TEXT))

    def get_output_channel(self) -> WhatsAppOutput:
        return self.output

    def authentic(self, request: Request) -> bool:
        expected = "sha256=" + hmac.new(self.app_secret.encode(), request.body or b"", hashlib.sha256).hexdigest()
        return hmac.compare_digest(request.headers.get(SIGNATURE_HEADER, "").encode(), expected.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("whatsapp_webhook", __name__)

        @blueprint.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            # Meta's one-time check when the webhook URL is registered.
            token = request.args.get("hub.verify_token", "")
            if request.args.get("hub.mode") == "subscribe" and hmac.compare_digest(
                    token.encode(), self.verify_token.encode()):
                return response.text(request.args.get("hub.challenge", ""))
            return response.json({"error": "bad hub.mode or hub.verify_token"}, status=403)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                messages = incoming(verified_json(request.body, self.authentic(request), SIGNATURE_HEADER))
            except BadRequest as error:
                return error.response()
            new = [message for message in messages if await first_delivery(self.name(), message.message_id)]
            if new:
                # Answered at once, the turns run after (in order): Meta resends what waits too long.
                in_background(self.handle_all(request, new, on_new_message), f"WhatsApp from {new[0].sender}")
            return response.json({"status": "ok" if new or not messages else "duplicate"})

        @blueprint.listener("before_server_stop")
        async def finish_turns(*_: Any) -> None:
            await drain()

        return blueprint

    async def handle_all(self, request: Request, messages: List[Incoming],
                         on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        for message in messages:
            await self.handle(request, message, on_new_message)

    async def handle(self, request: Request, message: Incoming,
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        limited = await over_limit(self.name(), message.sender)
        if limited is not None:
            if limited:
                language = await conversation_language(request, message.sender) or language_of_number(message.sender)
                await self.output.send_text_message(message.sender, notice("rate_limited", language))
            return
        refused = await refusal_for_sender(request, message.sender, message.text, language_of_number(message.sender))
        if refused:
            await self.output.send_text_message(message.sender, refused)
            return
        text = message.text if message.pressed else await resolve_choice(request, message.sender, message.text)
        try:
            await on_new_message(UserMessage(text, self.output, message.sender, input_channel=self.name()))
        except Exception:
            logger.exception("WhatsApp: failed to handle a message from %s", message.sender)
