"""A channel without its variables still owns its webhook URL, and answers 503 there."""
import asyncio
import itertools

import aiohttp
from rasa.core.channels.channel import register
from sanic import Sanic

from channels.slack import SlackInput
from channels.telegram import TelegramInput
from channels.whatsapp import WhatsAppInput
from tests.e2e.servers import free_port

_apps = itertools.count()
VARIABLES = ["TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET",
             "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "SLACK_TOKEN", "SLACK_SIGNING_SECRET"]


async def statuses(channels, requests):
    """Serve `channels` the way `rasa run` does (under /webhooks/) and make `requests`."""
    app = Sanic(f"disabled_channels_{next(_apps)}")
    register(channels, app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        async with aiohttp.ClientSession() as session:
            found = []
            for method, path in requests:
                async with session.request(method, f"http://127.0.0.1:{port}{path}", data=b"{}") as answer:
                    found.append((answer.status, await answer.json()))
            return found
    finally:
        server.close()
        await server.wait_closed()


def test_every_messaging_channel_without_its_variables_answers_503(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    channels = [TelegramInput.from_credentials(None), WhatsAppInput.from_credentials(None),
                SlackInput.from_credentials({"use_threads": True})]
    requests = [("POST", "/webhooks/telegram/webhook"), ("GET", "/webhooks/whatsapp/webhook"),
                ("POST", "/webhooks/whatsapp/webhook"), ("POST", "/webhooks/slack/webhook")]
    assert asyncio.run(statuses(channels, requests)) == [(503, {"error": "channel not configured"})] * 4
