"""The studio schema: projects, members, the changeset log and its triggers, the shared
heritage library (pg_trgm).

Revision ID: 0001
Revises:
"""

from alembic import op

from app.features.studio.ddl import studio_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    groups = op.get_context().config.attributes["groups"]
    raw = op.get_bind().connection.driver_connection
    for statement in studio_schema(groups):
        raw.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a studio's log is never dropped by a migration")
