"""A Sanic request whose app holds a Rasa agent with just a tracker store: enough for a channel to read
the language of a conversation."""
from types import SimpleNamespace


class FakeTrackerStore:
    def __init__(self, languages=None, down=False):
        self.languages, self.down = languages or {}, down

    async def retrieve(self, sender):
        if self.down:
            raise ConnectionError("tracker store unreachable")
        if sender not in self.languages:
            return None
        return SimpleNamespace(get_slot=lambda name: self.languages[sender] if name == "language" else None)


def request_with(tracker_store):
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=tracker_store))))


async def never_called(_message):
    raise AssertionError("a refused message reached the assistant")
