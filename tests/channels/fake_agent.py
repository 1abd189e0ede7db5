"""A Sanic request whose app holds a Rasa agent with just a tracker store of real trackers: enough for a
channel to read a conversation's language and the buttons the bot last offered."""
import asyncio
from types import SimpleNamespace

from rasa.shared.core.events import SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker


class FakeTrackerStore:
    """Conversations as events per sender; ``languages`` is shorthand for a SlotSet("language", ...)."""

    def __init__(self, languages=None, events=None, down=False):
        self.languages, self.events, self.down = languages or {}, events or {}, down
        self.retrieved = []

    async def retrieve(self, sender):
        self.retrieved.append(sender)
        if self.down:
            raise ConnectionError("tracker store unreachable")
        if sender not in self.languages and sender not in self.events:
            return None
        events = list(self.events.get(sender, []))
        if sender in self.languages:
            events.append(SlotSet("language", self.languages[sender]))
        return DialogueStateTracker.from_events(sender, events, slots=[TextSlot("language", mappings=[])])


def request_with(tracker_store):
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=tracker_store))))


async def never_called(_message):
    raise AssertionError("a refused message reached the assistant")


def passed_on(channel, request, message):
    """The text a channel's handle() passes on to the assistant for ``message``."""
    received = []

    async def on_new_message(user_message):
        received.append(user_message.text)

    asyncio.run(channel.handle(request, message, on_new_message))
    [text] = received
    return text
