"""Outgoing platform calls against a real local HTTP server that answers as a busy platform would."""
import asyncio

import pytest
from aiohttp import web

from channels import http


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(http, "BACKOFF_SECONDS", 0.01)


def calls_until_done(answers):
    """POST once through post_json to a server that gives `answers` in turn; (result, calls seen)."""
    seen = []

    async def handler(request):
        seen.append(await request.json())
        status, body, headers = answers[min(len(seen), len(answers)) - 1]
        return web.json_response(body, status=status, headers=headers)

    async def run():
        app = web.Application()
        app.router.add_post("/send", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        try:
            return await http.post_json(f"http://127.0.0.1:{port}/send", {"text": "hi"})
        finally:
            await runner.cleanup()

    return asyncio.run(run()), len(seen)


def test_a_5xx_then_success_is_retried():
    assert calls_until_done([(503, {}, {}), (502, {}, {}), (200, {"ok": True}, {})]) == ({"ok": True}, 3)


def test_telegrams_429_waits_what_it_asks_then_succeeds():
    answer = {"ok": False, "error_code": 429, "parameters": {"retry_after": 0.05}}
    assert calls_until_done([(429, answer, {}), (200, {"ok": True}, {})]) == ({"ok": True}, 2)


def test_a_retry_after_header_is_honoured():
    assert calls_until_done([(429, {}, {"Retry-After": "0"}), (200, {"ok": True}, {})]) == ({"ok": True}, 2)


def test_a_client_error_is_not_retried():
    assert calls_until_done([(400, {"ok": False}, {}), (200, {"ok": True}, {})]) == (None, 1)


def test_a_platform_that_stays_down_gets_a_bounded_number_of_attempts():
    assert calls_until_done([(500, {}, {})]) == (None, http.ATTEMPTS)
