"""Incidents: escalation and notifications, acknowledgments, the decision log."""
