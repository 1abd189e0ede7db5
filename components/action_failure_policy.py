"""Never leave the user in silence when the action server fails.

When a custom action or form cannot run (the action server is down, times
out or crashes), Rasa logs the error, records the action with no events and
carries on: the user would get no reply at all. This policy notices exactly
that state (the last event is a custom action or form that produced nothing)
and predicts a response saying the service is unavailable, then listens.
Our actions always utter something, so it never fires otherwise, except in
`rasa test`, which replays stories without running any action: it stays out
of those. Every message that comes through a channel has a message id;
user turns replayed from stories have none.
"""
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ActionFailurePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Above RulePolicy (6): a rule would otherwise predict action_listen after the failed action.
        return {"priority": 7, "response": "utter_service_unavailable"}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer=None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self._response = config["response"]

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        if self._response not in domain.action_names_or_texts:
            raise ValueError(f"ActionFailurePolicy: the domain has no response '{self._response}'")
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn; the resource must still exist for loading
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        last = tracker.events[-1] if tracker.events else None
        live = tracker.latest_message is not None and tracker.latest_message.message_id is not None
        if isinstance(last, ActionExecuted):
            # Responses are rendered by Rasa itself; only actions and forms run remotely.
            remote = {name for name in domain.user_actions_and_forms if name not in domain.responses}
            if last.action_name == self._response:
                probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            elif live and last.action_name in remote:
                probabilities[domain.index_for_action(self._response)] = 1.0
        # The apology comes in the user's language: components/language_policy.py has set it already.
        return self._prediction(probabilities)
