"""Slack connector: Rasa's SlackInput (it verifies Slack's signing secret), configured from the environment.

Environment: SLACK_TOKEN (the bot token, xoxb-...), SLACK_SIGNING_SECRET and
optionally SLACK_API_URL (default https://slack.com/api/). Non-secret options
of Rasa's Slack channel (slack_channel, use_threads, conversation_granularity...)
may still be set under this channel in credentials.yml.

Replies are mrkdwn section blocks of at most 3,000 characters each (Slack's
limit per text block), buttons an actions block, citations short links.
Rasa's channel already answers Slack at once and runs the turn in the
background; here an event Slack resends (same event_id) is dropped, and a
sender over the rate limit is told so once a minute instead of answered.
"""
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import response
from sanic.request import Request
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from channels.deliveries import first_delivery
from channels.formatting import split_text, with_citations
from channels.notices import notice
from channels.rate_limits import over_limit
from channels.settings import DisabledChannel, part_limit, read_settings

MAX_BLOCK_TEXT = 3000
MAX_BUTTONS = 25  # per actions block


def mrkdwn_escape(text: str) -> str:
    """Slack reads <, > and & as markup: https://api.slack.com/reference/surfaces/formatting#escaping"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackOutput(SlackBot):
    def __init__(self, token: str, slack_channel: Optional[str], thread_id: Optional[str], proxy: Optional[str],
                 api_url: str) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        # Retried with backoff on connection errors, 429 (after Retry-After) and 5xx, as channels/http.py does.
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url, retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2), AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2)])
        self.max_text = part_limit(MAX_BLOCK_TEXT)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        text = with_citations(message.get("text"), message.get("custom"))
        buttons = (message.get("buttons") or message.get("quick_replies") or [])[:MAX_BUTTONS]
        parts = split_text(mrkdwn_escape(text), self.max_text)
        if not parts:
            return
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in parts]
        if buttons:
            blocks.append({"type": "actions", "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": str(b.get("title", ""))[:75]},
                 "value": str(b.get("payload", ""))} for b in buttons]})
        # `text` is what notifications and screen readers show.
        await self._post_message(channel=self.slack_channel or recipient_id, text=parts[0], blocks=blocks)


class SlackInput(RasaSlackInput):
    api_url = "https://slack.com/api/"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        settings = read_settings("Slack", ["SLACK_TOKEN", "SLACK_SIGNING_SECRET"],
                                 {"SLACK_API_URL": "https://slack.com/api/"})
        if settings is None:
            return DisabledChannel(cls.name())
        options = {"slack_retry_reason_header": "x-slack-retry-reason",  # Rasa's defaults, as its from_credentials
                   "slack_retry_number_header": "x-slack-retry-num"}
        options.update((key, value) for key, value in (credentials or {}).items()
                       if key not in ("slack_token", "slack_signing_secret"))  # secrets only from the environment
        channel = cls(settings["SLACK_TOKEN"], slack_signing_secret=settings["SLACK_SIGNING_SECRET"], **options)
        channel.api_url = settings["SLACK_API_URL"]
        return channel

    def get_output_channel(self, channel: Optional[str] = None, thread_id: Optional[str] = None) -> OutputChannel:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)

    async def process_message(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                              text: str, sender_id: Optional[str], metadata: Optional[Dict]) -> Any:
        event_id = (request.json or {}).get("event_id") if isinstance(request.json, dict) else None
        if not await first_delivery(self.name(), event_id):
            return response.text("")  # Slack resending an event we have
        limited = await over_limit(self.name(), sender_id)
        if limited is not None:
            if limited:
                out_channel = (metadata or {}).get("out_channel")
                await self.get_output_channel(out_channel).send_text_message(sender_id, notice("rate_limited"))
            return response.text("")
        return await super().process_message(request, on_new_message, text, sender_id, metadata)
