"""The website widget's channel (web/widget.js): Rasa's socket.io channel, with three fixes.

1. Origins. Rasa's socket.io server accepts a connection from any web page:
   its AsyncServer has `cors_allowed_origins=[]`, which turns python-engineio's
   origin check off, and a WebSocket is not bound by CORS. Here a connection
   whose Origin is not in CORS_ORIGINS (the list `scripts/run serve` also gives
   `rasa run --cors`) is refused. The check is in the connect handler because
   engine.io's own would add CORS headers next to Sanic-Cors' ones, and
   browsers refuse a response that carries them twice.
2. Session persistence. With python-socketio 5 `enter_room` is a coroutine and
   Rasa's session_request handler never awaits it, so a persistent session
   never joins its room and the bot's replies, sent to that room, are lost.
3. One event per bot message. Rasa's output splits the text on blank lines and
   hands a custom payload to `emit()` as keyword arguments, which fails for an
   answer's {"citations": [...], "language": "es"}. Here each bot message is a
   single bot_uttered event with its text, buttons and `custom` payload, so the
   widget shows an answer's citations under its text.
Bad input (a payload that is not an object, an empty, over-long or non-text
message) never reaches Rasa: the widget gets a short notice in its locale, as
does a session or a client address over its rate limit (channels/rate_limits.py).
"""
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from socketio import AsyncServer

from channels.inbound import refusal
from channels.notices import notice
from channels.rate_limits import client_address, over_limit

DEFAULT_ORIGINS = "http://localhost:8080"
# The parts of a bot message that the widget shows (our responses have no images or cards).
_MESSAGE_KEYS = ("text", "buttons", "quick_replies", "custom")


def allowed_origins(value: Optional[str] = None) -> List[str]:
    """Origins from CORS_ORIGINS, space-separated like `rasa run --cors`'s; "*" allows any."""
    value = os.environ.get("CORS_ORIGINS", DEFAULT_ORIGINS) if value is None else value
    return [origin.rstrip("/") for origin in value.split()]


def origin_allowed(origin: Optional[str], origins: List[str]) -> bool:
    # No Origin header: not a browser, and an Origin check protects only browsers' users.
    return origin is None or "*" in origins or origin.rstrip("/") in origins


class WidgetOutput(SocketIOOutput):
    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        event = {key: message[key] for key in _MESSAGE_KEYS if message.get(key)}
        if event:
            await self._send_message(recipient_id, event)


class WidgetInput(SocketIOInput):
    """Configured like Rasa's `socketio` channel, under this class's path in credentials.yml."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if (credentials or {}).get("jwt_key"):
            raise ValueError("channels.socketio.WidgetInput does not check JWTs: remove jwt_key")
        return super().from_credentials(credentials)

    def get_output_channel(self) -> Optional[WidgetOutput]:
        return WidgetOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # CORS headers stay with Sanic-Cors (see 1. above).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        self.sio = sio
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        origins = allowed_origins()
        addresses: Dict[Text, Optional[str]] = {}  # socket id -> client address, for its rate limit

        @blueprint.route("/", methods=["GET"])
        async def health(_: Any) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not origin_allowed(environ.get("HTTP_ORIGIN"), origins):
                return False
            request = environ.get("sanic.request")
            addresses[sid] = client_address(request) if request is not None else None
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            addresses.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                return  # not a message object: there is nothing to answer
            sender_id = data.get("session_id") if self.session_persistence else sid
            if not sender_id:
                return  # no session_request yet: the reply would have no room to go to
            metadata = data.get(self.metadata_key)
            metadata = metadata if isinstance(metadata, dict) else {}
            output = WidgetOutput(sio, self.bot_message_evt)
            text = data.get("message")
            refused = refusal(text if isinstance(text, str) else None, metadata.get("locale"))
            if refused:
                await output.send_text_message(sender_id, refused)
                return
            limited = await over_limit(self.name(), sender_id, addresses.get(sid))
            if limited is not None:
                if limited:
                    await output.send_text_message(sender_id, notice("rate_limited", metadata.get("locale")))
                return
            await on_new_message(UserMessage(text, output, sender_id, input_channel=self.name(), metadata=metadata))

        return blueprint
