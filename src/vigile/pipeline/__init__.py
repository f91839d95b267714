"""Pipeline: ingest → analyse (batched) → state → policy → actions."""
