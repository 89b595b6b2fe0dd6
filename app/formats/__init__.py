"""Readers and writers of files: PDF and DOCX documents, Fountain, FDX, Chinese text, XLIFF
and Kiln's project JSON."""
