"""The reply language: kept in the `language` slot, decided once per user message.

action_detect_language is the slot's custom mapping, so Rasa runs it after
every user message (inside action_extract_slots). It weighs, in order:
  1. an explicit request: "/lang vi", "answer in Thai", a language button;
  2. a locale the channel chose for the user (message metadata `locale`);
  3. the message's own language, when the text says enough (see knowledge.language);
  4. a channel's hint (`locale_hint`, e.g. a messenger app's UI language), only
     for a first message too short to tell;
and otherwise keeps the conversation's language, so "ok", "👍", a name or a
number never switch it. Malay and Indonesian are close enough that one
ambiguous message does not flip a conversation from one to the other.
"""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge.config import FIRST_WAVE_LANGUAGES
from knowledge.language import locale_language

SLOT = "language"


def resolve_language(current: Optional[str], detection: Dict[str, Any], requested: Optional[str]) -> Optional[str]:
    if requested in FIRST_WAVE_LANGUAGES:
        return requested
    if detection.get("locale") in FIRST_WAVE_LANGUAGES:
        return detection["locale"]
    detected = detection.get("language")
    if detection.get("reliable") and detected in FIRST_WAVE_LANGUAGES:
        if current in ("id", "ms") and set(detection.get("alternatives") or ()) == {"id", "ms"}:
            return current
        return detected
    if current is None and detection.get("locale_hint") in FIRST_WAVE_LANGUAGES:
        return detection["locale_hint"]
    return current


def requested_language(tracker: Tracker) -> Optional[str]:
    """A language the user asked for in this message (entity from a command, a phrase or a button)."""
    for entity in (tracker.latest_message or {}).get("entities", []):
        if entity.get("entity") == SLOT and entity.get("value") in FIRST_WAVE_LANGUAGES:
            return entity["value"]
    return None


def detection_of(message: Dict[str, Any]) -> Dict[str, Any]:
    """What the NLU found out about the message's language. Button payloads and
    commands like "/greet" skip the NLU, so for them only the channel's metadata speaks."""
    if message.get("language_detection"):
        return message["language_detection"]
    metadata = message.get("metadata")
    return {"locale": locale_language(metadata), "locale_hint": locale_language(metadata, keys=("locale_hint",))}


class ActionDetectLanguage(Action):
    def name(self) -> Text:
        return "action_detect_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        current = tracker.get_slot(SLOT)
        detection = detection_of(tracker.latest_message or {})
        language = resolve_language(current, detection, requested_language(tracker))
        return [SlotSet(SLOT, language)] if language != current else []


class ActionChangeLanguage(Action):
    """After "answer in Thai": confirm in the new language, or ask which language if none was named."""

    def name(self) -> Text:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if requested_language(tracker):
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_ask_language")
        return []
