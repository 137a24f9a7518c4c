"""Accounts use Django's own User and Group: a role is a group (see roles.py), so there is no model here."""
