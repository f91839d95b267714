"""Reproducible training of the shipped models (needs the `train` extra and the data)."""
