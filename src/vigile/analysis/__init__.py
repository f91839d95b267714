"""Analysis: comment scorers, thread forecasters, page detectors, text normalisation."""
