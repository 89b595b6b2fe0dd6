"""Kiln's domain: enums, read-only records and pure rules. Imports nothing else of Kiln's."""
