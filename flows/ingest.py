"""Prefect flows: `ingest_text`, `ingest_urls`, `ingest_feeds` and `nightly`.

Each flow records a row in `runs`, streams its work in batches (fetch → parse → extract → store, one Prefect
task per stage per batch, never per article) and ends by re-resolving deals. Database connections are opened
per batch and closed at once, so researchers' read-only queries get through between batches.
"""

import asyncio
import logging
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TextIO, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote as _prefect_quote

from extractors import EXTRACTOR_VERSION
from extractors.firms import load_firm_base
from flows import progress
from flows.settings import Settings
from flows.workers import ExtractionPool
from pipeline.dedupe import NearDuplicateIndex, simhash
from pipeline.fetch import fetch_many, make_client
from pipeline.models import Article, FetchedPage, Link
from pipeline.parse import parse_article, parse_text
from pipeline.sources import discover_links, iter_local_inputs
from warehouse import db

_T = TypeVar("_T")


def quote(value: _T) -> _T:
    """Prefect's quote(): the task gets the value as it is, without Prefect walking thousands of dataclasses in it.
    Typed as the value itself, so the task signatures still type-check."""
    return cast(_T, _prefect_quote(value))


log = logging.getLogger(__name__)
_POOLS: dict[int, ExtractionPool] = {}


def get_pool(settings: Settings) -> ExtractionPool:
    """Extraction workers (or the in-process pipeline), kept for the life of this process."""
    if settings.n_process not in _POOLS:
        _POOLS[settings.n_process] = ExtractionPool(settings.n_process, batch_size=settings.nlp_batch_size)
    return _POOLS[settings.n_process]


def prewarm(settings: Settings | None = None) -> None:
    """Build the in-process pipeline in a background thread (overlaps Prefect's start-up on manual runs)."""
    import threading

    pool = get_pool(settings or Settings())
    threading.Thread(target=pool.warm, name="prewarm-nlp", daemon=True).start()


def close_pools() -> None:
    for pool in _POOLS.values():
        pool.close()
    _POOLS.clear()


@dataclass
class RunReport:
    """What a run did; stored as JSON in `runs.stats` and printed as the run summary."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)  # error kind → pages
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # stage → seconds

    busy: dict[str, float] = field(default_factory=dict)  # stage → seconds inside stage code (may overlap)
    work: dict[str, float] = field(default_factory=dict)  # parse/extract → seconds of work, summed over processes

    def as_dict(self) -> dict[str, Any]:
        return {**dict(self.counts), "failed_by_reason": dict(self.failed),
                "stage_seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "stage_busy_seconds": {k: round(v, 3) for k, v in self.busy.items()},
                "worker_seconds": {k: round(v, 3) for k, v in self.work.items()}}


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- tasks: one per stage per batch -------------------------------------------------------------------------

@task(name="fetch", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def fetch_batch(urls: list[str], settings: Settings, validators: dict[str, tuple[str | None, str | None]]
                ) -> list[FetchedPage]:
    """Fetch a batch politely (per-host limits, robots.txt, retries inside the fetcher)."""
    async def run() -> list[FetchedPage]:
        async with make_client(settings.fetch_policy()) as client:
            return [p async for p in fetch_many(urls, policy=settings.fetch_policy(), client=client,
                                                validators=validators)]
    with _busy("fetch"):
        return asyncio.run(run())


@task(name="parse", cache_policy=NO_CACHE)
def parse_batch(pages: list[FetchedPage], links: dict[str, Link], settings: Settings
                ) -> list[tuple[Article, str | None]]:
    """HTML → articles, on the extraction workers' cores."""
    with _busy("parse"):
        return get_pool(settings).parse(pages, links)


_BUSY: defaultdict[str, float] = defaultdict(float)  # stage → seconds spent inside task bodies (stages may overlap)
_BUSY_LOCK = threading.Lock()


class _busy:  # noqa: N801 - used as a statement-like context manager
    """Time spent inside a stage's own code, apart from waiting and orchestration."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.t0 = 0.0

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        with _BUSY_LOCK:
            _BUSY[self.stage] += time.perf_counter() - self.t0


@task(name="extract", cache_policy=NO_CACHE)
def extract_batch(articles: list[tuple[Article, str | None]], settings: Settings
                  ) -> tuple[list[tuple[Article, str | None, tuple[Any, ...]]], int]:
    """Run spaCy over the articles that changed; unchanged ones (same text, same extractor) are skipped."""
    with _busy("extract"):
        with db.session(settings.db) as con:
            known = db.known_articles(con, [db.article_key(a) for a, _ in articles])
        todo = [(art, listing) for art, listing in articles
                if known.get(db.article_key(art)) != (art.content_hash, EXTRACTOR_VERSION)]
        extractable = [a for a, _ in todo if not a.is_stub and a.text.strip()]
        found = dict(zip(map(id, extractable), get_pool(settings).extract(extractable), strict=True))
        return [(art, listing, tuple(found.get(id(art), ()))) for art, listing in todo], len(articles) - len(todo)


@task(name="store", cache_policy=NO_CACHE)
def store_batch(items: list[db.StoredArticle], settings: Settings, pages: list[FetchedPage] | None = None,
                run_id: str | None = None) -> dict[str, int]:
    """One short write session per batch: articles and mentions, then the fetch outcomes of the batch."""
    with _busy("store"), db.session(settings.db) as con:
        stats = db.store_articles(con, items)
        if pages:
            db.record_fetches(con, pages, run_id)
            db.link_pages(con, {it.article.source_url: it.article_id for it in items if it.article.source_url})
    stats["articles_duplicate"] = sum(1 for it in items if it.duplicate_of)
    return stats


class _NearDuplicates:
    """SimHashes of this run's and earlier articles, so syndicated copies link to the first copy."""

    def __init__(self, settings: Settings) -> None:
        with db.session(settings.db) as con:
            self.index = NearDuplicateIndex(db.simhashes(con))

    def link(self, extracted: list[tuple[Article, str | None, tuple[Any, ...]]]) -> list[db.StoredArticle]:
        items = []
        for art, listing, deals in extracted:
            h = simhash(art.text) if art.text.strip() else None
            dup = None
            if h is not None:
                aid = db.article_key(art)
                dup = self.index.find(h, exclude=aid)
                if dup is None:
                    self.index.add(aid, h)
            items.append(db.StoredArticle(art, deals, EXTRACTOR_VERSION, listing, h, dup))
        return items


@task(name="resolve", cache_policy=NO_CACHE)
def resolve_deals(settings: Settings) -> dict[str, int]:
    with db.session(settings.db) as con:
        stats = db.rebuild_deals(con)
        stats["loops"] = len(db.find_loops(con))
    return stats


# --- composition -------------------------------------------------------------------------------------------

def _timed(report: RunReport, stage: str, fn: Any, *args: Any) -> Any:
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        report.seconds[stage] += time.perf_counter() - t0


def _account_store(stats: dict[str, int], report: RunReport, n: int) -> None:
    report.counts.update({k: v for k, v in stats.items() if isinstance(v, int)})
    progress.current().advance("store", n)


def _collect(extracting: Any, n: int, report: RunReport, dups: _NearDuplicates) -> list[db.StoredArticle]:
    """Wait for one batch's extraction (a task future) and link near-duplicates, in batch order."""
    extracted, unchanged = _timed(report, "extract", extracting.result)
    progress.current().advance("extract", n)
    report.counts["articles_unchanged"] += unchanged
    report.counts["articles_seen"] += n
    return dups.link(extracted)


def _extract(articles: list[tuple[Article, str | None]], settings: Settings, report: RunReport,
             dups: _NearDuplicates) -> list[db.StoredArticle]:
    return _collect(extract_batch.submit(quote(articles), settings), len(articles), report, dups)


def _extract_and_store(articles: list[tuple[Article, str | None]], settings: Settings, report: RunReport,
                       dups: _NearDuplicates) -> None:
    items = _extract(articles, settings, report, dups)
    _account_store(_timed(report, "store", store_batch, quote(items), settings), report, len(articles))


def _process_links(links: Sequence[Link], settings: Settings, report: RunReport, run_id: str) -> None:
    """Fetch, parse, extract and store linked pages in batches; record every fetch outcome."""
    by_url = {lk.url: lk for lk in links}
    with db.session(settings.db) as con:
        states = db.page_states(con, list(by_url))
    now = datetime.now(UTC)
    urls, validators = [], {}
    for url in by_url:
        st = states.get(url)
        if st and st.get("next_attempt_at") and st["next_attempt_at"] > now:
            report.counts["pages_skipped"] += 1
            report.failed["backed_off"] += 1
            continue
        if st and st.get("article_id") and (st.get("etag") or st.get("last_modified")):
            validators[url] = (st.get("etag"), st.get("last_modified"))
        urls.append(url)
    bar = progress.current()
    for stage in ("fetch", "parse", "extract", "store"):
        bar.total(stage, len(urls) if stage in ("fetch", "parse") else None)
    dups = _NearDuplicates(settings)
    batches = list(_batches(urls, settings.batch_size))
    # Pipelined: while batch i is extracted (in a task thread, on the worker processes), batch i+1 is fetched and
    # parsed and batch i-1 is stored, so the workers never wait for the flow between batches.
    fetching = fetch_batch.submit(quote(batches[0]), settings, quote(validators)) if batches else None
    storing: Any = None
    stored_n = 0
    previous: tuple[Any, list[FetchedPage], int] | None = None  # (extraction, its pages, its article count)

    def hand_over(extracting: Any, pages: list[FetchedPage], n: int) -> None:
        """Wait for one batch's extraction, then store it (after the batch before it is stored)."""
        nonlocal storing, stored_n
        items = _collect(extracting, n, report, dups) if extracting is not None else []
        if storing is not None:
            _account_store(_timed(report, "store", storing.result), report, stored_n)
        storing, stored_n = store_batch.submit(quote(items), settings, quote(pages), run_id), n

    for i, batch in enumerate(batches):
        assert fetching is not None
        pages = _timed(report, "fetch", fetching.result)
        fetching = (fetch_batch.submit(quote(batches[i + 1]), settings, quote(validators))
                    if i + 1 < len(batches) else None)
        bar.advance("fetch", len(batch))
        for p in pages:
            if p.ok:
                report.counts["pages_fetched"] += 1
            elif p.error_kind == "not_modified":
                report.counts["pages_not_modified"] += 1
            else:
                report.counts["pages_failed"] += 1
                report.failed[p.error_kind or "unknown"] += 1
        articles = _timed(report, "parse", parse_batch, quote(pages), quote(by_url), settings)
        bar.advance("parse", len(pages))
        report.counts["articles_stub"] += sum(1 for a, _ in articles if a.is_stub)
        extracting = extract_batch.submit(quote(articles), settings) if articles else None
        if previous is not None:
            hand_over(*previous)
        previous = (extracting, pages, len(articles))
    if previous is not None:
        hand_over(*previous)
    if storing is not None:
        _account_store(_timed(report, "store", storing.result), report, stored_n)


def _local_articles(paths: Sequence[str], stdin: TextIO | None) -> Iterator[tuple[Article, str | None]]:
    for path, kind, content in iter_local_inputs(paths, stdin=stdin):
        if kind == "html":
            art = parse_article(content, url=None)
            art = replace(art, source_url=path)
        else:
            art = parse_text(content, source=path)
        yield art, None


def _sync_firms(settings: Settings) -> None:
    base = load_firm_base()
    with db.session(settings.db) as con:
        if db.firm_count(con) >= len(base):
            return
        db.sync_firms(con, [(r.firm.name, r.firm.kind, r.firm.parent) for r in base.records.values()],
                      [(a, n) for n, r in base.records.items() for a in (*r.firm.aliases, *r.products)])


class _Run:
    """Start a `runs` row, and finish it with the report (or the error) whatever happens."""

    def __init__(self, flow_name: str, settings: Settings) -> None:
        self.flow_name = flow_name
        self.settings = settings
        self.report = RunReport()
        self.run_id = ""
        self.t0 = 0.0
        self.work0: dict[str, float] = {}

    def __enter__(self) -> "_Run":
        self.t0 = time.perf_counter()
        self.work0 = dict(get_pool(self.settings).busy)
        with _BUSY_LOCK:
            _BUSY.clear()
        _sync_firms(self.settings)
        with db.session(self.settings.db) as con:
            self.run_id = db.start_run(con, self.flow_name)
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            stats = _timed(self.report, "resolve", resolve_deals, self.settings)
            self.report.counts["deals"] = stats["deals"]
            self.report.counts["deals_new"] = stats["deals_new"]
            self.report.counts["deals_updated"] = stats["deals_updated"]
            self.report.counts["loops"] = stats["loops"]
        self.report.seconds["total"] = time.perf_counter() - self.t0
        with _BUSY_LOCK:
            self.report.busy = dict(_BUSY)
            _BUSY.clear()
        work = get_pool(self.settings).busy
        self.report.work = {k: v - self.work0.get(k, 0.0) for k, v in work.items() if v > self.work0.get(k, 0.0)}
        error = None if exc is None else f"{type(exc).__name__}: {exc}".splitlines()[0]
        with db.session(self.settings.db) as con:
            db.finish_run(con, self.run_id, stats=self.report.as_dict(), error=error)
        try:
            get_run_logger().info("run %s finished: %s", self.run_id, self.report.as_dict())
        except Exception:  # noqa: BLE001 - outside a flow run there is no run logger
            log.info("run %s finished: %s", self.run_id, self.report.as_dict())


def _settings(db_path: str | None, overrides: dict[str, Any] | None) -> Settings:
    values: dict[str, Any] = dict(overrides or {})
    if db_path:
        values["db"] = db_path
    return Settings(**values)


# --- flows -------------------------------------------------------------------------------------------------

@flow(name="ingest_text", log_prints=False)
def ingest_text(paths: list[str], db_path: str | None = None, stdin_text: str | None = None,
                settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ingest local .txt/.html files, folders, or pasted text (`-`)."""
    s = _settings(db_path, settings)
    import io

    with _Run("ingest_text", s) as run:
        stdin = io.StringIO(stdin_text) if stdin_text is not None else None
        dups = _NearDuplicates(s)
        for batch in _batches(_local_articles(paths, stdin), s.batch_size):
            run.report.counts["inputs"] += len(batch)
            _extract_and_store(batch, s, run.report, dups)
    return run.report.as_dict()


@flow(name="ingest_urls", log_prints=False)
def ingest_urls(urls: list[str], db_path: str | None = None, settings: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """Fetch and ingest article URLs."""
    s = _settings(db_path, settings)
    with _Run("ingest_urls", s) as run:
        _process_links([Link(url=u) for u in dict.fromkeys(urls)], s, run.report, run.run_id)
    return run.report.as_dict()


def _poll_listings(listings: Sequence[dict[str, Any]], s: Settings, report: RunReport, run_id: str,
                   since: datetime | None) -> list[Link]:
    """Fetch every feed/sitemap (conditionally), remember its validators, and collect new links."""
    async def run() -> list[tuple[dict[str, Any], list[Link], FetchedPage]]:
        policy = s.fetch_policy()
        async with make_client(policy) as client:
            async def one(src: dict[str, Any]) -> tuple[dict[str, Any], list[Link], FetchedPage]:
                validators = {src["url"]: (src.get("etag"), src.get("last_modified"))}
                after = since or src.get("last_success_at")
                links, page = await discover_links(src["url"], kind=src["kind"], policy=policy, client=client,
                                                   since=after, validators=validators)
                return src, links, page
            return await asyncio.gather(*(one(src) for src in listings))

    results = asyncio.run(run())
    links: list[Link] = []
    with db.session(s.db) as con:
        for src, found, page in results:
            report.counts["sources_polled"] += 1
            ok = page.ok
            if not ok and page.error_kind != "not_modified":
                report.counts["sources_failed"] += 1
                report.failed[f"listing_{page.error_kind}"] += 1
            db.update_source_poll(con, src["url"], page, ok)
            db.record_fetches(con, [page], run_id)
            links.extend(replace(lk, listing=src["url"]) for lk in found)
    return links


@task(name="discover", cache_policy=NO_CACHE)
def discover(listings: list[dict[str, Any]], s: Settings, run_id: str, since: datetime | None
             ) -> tuple[list[Link], RunReport]:
    report = RunReport()
    return _poll_listings(listings, s, report, run_id, since), report


def _ingest_listings(listings: list[dict[str, Any]], s: Settings, run: _Run, since: datetime | None) -> None:
    links, rep = _timed(run.report, "discover", discover, listings, s, run.run_id, since)
    run.report.counts.update(rep.counts)
    run.report.failed.update(rep.failed)
    run.report.counts["links_found"] += len(links)
    _process_links(links, s, run.report, run.run_id)


@flow(name="ingest_feeds", log_prints=False)
def ingest_feeds(urls: list[str], db_path: str | None = None, kind: str = "feed",
                 since: datetime | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Poll RSS/Atom/JSON feeds (or sitemaps) once and ingest the articles they link to."""
    s = _settings(db_path, settings)
    with _Run("ingest_feeds", s) as run:
        with db.session(s.db) as con:
            for u in urls:
                db.add_source(con, u, kind)
            known = {r["url"]: r for r in db.list_sources(con)}
        _ingest_listings([known[u] for u in dict.fromkeys(urls)], s, run, since)
    return run.report.as_dict()


@flow(name="nightly", log_prints=False)
def nightly(db_path: str | None = None, since: datetime | None = None,
            settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """One nightly run over every enabled source: feeds and sitemaps are polled, pages fetched."""
    s = _settings(db_path, settings)
    with _Run("nightly", s) as run:
        with db.session(s.db) as con:
            sources = db.list_sources(con, enabled_only=True)
        listings = [src for src in sources if src["kind"] in ("feed", "sitemap")]
        pages = [Link(url=src["url"]) for src in sources if src["kind"] == "page"]
        if listings:
            _ingest_listings(listings, s, run, since)
        if pages:
            _process_links(pages, s, run.report, run.run_id)
    return run.report.as_dict()


@flow(name="reextract", log_prints=False)
def reextract(db_path: str | None = None, everything: bool = False,
              settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Re-run the current extractor over stored article texts (no fetching), then rebuild deals in one step.

    Mentions are replaced article by article; `deals` switches from the old to the new set in one transaction.
    """
    s = _settings(db_path, settings)
    with _Run("reextract", s) as run:
        with db.session(s.db) as con:
            ids = [r[0] for r in con.execute(
                "SELECT article_id FROM articles WHERE ? OR extractor_version IS DISTINCT FROM ? ORDER BY article_id",
                [everything, EXTRACTOR_VERSION]).fetchall()]
        run.report.counts["articles_to_reextract"] = len(ids)
        dups = _NearDuplicates(s)
        for batch in _batches(ids, s.batch_size):
            with db.session(s.db) as con:
                articles = db.load_articles(con, batch)
            if everything:
                # Forget the stored version so unchanged texts are extracted again.
                with db.session(s.db) as con:
                    con.execute("UPDATE articles SET extractor_version = NULL WHERE list_contains(?, article_id)",
                                [batch])
            _extract_and_store(articles, s, run.report, dups)
    return run.report.as_dict()
