"""DuckDB warehouse: connect, migrate, store, resolve and query.

Exceptions::

    WarehouseError          any warehouse problem, one readable line
    └── DatabaseLockedError another process held the write lock longer than the wait allowed

Writers keep connections short (open, write one batch, close) because a read-write DuckDB connection locks out
every other process; readers retry on the lock with a bounded wait (`connect(..., wait_s=...)`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

try:
    import fcntl
except ImportError:  # Windows: connect falls back to plain retrying
    fcntl = None  # type: ignore[assignment]

from pipeline.models import Article, Deal, FetchedPage
from warehouse.resolve import MentionRow, resolve

log = logging.getLogger(__name__)

DEFAULT_DB = "dealwatch.duckdb"
SQL = resources.files("warehouse") / "sql"


class WarehouseError(Exception):
    """A warehouse operation failed; the message is one readable line."""


class DatabaseLockedError(WarehouseError):
    """Another process kept the database locked for longer than we were willing to wait."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every numbered migration file, in order."""
    out = []
    for f in SQL.iterdir():
        m = re.match(r"(\d{3})_(\w+)\.sql$", f.name)
        if m:
            out.append((int(m.group(1)), m.group(2), f.read_text(encoding="utf-8")))
    return sorted(out)


def named_query(file: str, name: str) -> str:
    """A query from a `.sql` file with aiosql-style `-- name: x` headers (or the whole file if it has one)."""
    text = (SQL / file).read_text(encoding="utf-8")
    parts = re.split(r"^-- name: (\w+)\s*$", text, flags=re.M)
    for i in range(1, len(parts), 2):
        if parts[i] == name:
            return parts[i + 1].strip().rstrip(";")
    raise WarehouseError(f"query {name!r} not found in {file}")


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending forward-only migrations, each in its own transaction; returns the versions applied."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMPTZ DEFAULT now())")
    done = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"migration {version:03d}_{name} failed: {exc}") from exc
        applied.append(version)
        log.info("applied migration %03d_%s", version, name)
    has_view = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'loops'").fetchone()[0]  # type: ignore[index]
    if applied or not has_view:
        _create_loops_view(con)
    return applied


def _create_loops_view(con: duckdb.DuckDBPyConnection) -> None:
    """The `loops` view: `find_loops` from loops.sql with its defaults (length ≤ 4, no filters), for plain SQL."""
    query = named_query("loops.sql", "find_loops")
    for param, value in (("$max_length", "4"), ("$since", "NULL"), ("$until", "NULL"), ("$statuses", "NULL"),
                         ("$types", "NULL"), ("$min_amount", "NULL")):
        query = query.replace(param, value)
    con.execute(f"""
        CREATE OR REPLACE VIEW loops AS
        WITH cycles AS ({query})
        SELECT c.firms, c.deal_ids, c.length,
               (SELECT CASE WHEN count(m.amount_usd) = count(*) THEN min(m.amount_usd) END
                FROM money_flows m WHERE list_contains(c.deal_ids, m.deal_id)) AS round_trip_usd,
               (SELECT bool_and(m.status IN ('announced', 'completed'))
                FROM money_flows m WHERE list_contains(c.deal_ids, m.deal_id)) AS confirmed
        FROM cycles c""")
    for sql in (
        "COMMENT ON VIEW loops IS 'Directed money cycles of 2 to 4 edges in money_flows, one row per cycle whichever "
        "firm it is entered from (dealwatch loops adds filters and evidence).'",
        "COMMENT ON COLUMN loops.firms IS 'Firms in cycle order, starting at the alphabetically smallest; the last "
        "pays the first.'",
        "COMMENT ON COLUMN loops.deal_ids IS 'deals.deal_id of each edge: edge i goes from firms[i] to firms[i + 1]."
        "'",
        "COMMENT ON COLUMN loops.length IS 'Number of edges (= number of firms) in the cycle.'",
        "COMMENT ON COLUMN loops.round_trip_usd IS 'Smallest edge amount in USD: the money that can have gone all "
        "the way round; NULL when an edge has no USD amount.'",
        "COMMENT ON COLUMN loops.confirmed IS 'TRUE when every edge is announced or completed, FALSE when one rests "
        "on talks, plans or reports.'",
    ):
        con.execute(sql)


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return ("lock" in msg or "conflicting" in msg or "being used by another process" in msg
            or "already attached" in msg)  # this process's previous instance of the file is still shutting down


# DuckDB shares one database instance between a process's connections to a file and tears it down when the last
# closes. A thread opening the file while another's last close is tearing it down fails with "Unique file handle
# conflict" (the pipelined flow reads in one task thread while another stores), so opens and closes take turns.
_OPEN_CLOSE = threading.Lock()


class _Turns:
    """Turn-taking between processes that share one DuckDB file, so a busy writer cannot starve readers.

    DuckDB's lock cannot be waited on: a failed open just fails (and costs milliseconds of CPU), and a process
    that closes and reopens at once usually wins again. So whoever is waiting holds a shared `flock` on a side
    file while it retries, and every open first lets current waiters in (bounded by `YIELD_S`). Readers and
    writers then alternate instead of one side hogging the file. The side file lives in the temp directory,
    named after the database's resolved path, so database folders stay clean; where it cannot be used (no
    fcntl, no writable temp dir) this degrades to plain retrying.
    """

    YIELD_S = 1.0

    def __init__(self, path: Path) -> None:
        self.fd: int | None = None
        if fcntl is None:
            return
        key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]
        try:  # flock needs only a read-only descriptor, so a file another user created works too
            self.fd = os.open(Path(tempfile.gettempdir()) / f"dealwatch-{key}.turn", os.O_RDONLY | os.O_CREAT, 0o666)
        except OSError:
            self.fd = None

    def let_waiters_in(self, deadline: float) -> None:
        """Before trying: while others wait for the file, give them (bounded) time to get in first."""
        if self.fd is None or fcntl is None:
            return
        end = min(deadline, time.monotonic() + self.YIELD_S)
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: nobody is waiting
                fcntl.flock(self.fd, fcntl.LOCK_UN)
                return
            except OSError:
                if time.monotonic() >= end:
                    return
                time.sleep(0.002)

    def waiting(self) -> None:
        """Announce that we wait (until close); later openers will let us in first."""
        if self.fd is not None and fcntl is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                pass  # someone is checking for waiters this instant; announce on the next failure

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the flock
            self.fd = None


def connect(path: str | Path, *, read_only: bool = False, wait_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting up to `wait_s` for another process's lock; writers migrate it.

    Retries are short (≤ 50 ms) and jittered, because a long sleep misses the moments the file is free, and
    waiters take turns with the holder through `_Turns`, because retrying alone lets a busy writer win forever.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no database at {path} (run an ingest first, or pass --db)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    turns = _Turns(path)
    delay = 0.005
    try:
        turns.let_waiters_in(deadline)
        while True:
            try:
                with _OPEN_CLOSE:
                    con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise WarehouseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from exc
                if time.monotonic() > deadline:
                    raise DatabaseLockedError(f"{path} is locked by another process (waited {wait_s:.0f} s)") from exc
                turns.waiting()
                time.sleep(delay * random.uniform(0.5, 1.0))
                delay = min(delay * 1.5, 0.05)
    finally:
        turns.close()
    if not read_only:
        migrate(con)
    return con


@contextmanager
def session(path: str | Path, *, read_only: bool = False, wait_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection: open, work, close — so other processes get their turn."""
    con = connect(path, read_only=read_only, wait_s=wait_s)
    try:
        yield con
    finally:
        with _OPEN_CLOSE:
            con.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]], *,
            conflict: str = "") -> None:
    """Bulk insert through UNNEST of column lists (one statement per batch, never row by row)."""
    if not rows:
        return
    cols = list(rows[0])
    select = ", ".join(f"UNNEST(${i + 1}) AS {c}" for i, c in enumerate(cols))
    sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM (SELECT {select}) {conflict}"
    con.execute(sql, [[r[c] for r in rows] for c in cols])


# --- firms -------------------------------------------------------------------------------------------------

def sync_firms(con: duckdb.DuckDBPyConnection, firms: Iterable[tuple[str, str, str | None]],
               aliases: Iterable[tuple[str, str]]) -> None:
    """Load the knowledge base's firms (name, kind, parent) and aliases; new KB entries are added, none removed."""
    rows = [{"name": n, "kind": k, "parent": p, "known": True} for n, k, p in dict(
        (f[0], f) for f in firms).values()]
    _insert(con, "firms", rows, conflict="ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
                                         "parent = excluded.parent, known = TRUE")
    alias_rows = [{"alias": a, "name": n} for a, n in dict(aliases).items()]
    _insert(con, "firm_aliases", alias_rows, conflict="ON CONFLICT (alias) DO NOTHING")


def firm_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM firms").fetchone()[0])  # type: ignore[index]


# --- sources -----------------------------------------------------------------------------------------------

def add_source(con: duckdb.DuckDBPyConnection, url: str, kind: str) -> bool:
    """Register a source; returns False when it was already there (then it is re-enabled)."""
    existed = con.execute("SELECT count(*) FROM sources WHERE url = ?", [url]).fetchone()[0]  # type: ignore[index]
    con.execute("INSERT INTO sources (url, kind) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET kind = excluded.kind,"
                " enabled = TRUE", [url, kind])
    return not existed


def remove_source(con: duckdb.DuckDBPyConnection, url: str) -> bool:
    n = con.execute("SELECT count(*) FROM sources WHERE url = ?", [url]).fetchone()[0]  # type: ignore[index]
    con.execute("DELETE FROM sources WHERE url = ?", [url])
    return bool(n)


def list_sources(con: duckdb.DuckDBPyConnection, *, enabled_only: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM sources" + (" WHERE enabled" if enabled_only else "") + " ORDER BY url"
    return _dicts(con.execute(sql))


def update_source_poll(con: duckdb.DuckDBPyConnection, url: str, page: FetchedPage, ok: bool) -> None:
    """Remember a listing's validators and outcome so the next poll can be conditional and can back off."""
    now = datetime.now(UTC)
    if ok or page.error_kind == "not_modified":
        con.execute("UPDATE sources SET last_polled_at = ?, last_success_at = ?, last_error = NULL, failures = 0, "
                    "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE url = ?",
                    [now, now, page.etag, page.last_modified, url])
    else:
        con.execute("UPDATE sources SET last_polled_at = ?, last_error = ?, failures = failures + 1 WHERE url = ?",
                    [now, f"{page.error_kind}: {page.error}", url])


# --- runs and fetches ----------------------------------------------------------------------------------------

def start_run(con: duckdb.DuckDBPyConnection, flow: str, run_id: str | None = None) -> str:
    run_id = run_id or hashlib.sha256(f"{flow}{time.time_ns()}".encode()).hexdigest()[:16]
    con.execute("INSERT INTO runs (run_id, flow, started_at, status) VALUES (?, ?, ?, 'running')",
                [run_id, flow, datetime.now(UTC)])
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, *, stats: dict[str, Any], error: str | None = None) -> None:
    con.execute("UPDATE runs SET finished_at = ?, status = ?, stats = ?, error = ? WHERE run_id = ?",
                [datetime.now(UTC), "failed" if error else "completed", json.dumps(stats, default=str), error,
                 run_id])


def link_pages(con: duckdb.DuckDBPyConnection, article_of: dict[str, str]) -> None:
    """Point each fetched page (by URL) at the article parsed from it; one statement for the whole batch."""
    if not article_of:
        return
    con.execute("UPDATE pages SET article_id = l.article_id "
                "FROM (SELECT UNNEST($1) AS url, UNNEST($2) AS article_id) l WHERE pages.url = l.url",
                [list(article_of), list(article_of.values())])


def record_fetches(con: duckdb.DuckDBPyConnection, pages: Sequence[FetchedPage], run_id: str | None) -> None:
    """One row per URL outcome, and per-page validators / failure counts for the next run."""
    rows = [{"url": p.url, "run_id": run_id, "fetched_at": p.fetched_at or datetime.now(UTC),
             "final_url": p.final_url, "status": p.status, "bytes": len(p.body), "elapsed_ms": p.elapsed_ms,
             "attempts": p.attempts, "error_kind": p.error_kind, "error": p.error} for p in pages]
    _insert(con, "fetches", rows)
    latest = {p.url: p for p in pages}
    page_rows = [{"url": p.url, "etag": p.etag, "last_modified": p.last_modified, "last_status": p.status,
                  "last_error_kind": p.error_kind,
                  "failures": 0 if p.ok or p.error_kind == "not_modified" else 1} for p in latest.values()]
    _insert(con, "pages", page_rows, conflict=(
        "ON CONFLICT (url) DO UPDATE SET etag = coalesce(excluded.etag, pages.etag), "
        "last_modified = coalesce(excluded.last_modified, pages.last_modified), last_status = excluded.last_status, "
        "last_error_kind = excluded.last_error_kind, "
        "failures = CASE WHEN excluded.failures = 0 THEN 0 ELSE pages.failures + 1 END, "
        "next_attempt_at = CASE WHEN excluded.failures = 0 THEN NULL "
        "ELSE now() + to_hours(CAST(least(pow(2, pages.failures + 1), 168) AS BIGINT)) END"))


def page_states(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Validators and back-off state of pages we have fetched before."""
    if not urls:
        return {}
    rows = _dicts(con.execute("SELECT p.*, a.content_hash FROM pages p LEFT JOIN articles a USING (article_id) "
                              "WHERE list_contains(?, p.url)", [list(urls)]))
    return {r["url"]: r for r in rows}


# --- articles and mentions -----------------------------------------------------------------------------------

def article_key(article: Article) -> str:
    """Natural key: the canonical URL when there is one, else the text itself (pasted articles)."""
    if article.url:
        return hashlib.sha256(("url:" + article.url).encode()).hexdigest()[:32]
    return hashlib.sha256(("text:" + article.content_hash).encode()).hexdigest()[:32]


def mention_id(article_id: str, version: str, deal: Deal) -> str:
    raw = "|".join(str(x) for x in (article_id, version, deal.type, deal.source_firm, deal.target_firm,
                                    deal.start_char, deal.end_char, deal.amount_usd, deal.cumulative))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class StoredArticle:
    """An article with the deals extracted from it, ready to store."""

    article: Article
    deals: tuple[Deal, ...]
    extractor_version: str
    listing_url: str | None = None
    simhash: int | None = None
    duplicate_of: str | None = None

    @property
    def article_id(self) -> str:
        return article_key(self.article)


def known_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """article_id → (content_hash, extractor_version) for articles already stored."""
    if not ids:
        return {}
    rows = con.execute("SELECT article_id, content_hash, extractor_version FROM articles "
                       "WHERE list_contains(?, article_id)", [list(ids)]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def load_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[tuple[Article, str | None]]:
    """Stored articles as (Article, listing URL), for re-extraction without re-fetching."""
    rows = _dicts(con.execute("SELECT * FROM articles WHERE list_contains(?, article_id) ORDER BY article_id",
                              [list(ids)]))
    return [(Article(text=r["text"], title=r["title"], url=r["url"], published=r["published"],
                     modified=r.get("modified"), authors=tuple(r.get("authors") or ()), language=r["language"],
                     site_name=r["site_name"], source_url=r["source_url"], is_stub=r["is_stub"]),
             r["listing_url"]) for r in rows]


def simhashes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    return [(r[0], int(r[1])) for r in con.execute(
        "SELECT article_id, simhash FROM articles WHERE simhash IS NOT NULL AND duplicate_of IS NULL").fetchall()]


def store_articles(con: duckdb.DuckDBPyConnection, items: Sequence[StoredArticle]) -> dict[str, int]:
    """Upsert articles and replace their mentions, in one transaction; unchanged articles change nothing."""
    by_id: dict[str, StoredArticle] = {}
    for it in items:
        by_id[it.article_id] = it  # de-duplicate first: one ON CONFLICT batch must not hold a key twice
    known = known_articles(con, list(by_id))
    fresh = {k: v for k, v in by_id.items()
             if known.get(k) != (v.article.content_hash, v.extractor_version)}
    stats = {"articles_new": sum(k not in known for k in fresh), "articles_updated": sum(k in known for k in fresh),
             "articles_unchanged": len(by_id) - len(fresh), "mentions": 0}
    if not fresh:
        return stats
    now = datetime.now(UTC)
    art_rows, mention_rows = [], []
    for aid, it in fresh.items():
        a = it.article
        art_rows.append({
            "article_id": aid, "url": a.url, "source_url": a.source_url, "listing_url": it.listing_url,
            "title": a.title, "published": a.published, "modified": a.modified, "text": a.text,
            "content_hash": a.content_hash, "is_stub": a.is_stub, "language": a.language, "site_name": a.site_name,
            "authors": list(a.authors), "ingested_at": now, "extractor_version": it.extractor_version,
            "simhash": it.simhash, "duplicate_of": it.duplicate_of})
        for d in dict.fromkeys(it.deals):
            mention_rows.append(_mention_row(aid, it.extractor_version, d))
    mention_rows = list({r["mention_id"]: r for r in mention_rows}.values())
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM mentions WHERE list_contains(?, article_id)", [list(fresh)])
        _insert(con, "articles", art_rows, conflict=(
            "ON CONFLICT (article_id) DO UPDATE SET " + ", ".join(
                f"{c} = excluded.{c}" for c in art_rows[0] if c not in ("article_id", "ingested_at"))))
        _insert(con, "mentions", mention_rows)
        _grow_firms(con, mention_rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    stats["mentions"] = len(mention_rows)
    return stats


def _mention_row(article_id: str, version: str, d: Deal) -> dict[str, Any]:
    return {"mention_id": mention_id(article_id, version, d), "article_id": article_id, "extractor_version": version,
            "type": d.type, "source_firm": d.source_firm, "target_firm": d.target_firm, "amount_usd": d.amount_usd,
            "amount_low_usd": d.amount_low_usd, "amount_high_usd": d.amount_high_usd,
            "amount_qualifier": d.amount_qualifier, "currency": d.currency, "amount_original": d.amount_original,
            "valuation_usd": d.valuation_usd, "status": d.status, "deal_date": d.date, "evidence": d.evidence,
            "start_char": d.start_char, "end_char": d.end_char, "confidence": d.confidence,
            "cumulative": d.cumulative, "source_text": d.source_text, "target_text": d.target_text}


def _grow_firms(con: duckdb.DuckDBPyConnection, mention_rows: Sequence[dict[str, Any]]) -> None:
    """Firms found in text but not in the knowledge base are stored as new firms, not dropped."""
    names = sorted({n for r in mention_rows for n in (r["source_firm"], r["target_firm"]) if n})
    rows = [{"name": n, "kind": "other", "parent": None, "known": False} for n in names]
    _insert(con, "firms", rows, conflict="ON CONFLICT (name) DO NOTHING")


# --- deals ---------------------------------------------------------------------------------------------------

def rebuild_deals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Re-resolve every stored mention into deals, atomically (readers see the old or the new set, never half)."""
    rows = con.execute("""
        SELECT m.mention_id, m.article_id, coalesce(a.duplicate_of, a.article_id),
               coalesce(a.published, a.ingested_at), m.type, m.source_firm, m.target_firm, m.amount_usd,
               m.amount_low_usd, m.amount_high_usd, m.amount_qualifier, m.currency, m.amount_original,
               m.valuation_usd, m.status, m.deal_date, m.evidence, m.cumulative, m.confidence
        FROM mentions m JOIN articles a USING (article_id)
        WHERE m.extractor_version = a.extractor_version AND NOT a.is_stub""").fetchall()
    mentions = [MentionRow(*r) for r in rows]
    deals = resolve(mentions)
    deal_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    hist_rows: list[dict[str, Any]] = []
    for d in deals:
        deal_rows.append({"deal_id": d.deal_id, **d.terms()})
        link_rows.extend({"deal_id": d.deal_id, "mention_id": m.mention_id} for m in d.mentions)
        hist_rows.extend({"deal_id": d.deal_id, "status": s, "first_seen": t, "article_id": a, "amount_usd": amt}
                         for s, t, a, amt in d.history())
    old = {r[0]: tuple(r[1:]) for r in con.execute(
        "SELECT deal_id, status, amount_usd, amount_low_usd, amount_high_usd, n_mentions FROM deals").fetchall()}
    new_ids = [r["deal_id"] for r in deal_rows if r["deal_id"] not in old]
    updated = [r["deal_id"] for r in deal_rows if r["deal_id"] in old and old[r["deal_id"]] != (
        r["status"], r["amount_usd"], r["amount_low_usd"], r["amount_high_usd"], r["n_mentions"])]
    con.execute("BEGIN")
    try:
        for table in ("deal_status_history", "deal_mentions", "deals"):
            con.execute(f"DELETE FROM {table}")
        _insert(con, "deals", deal_rows)
        _insert(con, "deal_mentions", link_rows)
        _insert(con, "deal_status_history", hist_rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return {"deals": len(deal_rows), "deals_new": len(new_ids), "deals_updated": len(updated),
            "mentions": len(mentions)}


def find_loops(con: duckdb.DuckDBPyConnection, *, max_length: int = 4, since: date | None = None,
               until: date | None = None, statuses: Sequence[str] | None = None,
               types: Sequence[str] | None = None, min_amount: float | None = None) -> list[dict[str, Any]]:
    """Directed money cycles among resolved deals, each with its edges and one evidence sentence per edge."""
    sql = named_query("loops.sql", "find_loops")
    params = {"max_length": max_length, "since": since, "until": until,
              "statuses": list(statuses) if statuses else None, "types": list(types) if types else None,
              "min_amount": min_amount}
    cycles = con.execute(sql, params).fetchall()
    if not cycles:
        return []
    ids = sorted({d for _, deal_ids, _ in cycles for d in deal_ids})
    edges = {r["deal_id"]: r for r in _dicts(con.execute(
        "SELECT deal_id, payer AS source_firm, payee AS target_firm, type, amount_usd, status, evidence, deal_date "
        "FROM money_flows WHERE list_contains(?, deal_id)", [ids]))}
    loops = []
    for firms, deal_ids, _length in cycles:
        es = [edges[d] for d in deal_ids]
        amounts = [e["amount_usd"] for e in es if e["amount_usd"] is not None]
        loops.append({
            "firms": list(firms),
            "edges": [{k: e[k] for k in ("source_firm", "target_firm", "type", "amount_usd", "status", "evidence",
                                          "deal_id")} for e in es],
            "min_amount_usd": min(amounts) if len(amounts) == len(es) else None,
            "confirmed": all(e["status"] in ("announced", "completed") for e in es),
        })
    return loops


# --- queries -------------------------------------------------------------------------------------------------

def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None
              ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a query; returns (column names, rows). Errors come back as one readable line."""
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description or ()]
        return cols, cur.fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(str(exc).splitlines()[0]) from exc
