import logging

import pytest

from channels.settings import part_limit, read_settings


def test_a_channel_without_its_variables_is_disabled_with_one_clear_log_line(monkeypatch, caplog):
    monkeypatch.setenv("DEMO_TOKEN", "t")
    monkeypatch.delenv("DEMO_SECRET", raising=False)
    monkeypatch.delenv("DEMO_OTHER", raising=False)
    with caplog.at_level(logging.WARNING):
        assert read_settings("Demo", ["DEMO_TOKEN", "DEMO_SECRET", "DEMO_OTHER"]) is None
    assert caplog.messages == ["Demo channel disabled: set DEMO_SECRET and DEMO_OTHER"]
    monkeypatch.delenv("DEMO_TOKEN")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        read_settings("Demo", ["DEMO_TOKEN", "DEMO_SECRET", "DEMO_OTHER"])
    assert caplog.messages == ["Demo channel disabled: set DEMO_TOKEN, DEMO_SECRET and DEMO_OTHER"]


def test_a_configured_channel_gets_its_variables_and_defaults(monkeypatch):
    monkeypatch.setenv("DEMO_TOKEN", " t ")
    monkeypatch.delenv("DEMO_URL", raising=False)
    assert read_settings("Demo", ["DEMO_TOKEN"], {"DEMO_URL": "https://api.example"}) == {
        "DEMO_TOKEN": "t", "DEMO_URL": "https://api.example"}


@pytest.mark.parametrize("wanted, limit", [("", 4096), ("300", 300), ("9000", 4096), ("50", 4096), ("lots", 4096)])
def test_messaging_max_chars_only_ever_shortens_reply_parts(monkeypatch, wanted, limit):
    monkeypatch.setenv("MESSAGING_MAX_CHARS", wanted)
    assert part_limit(4096) == limit
