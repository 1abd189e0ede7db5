"""A channel's secrets come from environment variables; without them the channel stands down.

Rasa's `${VAR}` substitution in credentials.yml raises when a variable is unset,
which would stop the whole server because one messaging app is not set up.
So connectors read their variables here, and a channel missing any of them
is replaced by a DisabledChannel that answers 503 on its webhook.
"""
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Sequence

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def read_settings(label: str, required: Sequence[str],
                  optional: Optional[Dict[str, str]] = None) -> Optional[Dict[str, str]]:
    """The channel's variables, or None (logged once, naming what to set) when a required one is unset."""
    missing = [name for name in required if not os.environ.get(name, "").strip()]
    if missing:
        names = f"{', '.join(missing[:-1])} and {missing[-1]}" if len(missing) > 1 else missing[0]
        logger.warning("%s channel disabled: set %s", label, names)
        return None
    settings = {name: os.environ[name].strip() for name in required}
    for name, default in (optional or {}).items():
        settings[name] = os.environ.get(name, "").strip() or default
    return settings


def part_limit(platform_limit: int) -> int:
    """Longest reply part: the platform's limit, or less when MESSAGING_MAX_CHARS asks for shorter bubbles."""
    wanted = os.environ.get("MESSAGING_MAX_CHARS", "").strip()
    if not wanted.isdigit() or int(wanted) < 100:
        if wanted:
            logger.warning("MESSAGING_MAX_CHARS=%r ignored: it must be a number of at least 100", wanted)
        return platform_limit
    return min(int(wanted), platform_limit)


class DisabledChannel(InputChannel):
    """Keeps a channel's webhook URL answering "not configured" instead of 404 or a crash."""

    def __init__(self, channel_name: str) -> None:
        self.channel_name = channel_name

    def url_prefix(self) -> str:
        return self.channel_name

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint(f"{self.channel_name}_disabled", __name__)

        async def not_configured(_: Request) -> HTTPResponse:
            return response.json({"error": "channel not configured"}, status=503)

        blueprint.add_route(not_configured, "/", methods=["GET"], name="health")
        blueprint.add_route(not_configured, "/webhook", methods=["GET", "POST"], name="webhook")
        return blueprint
