"""Agreements, their document versions, clause findings and legal review."""
