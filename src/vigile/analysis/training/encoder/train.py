"""Fine-tune e5-small's lower layers on every comment source at once (multi-task).

Recipe (chosen for two CPU cores): the first `LAYERS` layers of multilingual-e5-small,
word embeddings and the first `FROZEN` layers frozen, one linear head per task on the
mean-pooled last layer, masked losses summed over the heads a row has labels for, AdamW
with linear warm-up and decay, batches of `BATCH` rows of similar length, texts cut at
`MAX_LEN` pieces. A checkpoint is written every `CHECKPOINT_EVERY` steps and a run
started again with the same folder resumes from it (same seed, same batches).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor, nn

from vigile.analysis.encoder.model import MAX_LEN
from vigile.analysis.encoder.tokenizer import UnigramTokenizer
from vigile.analysis.training.encoder.bert import MultiHead, load_encoder
from vigile.analysis.training.encoder.data import HEADS, Example, Sources, epoch

logger = logging.getLogger(__name__)

LAYERS = 6
FROZEN = 3
BATCH = 32
LR = 5e-5
HEAD_LR = 5e-4
WARMUP = 0.06
CHECKPOINT_EVERY = 200
THREADS = 2


@dataclass(frozen=True, slots=True)
class Recipe:
    epochs: int = 1
    seed: int = 0
    layers: int = LAYERS
    frozen: int = FROZEN


def encode(tokenizer: UnigramTokenizer, examples: Sequence[Example]) -> list[list[int]]:
    return [tokenizer.encode(e.text, max_len=MAX_LEN) for e in examples]


def batches(ids: Sequence[list[int]], *, seed: int) -> list[list[int]]:
    """Row indices in batches of similar length, in a seeded random order."""
    rng = random.Random(seed)
    order = list(range(len(ids)))
    rng.shuffle(order)
    chunk = BATCH * 50
    out: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(ids[i]))
        out.extend(part[i : i + BATCH] for i in range(0, len(part), BATCH))
    rng.shuffle(out)
    return out


def pad(rows: Sequence[list[int]], pad_id: int) -> tuple[Tensor, Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def loss_of(outputs: dict[str, Tensor], labels: Sequence[dict[str, int]]) -> Tensor:
    """Sum over heads of the mean loss on the rows labelled for that head."""
    total = torch.zeros(())
    for head, n in HEADS.items():
        rows = [i for i, lab in enumerate(labels) if head in lab]
        if not rows:
            continue
        target = torch.tensor([labels[i][head] for i in rows])
        logits = outputs[head][rows]
        if n == 1:
            total = total + nn.functional.binary_cross_entropy_with_logits(
                logits[:, 0], target.float()
            )
        else:
            total = total + nn.functional.cross_entropy(logits, target)
    return total


def build_model(e5: object, keep: NDArray[np.int64], recipe: Recipe) -> MultiHead:
    from vigile.analysis.training.encoder.e5_file import E5File

    assert isinstance(e5, E5File)
    torch.manual_seed(recipe.seed)
    model = MultiHead(load_encoder(e5, layers=recipe.layers, keep=keep), HEADS)
    model.encoder.word.weight.requires_grad_(False)
    for layer in list(model.encoder.layers)[: recipe.frozen]:
        layer.requires_grad_(False)
    return model


def optimiser(
    model: MultiHead, total_steps: int
) -> tuple[torch.optim.Optimizer, Callable[[], None]]:
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("heads")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": LR}, {"params": model.heads.parameters(), "lr": HEAD_LR}],
        weight_decay=0.01,
    )
    warm = max(1, int(total_steps * WARMUP))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt,
        lambda s: min((s + 1) / warm, max(0.0, (total_steps - s) / max(1, total_steps - warm))),
    )
    return opt, sched.step


def train(
    model: MultiHead,
    tokenizer: UnigramTokenizer,
    sources: Sources,
    *,
    recipe: Recipe,
    folder: Path,
) -> dict[str, float]:
    """Train in place; resumes from `folder/checkpoint.pt` when it is there."""
    torch.set_num_threads(THREADS)
    plan: list[tuple[list[Example], list[list[int]], list[int]]] = []
    for e in range(recipe.epochs):
        rows = epoch(sources, seed=recipe.seed + e)
        ids = encode(tokenizer, rows)
        plan.extend((rows, ids, b) for b in batches(ids, seed=recipe.seed + e))
    opt, step_schedule = optimiser(model, len(plan))
    start = _resume(model, opt, step_schedule, folder / "checkpoint.pt")
    model.train()
    began, recent = time.monotonic(), list[float]()
    for step in range(start, len(plan)):
        rows, ids, batch = plan[step]
        x, m = pad([ids[i] for i in batch], tokenizer.pad)
        loss = loss_of(model(x, m), [rows[i].labels for i in batch])
        loss.backward()  # type: ignore[no-untyped-call]
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step_schedule()
        opt.zero_grad()
        recent = [*recent[-49:], float(loss.detach())]
        if (step + 1) % CHECKPOINT_EVERY == 0 or step + 1 == len(plan):
            _save(model, opt, step + 1, folder / "checkpoint.pt")
            rate = (step + 1 - start) * BATCH / (time.monotonic() - began)
            logger.info(
                "step %d/%d loss %.3f %.1f rows/s", step + 1, len(plan), np.mean(recent), rate
            )
    model.eval()
    return {"steps": float(len(plan)), "rows": float(sum(len(b) for _, _, b in plan))}


def _save(model: MultiHead, opt: torch.optim.Optimizer, step: int, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step}, tmp)
    tmp.replace(path)


def _resume(
    model: MultiHead, opt: torch.optim.Optimizer, step_schedule: Callable[[], None], path: Path
) -> int:
    if not path.exists():
        return 0
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    for _ in range(int(state["step"])):
        step_schedule()
    logger.info("resumed at step %d", state["step"])
    return int(state["step"])


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
