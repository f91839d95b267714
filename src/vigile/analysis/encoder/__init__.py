"""`vigile-comments 3`: a fine-tuned multilingual encoder (e5-small, pruned and exported to
ONNX) with heads for toxicity, sentiment, complaint, spam and irony. Runtime only: numpy,
onnxruntime; training is in `vigile.analysis.training.encoder`.

Not registered as a scorer yet: the first trained model did not beat vigile-comments 2.1
on toxicity (docs/models.md), so it does not ship."""
