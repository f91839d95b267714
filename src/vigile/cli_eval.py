"""`vigile eval ...` and `vigile bench ...`: measurements that print their figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vigile.analysis.registry import load_forecaster, load_scorer
from vigile.cli_common import handles_errors, out
from vigile.settings import DEFAULT_FORECASTER, DEFAULT_SCORERS

eval_app = typer.Typer(help="Measure the models on labelled data.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks: throughput, latency, memory.", no_args_is_help=True)

DataFile = Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, readable=True)]
ScorerOption = Annotated[list[str] | None, typer.Option("--scorer", help="Scorer name(s).")]


@eval_app.command("comments")
@handles_errors
def eval_comments(
    data: DataFile,
    task: Annotated[str, typer.Option(help="toxicity or sentiment")] = "toxicity",
    scorer: ScorerOption = None,
    by: Annotated[
        str | None, typer.Option(help="Also report per value of this field (e.g. kind).")
    ] = None,
) -> None:
    """ROC-AUC, macro-F1, per-language figures and the confusion at the default threshold."""
    from vigile.eval.comments import evaluate_comments

    if task not in {"toxicity", "sentiment"}:
        raise typer.BadParameter("task must be toxicity or sentiment", param_hint="--task")
    for line in evaluate_comments(
        data, [load_scorer(n) for n in scorer or DEFAULT_SCORERS], task=task, by=by
    ):
        out.print(line, markup=False)


@eval_app.command("threads")
@handles_errors
def eval_threads(
    data: DataFile,
    forecaster: Annotated[str, typer.Option(help="Forecaster name.")] = DEFAULT_FORECASTER,
    scorer: ScorerOption = None,
) -> None:
    """Accuracy, F1, false-positive rate, ROC-AUC and the mean horizon of the first alert."""
    from vigile.eval.threads import evaluate_threads

    scorers = [load_scorer(n) for n in scorer or DEFAULT_SCORERS]
    for line in evaluate_threads(data, scorers, load_forecaster(forecaster)):
        out.print(line, markup=False)


@eval_app.command("buzz")
@handles_errors
def eval_buzz(
    data: Annotated[
        Path, typer.Option("--data", exists=True, file_okay=False, help="../shared/data folder")
    ] = Path("../shared/data"),
    split: Annotated[
        str, typer.Option(help="dev (tune rows of the train files, for tuning) or test (val files)")
    ] = "test",
    pages: Annotated[
        int, typer.Option(min=2, help="Simulated pages, one week each; half get a burst.")
    ] = 100,
    seed: Annotated[int, typer.Option()] = 7,
    scorer: ScorerOption = None,
) -> None:
    """Recall, precision and detection delay on labelled bursts; false alerts on calm weeks."""
    from vigile.eval.buzz import SOURCES, evaluate_buzz, load_pools

    if split not in SOURCES:
        raise typer.BadParameter("split must be dev or test", param_hint="--split")
    scorers = [load_scorer(n) for n in scorer or DEFAULT_SCORERS]
    calm, negative = load_pools(data, split, scorers)
    calm_rate, negative_rate = sum(calm) / len(calm), sum(negative) / len(negative)
    out.print(
        f"buzz evaluation, split {split}: {len(calm)} calm and {len(negative)} negative real texts;"
        f" flagged negative: {calm_rate:.1%} of calm, {negative_rate:.1%} of negative"
    )
    for line in evaluate_buzz(calm, negative, pages=pages, seed=seed).lines():
        out.print(line, markup=False)


@eval_app.command("replies")
@handles_errors
def eval_replies(
    split: Annotated[
        str, typer.Option(help="dev (used for tuning), test (never tuned on) or all")
    ] = "test",
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", exists=True, dir_okay=False, help="Labelled file(s) (default: shipped)."
        ),
    ] = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List the items the checks get wrong.")
    ] = False,
) -> None:
    """Precision and recall of the reply and post checks, per language and finding code."""
    from vigile.eval.replies import default_files, errors, read_items, report, run_checks

    if split not in {"dev", "test", "all"}:
        raise typer.BadParameter("split must be dev, test or all", param_hint="--split")
    items = read_items(data or default_files(), split=None if split == "all" else split)
    results = run_checks(items, load_scorer("comments"))
    out.print(f"checks evaluation, split {split}: {len(items)} labelled items", markup=False)
    for line in report(items, results):
        out.print(line, markup=False)
    if show_errors:
        for line in errors(items, results):
            out.print(line, markup=False)


@bench_app.command("stream")
@handles_errors
def bench_stream(
    rate: Annotated[int, typer.Option(min=1, help="Comments per second offered to ingest.")] = 500,
    seconds: Annotated[float, typer.Option(min=1, help="How long to feed at that rate.")] = 20,
    sustained: Annotated[
        int, typer.Option(min=100, help="Backlog size for the throughput run.")
    ] = 20_000,
    batch_size: Annotated[int, typer.Option(min=1)] = 1000,
    scorer: ScorerOption = None,
    data: Annotated[
        Path, typer.Option("--data", help="../shared/data folder (else demo texts)")
    ] = Path("../shared/data"),
    scoring_process: Annotated[
        bool, typer.Option(help="Score the next batch in a second process (two cores).")
    ] = False,
) -> None:
    """Sustained comments/s and alert latency p50/p95 at a stated load, on SQLite."""
    from vigile.eval import bench_stream as bench
    from vigile.pipeline.analyse import Stages
    from vigile.policy.charter import parse_charter

    stages = Stages(
        scorers=[load_scorer(n) for n in scorer or DEFAULT_SCORERS],
        forecaster=load_forecaster(DEFAULT_FORECASTER),
        charter=parse_charter(bench.BENCH_CHARTER, source="bench charter"),
    )
    report = bench.run(
        stages,
        sustained=sustained,
        rate=rate,
        seconds=seconds,
        batch_size=batch_size,
        data=data,
        scoring_process=scoring_process,
    )
    for line in report.lines():
        out.print(line, markup=False)


@bench_app.command("score")
@handles_errors
def bench_score(
    scorer: Annotated[
        list[str] | None, typer.Option("--scorer", help="Scorer(s) to measure.")
    ] = None,
    baseline: Annotated[
        str, typer.Option(help="Reference scorer measured in the same run.")
    ] = "baseline",
    n: Annotated[int, typer.Option("--n", min=100, help="Comments to score.")] = 40_000,
    data: Annotated[Path, typer.Option("--data", help="../shared/data folder")] = Path(
        "../shared/data"
    ),
) -> None:
    """Comments/s (warm and whole process) and peak memory, next to a baseline."""
    from vigile.eval import bench_score as bench

    for name in [baseline, *(scorer or [])]:
        out.print(bench.run(name, n=n, data=data).line(), markup=False)


@eval_app.command("pii")
@handles_errors
def eval_pii(
    split: Annotated[str, typer.Option(help="dev, test or all")] = "test",
    data: Annotated[
        Path | None,
        typer.Option("--data", exists=True, dir_okay=False, help="Default: the shipped set."),
    ] = None,
) -> None:
    """Recall and precision of the anonymiser per kind and language on labelled comments."""
    from vigile.eval.pii import evaluate_pii, load_pii, report_lines

    if split not in {"dev", "test", "all"}:
        raise typer.BadParameter("split must be dev, test or all", param_hint="--split")
    rows = load_pii(data, split=None if split == "all" else split)
    for line in report_lines(evaluate_pii(rows), split=split):
        out.print(line, markup=False)


@eval_app.command("cases")
@handles_errors
def eval_cases(split: Annotated[str, typer.Option(help="dev, test or all")] = "test") -> None:
    """Recall@1/@3 and MRR of case search (full-text, semantic, fused) on the shipped
    FR/EN queries, and what the post check's similar-case threshold shows."""
    from vigile.eval.cases import report_lines
    from vigile.playbooks.post_check import SIMILAR_CASE_AT

    if split not in {"dev", "test", "all"}:
        raise typer.BadParameter("split must be dev, test or all", param_hint="--split")
    for line in report_lines(split, threshold=SIMILAR_CASE_AT):
        out.print(line, markup=False)
