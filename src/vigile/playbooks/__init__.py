"""Playbooks: the scenario library, recommendations, reply drafts, the tone and charter
check of a reply and the risk check of a post."""
