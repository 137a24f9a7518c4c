"""Vendor profiles: vendors, AI services, endpoints, sub-processors, security evidence and AI use cases."""
