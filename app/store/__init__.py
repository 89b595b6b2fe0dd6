"""Persistence: the SQLAlchemy schema of a `.kiln` file, opening, locking, backups, migrations."""
