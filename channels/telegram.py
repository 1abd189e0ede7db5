"""Telegram Bot API connector: POST /webhooks/telegram/webhook.

Environment: TELEGRAM_TOKEN (from @BotFather), TELEGRAM_WEBHOOK_SECRET (the
secret_token given to setWebhook; Telegram sends it back in the
X-Telegram-Bot-Api-Secret-Token header of every update) and optionally
TELEGRAM_API_URL (default https://api.telegram.org).

Rasa's own Telegram channel checks no secret (anyone who knows the URL can
talk as any user) and calls Telegram at startup; this one does neither.
Replies are plain text (no parse_mode, so nothing needs escaping); buttons
become an inline keyboard whose presses come back as callback queries; the
user's app language (from.language_code) goes into the message metadata as
`locale_hint`, which decides the language of a first message too short to tell.
A notice about a message we cannot read (a photo, an empty or huge text) is in
the conversation's language, or before it has one, the app's.
The webhook answers at once and the turn runs in the background; an update
Telegram resends (same update_id) is dropped (channels/deliveries.py).
"""
import hmac
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.conversations import conversation_language
from channels.deliveries import drain, first_delivery, in_background
from channels.formatting import split_text, with_citations
from channels.http import post_json
from channels.inbound import BadRequest, refusal_for_sender, verified_json
from channels.notices import notice
from channels.options import numbered_options, resolve_choice
from channels.rate_limits import over_limit
from channels.settings import DisabledChannel, part_limit, read_settings

logger = logging.getLogger(__name__)

MAX_TEXT = 4096  # sendMessage text limit
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CALLBACK_DATA = 64  # bytes
# Messages that carry something other than text: the user is told to type instead.
NON_TEXT = ("photo", "audio", "document", "sticker", "video", "voice", "video_note", "location", "contact",
            "animation")


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api_url: str, token: str, max_text: int = MAX_TEXT) -> None:
        self._api_url = api_url.rstrip("/")
        self._token = token
        self._max_text = max_text

    async def call(self, method: str, payload: Dict[str, Any]) -> Optional[Any]:
        return await post_json(f"{self._api_url}/bot{self._token}/{method}", payload,
                               log_url=f"{self._api_url}/bot<token>/{method}")

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        text = with_citations(message.get("text"), message.get("custom"))
        buttons = message.get("buttons") or message.get("quick_replies") or []
        keyboard = None
        if buttons and all(len(str(b.get("payload", "")).encode()) <= MAX_CALLBACK_DATA for b in buttons):
            keyboard = {"inline_keyboard": [[{"text": str(b.get("title", "")), "callback_data": b["payload"]}]
                                            for b in buttons]}
        elif buttons:  # a payload too long for callback_data: offer numbered options instead
            text = f"{text}\n\n{numbered_options(buttons)}"
        parts = split_text(text, self._max_text)
        for number, part in enumerate(parts, 1):
            payload = {"chat_id": recipient_id, "text": part}
            if keyboard and number == len(parts):
                payload["reply_markup"] = keyboard
            await self.call("sendMessage", payload)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


@dataclass
class Incoming:
    chat_id: str
    text: Optional[str]  # None: a photo, a sticker... something we cannot read
    language_code: Optional[str]
    callback_query_id: Optional[str] = None


def incoming(update: Dict[str, Any]) -> Optional[Incoming]:
    """What a user sent in an Update; None for updates that are not for us (edits, joins...)."""
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = ((query.get("message") or {}).get("chat") or {}).get("id") or (query.get("from") or {}).get("id")
        if chat is None or not isinstance(query.get("data"), str):
            raise BadRequest(400, "callback_query needs message.chat.id and data")
        return Incoming(str(chat), query["data"], (query.get("from") or {}).get("language_code"), str(query.get("id")))
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = (message.get("chat") or {}).get("id")
    if chat is None:
        raise BadRequest(400, "message.chat.id is missing")
    language_code = (message.get("from") or {}).get("language_code")
    text = message.get("text")
    if isinstance(text, str):
        # Every Telegram conversation opens with /start (maybe "/start <deep link>"): a greeting.
        if text.split(maxsplit=1)[:1] == ["/start"]:
            text = "/greet"
        return Incoming(str(chat), text, language_code)
    if any(key in message for key in NON_TEXT):
        return Incoming(str(chat), None, language_code)
    return None


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        settings = read_settings("Telegram", ["TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET"],
                                 {"TELEGRAM_API_URL": "https://api.telegram.org"})
        if settings is None:
            return DisabledChannel(cls.name())
        return cls(settings["TELEGRAM_TOKEN"], settings["TELEGRAM_WEBHOOK_SECRET"], settings["TELEGRAM_API_URL"])

    def __init__(self, token: str, webhook_secret: str, api_url: str) -> None:
        self.webhook_secret = webhook_secret
        self.output = TelegramOutput(api_url, token, part_limit(MAX_TEXT))

    def get_output_channel(self) -> TelegramOutput:
        return self.output

    def authentic(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode(), self.webhook_secret.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("telegram_webhook", __name__)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                update = verified_json(request.body, self.authentic(request), SECRET_HEADER)
                message = incoming(update)
            except BadRequest as error:
                return error.response()
            if message is None:
                return response.json({"status": "ignored"})
            if not await first_delivery(self.name(), str(update.get("update_id") or "")):
                return response.json({"status": "duplicate"})  # Telegram resending an update we have
            # Answered at once, the turn runs after: Telegram resends an update it waited too long for.
            in_background(self.handle(request, message, on_new_message), f"Telegram chat {message.chat_id}")
            return response.json({"status": "ok"})

        @blueprint.listener("before_server_stop")
        async def finish_turns(*_: Any) -> None:
            await drain()

        return blueprint

    async def handle(self, request: Request, message: Incoming,
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if message.callback_query_id:  # stops the spinner on the pressed button
            await self.output.call("answerCallbackQuery", {"callback_query_id": message.callback_query_id})
        limited = await over_limit(self.name(), message.chat_id)
        if limited is not None:
            if limited:
                language = await conversation_language(request, message.chat_id) or message.language_code
                await self.output.send_text_message(message.chat_id, notice("rate_limited", language))
            return
        refused = await refusal_for_sender(request, message.chat_id, message.text, message.language_code)
        if refused:
            await self.output.send_text_message(message.chat_id, refused)
            return
        pressed = bool(message.callback_query_id)
        text = message.text if pressed else await resolve_choice(request, message.chat_id, message.text)
        metadata = {"locale_hint": message.language_code} if message.language_code else None
        try:
            await on_new_message(UserMessage(text, self.output, message.chat_id, input_channel=self.name(),
                                              metadata=metadata))
        except Exception:
            logger.exception("Telegram: failed to handle a message from chat %s", message.chat_id)
