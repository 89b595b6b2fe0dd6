"""Exports: shooting scripts and translator packets as DOCX and PDF."""
