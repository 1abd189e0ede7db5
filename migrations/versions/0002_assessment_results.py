"""self-assessment results, and the result a handoff request carries

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("assessment", sa.Text, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),  # question id -> option number (1-based)
        sa.Column("scores", sa.JSON, nullable=False),  # dimension id -> share of the best score (0-1)
        sa.Column("overall", sa.Float, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
    )
    op.create_index("ix_assessment_results_sender_id", "assessment_results", ["sender_id"])
    # batch mode: SQLite cannot add a foreign key to an existing table in place
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("assessment_result_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_handoff_requests_assessment_result", "assessment_results",
                                 ["assessment_result_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_constraint("fk_handoff_requests_assessment_result", type_="foreignkey")
        batch.drop_column("assessment_result_id")
    op.drop_index("ix_assessment_results_sender_id", "assessment_results")
    op.drop_table("assessment_results")
