"""Extraction worker processes: each loads the spaCy pipeline once and extracts whole batches.

spaCy's own `n_process` starts fresh processes (and reloads the model) on every `nlp.pipe` call, which is too
costly when a run streams many small batches; this pool lives for the whole run instead.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pipeline.models import Article, Deal

_WORKER_NLP: Any = None


def _init_worker() -> None:
    global _WORKER_NLP
    from extractors import build_nlp

    _WORKER_NLP = build_nlp()


def _extract_chunk(articles: list[Article], batch_size: int) -> list[tuple[Deal, ...]]:
    from extractors import extract_articles

    return [e.deals for e in extract_articles(_WORKER_NLP, articles, batch_size=batch_size)]


class ExtractionPool:
    """`n_process` long-lived workers; with one process everything runs here, in the caller's process."""

    def __init__(self, n_process: int, *, batch_size: int = 32) -> None:
        self.n_process = max(1, n_process)
        self.batch_size = batch_size
        self._executor: ProcessPoolExecutor | None = None
        self._local: Any = None

    def _local_nlp(self) -> Any:
        if self._local is None:
            from extractors import build_nlp

            self._local = build_nlp()
        return self._local

    def extract(self, articles: Sequence[Article]) -> list[tuple[Deal, ...]]:
        """Deals per article, in input order."""
        arts = list(articles)
        if not arts:
            return []
        # Small jobs (a pasted article, a short feed) are not worth starting workers for.
        if self.n_process == 1 or (self._executor is None and len(arts) < 4 * self.n_process):
            from extractors import extract_articles

            return [e.deals for e in extract_articles(self._local_nlp(), arts, batch_size=self.batch_size)]
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.n_process, mp_context=mp.get_context("spawn"),
                                                 initializer=_init_worker)
        size = -(-len(arts) // self.n_process)
        chunks = [arts[i:i + size] for i in range(0, len(arts), size)]
        out: list[tuple[Deal, ...]] = []
        for part in self._executor.map(_extract_chunk, chunks, [self.batch_size] * len(chunks)):
            out.extend(part)
        return out

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
