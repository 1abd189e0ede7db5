"""What a channel may read of a sender's conversation before passing a message on.

The conversation lives in the Rasa agent's tracker store, so what is read from
it lasts exactly as long as the conversation: across restarts and shared by
several Rasa workers when the tracker store is (SQL, Redis...), forgotten with
it when it is the default in-memory one.
"""
import logging
from typing import Any, Dict, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic.request import Request

logger = logging.getLogger(__name__)


async def conversation(request: Request, sender: str) -> Optional[DialogueStateTracker]:
    """The conversation with ``sender`` so far; None before it begins or when it cannot be read."""
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return None
    try:
        return await agent.tracker_store.retrieve(sender)
    except Exception:  # a tracker store that is down must not stop the message itself
        logger.warning("could not read the conversation of %s", sender, exc_info=True)
        return None


async def conversation_language(request: Request, sender: str) -> Optional[str]:
    """The conversation's language (its ``language`` slot), once it has one."""
    tracker = await conversation(request, sender)
    return tracker.get_slot("language") if tracker else None


def offered_buttons(tracker: Optional[DialogueStateTracker]) -> List[Dict[str, Any]]:
    """The buttons of the bot's latest message with any, if the user has not spoken since."""
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            return []
        buttons = isinstance(event, BotUttered) and (event.data.get("buttons") or event.data.get("quick_replies"))
        if buttons:
            return list(buttons)
    return []
