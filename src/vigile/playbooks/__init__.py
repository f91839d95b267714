"""Playbooks: scenarios, reply drafts, the tone check of a reply and the risk check of a post."""
