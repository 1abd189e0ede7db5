"""the staff console: answer feedback, handoff status and notes, staff accounts and their sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("question", sa.Text),
        sa.Column("answer_at", sa.Float),  # the rated answer's event timestamp in the tracker store
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text),  # what a 👎 reader says they were looking for
    )
    op.create_index("ix_answer_feedback_sender_id", "answer_feedback", ["sender_id"])
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("status", sa.Text, nullable=False, server_default="new"))
        batch.add_column(sa.Column("status_by", sa.Text))
        batch.add_column(sa.Column("status_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("note", sa.Text))
    op.create_table(
        "staff_accounts",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),  # advisor | editor
        sa.Column("password_hash", sa.Text, nullable=False),  # argon2id, with its parameters
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.Text, primary_key=True),  # sha256 of the cookie's token
        sa.Column("account", sa.Text, sa.ForeignKey("staff_accounts.name", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("staff_sessions")
    op.drop_table("staff_accounts")
    with op.batch_alter_table("handoff_requests") as batch:
        for column in ("note", "status_at", "status_by", "status"):
            batch.drop_column(column)
    op.drop_index("ix_answer_feedback_sender_id", "answer_feedback")
    op.drop_table("answer_feedback")
