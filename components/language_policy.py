"""Keep the `language` and `economy` slots in step with each user message, inside the Rasa process.

The reply language is decided from the message (components/language_detector.py
adds the evidence) and the conversation's current language, by
knowledge.language.reply_language. This policy never predicts an action of its
own: it only returns the slot's new value as a prediction event, which Rasa
applies before the next action runs whichever policy wins (rasa's
PolicyPrediction.events). So the responses rendered right after, the knowledge
search and the apology when the action server is down all see the new language,
without a round trip to the action server for every message. The economy the
user is in follows the same way (knowledge.economy_detection.economy_after), so
that "hi, I'm in Peru" is kept even when only a greeting answers it.
"""
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from knowledge.economy_detection import economy_after
from knowledge.language import reply_language

LANGUAGE_SLOT = "language"
ECONOMY_SLOT = "economy"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class LanguagePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 0}  # it never predicts an action, so it never competes

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        if LANGUAGE_SLOT not in [slot.name for slot in domain.slots]:
            raise ValueError(f"LanguagePolicy: the domain has no '{LANGUAGE_SLOT}' slot")
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn; the resource must still exist for loading
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        events = self.language_events(tracker) + self.economy_events(tracker)
        return self._prediction(self._default_predictions(domain), events=events)

    @staticmethod
    def language_events(tracker: DialogueStateTracker) -> List[SlotSet]:
        """[SlotSet] when the latest message changes the reply language, else []."""
        message = tracker.latest_message
        if message is None or LANGUAGE_SLOT not in tracker.slots:
            return []
        current = tracker.get_slot(LANGUAGE_SLOT)
        language = reply_language(current, {**(message.parse_data or {}), "metadata": message.metadata})
        return [SlotSet(LANGUAGE_SLOT, language)] if language != current else []

    @staticmethod
    def economy_events(tracker: DialogueStateTracker) -> List[SlotSet]:
        """[SlotSet] when the latest message says where the user is (or gives a channel hint while the economy
        is unknown), else []."""
        message = tracker.latest_message
        if message is None or ECONOMY_SLOT not in tracker.slots:
            return []
        current = tracker.get_slot(ECONOMY_SLOT)
        economy = economy_after(current, message.text, message.metadata, message.input_channel, tracker.sender_id)
        return [SlotSet(ECONOMY_SLOT, economy)] if economy and economy != current else []
