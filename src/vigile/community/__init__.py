"""Shared case library and peer help: anonymisation, case studies, exchange bundles."""
