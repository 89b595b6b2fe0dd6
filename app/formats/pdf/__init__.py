"""PDF rendering with reportlab: line layout, pagination, notes."""
