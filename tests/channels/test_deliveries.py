import asyncio
import logging
import uuid

from channels.deliveries import SeenInProcess, SeenInRedis, drain, in_background


def test_an_id_is_new_once_then_forgotten_after_its_ttl():
    seen = SeenInProcess(ttl=0)

    async def run():
        return [await seen.first_time("telegram:1"), await seen.first_time("telegram:1")]

    assert asyncio.run(run()) == [True, True]  # ttl 0: remembered for no time at all
    seen = SeenInProcess(ttl=60)

    async def again():
        return [await seen.first_time("telegram:1"), await seen.first_time("telegram:1"),
                await seen.first_time("telegram:2")]

    assert asyncio.run(again()) == [True, False, True]


def test_two_replicas_given_the_same_retry_at_once_process_it_once():
    prefix = uuid.uuid4().hex
    replicas = [SeenInRedis("redis://127.0.0.1:6379/0", 60, prefix) for _ in range(2)]

    async def both():
        return await asyncio.gather(*(replica.first_time("whatsapp:wamid.1") for replica in replicas for _ in range(5)))

    assert sorted(asyncio.run(both())) == [False] * 9 + [True]


def test_redis_down_processes_the_message():
    async def check():
        return await SeenInRedis("redis://127.0.0.1:1/0", 60, "x").first_time("telegram:1")

    assert asyncio.run(check()) is True


def test_a_background_turn_that_fails_is_logged(caplog):
    async def failing():
        raise ValueError("boom")

    async def run():
        in_background(failing(), "Telegram chat 42")
        await drain()

    with caplog.at_level(logging.ERROR):
        asyncio.run(run())
    assert any("Telegram chat 42 failed" in record.getMessage() for record in caplog.records)
