"""Hand a conversation to a human advisor: collect a contact, record the request durably.

Requests go to an SQLite database (HANDOFF_DB, default var/handoffs.sqlite3),
committed before the user is told the request number, so a request survives
an action-server restart or crash. When the database cannot be written (disk
full, permissions), the user is told to try again and the whole request goes to
the error log, from which an operator can still act on it.
"""
import datetime
import json
import logging
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

logger = logging.getLogger(__name__)

DEFAULT_DB = Path(__file__).resolve().parents[1] / "var" / "handoffs.sqlite3"
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


class HandoffStore:
    """One per database file and process (``for_path``), so its lock serialises writers."""

    _open: Dict[Path, "HandoffStore"] = {}
    _open_lock = threading.Lock()

    @classmethod
    def for_path(cls, path: Optional[Path] = None) -> "HandoffStore":
        path = Path(path or os.environ.get("HANDOFF_DB", DEFAULT_DB)).resolve()
        with cls._open_lock:
            if path not in cls._open:
                cls._open[path] = cls(path)
            return cls._open[path]

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that commits on success, rolls back on error, and is always closed.

        Every connection makes sure of the folder and table: a file deleted or
        moved while the server runs is recreated instead of failing every request.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # committed means on disk
            db.execute("""CREATE TABLE IF NOT EXISTS handoff_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                created_at TEXT NOT NULL, sender_id TEXT NOT NULL, channel TEXT,
                language TEXT, contact TEXT NOT NULL, question TEXT)""")
            with db:  # the transaction
                yield db
        finally:
            db.close()

    def record(self, sender_id: str, contact: str, language: Optional[str], question: Optional[str],
               channel: Optional[str]) -> str:
        created = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            cursor = db.execute(
                "INSERT INTO handoff_requests (created_at, sender_id, channel, language, contact, question) "
                "VALUES (?, ?, ?, ?, ?, ?)", (created, sender_id, channel, language, contact, question))
            number = cursor.lastrowid
        return f"H{number:06d}"

    def all(self) -> List[Dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM handoff_requests ORDER BY id")]


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
        request = dict(sender_id=tracker.sender_id, contact=contact, language=tracker.get_slot("language"),
                       question=last_question(tracker), channel=tracker.get_latest_input_channel())
        try:
            reference = HandoffStore.for_path().record(**request)
        except (sqlite3.Error, OSError) as error:
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
