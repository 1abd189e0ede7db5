"""Staff accounts: Argon2id hashes, sessions that expire, roles, and the command that creates accounts."""
import datetime
import io

import pytest
import sqlalchemy as sa

from console.__main__ import main
from console.accounts import AccountError, Accounts, staff_accounts, staff_sessions
from tests.console.conftest import PASSWORD


def test_passwords_are_stored_as_argon2id_hashes_only(stores):
    stores.accounts.create("ana", "editor", PASSWORD)
    with stores.store.engine.connect() as connection:
        stored = connection.execute(sa.select(staff_accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert stores.accounts.verify("ana", PASSWORD) == "editor"
    assert stores.accounts.verify("ana", PASSWORD + "x") is None
    assert stores.accounts.verify("nobody", PASSWORD) is None


@pytest.mark.parametrize("name, role, password", [("", "advisor", PASSWORD), ("ana", "admin", PASSWORD),
                                                  ("ana", "advisor", "short")])
def test_a_bad_account_is_refused_with_a_reason(stores, name, role, password):
    with pytest.raises(AccountError):
        stores.accounts.create(name, role, password)


def test_names_are_unique(stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    with pytest.raises(AccountError, match="exists"):
        stores.accounts.create("ana", "editor", PASSWORD)


def _age_session(stores, **ago):
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(**ago)
    with stores.store.engine.begin() as connection:
        connection.execute(staff_sessions.update().values(last_seen=past, created_at=past))


def test_a_session_ends_after_the_idle_time(stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    token = stores.accounts.start_session("ana")
    session = stores.accounts.session(token)
    assert (session.account, session.role) == ("ana", "advisor") and len(session.csrf) > 30
    assert not session.may("editor") and session.may("advisor")
    _age_session(stores, minutes=31)
    assert stores.accounts.session(token) is None
    assert stores.accounts.session("made-up") is None


def test_a_session_in_use_lasts_but_not_past_twelve_hours(stores):
    stores.accounts.create("eve", "editor", PASSWORD)
    token = stores.accounts.start_session("eve")
    _age_session(stores, minutes=20)
    assert stores.accounts.session(token).may("advisor")  # an editor is an advisor too
    with stores.store.engine.begin() as connection:
        connection.execute(staff_sessions.update().values(
            created_at=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=13)))
    assert stores.accounts.session(token) is None


def test_removing_an_account_ends_its_sessions(stores):
    stores.accounts.create("ana", "advisor", PASSWORD)
    token = stores.accounts.start_session("ana")
    assert stores.accounts.remove("ana")
    assert stores.accounts.session(token) is None


def test_the_command_creates_lists_and_removes_accounts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HANDOFF_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["add-user", "ben", "--role", "advisor", "--password-stdin"]) == 0
    assert main(["list-users"]) == 0
    assert "ben\tadvisor" in capsys.readouterr().out
    assert Accounts().verify("ben", PASSWORD) == "advisor"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["add-user", "cy", "--role", "editor", "--password-stdin"]) == 2
    assert main(["remove-user", "ben"]) == 0 and main(["remove-user", "ben"]) == 1
