"""Vigile: a self-hosted copilot for community managers."""

__version__ = "0.1.0"
