"""Buttons a platform cannot show become numbered options, and "2" maps back to the second payload.

The options offered to each sender are kept until that sender's next message,
so a "2" typed later, after another topic, never picks a stale option. They
are kept in this process's memory only: a restart or a second Rasa worker
forgets them, and "2" is then read as plain text.
"""
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Sequence

Button = Dict[str, Any]


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


class OptionMemory:
    """The last options offered to each sender; the oldest senders are forgotten past `capacity`."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._options: "OrderedDict[str, List[Button]]" = OrderedDict()

    def remember(self, sender: str, buttons: Sequence[Button]) -> None:
        self._options.pop(sender, None)
        self._options[sender] = list(buttons)
        while len(self._options) > self.capacity:
            self._options.popitem(last=False)

    def resolve(self, sender: str, text: str) -> str:
        """The payload `text` picks from the options last offered to `sender`, else `text` itself."""
        offered = self._options.pop(sender, [])
        return chosen_payload(text, offered) or text
