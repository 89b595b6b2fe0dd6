"""The Translations dock: every translatable line beside its translation."""
