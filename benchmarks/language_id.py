"""Language id with and without the function-word shortcut, on the labelled comments.

    .venv/bin/python benchmarks/language_id.py [--data ../shared/data]

Prints accuracy against the files' `lang` labels and texts/s (CPU time) for
`vigile.analysis.language.detect(..., candidates=SUPPORTED)` as shipped, then with the
shortcut switched off (every text through py3langid).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from unittest import mock

from vigile.analysis import language

FILES = (
    "xlmt_sentiment_fr_val", "xlmt_sentiment_en_val", "xlmt_sentiment_fr_train",
    "xlmt_sentiment_en_train", "mlma_fr", "mlma_en", "tweeteval_offensive_en_val",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    folder = parser.parse_args().data / "comments"
    rows = [
        json.loads(line)
        for name in FILES
        for line in (folder / f"{name}.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    texts, gold = [r["text"] for r in rows], [r["lang"] for r in rows]
    language.detect(texts[:10], candidates=language.SUPPORTED)  # load the model
    for label, shortcut in (("shipped", language._by_function_words), ("n-gram only", None)):
        with mock.patch.object(language, "_by_function_words", shortcut or (lambda _: None)):
            language._detect_one.cache_clear()  # each text is detected anew in both runs
            started = time.process_time()
            found = language.detect(texts, candidates=language.SUPPORTED)
            rate = len(texts) / (time.process_time() - started)
        accuracy = sum(a == b for a, b in zip(found, gold, strict=True)) / len(gold)
        print(f"{label:>12}: accuracy {accuracy:.4f} on {len(texts):,} comments, {rate:,.0f}/s")


if __name__ == "__main__":
    main()
