"""Accounts and roles: the five role groups, login, and who may see which vendor."""
