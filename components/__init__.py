"""Custom Rasa graph components, each beside its own test (test_<module>.py)."""
