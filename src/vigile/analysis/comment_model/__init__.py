"""The trained comment model (`vigile-comments`): toxicity, sentiment, language, drift.

Importing this package loads nothing; the files under `files/` are read on first use.
Training code that writes them: `vigile.analysis.training.comment_model`.
"""
