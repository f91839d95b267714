"""Training of `vigile-comments 3`: multilingual-e5-small fine-tuned on every comment source
(torch; the `train` extra). The shipped runtime lives in `vigile.analysis.encoder`."""
