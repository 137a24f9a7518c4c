"""Requests for information: built from a vendor's gaps, sent, answered through a link, and folded back."""
