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
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge.language import reply_language, requested_in

SLOT = "language"


class ActionDetectLanguage(Action):
    def name(self) -> Text:
        return "action_detect_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        current = tracker.get_slot(SLOT)
        language = reply_language(current, tracker.latest_message or {})
        return [SlotSet(SLOT, language)] if language != current else []


class ActionChangeLanguage(Action):
    """After "answer in Thai": confirm in the new language, or ask which language if none was named."""

    def name(self) -> Text:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if requested_in(tracker.latest_message or {}):
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_ask_language")
        return []
