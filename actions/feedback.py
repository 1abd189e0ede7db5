"""Was the answer helpful? One 👍/👎 prompt after each answer, and what a 👎 reader was looking for.

The prompt follows every answer from the library (not answers given inside a
form, where the form's own question comes next). Its buttons send
`/feedback{"helpful": "yes"|"no"}`; a reader who ignores them simply asks on.
The rating is stored with the question, the rated answer's citations, the
language and the channel (actions/handoff_store.py, table answer_feedback).
After a 👎 the assistant asks, optionally, what the reader was looking for and
offers an advisor; if the next message is a question, it is kept as the
rating's comment (and answered as any question is).
"""
import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.handoff_store import HandoffStore

logger = logging.getLogger(__name__)

FEEDBACK_INTENT = "feedback"


def rated_answer(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The latest answer from the library before this message: its bot event and the question it answered."""
    answer = None
    for event in reversed(tracker.events[:-1] if tracker.events else []):
        if answer is None and event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom") or {}
            if isinstance(custom, dict) and custom.get("citations"):
                answer = {"at": event.get("timestamp"), "citations": custom["citations"], "question": None}
        elif answer is not None and event.get("event") == "user":
            answer["question"] = event.get("text")
            return answer
    return answer


def helpful_value(tracker: Tracker) -> Optional[bool]:
    """True for 👍, False for 👎, None when the message carries neither."""
    value = next(tracker.get_latest_entity_values("helpful"), None)
    value = str(value).strip().lower() if value is not None else ""
    return {"yes": True, "no": False}.get(value)


def previous_message_was_thumbs_down(tracker: Tracker) -> bool:
    """Whether the user's message before the latest one was a 👎 (so the latest says what they looked for)."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    if len(users) < 2:
        return False
    parse = users[-2].get("parse_data") or {}
    if (parse.get("intent") or {}).get("name") != FEEDBACK_INTENT:
        return False
    values = [entity.get("value") for entity in parse.get("entities") or [] if entity.get("entity") == "helpful"]
    return "no" in values


def ask_for_feedback(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The one prompt after an answer; none inside a form, whose next question must stay the last message."""
    if not (tracker.active_loop or {}).get("name"):
        dispatcher.utter_message(response="utter_ask_feedback")


async def keep_followup(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> None:
    """After a 👎, the reader's next question is what they were looking for: keep it with the rating."""
    if not text or not previous_message_was_thumbs_down(tracker):
        return
    store = HandoffStore.for_url()
    try:
        kept = await asyncio.get_running_loop().run_in_executor(
            None, store.add_feedback_comment, tracker.sender_id, text)
    except SQLAlchemyError:
        logger.exception("Feedback comment not stored for %s: %r", tracker.sender_id, text[:500])
        return
    if kept:
        dispatcher.utter_message(response="utter_feedback_noted")


class ActionFeedback(Action):
    def name(self) -> Text:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        helpful = helpful_value(tracker)
        answer = rated_answer(tracker)
        if helpful is None or answer is None:  # typed by hand, or nothing was answered: nothing to rate
            dispatcher.utter_message(response="utter_help")
            return []
        store = HandoffStore.for_url()
        try:
            await asyncio.get_running_loop().run_in_executor(None, lambda: store.record_feedback(
                tracker.sender_id, tracker.get_latest_input_channel(), tracker.get_slot("language"), helpful,
                answer["question"], answer["at"], answer["citations"]))
        except SQLAlchemyError:  # the reader loses nothing by it: log the rating whole, say thanks anyway
            logger.exception("Feedback not stored: %r", {"sender": tracker.sender_id, "helpful": helpful,
                                                         "question": answer["question"]})
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        return []
