"""Notification channels: one small interface, apprise behind it."""
