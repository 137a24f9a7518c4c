"""Compliance: the review schedule, quarterly reviews, reminders, the calendar and the portfolio dashboard."""
