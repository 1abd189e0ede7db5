import asyncio
import uuid

import pytest

from channels import rate_limits
from channels.rate_limits import RateLimits

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory://", REDIS])
def storage(request):
    return request.param


def allowed(limits, sender, address=None, channel="rest"):
    return asyncio.run(limits.allow(sender, address, channel))


def test_a_sender_over_its_limit_is_refused_and_others_go_on(storage):
    limits = RateLimits(storage, "3/minute", "100/minute", prefix=uuid.uuid4().hex)
    assert [allowed(limits, "ana") for _ in range(4)] == [True, True, True, False]
    assert allowed(limits, "ben")
    assert allowed(limits, "ana", channel="telegram")  # a Telegram chat "ana" is another conversation


def test_one_address_cannot_flood_with_new_senders(storage):
    limits = RateLimits(storage, "100/minute", "3/minute", prefix=uuid.uuid4().hex)
    assert [allowed(limits, f"sender-{n}", "203.0.113.7") for n in range(4)] == [True, True, True, False]
    assert allowed(limits, "sender-9", "203.0.113.8")


def test_replicas_share_the_counters_in_redis():
    prefix = uuid.uuid4().hex
    first, second = (RateLimits(REDIS, "2/minute", "100/minute", prefix=prefix) for _ in range(2))
    assert allowed(first, "ana") and allowed(second, "ana")
    assert not allowed(first, "ana") and not allowed(second, "ana")


def test_redis_down_lets_messages_through():
    limits = RateLimits("redis://127.0.0.1:1/0", "1/minute", "1/minute")
    assert allowed(limits, "ana") and allowed(limits, "ana")


def test_the_user_is_told_once_a_minute_not_at_every_refused_message(monkeypatch):
    limits = RateLimits("memory://", "1/minute", "100/minute", prefix=uuid.uuid4().hex)
    monkeypatch.setattr(rate_limits, "rate_limits", lambda: limits)

    async def three():
        return [await rate_limits.over_limit("rest", "ana") for _ in range(3)]

    assert asyncio.run(three()) == [None, True, False]


def test_x_real_ip_is_believed_only_behind_the_proxy_that_sets_it(monkeypatch):
    from types import SimpleNamespace

    request = SimpleNamespace(headers={"X-Real-IP": "198.51.100.4"}, ip="127.0.0.1")
    monkeypatch.delenv("TRUST_X_REAL_IP", raising=False)
    assert rate_limits.client_address(request) == "127.0.0.1"  # anyone can write that header
    monkeypatch.setenv("TRUST_X_REAL_IP", "1")
    assert rate_limits.client_address(request) == "198.51.100.4"
