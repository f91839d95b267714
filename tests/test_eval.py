"""`vigile eval ...` on the labelled data of ../shared/data (skipped when it is absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SHARED_DATA, Cli, write_jsonl

needs_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="../shared/data is absent (fresh clone)"
)


def test_eval_comments_toxicity_on_a_small_file(cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"text": "You are a stupid idiot", "lang": "en", "toxic": 1},
        {"text": "Thanks for the quick answer", "lang": "en", "toxic": 0},
        {"text": "Espèce de connard", "lang": "fr", "toxic": 1},
        {"text": "Ma commande est en retard, je suis déçue", "lang": "fr", "toxic": 0},
    ]
    result = cli(
        "eval", "comments", "--data", write_jsonl(tmp_path / "t.jsonl", rows), "--task", "toxicity"
    )
    assert result.exit_code == 0, result.output
    assert (
        "[all]" in result.output and "[lang=fr]" in result.output and "[lang=en]" in result.output
    )
    assert "ROC-AUC 1.000" in result.output
    assert re.search(r"TN \d+  FP \d+  FN \d+  TP \d+", result.output)


def test_eval_comments_by_kind_reports_each_language_and_kind(cli: Cli, tmp_path: Path) -> None:
    rows = [
        {"text": "Espèce de connard", "lang": "fr", "toxic": 1, "kind": "insult"},
        {
            "text": "Ce n'est pas idiot comme question.",
            "lang": "fr",
            "toxic": 0,
            "kind": "negation",
        },
        {
            "text": "Is the remote sold with batteries?",
            "lang": "en",
            "toxic": 0,
            "kind": "question",
        },
        {"text": "Where do I send the form?", "lang": "en", "toxic": 0},
    ]
    path = write_jsonl(tmp_path / "t.jsonl", rows)
    result = cli("eval", "comments", "--data", path, "--by", "kind")
    assert result.exit_code == 0, result.output
    for group in ("fr kind=insult", "fr kind=negation", "en kind=question", "en kind=unknown"):
        assert f"[lang={group}]" in result.output, group
    insult = result.output.split("[lang=fr kind=insult]")[1].split("[")[0]
    assert "n=1 positives=1" in insult and "TP 1" in insult
    assert "kind=" not in cli("eval", "comments", "--data", path).output


def test_eval_comments_names_the_line_missing_a_label(cli: Cli, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [{"text": "a", "toxic": 0}, {"text": "b"}])
    result = cli("eval", "comments", "--data", path)
    assert result.exit_code == 2
    assert "line 2, field 'toxic'" in result.output


@needs_data
def test_eval_sentiment_on_shared_french_data(cli: Cli) -> None:
    result = cli(
        "eval",
        "comments",
        "--data",
        SHARED_DATA / "comments/xlmt_sentiment_fr_val.jsonl",
        "--task",
        "sentiment",
    )
    assert result.exit_code == 0, result.output
    assert "n=324" in result.output and "negative comments flagged toxic" in result.output


@needs_data
def test_eval_threads_reports_horizon(cli: Cli) -> None:
    result = cli("eval", "threads", "--data", SHARED_DATA / "threads/toxichat_dev.jsonl")
    assert result.exit_code == 0, result.output
    assert "n=300" in result.output
    assert "FPR" in result.output and "mean horizon" in result.output


@needs_data
def test_eval_buzz_on_real_texts(cli: Cli) -> None:
    result = cli("eval", "buzz", "--data", SHARED_DATA, "--pages", "10", "--split", "dev")
    assert result.exit_code == 0, result.output
    assert re.search(r"recall \d\.\d{3}  precision \d\.\d{3}  median delay", result.output)
    assert "per page-week" in result.output


def test_bench_stream_prints_throughput_and_latency(cli: Cli) -> None:
    result = cli("bench", "stream", "--sustained", "300", "--seconds", "1", "--rate", "100")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"sustained: 300 comments ingested and analysed at [\d,]+ comments/s", result.output
    )
    assert re.search(r"latency at 100 comments/s offered .* p50 \d+ ms, p95 \d+ ms", result.output)


def test_bench_score_prints_rates_and_memory(cli: Cli) -> None:
    result = cli("bench", "score", "--n", "300")
    assert result.exit_code == 0, result.output
    pattern = r"baseline:\s+[\d,]+ comments/s after load, .* peak memory [\d,]+ MB"
    assert re.search(pattern, result.output)
