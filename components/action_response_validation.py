"""Check the action server's responses with a validator built once, not once per response.

Rasa's RemoteAction checks every response against its JSON schema with
`jsonschema.validate`, which first validates the schema itself against the
JSON Schema meta-schema and builds a new validator: about 20 ms of the Rasa
server's single event loop for each answer (py-spy, make bench). The same
check, with the same schema and the same error, runs here on a validator
built at the first response. Imported by components/__init__.py, so it is in
place whenever Rasa loads this project's components.
"""
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, with the validator built once."""
    error = best_match(response_validator().iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions")
    raise error


RemoteAction._validate_action_result = validate_action_result
