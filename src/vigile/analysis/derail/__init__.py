"""The trained thread-derailment forecaster (`vigile-derail`): text shaping, features,
pure-numpy inference and reasons. Nothing is loaded at import; see `forecaster.py`."""
