"""Webhook deliveries: answered at once, processed in the background, each message once.

Telegram and WhatsApp wait for our 200 and resend a message whose webhook did
not answer in time, so a slow turn used to mean a second answer (and a second
handoff request). Now the webhook answers as soon as the message is read and
handed to a background task, and a resent message is recognised by its platform
id (Telegram's update_id, WhatsApp's message id) and dropped.

Ids are remembered for WEBHOOK_DEDUP_TTL seconds (default a day, longer than
either platform retries): in Redis in the production profile, shared by every
replica (SET NX EX is atomic, so two replicas given the same retry at once
still process it once), and in the process in the embedded one.
"""
import asyncio
import logging
import time
from collections import OrderedDict
from typing import Awaitable, Dict, Optional, Set

from deploy import settings
from deploy.redis_settings import key_prefix, redis_url

logger = logging.getLogger(__name__)

MAX_REMEMBERED_IN_PROCESS = 100_000


class SeenInProcess:
    """Ids with an expiry, oldest first, bounded in number."""

    def __init__(self, ttl: int) -> None:
        self.ttl = ttl
        self._expiry: "OrderedDict[str, float]" = OrderedDict()

    async def first_time(self, key: str) -> bool:
        now = time.monotonic()
        while self._expiry and (next(iter(self._expiry.values())) < now or
                                len(self._expiry) > MAX_REMEMBERED_IN_PROCESS):
            self._expiry.popitem(last=False)
        if key in self._expiry:
            return False
        self._expiry[key] = now + self.ttl
        return True


class SeenInRedis:
    def __init__(self, url: str, ttl: int, prefix: str) -> None:
        self.url, self.ttl, self.prefix = url, ttl, prefix
        self._clients: Dict[int, object] = {}

    def _client(self):
        import redis.asyncio

        loop = id(asyncio.get_running_loop())  # a connection pool belongs to one event loop
        if loop not in self._clients:
            self._clients[loop] = redis.asyncio.Redis.from_url(self.url, socket_timeout=2)
        return self._clients[loop]

    async def first_time(self, key: str) -> bool:
        try:
            return bool(await self._client().set(f"{self.prefix}:delivery:{key}", 1, nx=True, ex=self.ttl))
        except Exception:  # Redis down: a rare duplicate answer beats losing the message
            logger.warning("could not check delivery %s in Redis; processing it", key, exc_info=True)
            return True


_seen = None


def seen_store():
    global _seen
    if _seen is None:
        ttl = settings.integer("WEBHOOK_DEDUP_TTL")
        url = redis_url()
        _seen = SeenInRedis(url, ttl, key_prefix()) if url else SeenInProcess(ttl)
    return _seen


async def first_delivery(platform: str, message_id: Optional[str]) -> bool:
    """False for a message id already seen on this platform (a retry); True otherwise, remembering it."""
    if not message_id:
        return True  # nothing to recognise it by: process it
    return await seen_store().first_time(f"{platform}:{message_id}")


_running: Set[asyncio.Task] = set()


def in_background(work: Awaitable, what: str) -> asyncio.Task:
    """Run ``work`` after the webhook has answered; errors are logged, never lost silently."""
    async def logged() -> None:
        try:
            await work
        except Exception:
            logger.exception("%s failed", what)

    task = asyncio.get_running_loop().create_task(logged())
    _running.add(task)  # the loop keeps only weak references to tasks
    task.add_done_callback(_running.discard)
    return task


async def drain(timeout: float = 30.0) -> None:
    """Wait for the turns still running (a server shutting down finishes what it accepted)."""
    if _running:
        await asyncio.wait(set(_running), timeout=timeout)
