"""The assistant's own records in a SQL database through SQLAlchemy: handoff requests (with the
status staff give them), self-assessment results and answer feedback; one code path for both profiles.

The embedded profile keeps them in SQLite (HANDOFF_DB, default var/handoffs.sqlite3);
the production profile in PostgreSQL (POSTGRES_*), shared by every action server.
The schema belongs to Alembic (migrations/): the first use of a database in a
process upgrades it to the newest revision, so a fresh database, an old SQLite
file and a running PostgreSQL all end up with the same tables.
"""
import datetime
import os
import threading
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from deploy import settings
from migrations import upgrade

ROOT = Path(__file__).resolve().parents[1]


class UtcDateTime(sa.types.TypeDecorator):
    """A moment in UTC that comes back aware from every database: SQLite keeps no time zone, so its
    naive values (written in UTC) get theirs back here, once, for every reader."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=datetime.timezone.utc) if value is not None and value.tzinfo is None else value


metadata = sa.MetaData()
# Mirrors migrations/versions: the migrations create it, this describes it for queries (UtcDateTime is
# DateTime(timezone=True) read back aware).
handoff_requests = sa.Table(
    "handoff_requests", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sender_id", sa.Text, nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("contact", sa.Text, nullable=False),
    sa.Column("question", sa.Text),
    sa.Column("assessment_result_id", sa.Integer, sa.ForeignKey("assessment_results.id")),
    sa.Column("status", sa.Text, nullable=False, server_default="new"),
    sa.Column("status_by", sa.Text),
    sa.Column("status_at", UtcDateTime),
    sa.Column("note", sa.Text),
)
HANDOFF_STATUSES = ("new", "contacted", "closed")
assessment_results = sa.Table(
    "assessment_results", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sender_id", sa.Text, nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("assessment", sa.Text, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("scores", sa.JSON, nullable=False),
    sa.Column("overall", sa.Float, nullable=False),
    sa.Column("level", sa.Text, nullable=False),
)
answer_feedback = sa.Table(
    "answer_feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("sender_id", sa.Text, nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("question", sa.Text),
    sa.Column("answer_at", sa.Float),
    sa.Column("citations", sa.JSON, nullable=False),
    sa.Column("comment", sa.Text),
)


def database_url(environ: Optional[Mapping[str, str]] = None) -> str:
    """PostgreSQL in the production profile, else the SQLite file HANDOFF_DB."""
    environ = os.environ if environ is None else environ
    if settings.production(environ):
        return str(sa.engine.URL.create(
            "postgresql+psycopg2", username=settings.value("POSTGRES_USER", environ),
            password=settings.value("POSTGRES_PASSWORD", environ) or None,
            host=settings.value("POSTGRES_HOST", environ), port=settings.integer("POSTGRES_PORT", environ),
            database=settings.value("POSTGRES_DB", environ)))
    path = Path(settings.value("HANDOFF_DB", environ))
    return f"sqlite:///{path if path.is_absolute() else ROOT / path}"


class HandoffStore:
    """One per database and process (``for_url``): one engine, one migration check."""

    _open: Dict[str, "HandoffStore"] = {}
    _open_lock = threading.Lock()

    @classmethod
    def for_url(cls, url: Optional[str] = None) -> "HandoffStore":
        url = url or database_url()
        with cls._open_lock:
            if url not in cls._open:
                cls._open[url] = cls(url)
            return cls._open[url]

    def __init__(self, url: str):
        self.url = sa.engine.make_url(url)
        self.sqlite_path = Path(self.url.database) if self.url.get_backend_name() == "sqlite" else None
        # SQLite: a connection per use, so a file removed while the server runs is noticed and recreated.
        self.engine = sa.create_engine(self.url, future=True, poolclass=NullPool) if self.sqlite_path else \
            sa.create_engine(self.url, future=True, pool_pre_ping=True, pool_size=5)
        self._migrated = False
        self._lock = threading.Lock()

    def _ready(self) -> None:
        with self._lock:
            if self.sqlite_path and not self.sqlite_path.exists():
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
                self._migrated = False
            if not self._migrated:
                upgrade(self.engine)
                self._migrated = True

    def ready_engine(self) -> sa.engine.Engine:
        """The engine, once the database has the newest tables (for the staff console's own queries)."""
        self._ready()
        return self.engine

    def record(self, sender_id: str, contact: str, language: Optional[str], question: Optional[str],
               channel: Optional[str], assessment_result: Optional[str] = None) -> str:
        """Commit the request, then return its reference (H000012): committed means it is kept.
        ``assessment_result`` (A000003) links the self-assessment the user finished before asking."""
        number = self._insert(handoff_requests, sender_id=sender_id, channel=channel, language=language,
                              contact=contact, question=question, assessment_result_id=result_number(assessment_result))
        return f"H{number:06d}"

    def record_assessment(self, sender_id: str, channel: Optional[str], language: Optional[str], assessment: str,
                          answers: Dict[str, int], scores: Dict[str, float], overall: float, level: str) -> str:
        """Commit a finished self-assessment, then return its reference (A000012)."""
        number = self._insert(assessment_results, sender_id=sender_id, channel=channel, language=language,
                              assessment=assessment, answers=answers, scores=scores, overall=overall, level=level)
        return f"A{number:06d}"

    def record_feedback(self, sender_id: str, channel: Optional[str], language: Optional[str], helpful: bool,
                        question: Optional[str], answer_at: Optional[float], citations: List[dict]) -> int:
        """Commit a 👍 or 👎 on the answer given at ``answer_at`` (its tracker event's timestamp)."""
        return self._insert(answer_feedback, sender_id=sender_id, channel=channel, language=language,
                            helpful=helpful, question=question, answer_at=answer_at, citations=citations)

    def add_feedback_comment(self, sender_id: str, comment: str) -> bool:
        """Keep what a reader who said 👎 was looking for, on their latest 👎 that has none yet."""
        self._ready()
        latest = sa.select(sa.func.max(answer_feedback.c.id)).where(
            answer_feedback.c.sender_id == sender_id, answer_feedback.c.helpful.is_(False)).scalar_subquery()
        with self.engine.begin() as connection:
            changed = connection.execute(answer_feedback.update().where(
                answer_feedback.c.id == latest, answer_feedback.c.comment.is_(None)).values(comment=comment[:2000]))
        return changed.rowcount > 0

    def feedback(self, sender_id: Optional[str] = None, since: Optional[datetime.datetime] = None
                 ) -> List[Dict[str, Any]]:
        """Stored feedback, oldest first (one conversation's, or since a time, when given)."""
        self._ready()
        query = sa.select(answer_feedback).order_by(answer_feedback.c.id)
        if sender_id is not None:
            query = query.where(answer_feedback.c.sender_id == sender_id)
        if since is not None:
            query = query.where(answer_feedback.c.created_at >= since)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def set_status(self, number: int, by: str, status: Optional[str] = None, note: Optional[str] = None
                   ) -> Optional[Dict[str, Any]]:
        """Change a request's status and/or note, saying who and when; the updated request, or None."""
        if status is not None and status not in HANDOFF_STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(HANDOFF_STATUSES)}")
        values: Dict[str, Any] = {"status_by": by, "status_at": datetime.datetime.now(datetime.timezone.utc)}
        if status is not None:
            values["status"] = status
        if note is not None:
            values["note"] = note[:5000]
        self._ready()
        with self.engine.begin() as connection:
            changed = connection.execute(handoff_requests.update().where(handoff_requests.c.id == number)
                                         .values(**values)).rowcount
        return next(iter(self.all(number=number)), None) if changed else None

    def _insert(self, table: sa.Table, **values) -> int:
        self._ready()
        created = datetime.datetime.now(datetime.timezone.utc)
        with self.engine.begin() as connection:
            return connection.execute(table.insert().values(created_at=created, **values)).inserted_primary_key[0]

    def all(self, number: Optional[int] = None, **equal: Optional[str]) -> List[Dict[str, Any]]:
        """Every handoff request, oldest first, with the assessment result it carries (or None);
        only request ``number``, or those whose status, language, channel or sender_id equal the values given."""
        self._ready()
        query = sa.select(handoff_requests, assessment_results.c.assessment, assessment_results.c.scores,
                          assessment_results.c.level, assessment_results.c.overall
                          ).outerjoin(assessment_results).order_by(handoff_requests.c.id)
        if number is not None:
            query = query.where(handoff_requests.c.id == number)
        for column, value in equal.items():
            if value:
                query = query.where(handoff_requests.c[column] == value)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def assessments(self, sender_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Stored self-assessment results, oldest first (one conversation's, when ``sender_id`` is given)."""
        self._ready()
        query = sa.select(assessment_results).order_by(assessment_results.c.id)
        if sender_id is not None:
            query = query.where(assessment_results.c.sender_id == sender_id)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]


def result_number(reference: Optional[str]) -> Optional[int]:
    """12 for "A000012"; None for anything else."""
    if isinstance(reference, str) and reference[:1] == "A" and reference[1:].isdigit():
        return int(reference[1:])
    return None
