"""Import throughput and peak memory on a generated comment file.

    .venv/bin/python benchmarks/import_memory.py --rows 200000

Prints rows/s, MB/s and the peak resident memory of the `vigile import` process, so
that "a 1 GB file imports in bounded memory" is a measured statement: run it at two
sizes and compare the peaks.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXTS = [
    "Merci pour la réponse rapide, super service 👍",
    "My order is three weeks late and nobody answers my e-mails. Very disappointed.",
    "Vous êtes des escrocs, rendez-moi mon argent !",
    "Does the Sève come with a low-step frame?",
]


def generate(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            record = {
                "id": f"bench-{i}",
                "text": f"{TEXTS[i % len(TEXTS)]} ({i})",
                "author": f"user{i % 5000}",
                "page": f"facebook:brand{i % 7}",
                "post": {"id": f"post-{i % 2000}", "text": f"Post number {i % 2000}"},
                "parent": f"bench-{i - 1}" if i % 3 else None,
                "created_at": f"2026-11-{1 + (i // 86400) % 28:02d}T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    vigile = str(Path(sys.executable).parent / "vigile")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "comments.jsonl"
        generate(data, args.rows)
        size_mb = data.stat().st_size / 1e6
        subprocess.run([vigile, "init", str(Path(tmp) / "ws")], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([vigile, "import", str(data), "--home", str(Path(tmp) / "ws")], check=True)
        elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"rows: {args.rows}  file: {size_mb:.1f} MB  time: {elapsed:.1f} s")
    print(f"throughput: {args.rows / elapsed:,.0f} rows/s, {size_mb / elapsed:.1f} MB/s")
    print(f"peak RSS of the import process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
