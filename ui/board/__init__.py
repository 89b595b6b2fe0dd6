"""The beat board: one lane of cards per episode plus the parking lot, drawn as graphics items."""
