"""Engines that judge the stories of a batch: in this process (`local`) or on a Ray cluster (`ray`).

Both run the same function, `judge_story`, on the same plain data (a story's articles and claims), so they
give the same findings; the caller stores each finished story in the cache as it arrives.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from checker.article import Article
from checker.batch.threads import ModelThreads
from checker.claims import Claim
from checker.config import Settings
from checker.pipeline import Models, compare_claims
from checker.report.batch_json import story_dict

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class StoryWork:
    """Everything needed to judge one story, picklable so it can travel to another process."""

    key: str  # cache key: the story's content and everything that decides its findings
    story_id: str
    title: str
    articles: tuple[Article, ...]
    claims: dict[str, list[Claim]]


def outlet(article: Article) -> str:
    """Who published it: the source, or for an article of unknown source, the article itself."""
    return article.source or f"id:{article.id}"


def judge_story(work: StoryWork, models: Models, settings: Settings) -> dict[str, Any]:
    """The story's report entry. Only articles of different outlets are compared with each other."""
    outlets = {a.id: outlet(a) for a in work.articles}
    report = compare_claims(
        work.articles,
        work.claims,
        models=models,
        settings=settings,
        compared=lambda a, b: outlets[a] != outlets[b],
    )
    return story_dict(report, story_id=work.story_id, title=work.title)


def run_local(
    works: Sequence[StoryWork], models: Models, settings: Settings, threads: ModelThreads | None = None
) -> Iterator[tuple[StoryWork, dict[str, Any]]]:
    """Each story with its entry, as each finishes: on `threads` several stories at once (each story's
    model calls are the same whichever thread makes them), else one after another in order."""
    judge = functools.partial(judge_story, models=models, settings=settings)
    yield from (threads or ModelThreads(1)).as_completed(judge, works)


def run_ray(
    works: Sequence[StoryWork],
    settings: Settings,
    *,
    models_factory: Callable[[Settings], Models] | None = None,
) -> Iterator[tuple[StoryWork, dict[str, Any]]]:
    """Judge the stories on Ray Data: each worker loads the models once and judges a batch of stories.

    Uses the running Ray cluster, or starts a local one (`ray.init()`) when none is running.
    """
    try:
        import ray
    except ImportError:
        from checker.errors import CheckerError

        raise CheckerError("--engine ray needs Ray: pip install 'checker[ray]'") from None
    if not ray.is_initialized():
        ray.init(ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    by_key = {work.key: work for work in works}
    dataset = ray.data.from_items([{"work": work} for work in works])
    results = dataset.map_batches(
        _RayJudge,
        fn_constructor_kwargs={"settings": settings},
        batch_size=4,
        batch_format="pandas",
        concurrency=max(1, int(ray.available_resources().get("CPU", 1))),
    )
    for row in results.iter_rows():
        yield by_key[row["key"]], json.loads(row["entry"])


class _RayJudge:
    """A Ray Data worker: models loaded once per worker process, then one story after another."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.models = Models.load(settings)

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        keys, entries = [], []
        for work in batch["work"]:
            keys.append(work.key)
            # As JSON text: Arrow would turn the nested dicts into structs, adding keys set to null.
            entries.append(json.dumps(judge_story(work, self.models, self.settings), ensure_ascii=False))
        return pd.DataFrame({"key": keys, "entry": entries})
