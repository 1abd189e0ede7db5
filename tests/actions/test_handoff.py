import sqlite3

import pytest

from actions.handoff import (
    ActionCancelHandoff,
    ActionRecordHandoff,
    ValidateHandoffForm,
    normalise_contact,
)
from actions.handoff_store import HandoffStore
from tests.actions.conftest import load_tracker

pytestmark = pytest.mark.usefixtures("handoff_db")  # every test gets its own database (conftest.py)


@pytest.mark.parametrize("value, expected", [
    ("Maria@Example.com ", "maria@example.com"), ("+60 12-345 6789", "+60123456789"), ("(02) 8123 4567", "0281234567"),
    ("cancel", None), ("123", None), ("not an email@", None), ("", None), (None, None), ("a@b.c", None),
])
def test_contacts_are_emails_or_phone_numbers(value, expected):
    assert normalise_contact(value) == expected


def test_the_form_rejects_a_bad_contact_with_a_reply(run):
    form = ValidateHandoffForm()
    tracker = load_tracker("handoff_ready_ms")
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    assert form.validate_contact_method("saya tak tahu", dispatcher, tracker, {}) == {"contact_method": None}
    assert dispatcher.messages[0]["response"] == "utter_invalid_contact"
    assert form.validate_contact_method("+60 12-345 6789", CollectingDispatcher(), tracker, {}) == \
        {"contact_method": "+60123456789"}


def test_a_request_is_recorded_durably_with_context(run, handoff_db):
    events, messages = run(ActionRecordHandoff(), load_tracker("handoff_ready_ms"))
    assert messages[0]["response"] == "utter_handoff_recorded"
    assert messages[0]["contact_method"] == "+60123456789" and messages[0]["handoff_id"] == "H000001"
    assert {"event": "slot", "timestamp": None, "name": "handoff_id", "value": "H000001"} in events
    # a new connection, as after a restart, sees the committed request
    with sqlite3.connect(handoff_db) as db:
        row = db.execute("SELECT sender_id, contact, language, question, channel FROM handoff_requests").fetchone()
    assert row == ("aminah", "+60123456789", "ms", "Macam mana nak dapatkan pinjaman dengan jaminan kredit?", "rest")


def test_request_numbers_keep_counting_across_store_instances(handoff_db):
    url = f"sqlite:///{handoff_db}"
    first = HandoffStore(url).record("a", "a@example.org", "en", None, "rest")
    second = HandoffStore(url).record("b", "b@example.org", "th", "question", "socketio")
    assert (first, second) == ("H000001", "H000002")
    assert [row["sender_id"] for row in HandoffStore(url).all()] == ["a", "b"]


def test_cancelling_closes_the_form_and_forgets_the_contact(run):
    events, messages = run(ActionCancelHandoff(), load_tracker("handoff_ready_ms"))
    assert messages[0]["response"] == "utter_handoff_cancelled"
    assert {"event": "active_loop", "timestamp": None, "name": None} in events
    assert {"event": "slot", "timestamp": None, "name": "contact_method", "value": None} in events


def test_a_request_that_cannot_be_saved_gets_a_reply_and_reaches_the_error_log(run, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    monkeypatch.setenv("HANDOFF_DB", str(blocker / "handoffs.sqlite3"))
    events, messages = run(ActionRecordHandoff(), load_tracker("handoff_ready_ms"))
    assert [message["response"] for message in messages] == ["utter_handoff_failed"]
    assert not any(event.get("name") == "handoff_id" for event in events)
    assert {"event": "slot", "timestamp": None, "name": "contact_method", "value": None} in events
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any("+60123456789" in line and "aminah" in line and "pinjaman" in line for line in logged)


def test_a_database_removed_while_running_is_recreated(handoff_db):
    store = HandoffStore.for_url()
    assert store is HandoffStore.for_url(f"sqlite:///{handoff_db}")
    store.record("a", "a@example.org", "en", None, "rest")
    handoff_db.unlink()
    assert store.record("b", "b@example.org", "en", None, "rest") == "H000001"
    assert [row["sender_id"] for row in store.all()] == ["b"]


def test_a_sqlite_file_from_before_migrations_keeps_its_requests(handoff_db):
    with sqlite3.connect(handoff_db) as db:  # the table as the first release created it, without Alembic
        db.execute("""CREATE TABLE handoff_requests (id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL, sender_id TEXT NOT NULL, channel TEXT, language TEXT,
            contact TEXT NOT NULL, question TEXT)""")
        db.execute("INSERT INTO handoff_requests (created_at, sender_id, contact) "
                   "VALUES ('2026-11-30 10:00:00', 'old', 'old@example.org')")
    assert HandoffStore(f"sqlite:///{handoff_db}").record("new", "n@example.org", "en", None, "rest") == "H000002"
    with sqlite3.connect(handoff_db) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database on this machine's server, dropped afterwards."""
    import uuid

    import psycopg2

    name = f"handoff_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="test")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    HandoffStore._open.pop(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}", None)
    admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


def record_in_a_new_process(url: str, count: int) -> list:
    store = HandoffStore(url)  # a fresh store: this process migrates the database itself, on first use
    return [store.record(f"p{n}", "a@example.org", "en", None, "rest") for n in range(count)]


def test_two_action_servers_starting_at_once_migrate_postgresql_once_and_share_the_numbering(postgres_url):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        references = [ref for refs in pool.map(record_in_a_new_process, [postgres_url] * 2, [4, 4]) for ref in refs]
    assert sorted(references) == [f"H00000{n}" for n in range(1, 9)]
    rows = HandoffStore(postgres_url).all()
    assert len(rows) == 8 and rows[0]["created_at"].tzinfo is not None


def test_the_production_profile_stores_requests_in_postgresql(monkeypatch):
    from actions.handoff_store import database_url

    monkeypatch.setenv("ASSISTANT_PROFILE", "production")
    for name, value in {"POSTGRES_HOST": "db.internal", "POSTGRES_DB": "msme", "POSTGRES_USER": "bot",
                        "POSTGRES_PASSWORD": "p@ss:word"}.items():
        monkeypatch.setenv(name, value)
    assert database_url() == "postgresql+psycopg2://bot:p%40ss%3Aword@db.internal:5432/msme"
