"""The batch plans both backends run: every text or pair once, sorted by length, batches as full as allowed."""

from __future__ import annotations

import json

from checker import batching
from tests.test_batch import ALLSIDES


def _real_texts() -> list[str]:
    """Real leads of mixed lengths, enough for several of the embedder's batches."""
    records = [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines()[:150]]
    return [f"{r['title']}. {r['text'][:400]}" for r in records] + [r["title"] for r in records[:40]]


def test_embedding_batches_cover_every_text_once_longest_first() -> None:
    texts = _real_texts()
    plan = batching.embedding_batches(texts)
    assert sorted(i for batch in plan for i in batch) == list(range(len(texts)))
    lengths = [len(texts[i]) for batch in plan for i in batch]
    assert lengths == sorted(lengths, reverse=True)
    for number, batch in enumerate(plan):  # as full as the limits allow, and no fuller
        longest = len(texts[batch[0]])
        assert len(batch) <= batching.EMBED_BATCH
        assert len(batch) * longest <= batching.EMBED_BATCH_CHARS or len(batch) == 1
        if number < len(plan) - 1:
            full = len(batch) == batching.EMBED_BATCH
            assert full or (len(batch) + 1) * longest > batching.EMBED_BATCH_CHARS
    assert len({len(batch) for batch in plan}) > 2, "long leads in small batches, short titles in large ones"
    assert batching.embedding_batches([]) == []


def test_nli_batches_cover_every_pair_once_shortest_first() -> None:
    texts = _real_texts()
    pairs = list(zip(texts, reversed(texts), strict=True))
    plan = batching.nli_batches(pairs)
    assert sorted(i for batch in plan for i in batch) == list(range(len(pairs)))

    def length(i: int) -> int:
        return len(pairs[i][0]) + len(pairs[i][1])

    assert [length(i) for batch in plan for i in batch] == sorted(map(length, range(len(pairs))))
    for number, batch in enumerate(plan):  # as full as the limits allow, and no fuller
        longest = length(batch[-1])
        assert len(batch) <= batching.NLI_BATCH
        assert len(batch) * longest <= batching.NLI_BATCH_CHARS or len(batch) == 1
        if number < len(plan) - 1:
            full = len(batch) == batching.NLI_BATCH
            assert full or (len(batch) + 1) * length(plan[number + 1][0]) > batching.NLI_BATCH_CHARS
    assert len({len(batch) for batch in plan}) > 2, "short pairs in large batches, long ones in small"
    assert batching.nli_batches([]) == []
