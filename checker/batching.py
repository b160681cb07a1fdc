"""How texts and pairs are cut into model batches: one plan for both backends (PyTorch and ONNX Runtime).

A batch is padded to its longest member, so members run sorted by length and a batch of the embedder also
stops at a budget of padded characters. Plans depend only on the texts, so the same texts give the same
batches (and the same vectors, to the last bit) on any backend's thread or process.
"""

from __future__ import annotations

from collections.abc import Sequence

EMBED_BATCH = 64
# A batch is padded to its longest text, so batches stop at this many characters of padded text
# (count x longest): the seeds' 60 claims (36 tokens mean, 73 longest) embed in 0.76 s in 7 such batches
# against 1.25 s in one batch of 64 on 2 AVX2 cores, the median of 7 interleaved runs.
EMBED_BATCH_CHARS = 2000
NLI_BATCH = 32


def embedding_batches(texts: Sequence[str]) -> list[list[int]]:
    """The indices of `texts` in the batches the embedder runs: longest first (sentence-transformers'
    own sort), at most EMBED_BATCH texts and EMBED_BATCH_CHARS of padded text a batch (one text alone may
    be longer). A batch's vectors depend on its companions in the last bits (padding), and the batches
    depend only on the texts, so running them one by one or on several threads gives the same vectors."""
    import numpy as np

    order = np.argsort([-len(text) for text in texts]).tolist()
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else None
        longest = len(texts[batch[0]]) if batch else 0
        if batch is None or len(batch) == EMBED_BATCH or (len(batch) + 1) * longest > EMBED_BATCH_CHARS:
            batches.append([index])
        else:
            batch.append(index)
    return batches


def nli_batches(pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """The indices of `pairs` in the batches the NLI cross-encoder runs: shortest first, NLI_BATCH pairs a
    batch, so pairs of similar length share a batch and little of it is padding."""
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    return [order[begin : begin + NLI_BATCH] for begin in range(0, len(order), NLI_BATCH)]
