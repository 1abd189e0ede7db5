"""Rate limits per conversation (sender) and per client address, with the `limits` library.

A moving window per key: RATE_LIMIT_PER_SENDER (default 20/minute) and
RATE_LIMIT_PER_ADDRESS (default 60/minute, for REST and the chat page; a
messaging app's webhooks all come from the platform's addresses, so there
only the sender counts). Counters live in Redis in the production profile, so
every replica sees the same ones, and in the process in the embedded one.

`limits` is pinned at 2.4.0, its newest release that accepts the packaging<21
which Rasa 3.6 pins; its synchronous Redis storage (redis-py) runs off the
event loop.
"""
import asyncio
import logging
import time
from functools import lru_cache
from typing import Optional

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from deploy import settings
from deploy.redis_settings import key_prefix, redis_url

logger = logging.getLogger(__name__)


class RateLimits:
    def __init__(self, storage_uri: str, per_sender: str, per_address: str, prefix: str = "msme") -> None:
        self.storage = storage_from_string(storage_uri)  # the limiter holds only a weak reference to it
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_sender = parse(per_sender)
        self.per_address = parse(per_address)
        self.prefix = prefix
        self.in_process = storage_uri.startswith("memory://")

    def _hit(self, sender: Optional[str], address: Optional[str], channel: str) -> bool:
        # The address first: a flood from one address must not use up its senders' allowance.
        if address and not self.limiter.hit(self.per_address, self.prefix, "address", address):
            return False
        return not sender or self.limiter.hit(self.per_sender, self.prefix, "sender", channel, sender)

    async def allow(self, sender: Optional[str], address: Optional[str] = None, channel: str = "rest") -> bool:
        """True when this message may go on; counts it."""
        try:
            if self.in_process:
                return self._hit(sender, address, channel)
            return await asyncio.to_thread(self._hit, sender, address, channel)
        except Exception:  # Redis down: serve the message rather than refuse everyone
            logger.warning("rate limit check failed; letting the message through", exc_info=True)
            return True


@lru_cache(maxsize=None)
def _limits_for(storage_uri: str, per_sender: str, per_address: str, prefix: str) -> RateLimits:
    return RateLimits(storage_uri, per_sender, per_address, prefix)


def rate_limits() -> RateLimits:
    """This process's limits, from the environment (one storage connection per process)."""
    return _limits_for(redis_url() or "memory://", settings.value("RATE_LIMIT_PER_SENDER"),
                       settings.value("RATE_LIMIT_PER_ADDRESS"), key_prefix())


def client_address(request) -> Optional[str]:
    """The client's address: nginx's X-Real-IP when Rasa sits behind it (production), else the peer."""
    if settings.value("TRUST_X_REAL_IP") == "1":
        forwarded = request.headers.get("X-Real-IP", "").strip()
        if forwarded:
            return forwarded
    return request.ip or None


async def over_limit(channel: str, sender: Optional[str], address: Optional[str] = None) -> Optional[bool]:
    """None when the message may go on. Otherwise whether to tell the user (True once a minute per
    sender: a notice for every refused message would flood the chat it is meant to calm)."""
    if await rate_limits().allow(sender, address, channel):
        return None
    from channels.deliveries import first_delivery  # the same once-only memory as webhook retries

    logger.info("rate limit: %s message from %s (%s) refused", channel, sender, address)
    return await first_delivery("rate-limit-notice", f"{channel}:{sender or address}:{int(time.time() // 60)}")
