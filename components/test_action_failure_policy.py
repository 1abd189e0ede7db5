import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.action_failure_policy import ActionFailurePolicy

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [finance_access, human_handoff]
slots:
  contact_method:
    type: text
    mappings: [{type: from_text}]
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
forms:
  handoff_form:
    required_slots: [contact_method]
actions: [action_answer_question]
responses:
  utter_service_unavailable: [{text: "Sorry, the service is down."}]
  utter_greet: [{text: "Hi"}]
""")


@pytest.fixture
def policy(tmp_path):
    storage = LocalModelStorage(tmp_path)
    policy = ActionFailurePolicy.create(ActionFailurePolicy.get_default_config(), storage,
                                        Resource("failure_policy"), ExecutionContext(None))
    policy.train([], DOMAIN)
    return ActionFailurePolicy.load(ActionFailurePolicy.get_default_config(), storage,
                                    Resource("failure_policy"), ExecutionContext(None))


def said(text, intent):
    """A user message as a channel delivers it: with a message id."""
    return UserUttered(text, {"name": intent}, message_id=f"id-{text}")


def predicted(policy, *events):
    tracker = DialogueStateTracker.from_events("user", [ActionExecuted(ACTION_LISTEN_NAME), *events])
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    if max(prediction.probabilities) == 0:
        return None
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


def test_a_custom_action_that_produced_nothing_gets_the_unavailable_response(policy):
    assert predicted(policy, said("loan?", "finance_access"),
                     ActionExecuted("action_answer_question")) == "utter_service_unavailable"


def test_a_failed_form_gets_the_unavailable_response_too(policy):
    assert predicted(policy, said("advisor", "human_handoff"),
                     ActionExecuted("handoff_form")) == "utter_service_unavailable"


def test_after_apologising_the_bot_listens(policy):
    assert predicted(policy, said("loan?", "finance_access"), ActionExecuted("action_answer_question"),
                     ActionExecuted("utter_service_unavailable"),
                     BotUttered("Sorry, the service is down.")) is None
    assert predicted(policy, ActionExecuted("utter_service_unavailable")) == ACTION_LISTEN_NAME


def test_it_stays_silent_when_actions_work(policy):
    assert predicted(policy, said("loan?", "finance_access")) is None
    assert predicted(policy, said("loan?", "finance_access"), ActionExecuted("action_answer_question"),
                     BotUttered("Here is an answer")) is None
    assert predicted(policy, said("hi", "greet"), ActionExecuted("utter_greet")) is None


def test_it_outranks_rules_and_refuses_a_domain_without_the_response(policy, tmp_path):
    assert policy.priority > 6  # RulePolicy's priority
    bare = ActionFailurePolicy.create(ActionFailurePolicy.get_default_config(), LocalModelStorage(tmp_path / "x"),
                                      Resource("p"), ExecutionContext(None))
    with pytest.raises(ValueError, match="no response 'utter_service_unavailable'"):
        bare.train([], Domain.from_yaml('version: "3.1"\nintents: [greet]'))


def test_it_ignores_stories_replayed_by_rasa_test(policy):
    # `rasa test` never runs custom actions, so they are followed by no message either.
    assert predicted(policy, UserUttered("loan?", {"name": "finance_access"}),
                     ActionExecuted("action_answer_question")) is None
