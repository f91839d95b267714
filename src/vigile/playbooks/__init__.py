"""Scenario library, scenario recommendation and reply drafts for community managers."""
