"""handoff requests

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A SQLite file made before migrations existed already has the table (same columns): keep it.
    if sa.inspect(op.get_bind()).has_table("handoff_requests"):
        return
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("question", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("handoff_requests")
