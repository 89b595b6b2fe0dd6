"""Named drafts, compare, production revisions (locked scene numbers, revision colours)."""
