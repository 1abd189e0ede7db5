"""A console on throwaway stores: the assistant's tables in SQLite, and conversations written by
Rasa's own SQL tracker store, so the console reads events exactly as Rasa serialises them."""
import asyncio
import json
import time
from http import HTTPStatus

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.handoff_store import HandoffStore
from console.accounts import Accounts
from console.events import EventLog
from console.web import SESSION_COOKIE, SIGNIN_COOKIE, ConsoleApp, Request

PASSWORD = "correct horse battery"


def user(text, intent, confidence=0.9, channel="rest", at=None):
    return UserUttered(text, {"name": intent, "confidence": confidence}, input_channel=channel,
                       timestamp=at or time.time())


def answer(text, outcome="answered", source_id="finance-loan-application", at=None):
    custom = {"citations": [{"source_id": source_id, "anchor": "intro", "title": "Applying for a loan",
                             "url": f"http://localhost:8080/guides/{source_id}/en#intro"}],
              "see_also": [], "language": "en", "outcome": outcome}
    return BotUttered(text, {"custom": custom, "buttons": None}, {"utter_action": "utter_answer"},
                      timestamp=at or time.time())


def no_answer(at=None):
    return BotUttered("Sorry, I have no good answer to that yet.", {}, {"utter_action": "utter_no_answer"},
                      timestamp=at or time.time())


class Stores:
    def __init__(self, tmp_path):
        self.tracker_db = tmp_path / "tracker.db"
        self.tracker_store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(self.tracker_db))
        self.store = HandoffStore(f"sqlite:///{tmp_path / 'handoffs.sqlite3'}")
        self.accounts = Accounts(self.store, idle_minutes=30)
        self.events = EventLog(f"sqlite:///{self.tracker_db}")

    def conversation(self, sender_id, *events, language="en"):
        """Save a conversation as Rasa would: the language slot set after each user message."""
        tracker = DialogueStateTracker(sender_id, slots=[])
        for event in events:
            tracker.events.append(event)
            if isinstance(event, UserUttered):
                tracker.events.append(SlotSet("language", language, timestamp=event.timestamp + 0.001))
                tracker.events.append(ActionExecuted("action_answer_question", timestamp=event.timestamp + 0.002))
        asyncio.run(self.tracker_store.save(tracker))
        return tracker


@pytest.fixture
def stores(tmp_path):
    return Stores(tmp_path)


class Client:
    """Calls the console as the web server does, keeping cookies like a browser."""

    def __init__(self, app):
        self.app, self.cookies, self.csrf = app, {}, None

    def request(self, method, path, body=b"", query=None, headers=None):
        response = self.app.handle(Request(method, path, query or {}, headers or {}, body, dict(self.cookies)))
        for name, value in response.headers:
            if name == "Set-Cookie":
                key, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "Max-Age=0" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
        return response

    def get_json(self, path, **query):
        response = self.request("GET", path, query=query)
        return response.status, json.loads(response.body) if response.body else None

    def post_json(self, path, payload, csrf=True):
        headers = {"Content-Type": "application/json"}
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        response = self.request("POST", path, json.dumps(payload).encode(), headers=headers)
        return response.status, json.loads(response.body) if response.body else None

    def sign_in(self, name, password=PASSWORD):
        self.request("GET", "/console/signin")
        form = f"name={name}&password={password.replace(' ', '+')}&csrf={self.cookies[SIGNIN_COOKIE]}"
        response = self.request("POST", "/console/signin", form.encode(),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        if response.status == HTTPStatus.SEE_OTHER and SESSION_COOKIE in self.cookies:
            self.csrf = self.get_json("/console/api/me")[1]["csrf"]
        return response


def fake_encode(texts):
    """Bag of words (lower case, first four letters of each word), for tests that are not about meaning."""
    import numpy as np
    vocabulary = {}
    rows = []
    for text in texts:
        row = {}
        for word in text.casefold().split():
            key = vocabulary.setdefault(word.strip("?.!,")[:4], len(vocabulary))
            row[key] = 1.0
        rows.append(row)
    vectors = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    for number, row in enumerate(rows):
        for key, value in row.items():
            vectors[number, key] = value
    return vectors


@pytest.fixture
def app(stores):
    return ConsoleApp(stores.store, stores.events, stores.accounts, encode=fake_encode)


@pytest.fixture
def client(app):
    return Client(app)


def signed_in(stores, app, name, role):
    stores.accounts.create(name, role, PASSWORD)
    client = Client(app)
    client.sign_in(name)
    return client


@pytest.fixture
def advisor(stores, app):
    return signed_in(stores, app, "ana", "advisor")


@pytest.fixture
def editor(stores, app):
    return signed_in(stores, app, "eve", "editor")
