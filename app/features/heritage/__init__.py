"""The intangible-heritage reference library: seed, search, import and export, detection in the
script (spaCy, imported lazily), links and coverage."""
