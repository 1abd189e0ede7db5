import pytest

from actions.language import ActionChangeLanguage
from knowledge.language import resolve_language
from tests.actions.conftest import load_tracker


def detection(language=None, reliable=True, alternatives=(), locale=None, locale_hint=None, decisive=True):
    return {"language": language, "reliable": reliable, "alternatives": list(alternatives),
            "locale": locale, "locale_hint": locale_hint, "decisive": decisive}


@pytest.mark.parametrize("current, found, requested, expected", [
    ("en", detection("es"), None, "es"),                           # a clear Spanish sentence switches
    ("es", detection("en", reliable=False), None, "es"),           # "ok" keeps Spanish
    (None, detection(None, reliable=False), None, None),           # "👍" first: nothing to go on
    ("th", detection("en"), "vi", "vi"),                           # "answer in Vietnamese" wins over detection
    ("en", detection("es", locale="en"), None, "es"),              # a clear Spanish question on an English page
    (None, detection("en", decisive=False, locale="th"), None, "th"),  # "help" on a Thai page, first message
    ("es", detection("en", decisive=False, locale="th"), None, "es"),  # ...later: the conversation keeps Spanish
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


def test_change_language_confirms_or_asks(run):
    named = tracker_with("finance_question_es", detection("en"), entities=[{"entity": "language", "value": "th"}])
    assert run(ActionChangeLanguage(), named)[1][0]["response"] == "utter_language_changed"
    unnamed = tracker_with("finance_question_es", detection("en"))
    assert run(ActionChangeLanguage(), unnamed)[1][0]["response"] == "utter_ask_language"
