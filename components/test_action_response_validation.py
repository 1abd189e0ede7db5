"""The action server's responses are checked as Rasa checks them, with one validator for all."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from components.action_response_validation import response_validator


def test_a_valid_response_passes_and_the_validator_is_built_once():
    action = RemoteAction("action_answer_question", None)
    response = {"events": [{"event": "slot", "name": "language", "value": "es"}],
                "responses": [{"response": "utter_answer", "custom": {"citations": []}}]}
    assert action._validate_action_result(response) and action._validate_action_result(response)
    assert response_validator.cache_info().misses <= 1 and response_validator.cache_info().hits >= 1


def test_an_invalid_response_is_refused_with_rasas_explanation():
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer_question", None)._validate_action_result({"events": "not a list"})
