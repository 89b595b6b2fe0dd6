"""Fountain (fountain.io) screenplays: reader and writer."""
