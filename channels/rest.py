"""Rasa's REST channel, with the request checked before the assistant sees it.

Rasa's own RestInput answers 500 to a JSON body that is not an object, files
a message without a sender under the shared "default" conversation, and
passes any text on. This one answers, with a reason in {"error": ...}:
  400  body not UTF-8 JSON object; sender missing or empty; message missing,
       not a string, empty or not valid Unicode; metadata not an object
  413  message longer than channels.inbound.MAX_MESSAGE_CHARS (5,000)
  429  too many messages from this sender or client address (channels/rate_limits.py),
       with the usual list of bot messages holding a polite notice, and Retry-After
It keeps the name "rest", so the URL stays /webhooks/rest/webhook.
"""
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.conversations import conversation_language
from channels.inbound import MAX_MESSAGE_CHARS, BadRequest, json_object, text_problem
from channels.notices import notice
from channels.rate_limits import client_address, over_limit

MAX_SENDER_CHARS = 256


def checked_request(body: bytes) -> Dict[str, Any]:
    """The request as a JSON object whose sender, message and metadata are usable, else BadRequest."""
    data = json_object(body)
    sender = data.get("sender")
    if not isinstance(sender, (str, int)) or isinstance(sender, bool) or not str(sender).strip():
        raise BadRequest(400, "sender is required: a non-empty string that names the conversation")
    if len(str(sender)) > MAX_SENDER_CHARS:
        raise BadRequest(400, f"sender is too long: at most {MAX_SENDER_CHARS} characters")
    message = data.get("message")
    if not isinstance(message, str):
        raise BadRequest(400, "message is required: a string")
    problem = text_problem(message)
    if problem == "empty":
        raise BadRequest(400, "message is empty")
    if problem == "too_long":
        raise BadRequest(413, f"message is too long: {len(message)} characters, the limit is {MAX_MESSAGE_CHARS}")
    if problem == "not_unicode":
        raise BadRequest(400, "message is not valid Unicode")
    if data.get("metadata") is not None and not isinstance(data["metadata"], dict):
        raise BadRequest(400, "metadata must be a JSON object")
    return data


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def check(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            try:
                # The handlers read request.json: give them the body as checked here.
                request.parsed_json = data = checked_request(request.body)
            except BadRequest as error:
                return error.response()
            sender = str(data["sender"])
            if await over_limit(self.name(), sender, client_address(request)) is not None:
                language = (data.get("metadata") or {}).get("locale") or await conversation_language(request, sender)
                return response.json([{"recipient_id": sender, "text": notice("rate_limited", language)}],
                                     status=429, headers={"Retry-After": "60"})
            return None

        return blueprint
