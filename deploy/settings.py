"""Every setting of both profiles, read from the environment and checked before anything starts.

The README's table "Production settings" lists the same variables; a test keeps
the two in step. A production start with a required variable unset stops with
one line naming it (``SettingsError``), before any server is spawned: a
half-configured deployment that starts and then fails on the first message
is worse than one that does not start.
"""
import os
import secrets
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Tuple

EMBEDDED, PRODUCTION = "embedded", "production"
PROFILES = (EMBEDDED, PRODUCTION)
MIN_SECRET_CHARS = 32


class SettingsError(Exception):
    """One line that tells the operator what to set."""


@dataclass(frozen=True)
class Variable:
    name: str
    meaning: str
    default: Optional[str] = None  # None: no default
    required_in: Tuple[str, ...] = ()  # profiles that cannot start without it
    secret: bool = False  # a shared secret: at least MIN_SECRET_CHARS characters


VARIABLES = (
    Variable("ASSISTANT_PROFILE", "embedded or production: which stores the servers use (make serve and make "
             "serve-prod set it)", EMBEDDED),
    # Addresses. Internal services listen on loopback unless told otherwise.
    Variable("PUBLIC_INTERFACE", "address the public port (nginx, or Rasa in the embedded profile) listens on",
             "127.0.0.1"),
    Variable("PUBLIC_PORT", "public port: webhooks, socket.io, the chat page and guides (production: nginx)", "8000"),
    Variable("RASA_PORT", "first Rasa replica's port (loopback); replica n uses RASA_PORT+n", "5005"),
    Variable("ACTIONS_PORT", "first action server's port (loopback); server n uses ACTIONS_PORT+n", "5055"),
    Variable("WEB_PORT", "chat page and guide pages server (loopback in production)", "8080"),
    Variable("PUBLIC_BASE_URL", "the address users reach the chat page and guide pages at, which answers link to "
             "(default http://localhost:PUBLIC_PORT; embedded: :WEB_PORT)"),
    Variable("RASA_INTERFACE", "address Rasa listens on (make serve: PUBLIC_INTERFACE; make serve-prod: loopback, "
             "behind nginx; a container: 0.0.0.0)", "127.0.0.1"),
    Variable("ACTIONS_INTERFACE", "address the action servers listen on (a container: 0.0.0.0)", "127.0.0.1"),
    Variable("TRUST_X_REAL_IP", "1: take the client address from X-Real-IP, for rate limits (only behind a proxy "
             "that sets it; make serve-prod does)", "0"),
    Variable("RASA_REPLICAS", "Rasa servers behind nginx (production)", "2"),
    Variable("ACTION_SERVERS", "action servers behind nginx (production)", "2"),
    # Secrets.
    Variable("ACTION_SERVER_TOKEN", "shared secret Rasa sends the action servers in X-Action-Token",
             required_in=(PRODUCTION,), secret=True),
    Variable("RASA_API_TOKEN", "enables Rasa's HTTP API (conversations, model) for callers with ?token=; "
             "unset: the API is off", secret=True),
    # Stores (production).
    Variable("POSTGRES_HOST", "PostgreSQL host: conversations (Rasa's SQL tracker store) and handoff requests",
             required_in=(PRODUCTION,)),
    Variable("POSTGRES_PORT", "PostgreSQL port", "5432"),
    Variable("POSTGRES_DB", "PostgreSQL database", required_in=(PRODUCTION,)),
    Variable("POSTGRES_USER", "PostgreSQL user", required_in=(PRODUCTION,)),
    Variable("POSTGRES_PASSWORD", "PostgreSQL password (empty: the server's trust or peer authentication)", ""),
    Variable("REDIS_HOST", "Redis host: Rasa's lock store, rate limits, webhook de-duplication",
             required_in=(PRODUCTION,)),
    Variable("REDIS_PORT", "Redis port", "6379"),
    Variable("REDIS_DB", "Redis database number", "0"),
    Variable("REDIS_PASSWORD", "Redis password (empty: none)", ""),
    Variable("REDIS_KEY_PREFIX", "prefix of every Redis key this deployment writes", "msme"),
    Variable("RABBITMQ_HOST", "RabbitMQ host: every conversation event is published there",
             required_in=(PRODUCTION,)),
    Variable("RABBITMQ_PORT", "RabbitMQ port", "5672"),
    Variable("RABBITMQ_USER", "RabbitMQ user", required_in=(PRODUCTION,)),
    Variable("RABBITMQ_PASSWORD", "RabbitMQ password", required_in=(PRODUCTION,)),
    Variable("RABBITMQ_QUEUE", "queue the events go to", "rasa_events"),
    # Embedded stores.
    Variable("HANDOFF_DB", "embedded profile: SQLite file of handoff requests", "var/handoffs.sqlite3"),
    # Staff console (console/).
    Variable("CONSOLE_IDLE_MINUTES", "minutes a staff console session lasts without use (at most 12 hours in all)",
             "30"),
    # Limits.
    Variable("CORS_ORIGINS", "space-separated origins allowed to call Rasa and open the chat socket",
             "http://localhost:8080"),
    Variable("MAX_REQUEST_BYTES", "largest request body Rasa reads (bigger ones get 413 before parsing)", "262144"),
    Variable("RATE_LIMIT_PER_SENDER", "messages one conversation may send", "20/minute"),
    Variable("RATE_LIMIT_PER_ADDRESS", "messages one client address may send (REST and the chat page)",
             "60/minute"),
    Variable("WEBHOOK_DEDUP_TTL", "seconds a platform message id is remembered, to drop the platform's retries",
             "86400"),
)
_BY_NAME = {variable.name: variable for variable in VARIABLES}
NUMBERS = [name for name in _BY_NAME if name.endswith("_PORT")] + [
    "RASA_REPLICAS", "ACTION_SERVERS", "REDIS_DB", "CONSOLE_IDLE_MINUTES", "MAX_REQUEST_BYTES", "WEBHOOK_DEDUP_TTL"]


def value(name: str, environ: Optional[Mapping[str, str]] = None) -> str:
    """A variable's value from the environment, else its default ("" when it has none)."""
    environ = os.environ if environ is None else environ
    variable = _BY_NAME[name]
    found = environ.get(name, "").strip()
    return found or (variable.default or "")


def production(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether the servers run the production profile (make serve-prod sets ASSISTANT_PROFILE)."""
    return value("ASSISTANT_PROFILE", environ) == PRODUCTION


def integer(name: str, environ: Optional[Mapping[str, str]] = None) -> int:
    text = value(name, environ)
    if not text.isdigit():
        raise SettingsError(f"{name} must be a whole number, not {text!r}")
    return int(text)


def check(profile: str, environ: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The resolved settings of ``profile``; SettingsError naming the first thing wrong."""
    if profile not in PROFILES:
        raise SettingsError(f"unknown profile {profile!r}: expected {' or '.join(PROFILES)}")
    environ = os.environ if environ is None else environ
    for variable in VARIABLES:
        if profile in variable.required_in and not environ.get(variable.name, "").strip():
            raise SettingsError(f"{variable.name} is not set: {variable.meaning} (required by the {profile} profile)")
        given = environ.get(variable.name, "").strip()
        if variable.secret and given and len(given) < MIN_SECRET_CHARS:
            raise SettingsError(f"{variable.name} is too short: use at least {MIN_SECRET_CHARS} random characters "
                                "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    for name in NUMBERS:
        integer(name, environ)
    return {variable.name: value(variable.name, environ) for variable in VARIABLES}


def new_secret() -> str:
    return secrets.token_urlsafe(MIN_SECRET_CHARS)
