"""Staff accounts and their sessions, in the assistant's database (tables of migration 0003).

Passwords are hashed with Argon2id (argon2-cffi, its recommended parameters) and
rehashed on sign-in when those parameters change. A session is a random token in
an HttpOnly cookie; the database keeps only its SHA-256, so a leaked table signs
no one in. A session ends after CONSOLE_IDLE_MINUTES without use, and after
MAX_SESSION_HOURS in any case. Each session has its own CSRF token, which every
state-changing request must echo (console/web.py).
"""
import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import List, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from actions.handoff_store import HandoffStore, UtcDateTime, metadata
from deploy import settings

ROLES = ("advisor", "editor")  # an editor may do all an advisor does, and manage knowledge
MAX_SESSION_HOURS = 12
MIN_PASSWORD_CHARS = 12

# Mirrors migrations/versions/0003_console.py.
staff_accounts = sa.Table(
    "staff_accounts", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
staff_sessions = sa.Table(
    "staff_sessions", metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("account", sa.Text, sa.ForeignKey("staff_accounts.name", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen", UtcDateTime, nullable=False),
)
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A clear reason an account cannot be created or changed."""


@dataclass(frozen=True)
class Session:
    account: str
    role: str
    csrf: str

    def may(self, role: str) -> bool:
        """Whether this session's role includes ``role`` (an editor is also an advisor)."""
        return self.role == "editor" or self.role == role


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, store: Optional[HandoffStore] = None, idle_minutes: Optional[int] = None):
        self.store = store or HandoffStore.for_url()
        self.idle = datetime.timedelta(minutes=idle_minutes if idle_minutes is not None
                                       else settings.integer("CONSOLE_IDLE_MINUTES"))

    def create(self, name: str, role: str, password: str) -> None:
        name = name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise AccountError("a name of 1 to 64 printable characters")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"a password of at least {MIN_PASSWORD_CHARS} characters")
        with self.store.ready_engine().begin() as connection:
            if connection.execute(sa.select(staff_accounts.c.name).where(staff_accounts.c.name == name)).first():
                raise AccountError(f"an account named {name!r} exists already")
            connection.execute(staff_accounts.insert().values(
                name=name, role=role, password_hash=_hasher.hash(password), created_at=_now()))

    def remove(self, name: str) -> bool:
        with self.store.ready_engine().begin() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.account == name))
            return connection.execute(staff_accounts.delete().where(staff_accounts.c.name == name)).rowcount > 0

    def list(self) -> List[dict]:
        with self.store.ready_engine().connect() as connection:
            rows = connection.execute(sa.select(staff_accounts.c.name, staff_accounts.c.role,
                                                staff_accounts.c.created_at).order_by(staff_accounts.c.name))
            return [dict(row._mapping) for row in rows]

    def verify(self, name: str, password: str) -> Optional[str]:
        """The account's role when the password is right, else None (in the same time either way)."""
        with self.store.ready_engine().connect() as connection:
            row = connection.execute(sa.select(staff_accounts).where(staff_accounts.c.name == name)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            with self.store.engine.begin() as connection:
                connection.execute(staff_accounts.update().where(staff_accounts.c.name == name)
                                   .values(password_hash=_hasher.hash(password)))
        return row.role

    def start_session(self, name: str) -> str:
        """A new session's token for the cookie (the account must exist)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.store.ready_engine().begin() as connection:
            connection.execute(staff_sessions.insert().values(
                token_hash=_digest(token), account=name, csrf=secrets.token_urlsafe(32), created_at=now,
                last_seen=now))
        return token

    def session(self, token: Optional[str]) -> Optional[Session]:
        """The live session of ``token`` (its use now noted), or None: unknown, idle too long or too old."""
        if not token or len(token) > 200:
            return None
        now = _now()
        query = sa.select(staff_sessions, staff_accounts.c.role).join(staff_accounts).where(
            staff_sessions.c.token_hash == _digest(token))
        with self.store.ready_engine().begin() as connection:
            row = connection.execute(query).first()
            if row is None:
                return None
            if (now - row.last_seen > self.idle
                    or now - row.created_at > datetime.timedelta(hours=MAX_SESSION_HOURS)):
                connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == row.token_hash))
                return None
            connection.execute(staff_sessions.update().where(staff_sessions.c.token_hash == row.token_hash)
                               .values(last_seen=now))
        return Session(account=row.account, role=row.role, csrf=row.csrf)

    def end_session(self, token: Optional[str]) -> None:
        if token:
            with self.store.ready_engine().begin() as connection:
                connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == _digest(token)))
