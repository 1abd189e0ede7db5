"""Switching language on request ("answer in Thai", "/lang vi", a language button).

The `language` slot itself is kept in the Rasa process, for every message
(components/language_policy.py, by the rules in knowledge.language.resolve_language);
this action only confirms a switch, or asks which language when none was named.
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.language import requested_in


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
