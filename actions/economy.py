"""The conversation's economy (the `economy` slot), and the institutions of it that an answer points to.

The slot changes whenever the user says where they are ("I moved to Chile")
and, while it is empty, takes a channel's hint (a web locale with a region, a
WhatsApp number's calling code): knowledge/economy_detection.py. An answer whose
guide says "ask your national ..." is followed by that economy's institutions
for it, named as they name themselves, with their websites
(knowledge/economies.py: ARTICLE_ROLES, the directory).
"""
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from knowledge.economies import ARTICLE_ROLES, Economy, Institution, load_directory
from knowledge.economy_detection import economy_of_locale, economy_of_number, mentioned_economy

# Loaded once, when the action server starts.
DIRECTORY, _problems = load_directory()
MAX_INSTITUTIONS = 4


def conversation_economy(tracker: Tracker) -> Tuple[Optional[str], List[Dict[str, Any]]]:
    """The economy to answer for, and the events that keep it in the slot."""
    current = tracker.get_slot("economy")
    said = mentioned_economy((tracker.latest_message or {}).get("text"))
    if said:
        return said, ([] if said == current else [SlotSet("economy", said)])
    if current:
        return current, []
    user = tracker.get_last_event_for("user") or {}
    hint = economy_of_locale(user.get("metadata"))
    if not hint and tracker.get_latest_input_channel() == "whatsapp":
        hint = economy_of_number(tracker.sender_id)
    return hint, ([SlotSet("economy", hint)] if hint else [])


def institutions_for(article_id: str, code: Optional[str]) -> List[Institution]:
    """The institutions of economy ``code`` that the guide ``article_id`` sends a reader to."""
    economy: Optional[Economy] = DIRECTORY.get(code) if code else None
    if economy is None:
        return []
    found = [institution for role in ARTICLE_ROLES.get(article_id, []) for institution in economy.by_role(role)]
    return found[:MAX_INSTITUTIONS]


def listed(institutions: List[Institution], language: str) -> str:
    """One line per institution, its own name kept; the directory's how-to (written in English) for English
    readers."""
    lines = []
    for institution in institutions:
        own = f" ({institution.local_name})" if institution.local_name and \
            institution.local_name not in institution.name else ""
        lines.append(f"• {institution.name}{own}: {institution.url}")
        if language == "en" and institution.how:
            lines.append(f"  {institution.how}")
    return "\n".join(lines)


def payload(institutions: List[Institution], code: str) -> List[Dict[str, str]]:
    return [{"economy": code, "role": i.role, "name": i.name, "local_name": i.local_name or "", "url": i.url,
             "source": i.source} for i in institutions]
