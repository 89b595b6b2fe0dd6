"""Readers and writers of other formats: Kiln's project JSON, later Fountain, FDX, XLIFF."""
