import pytest

from actions.language import ActionChangeLanguage, ActionDetectLanguage
from knowledge.language import resolve_language
from tests.actions.conftest import load_tracker


def detection(language=None, reliable=True, alternatives=(), locale=None, locale_hint=None):
    return {"language": language, "reliable": reliable, "alternatives": list(alternatives),
            "locale": locale, "locale_hint": locale_hint}


@pytest.mark.parametrize("current, found, requested, expected", [
    ("en", detection("es"), None, "es"),                           # a clear Spanish sentence switches
    ("es", detection("en", reliable=False), None, "es"),           # "ok" keeps Spanish
    (None, detection(None, reliable=False), None, None),           # "👍" first: nothing to go on
    ("th", detection("en"), "vi", "vi"),                           # "answer in Vietnamese" wins over detection
    ("en", detection("en", locale="th"), None, "th"),              # the widget's language picker wins
    ("id", detection("ms", alternatives=("id", "ms")), None, "id"),  # ambiguous Malay/Indonesian keeps id
    ("ms", detection("id", alternatives=("id", "ms")), None, "ms"),
    ("en", detection("ms", alternatives=("id", "ms")), None, "ms"),
    ("id", detection("ms"), None, "ms"),                           # unmistakable Malay switches
    ("es", detection("fr"), None, "es"),                           # unsupported: keep (the reply is English anyway)
    (None, detection("en", reliable=False, locale_hint="zh"), None, "zh"),  # first short message: app language
    ("en", detection("en", reliable=False, locale_hint="zh"), None, "en"),
])
def test_resolve_language(current, found, requested, expected):
    assert resolve_language(current, found, requested) == expected


def tracker_with(run_tracker_name, detection_data, entities=None, language="es"):
    tracker = load_tracker(run_tracker_name, language=language)
    tracker.latest_message["language_detection"] = detection_data
    tracker.latest_message["entities"] = entities or []
    return tracker


def test_the_slot_action_sets_the_language_only_when_it_changes(run):
    events, messages = run(ActionDetectLanguage(), tracker_with("finance_question_es", detection("th")))
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "th"}] and messages == []
    events, _ = run(ActionDetectLanguage(), tracker_with("finance_question_es", detection("es")))
    assert events == []


def test_a_language_button_sets_the_slot(run):
    tracker = tracker_with("finance_question_es", detection(None, reliable=False),
                           entities=[{"entity": "language", "value": "zh"}])
    events, _ = run(ActionDetectLanguage(), tracker)
    assert events[0]["value"] == "zh"


@pytest.mark.parametrize("metadata, current, expected", [
    ({"locale": "es-MX"}, None, "es"),        # a widget's first click on a button
    ({"locale_hint": "id"}, None, "id"),      # Telegram's /start with an Indonesian app
    ({"locale_hint": "id"}, "th", "th"),      # a hint never overrides a conversation's language
    ({}, "th", "th"),
])
def test_a_payload_that_skipped_the_nlu_still_follows_the_channel_locale(run, metadata, current, expected):
    tracker = load_tracker("topic_button_vi", language=current)
    tracker.latest_message.pop("language_detection", None)
    tracker.latest_message["metadata"] = metadata
    events, _ = run(ActionDetectLanguage(), tracker)
    assert (events[0]["value"] if events else current) == expected


def test_change_language_confirms_or_asks(run):
    named = tracker_with("finance_question_es", detection("en"), entities=[{"entity": "language", "value": "th"}])
    assert run(ActionChangeLanguage(), named)[1][0]["response"] == "utter_language_changed"
    unnamed = tracker_with("finance_question_es", detection("en"))
    assert run(ActionChangeLanguage(), unnamed)[1][0]["response"] == "utter_ask_language"
