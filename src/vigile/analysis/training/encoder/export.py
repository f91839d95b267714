"""Export the fine-tuned encoder and its heads to ONNX (fp32), and an int8 variant.

The graph takes piece ids and a mask and gives the head probabilities in the order of
`vigile.analysis.encoder.model.OUTPUTS`
and the mean-pooled vector (drift, and the dynamics' comment embeddings). int8 is
onnxruntime's dynamic per-channel quantisation of the matrix weights; which variant ships
is decided on measured agreement and speed (docs/models.md).
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import Tensor, nn

from vigile.analysis.training.encoder.bert import MultiHead


class _Exported(nn.Module):
    def __init__(self, model: MultiHead) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: Tensor, mask: Tensor) -> tuple[Tensor, Tensor]:
        pooled = self.model.encoder(ids, mask)
        heads = self.model.heads
        probs = torch.cat(
            [
                torch.sigmoid(heads["toxic"](pooled)),
                torch.softmax(heads["sentiment"](pooled), dim=-1),
                torch.sigmoid(heads["complaint"](pooled)),
                torch.sigmoid(heads["spam"](pooled)),
                torch.sigmoid(heads["ironic"](pooled)),
            ],
            dim=-1,
        )
        return probs, pooled


def export_onnx(model: MultiHead, path: Path) -> None:
    model.eval()
    ids = torch.tensor([[0, 100, 200, 2], [0, 300, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    torch.onnx.export(
        _Exported(model),
        (ids, mask),
        str(path),
        input_names=["ids", "mask"],
        output_names=["probs", "pooled"],
        dynamic_axes={"ids": {0: "batch", 1: "len"}, "mask": {0: "batch", 1: "len"}},
        opset_version=17,
        dynamo=False,
    )


def quantise(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32),
        str(int8),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
    )
