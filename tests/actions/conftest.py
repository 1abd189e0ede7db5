"""Run actions the way the action server does: on saved trackers, collecting what they send."""
import asyncio
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

TRACKERS = Path(__file__).parent / "trackers"
DOMAIN = {}


def load_tracker(name: str, **slot_overrides) -> Tracker:
    data = json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8"))
    data["slots"].update(slot_overrides)
    return Tracker.from_dict(data)


def run_action(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


@pytest.fixture
def run():
    return run_action


@pytest.fixture
def handoff_db(tmp_path, monkeypatch):
    """A fresh SQLite file for handoff requests and assessment results."""
    path = tmp_path / "handoffs.sqlite3"
    monkeypatch.setenv("HANDOFF_DB", str(path))
    return path
