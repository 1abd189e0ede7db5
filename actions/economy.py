"""The conversation's economy (the `economy` slot), and the institutions of it that an answer points to.

The slot changes whenever the user says where they are ("I moved to Chile")
and, while it is empty, takes a channel's hint (a web locale with a region, a
WhatsApp number's calling code): knowledge/economy_detection.py. An answer whose
guide says "ask your national ..." is followed by that economy's institutions
for it, named as they name themselves, with their websites
(knowledge/economies.py: ARTICLE_ROLES, the directory), and so is a question
that names a kind of office (knowledge/role_detection.py). While the economy
is unknown, such an answer asks "which economy are you in?" once per
conversation; the reply (action_set_economy) names the offices for the
question just asked.
"""
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import keep_followup
from knowledge.economies import APEC_ECONOMIES, ARTICLE_ROLES, Economy, Institution, load_directory
from knowledge.economy_detection import economy_after, economy_name, named_economy
from knowledge.role_detection import roles_asked

# Loaded once, when the action server starts.
DIRECTORY, _problems = load_directory()
MAX_INSTITUTIONS = 4


def conversation_economy(tracker: Tracker) -> Tuple[Optional[str], List[Dict[str, Any]]]:
    """The economy to answer for, and the events that keep it in the slot. The Rasa process has usually set
    it already (components/language_policy.py); this is the same rule, for trackers that come without it."""
    current = tracker.get_slot("economy")
    user = tracker.get_last_event_for("user") or {}
    economy = economy_after(current, (tracker.latest_message or {}).get("text"), user.get("metadata"),
                            tracker.get_latest_input_channel(), tracker.sender_id)
    return economy, ([SlotSet("economy", economy)] if economy and economy != current else [])


def roles_for(guide: Optional[str], text: Optional[str]) -> List[str]:
    """The kinds of office to name: those the message asks about ("where do I file a trademark?"), then those
    the answering guide sends its reader to."""
    asked = roles_asked(text)
    return asked + [role for role in ARTICLE_ROLES.get(guide or "", []) if role not in asked]


def institutions_for(roles: List[str], code: Optional[str]) -> List[Institution]:
    """The institutions of economy ``code`` in those roles."""
    economy: Optional[Economy] = DIRECTORY.get(code) if code else None
    if economy is None:
        return []
    found = [institution for role in roles for institution in economy.by_role(role)]
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


def needs_economy(roles: List[str], code: Optional[str], tracker: Tracker) -> bool:
    """Whether to ask where the user is: the answer would name offices, the economy is unknown, and we have
    not asked in this conversation."""
    return bool(roles) and not code and not tracker.get_slot("economy_asked")


def point_to_institutions(dispatcher: CollectingDispatcher, institutions: List[Institution], code: str,
                          language: str) -> None:
    dispatcher.utter_message(response="utter_where_to_go", economy=economy_name(code, language),
                             institutions=listed(institutions, language),
                             json_message={"institutions": payload(institutions, code), "language": language})


def economy_in_message(tracker: Tracker) -> Optional[str]:
    """The economy a reply to "which economy are you in?" names: a button's entity, or a place in the text."""
    message = tracker.latest_message or {}
    for entity in message.get("entities") or []:
        if entity.get("entity") == "economy" and str(entity.get("value", "")).upper() in APEC_ECONOMIES:
            return str(entity["value"]).upper()
    return named_economy(message.get("text"))


class ActionSetEconomy(Action):
    """The user says where they are ("I moved to Chile", "Surabaya", a button): keep it, and name that
    economy's offices for the question they just asked."""

    def name(self) -> Text:
        return "action_set_economy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = tracker.get_slot("language") or "en"
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        if not text.startswith("/"):  # "what I wanted was the list for Banco de la Nación in Peru", after a 👎
            await keep_followup(dispatcher, tracker, text)
        code = economy_in_message(tracker)
        if code is None:
            dispatcher.utter_message(response="utter_economy_unknown")
            return []
        dispatcher.utter_message(response="utter_economy_noted", economy=economy_name(code, language))
        institutions = institutions_for(tracker.get_slot("last_roles") or [], code)
        if institutions:
            point_to_institutions(dispatcher, institutions, code, language)
        return [SlotSet("economy", code), SlotSet("economy_asked", True)]
