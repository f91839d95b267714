"""The exported encoder (ONNX) and its tokenizer: texts → head probabilities and vectors.

Texts are cut at `MAX_LEN` pieces and run in batches of similar length (less padding).
onnxruntime runs with one thread per core the process may use, at most `THREADS`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.encoder.tokenizer import UnigramTokenizer

OUTPUTS = ("toxic", "negative", "neutral", "positive", "complaint", "spam", "ironic")
MAX_LEN = 64
BATCH = 32
THREADS = 4
_BINARY = ("toxic", "complaint", "spam", "ironic")


@dataclass(frozen=True, slots=True)
class EncoderOutput:
    """Per text: the head probabilities (columns: OUTPUTS) and the unit pooled vector."""

    probs: NDArray[np.float32]
    vectors: NDArray[np.float32]

    def column(self, name: str) -> NDArray[np.float32]:
        return self.probs[:, OUTPUTS.index(name)]


class EncoderModel:
    """Loaded once per process; `run` is thread-safe (onnxruntime sessions are)."""

    def __init__(self, folder: Path, *, variant: str = "encoder.onnx") -> None:
        import onnxruntime as ort

        card = folder / "model.json"
        self.card = json.loads(card.read_text(encoding="utf-8")) if card.exists() else {}
        self.thresholds: dict[str, float] = self.card.get("thresholds", {})
        self.tokenizer = UnigramTokenizer.load(folder / "tokenizer.json")
        options = ort.SessionOptions()
        options.intra_op_num_threads = min(THREADS, len(os.sched_getaffinity(0)))
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / variant), options, providers=["CPUExecutionProvider"]
        )

    def run(self, texts: Sequence[str]) -> EncoderOutput:
        ids = [self.tokenizer.encode(t, max_len=MAX_LEN) for t in texts]
        probs = np.zeros((len(ids), len(OUTPUTS)), dtype=np.float32)
        vectors = np.zeros((len(ids), 384), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            width = max(len(ids[i]) for i in rows)
            x = np.full((len(rows), width), self.tokenizer.pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                x[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1
            p, v = self.session.run(["probs", "pooled"], {"ids": x, "mask": mask})
            probs[rows] = p
            vectors[rows] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        return EncoderOutput(probs, vectors)

    def heads(self, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """Raw head probabilities by head, as training reads them (`sentiment`: 3 columns)."""
        probs = self.run(texts).probs
        out = {name: probs[:, i] for i, name in enumerate(OUTPUTS) if name in _BINARY}
        out["sentiment"] = probs[:, 1:4]
        return out

    def threshold(self, head: str, lang: str | None = None) -> float:
        if head == "toxic":
            return self.thresholds.get(f"toxic_{lang}", self.thresholds["toxic_en"])
        return self.thresholds[head]
