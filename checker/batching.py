"""How texts and pairs are cut into model batches: one plan for both backends (PyTorch and ONNX Runtime).

A batch is padded to its longest member, so members run sorted by length, and a batch stops at a count or
at a budget of padded characters, whichever comes first. Plans depend only on the texts, so a backend gives
the same numbers, to the last bit, whichever of its threads runs a batch.
"""

from __future__ import annotations

from collections.abc import Sequence

EMBED_BATCH = 64
# A batch is padded to its longest text, so batches stop at this many characters of padded text
# (count x longest): the seeds' 60 claims (36 tokens mean, 73 longest) embed in 0.76 s in 7 such batches
# against 1.25 s in one batch of 64 on 2 AVX2 cores, the median of 7 interleaved runs.
EMBED_BATCH_CHARS = 2000
NLI_BATCH = 32
# The same budget for the NLI cross-encoder's pairs (count x longest pair, premise and hypothesis): 256 of
# v0's BBC test pairs took 3.9-4.6 s in such batches against 5.3-5.4 s in batches of 32 (two runs, each the
# median of 5 interleaved, 2 AVX2 cores; 8,000 chars: 4.5 s, 2,000: 4.4 s); 16 pairs, no change measured.
NLI_BATCH_CHARS = 4000


def embedding_batches(texts: Sequence[str]) -> list[list[int]]:
    """The indices of `texts` in the batches the embedder runs: longest first (sentence-transformers'
    own sort), at most EMBED_BATCH texts and EMBED_BATCH_CHARS of padded text a batch (one text alone may
    be longer). A batch's vectors depend on its companions in the last bits (padding), and the batches
    depend only on the texts, so running them one by one or on several threads gives the same vectors."""
    import numpy as np

    order = np.argsort([-len(text) for text in texts]).tolist()
    return _packed(order, [len(text) for text in texts], EMBED_BATCH, EMBED_BATCH_CHARS)


def nli_batches(pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """The indices of `pairs` in the batches the NLI cross-encoder runs: shortest first, so pairs of
    similar length share a batch and little of it is padding; at most NLI_BATCH pairs and NLI_BATCH_CHARS
    of padded text a batch (one pair alone may be longer)."""
    length = [len(premise) + len(hypothesis) for premise, hypothesis in pairs]
    return _packed(sorted(range(len(pairs)), key=length.__getitem__), length, NLI_BATCH, NLI_BATCH_CHARS)


def _packed(order: list[int], length: Sequence[int], most: int, chars: int) -> list[list[int]]:
    """`order` (sorted by `length`, either way round) cut into consecutive batches of at most `most`
    items and `chars` of padded length, count x longest (one item alone may be longer)."""
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else None
        # Sorted, so the batch's longest is its first item or the one joining it.
        if (
            batch is None
            or len(batch) == most
            or (len(batch) + 1) * max(length[batch[0]], length[index]) > chars
        ):
            batches.append([index])
        else:
            batch.append(index)
    return batches
