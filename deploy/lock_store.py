"""Rasa's Redis lock store, made safe for several Rasa processes.

Rasa 3.6's RedisLockStore keeps each conversation's ticket lock as one JSON
value and changes it by read-modify-write (issue a ticket, drop expired ones,
finish serving). Two replicas receiving messages of one conversation at the
same moment can both read the lock, both issue ticket 0 and both process at
once: seen here as a user message missing from the tracker after 6
concurrent messages over two replicas (about one run in three). Rasa's fix
(a "concurrent" Redis lock store) was reverted from Rasa Open Source
(RasaHQ/rasa#11428; the race: RasaHQ/rasa#9213).

Here every change to a conversation's lock happens under a short Redis mutex
(redis-py's Lock: SET NX PX to take it, a Lua script to release only our own),
so each change is atomic across processes (endpoints.production.yml names
this class as the lock store's type).
"""
from typing import Optional

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 10  # far longer than a read-modify-write of one small JSON value


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs) -> None:
        if endpoint_config is not None:  # as Rasa builds a lock store named by its module path
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                             blocking_timeout=MUTEX_SECONDS)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):  # finish serving, then delete the lock if no one waits: one step
            super().cleanup(conversation_id, ticket_number)
