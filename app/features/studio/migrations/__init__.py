"""Alembic migrations of the studio server's own schema (see ``env.py``)."""
