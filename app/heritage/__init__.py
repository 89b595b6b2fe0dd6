"""The intangible-heritage reference library: seed, search, import and export."""
