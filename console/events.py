"""Rasa's tracker store as the console reads it: the SQL tracker store's `events` table.

Rasa writes every event of every conversation there (endpoints.yml: SQLite under
var/ in the embedded profile; endpoints.production.yml: the production PostgreSQL),
the same stream its event broker publishes. The console only reads it.
"""
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool

from actions.handoff_store import database_url
from deploy import settings

ROOT = Path(__file__).resolve().parents[1]
# The newest events read for lists and figures: enough for months of a pilot; a bigger
# deployment should move the figures to a consumer of the event broker.
MAX_EVENTS = 200_000
# Rasa's SQLTrackerStore.SQLEvent, as it creates it.
events = sa.Table(
    "events", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def tracker_store_url(environ: Optional[Mapping[str, str]] = None, endpoints_file: Optional[Path] = None) -> str:
    """Where Rasa keeps conversations: production's PostgreSQL, else the SQLite file the endpoints name
    (endpoints.yml, or the file Rasa was started with)."""
    environ = os.environ if environ is None else environ
    if settings.production(environ):
        return database_url(environ)  # the same POSTGRES_* database (endpoints.production.yml)
    endpoints = yaml.safe_load(Path(endpoints_file or ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    path = Path(endpoints["tracker_store"]["db"])
    return f"sqlite:///{path if path.is_absolute() else ROOT / path}"


class EventLog:
    def __init__(self, url: Optional[str] = None):
        url = sa.engine.make_url(url or tracker_store_url())
        self.sqlite_path = Path(url.database) if url.get_backend_name() == "sqlite" else None
        self.engine = sa.create_engine(url, future=True, poolclass=NullPool) if self.sqlite_path else \
            sa.create_engine(url, future=True, pool_pre_ping=True, pool_size=3)

    def read(self, sender_id: Optional[str] = None, since: Optional[float] = None,
             until: Optional[float] = None) -> List[Dict[str, Any]]:
        """Events oldest first, each as Rasa serialised it (``event``, ``timestamp``, ...) plus ``sender_id``."""
        if self.sqlite_path is not None and not self.sqlite_path.exists():
            return []  # no conversation yet (and do not create Rasa's file for it)
        newest = sa.select(events).order_by(events.c.id.desc()).limit(MAX_EVENTS)
        if sender_id is not None:
            newest = newest.where(events.c.sender_id == sender_id)
        if since is not None:
            newest = newest.where(events.c.timestamp >= since)
        if until is not None:
            newest = newest.where(events.c.timestamp < until)
        try:
            with self.engine.connect() as connection:
                rows = list(connection.execute(newest))
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
            if "no such table" in str(error) or "does not exist" in str(error):
                return []  # Rasa has not written its table yet
            raise
        found = []
        for row in reversed(rows):
            try:
                event = json.loads(row.data)
            except (TypeError, ValueError):
                continue
            if isinstance(event, dict):
                event["sender_id"] = row.sender_id
                found.append(event)
        return found
