"""Slack connector: Rasa's SlackInput (it verifies Slack's signing secret), configured from the environment.

Environment: SLACK_TOKEN (the bot token, xoxb-...), SLACK_SIGNING_SECRET and
optionally SLACK_API_URL (default https://slack.com/api/). Non-secret options
of Rasa's Slack channel (slack_channel, use_threads, conversation_granularity...)
may still be set under this channel in credentials.yml.

Replies are mrkdwn section blocks of at most 3,000 characters each (Slack's
limit per text block), buttons an actions block, citations short links.
"""
from typing import Any, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from slack_sdk.web.async_client import AsyncWebClient

from channels.formatting import split_text, with_citations
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
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)
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
