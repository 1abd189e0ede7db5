"""LanguagePolicy: the `language` slot follows each message in the Rasa process, whichever policy predicts."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.language_policy import LanguagePolicy

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [finance_access, change_language]
entities: [language]
slots:
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  economy:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
actions: [action_answer_question]
""")


@pytest.fixture
def policy(tmp_path):
    storage = LocalModelStorage(tmp_path)
    policy = LanguagePolicy.create(LanguagePolicy.get_default_config(), storage, Resource("language"),
                                   ExecutionContext(None))
    policy.train([], DOMAIN)
    return LanguagePolicy.load(LanguagePolicy.get_default_config(), storage, Resource("language"),
                               ExecutionContext(None))


def detection(language, reliable=True, decisive=True, **more):
    return {"language": language, "reliable": reliable, "decisive": decisive, **more}


def after(policy, current, found=None, metadata=None, entities=None, *later):
    parse_data = {"language_detection": found} if found else {}
    message = UserUttered("text", {"name": "finance_access"}, entities or [], parse_data=parse_data,
                          metadata=metadata or {})
    events = [ActionExecuted(ACTION_LISTEN_NAME), SlotSet("language", current), message, *later]
    prediction = policy.predict_action_probabilities(
        DialogueStateTracker.from_events("user", events, slots=DOMAIN.slots), DOMAIN)
    assert max(prediction.probabilities) == 0  # it never predicts an action itself
    return prediction.events


@pytest.mark.parametrize("current, found, metadata, entities, expected", [
    (None, detection("es"), None, None, [SlotSet("language", "es")]),                   # a first message in Spanish
    ("th", detection("en", reliable=False), None, None, []),                            # "ok" keeps Thai
    ("en", detection("es", locale="en"), None, None, [SlotSet("language", "es")]),  # Spanish question, English page
    (None, detection("en", decisive=False, locale="es"), None, None, [SlotSet("language", "es")]),  # "help", es page
    ("es", None, None, [{"entity": "language", "value": "zh"}], [SlotSet("language", "zh")]),     # a language button
    (None, None, {"locale_hint": "id"}, None, [SlotSet("language", "id")]),             # /start, Indonesian app
    ("th", None, {"locale_hint": "id"}, None, []),                                      # a hint never overrides
])
def test_the_slot_follows_the_message(policy, current, found, metadata, entities, expected):
    assert after(policy, current, found, metadata, entities) == expected


def test_the_slot_is_set_once_not_after_every_action(policy):
    assert after(policy, None, detection("vi"), None, None, SlotSet("language", "vi"),
                 ActionExecuted("action_answer_question")) == []


def test_a_domain_without_the_slot_is_refused(tmp_path):
    bare = LanguagePolicy.create(LanguagePolicy.get_default_config(), LocalModelStorage(tmp_path), Resource("p"),
                                 ExecutionContext(None))
    with pytest.raises(ValueError, match="no 'language' slot"):
        bare.train([], Domain.from_yaml('version: "3.1"\nintents: [greet]'))


def economy_after_message(policy, text, economy=None, metadata=None, channel=None, sender="user"):
    message = UserUttered(text, {"name": "greet"}, [], metadata=metadata or {}, input_channel=channel)
    events = [ActionExecuted(ACTION_LISTEN_NAME), SlotSet("language", "en"), SlotSet("economy", economy), message]
    prediction = policy.predict_action_probabilities(
        DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots), DOMAIN)
    return [event for event in prediction.events if event.key == "economy"]


@pytest.mark.parametrize("text, economy, metadata, channel, sender, expected", [
    ("hi, I'm in Peru", None, None, None, "user", [SlotSet("economy", "PE")]),      # a greeting that says where
    ("hola, me mudé a Chile", "PE", None, None, "user", [SlotSet("economy", "CL")]),  # moving changes it
    ("how do I export to Japan?", "PE", None, None, "user", []),                      # a market, not a move
    ("hello", None, {"locale": "es-MX"}, "rest", "user", [SlotSet("economy", "MX")]),  # a web locale's region
    ("hello", "PE", {"locale": "es-MX"}, "rest", "user", []),                           # a hint never overrides
    ("hello", None, None, "whatsapp", "60123456789", [SlotSet("economy", "MY")]),      # a WhatsApp number
    ("hello", None, None, "rest", "60123456789", []),                                  # only WhatsApp ids are numbers
])
def test_the_economy_follows_what_the_user_says_or_a_channel_hint(policy, text, economy, metadata, channel, sender,
                                                                     expected):
    assert economy_after_message(policy, text, economy, metadata, channel, sender) == expected
