"""The assistant's own tables (handoff requests), versioned with Alembic.

`upgrade(engine)` brings a database to the newest revision; the action server
calls it on first use. From the command line (an operator, or a new revision):
    .venv/bin/alembic -c migrations/alembic.ini upgrade head
    .venv/bin/alembic -c migrations/alembic.ini revision -m "what changes"
Rasa's own tables (the tracker store's events) are Rasa's: it creates them itself.
"""
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent
# Alembic's `context` is one global per process: two migrations may not run in it at once. Between
# processes, migrations/env.py takes a PostgreSQL advisory lock.
_IN_PROCESS = threading.Lock()


def config() -> Config:
    alembic_config = Config(str(HERE / "alembic.ini"))
    alembic_config.set_main_option("script_location", str(HERE))
    return alembic_config


def upgrade(engine) -> None:
    alembic_config = config()
    with _IN_PROCESS, engine.begin() as connection:
        alembic_config.attributes["connection"] = connection
        command.upgrade(alembic_config, "head")
