"""Hand a conversation to a human advisor: collect a contact, record the request durably.

Requests go to the handoff store (actions/handoff_store.py: SQLite in the
embedded profile, PostgreSQL in production), committed before the user is told
the request number, so a request survives an action-server restart or crash.
When the database cannot be written (disk full, permissions, PostgreSQL down),
the user is told to try again and the whole request goes to the error log,
from which an operator can still act on it.
"""
import asyncio
import json
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.handoff_store import HandoffStore

logger = logging.getLogger(__name__)

QUESTION_INTENTS = {"finance_access", "digital_transformation", "export_readiness", "apec_cooperation",
                    "nlu_fallback", "out_of_scope"}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")
_PHONE_CHARS = re.compile(r"[\s\-().]")


def normalise_contact(value: Any) -> Optional[str]:
    """An email address or a phone number in a standard form, or None if it is neither."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _EMAIL.match(value) and len(value) <= 254:
        return value.lower()
    phone = _PHONE_CHARS.sub("", value)
    if re.fullmatch(r"\+?\d{7,15}", phone):
        return phone
    return None


def last_question(tracker: Tracker) -> Optional[str]:
    """The user's latest real question before asking for an advisor, to give the advisor context.

    Messages after the request are the contact details the form collected, not questions.
    """
    messages = [event for event in tracker.events if event.get("event") == "user"]
    intents = [((event.get("parse_data") or {}).get("intent") or {}).get("name") for event in messages]
    if "human_handoff" in intents:
        cut = len(intents) - 1 - intents[::-1].index("human_handoff")
        messages, intents = messages[:cut], intents[:cut]
    for event, intent in zip(reversed(messages), reversed(intents), strict=True):
        text = (event.get("text") or "").strip()
        if intent in QUESTION_INTENTS and text and not text.startswith("/"):
            return text[:2000]
    return None


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_form"

    def validate_contact_method(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        contact = normalise_contact(value)
        if contact is None:
            dispatcher.utter_message(response="utter_invalid_contact")
        return {"contact_method": contact}


class ActionRecordHandoff(Action):
    def name(self) -> Text:
        return "action_record_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        contact = tracker.get_slot("contact_method")
        # The self-assessment finished in this conversation, if any: the advisor sees its result.
        request = dict(sender_id=tracker.sender_id, contact=contact, language=tracker.get_slot("language"),
                       question=last_question(tracker), channel=tracker.get_latest_input_channel(),
                       assessment_result=tracker.get_slot("assessment_result_id"))
        try:
            # Off the event loop: a database round trip must not hold up other conversations.
            reference = await asyncio.to_thread(HandoffStore.for_url().record, **request)
        except (SQLAlchemyError, OSError) as error:
            logger.error("Could not record a handoff request (%s); record it by hand: %s",
                         error, json.dumps(request, ensure_ascii=False))
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet("contact_method", None)]
        dispatcher.utter_message(response="utter_handoff_recorded", contact_method=contact, handoff_id=reference)
        return [SlotSet("handoff_id", reference), SlotSet("contact_method", None)]


class ActionCancelHandoff(Action):
    def name(self) -> Text:
        return "action_cancel_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_handoff_cancelled")
        return [ActiveLoop(None), SlotSet("contact_method", None), SlotSet("requested_slot", None)]
