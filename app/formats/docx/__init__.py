"""DOCX rendering with python-docx: paragraphs, runs, tables and comments."""
