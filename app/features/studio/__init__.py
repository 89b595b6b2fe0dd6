"""The studio: one PostgreSQL server that laptops sync their .kiln copies with, offline-first."""
