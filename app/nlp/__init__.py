"""spaCy pipelines: heritage-term detection in script text (spaCy is imported lazily)."""
