"""The production lock store against the real Redis: two replicas never hold one conversation at once."""
import asyncio
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from rasa.utils.endpoints import EndpointConfig

from deploy.lock_store import AtomicRedisLockStore


def replicas(count=2):
    """Lock stores as separate Rasa processes would have them: each its own Redis connection."""
    prefix = f"t{uuid.uuid4().hex[:12]}"
    config = EndpointConfig(url="127.0.0.1", type="deploy.lock_store.AtomicRedisLockStore", port=6379, db=0,
                            key_prefix=prefix)
    return [AtomicRedisLockStore(endpoint_config=config) for _ in range(count)]


def test_tickets_issued_at_once_by_two_replicas_are_all_different():
    stores = replicas()
    with ThreadPoolExecutor(16) as pool:
        tickets = list(pool.map(lambda n: stores[n % 2].issue_ticket("conversation"), range(32)))
    assert sorted(tickets) == list(range(32))


def test_two_replicas_never_serve_one_conversation_at_the_same_time():
    stores, inside, overlaps = replicas(), [0], []
    guard = threading.Lock()

    def turn(n: int) -> None:
        async def run() -> None:
            async with stores[n % 2].lock("conversation", wait_time_in_seconds=0.01):
                with guard:
                    inside[0] += 1
                    overlaps.append(inside[0])
                await asyncio.sleep(0.02)
                with guard:
                    inside[0] -= 1

        asyncio.run(run())

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(turn, range(16)))
    assert len(overlaps) == 16 and max(overlaps) == 1
    assert stores[0].get_lock("conversation") is None  # the last one out removed the lock
