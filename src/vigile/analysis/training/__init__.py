"""Reproducible training of the shipped models from ../shared/data (needs scikit-learn)."""
