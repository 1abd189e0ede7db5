"""Checks every channel makes on a request before a message reaches the assistant.

A body that is not UTF-8 JSON, or not a JSON object, is answered 400 with a
reason, instead of a 500 from deep inside a handler. Message text is capped at
MAX_MESSAGE_CHARS: no question needs more, and the NLU pipeline and the
encoder would spend seconds on 100 KB only to truncate it.

A messaging-app user whose message cannot be read is told so in the
conversation's language, or before it has one, in the channel's best guess.
"""
import json
from typing import Any, Dict, Optional

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.conversations import conversation_language
from channels.notices import notice

MAX_MESSAGE_CHARS = 5000


class BadRequest(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def response(self) -> HTTPResponse:
        return response.json({"error": self.reason}, status=self.status)


def json_object(body: bytes) -> Dict[str, Any]:
    """The request body as a JSON object, or BadRequest saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the request body is not valid UTF-8") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise BadRequest(400, "the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "the request body must be a JSON object")
    return data


def verified_json(body: bytes, authentic: bool, credential: str) -> Dict[str, Any]:
    """The body of a platform's webhook call: refused (403) unless it proved it came from the
    platform, then read as a JSON object (400 otherwise)."""
    if not authentic:
        raise BadRequest(403, f"bad or missing {credential}")
    return json_object(body)


def text_problem(text: Optional[str]) -> Optional[str]:
    """"empty", "too_long" or "not_unicode" when a message's text cannot be processed, else None."""
    if not text or not text.strip():
        return "empty"
    if len(text) > MAX_MESSAGE_CHARS:
        return "too_long"
    try:
        text.encode("utf-8")  # JSON escapes can smuggle in lone surrogates that break storage later
    except UnicodeEncodeError:
        return "not_unicode"
    return None


def refusal(text: Optional[str], language_hint: Optional[str]) -> Optional[str]:
    """What a messaging-app user is told when their message (None: not text) cannot be processed."""
    problem = "not_text" if text is None else text_problem(text)
    if problem == "too_long":
        return notice("too_long", language_hint, limit=MAX_MESSAGE_CHARS)
    return notice("not_text", language_hint) if problem else None  # also empty or not valid Unicode


async def refusal_for_sender(request: Request, sender: str, text: Optional[str],
                             guessed_language: Optional[str]) -> Optional[str]:
    """refusal() in the language of the conversation with ``sender``, else ``guessed_language``."""
    if text is not None and not text_problem(text):
        return None  # checked first: a readable message costs no tracker lookup
    return refusal(text, await conversation_language(request, sender) or guessed_language)
