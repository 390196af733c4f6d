"""Extraction worker processes: each loads the spaCy pipeline once and extracts whole batches.

spaCy's own `n_process` starts fresh processes (and reloads the model) on every `nlp.pipe` call, which is too
costly when a run streams many small batches; this pool lives for the whole run instead.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import Any

from pipeline.models import Article, Deal, FetchedPage, Link

_WORKER_NLP: Any = None
# Several small chunks per worker, so a worker that finishes early takes more work instead of idling at the
# end of a batch while the other one is still busy.
_CHUNKS_PER_WORKER = 4


def _init_worker() -> None:
    global _WORKER_NLP
    from extractors import build_nlp

    _WORKER_NLP = build_nlp()


def _extract_chunk(articles: list[Article], batch_size: int) -> list[tuple[Deal, ...]]:
    from extractors import extract_articles

    return [e.deals for e in extract_articles(_WORKER_NLP, articles, batch_size=batch_size)]


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    """(seconds, result) of a call, measured where it runs (in a worker: that worker's busy time)."""
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def parse_pages(pages: Sequence[FetchedPage], links: dict[str, Link]) -> list[tuple[Article, str | None]]:
    """HTML → articles; the feed entry fills a missing title or date. Returns (article, listing URL)."""
    from pipeline.dedupe import canonical_url
    from pipeline.parse import parse_article

    out = []
    for page in pages:
        if not page.ok:
            continue
        art = parse_article(page.body, url=page.final_url, charset=page.charset)
        link = links.get(page.url)
        art = replace(art, url=canonical_url(art.url or page.final_url), source_url=page.url,
                      title=art.title or (link.title if link else None),
                      published=art.published or (link.published if link else None))
        out.append((art, link.listing if link else None))
    return out


def _chunks(items: Sequence[Any], n: int) -> list[list[Any]]:
    size = -(-len(items) // n)
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


class ExtractionPool:
    """`n_process` long-lived workers; with one process everything runs here, in the caller's process."""

    def __init__(self, n_process: int, *, batch_size: int = 32) -> None:
        self.n_process = max(1, n_process)
        self.batch_size = batch_size
        self._executor: ProcessPoolExecutor | None = None
        self._local: Any = None
        self._lock = threading.Lock()
        self._local_run = threading.Lock()  # the in-process pipeline serves one extraction at a time
        self.busy: defaultdict[str, float] = defaultdict(float)  # stage → seconds of work, summed over processes

    def _account(self, stage: str, timed: tuple[float, Any]) -> Any:
        with self._lock:
            self.busy[stage] += timed[0]
        return timed[1]

    def _local_nlp(self) -> Any:
        with self._lock:
            if self._local is None:
                from extractors import build_nlp

                self._local = build_nlp()
            return self._local

    def warm(self) -> None:
        """Load the in-process pipeline now (safe to call from a background thread)."""
        self._local_nlp()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.n_process, mp_context=mp.get_context("spawn"),
                                                 initializer=_init_worker)
        return self._executor

    def parse(self, pages: Sequence[FetchedPage], links: dict[str, Link]) -> list[tuple[Article, str | None]]:
        """Parse pages on every core (parsing costs about a third of spaCy's time per article)."""
        ok = [p for p in pages if p.ok]
        if self.n_process == 1 or len(ok) < 4 * self.n_process:
            return self._account("parse", _timed(parse_pages, ok, links))
        chunks = _chunks(ok, self.n_process * _CHUNKS_PER_WORKER)
        parts = self._pool().map(_timed, [parse_pages] * len(chunks), chunks,
                                 [{p.url: links[p.url] for p in chunk if p.url in links} for chunk in chunks])
        return [a for part in parts for a in self._account("parse", part)]

    def extract(self, articles: Sequence[Article]) -> list[tuple[Deal, ...]]:
        """Deals per article, in input order."""
        arts = list(articles)
        if not arts:
            return []
        # Small jobs (a pasted article, a short feed) are not worth starting workers for.
        if self.n_process == 1 or (self._executor is None and len(arts) < 4 * self.n_process):
            from extractors import extract_articles

            def run() -> list[tuple[Deal, ...]]:
                return [e.deals for e in extract_articles(nlp, arts, batch_size=self.batch_size)]

            nlp = self._local_nlp()
            with self._local_run:
                return self._account("extract", _timed(run))
        chunks = _chunks(arts, self.n_process * _CHUNKS_PER_WORKER)
        # A window of chunks in flight rather than all of them queued: work submitted meanwhile (the next batch's
        # parsing, on the flow's main thread) waits behind at most one chunk per worker, not behind this batch.
        pool = self._pool()
        parts: list[list[tuple[Deal, ...]]] = [[] for _ in chunks]
        todo = deque(enumerate(chunks))
        running: dict[Future[tuple[float, list[tuple[Deal, ...]]]], int] = {}
        while todo or running:
            while todo and len(running) < self.n_process + 1:
                i, chunk = todo.popleft()
                running[pool.submit(_timed, _extract_chunk, chunk, self.batch_size)] = i
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                parts[running.pop(fut)] = self._account("extract", fut.result())
        return [deals for part in parts for deals in part]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
