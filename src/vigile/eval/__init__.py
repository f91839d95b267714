"""Evaluation: metrics, dataset loaders, labelled streams and benchmarks."""
