"""Buttons a platform cannot show become numbered options, and "2" maps back to the second payload.

The options are read back from the conversation itself (the buttons of the
bot's latest message), and only for the user's next message, so a "2" typed
later, after another topic, never picks a stale option. Being part of the
conversation, they survive a restart (the tracker store is SQLite) and are
shared by every Rasa worker that shares the tracker store.
"""
from typing import Any, Dict, Optional, Sequence

from sanic.request import Request

from channels.conversations import conversation, offered_buttons

Button = Dict[str, Any]
# Longer than any button title: a longer message is a question, and costs no lookup.
MAX_CHOICE_CHARS = 80


def numbered_options(buttons: Sequence[Button]) -> str:
    """ "1. Finance\\n2. Going digital\\n..." """
    return "\n".join(f"{number}. {button.get('title', '')}" for number, button in enumerate(buttons, 1))


def chosen_payload(text: str, buttons: Sequence[Button]) -> Optional[str]:
    """The payload of the option the user picked by number ("2", "2.") or by its exact title."""
    choice = text.strip().rstrip(".").strip()
    if choice.isdigit() and 1 <= int(choice) <= len(buttons):
        return buttons[int(choice) - 1].get("payload")
    for button in buttons:
        if choice.casefold() == str(button.get("title", "")).strip().casefold():
            return button.get("payload")
    return None


async def resolve_choice(request: Request, sender: str, text: str) -> str:
    """The payload `text` picks from the options the bot just offered `sender`, else `text` itself."""
    if len(text) > MAX_CHOICE_CHARS:
        return text
    return chosen_payload(text, offered_buttons(await conversation(request, sender))) or text
