"""Consultants' annotations: anchoring, re-anchoring, review packets and approvals."""
