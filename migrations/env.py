"""Alembic's entry: migrate the connection we are given, or the database of this environment."""
import sqlalchemy as sa
from alembic import context

POSTGRES_MIGRATION_LOCK = 7_202_017  # any constant: one advisory lock for the assistant's migrations


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several action servers start at once: one migrates, the others wait, then find it done.
            connection.execute(sa.text(f"SELECT pg_advisory_xact_lock({POSTGRES_MIGRATION_LOCK})"))
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    from actions.handoff_store import database_url

    engine = sa.create_engine(database_url(), future=True)
    with engine.begin() as connection:
        run(connection)
