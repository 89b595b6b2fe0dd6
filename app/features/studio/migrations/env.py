"""Alembic's entry point for the studio server's own schema (``studio``).

Kiln runs it in-process (``app.features.studio.server.init``) on a connection that already holds
a transaction and has taken the studio owner's role; nothing here opens connections.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table="alembic_version",
    version_table_schema="studio",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
