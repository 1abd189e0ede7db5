"""Custom Rasa graph components, each beside its own test (test_<module>.py)."""
# Rasa imports this package to load the components: the faster check of action responses
# (one validator, built once) is then in place in the Rasa server.
from components import action_response_validation  # noqa: F401
