"""Real Prefect flow runs (prefect_test_harness) against the loopback fixture site and real DuckDB files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows.site_server import SiteServer

pytestmark = pytest.mark.usefixtures("prefect_harness")
LOCAL = {"allow_private": True, "retries": 0}


def _count(db_path: Path, sql: str) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


def test_ingesting_the_same_feed_twice_adds_no_duplicates(site: SiteServer, db_path: Path) -> None:
    from flows.ingest import ingest_feeds

    feed = site.url("site/feed.xml")
    first = ingest_feeds([feed], db_path=str(db_path), settings=LOCAL)
    counts = [_count(db_path, f"SELECT count(*) FROM {t}") for t in ("articles", "mentions", "deals")]
    second = ingest_feeds([feed], db_path=str(db_path), settings=LOCAL)
    assert first["articles_new"] == 3 and counts[0] == 3 and counts[1] >= 1
    # every fetched page points at the article parsed from it (the next poll sends its validators)
    assert _count(db_path, "SELECT count(DISTINCT p.article_id) FROM pages p JOIN articles a USING (article_id)") == 3
    assert second.get("articles_new", 0) == 0
    assert [_count(db_path, f"SELECT count(*) FROM {t}") for t in ("articles", "mentions", "deals")] == counts
    assert _count(db_path, "SELECT count(*) FROM runs WHERE flow = 'ingest_feeds' AND status = 'completed'") == 2


def test_errors_are_recorded_and_the_run_goes_on(site: SiteServer, db_path: Path) -> None:
    from flows.ingest import ingest_urls

    urls = [site.url("site/pages/a.html"), site.url("status/404"), site.url("status/500"),
            site.url("site/pages/d.html")]
    stats = ingest_urls(urls, db_path=str(db_path), settings=LOCAL)
    assert stats["articles_new"] == 2
    assert stats["failed_by_reason"] == {"http_404": 1, "http_500": 1}
    con = duckdb.connect(str(db_path), read_only=True)
    kinds = dict(con.execute("SELECT url, error_kind FROM fetches").fetchall())
    con.close()
    assert kinds[site.url("status/404")] == "http_404" and kinds[site.url("site/pages/a.html")] is None


def test_pages_are_parsed_like_the_expected_files(site: SiteServer, db_path: Path) -> None:
    from flows.ingest import ingest_urls

    ingest_urls([site.url("site/pages/a.html")], db_path=str(db_path), settings=LOCAL)
    expected = json.loads((Path(__file__).parent / "fixtures/site/pages/a.expected.json").read_text())
    con = duckdb.connect(str(db_path), read_only=True)
    title, url, text = con.execute("SELECT title, url, text FROM articles").fetchone()  # type: ignore[misc]
    con.close()
    assert title == expected["title"]
    assert url == expected["canonical"].replace("{{BASE}}", site.base_url)
    assert all(s in text for s in expected["text_contains"])
    assert not any(s in text for s in expected["text_excludes"])


def test_ingest_text_and_nightly_record_runs(site: SiteServer, db_path: Path) -> None:
    from flows.ingest import ingest_text, nightly
    from warehouse import db

    folder = Path(__file__).parent / "fixtures/articles"
    stats = ingest_text([str(folder)], db_path=str(db_path))
    assert stats["articles_new"] == 8
    assert stats["worker_seconds"]["extract"] > 0  # the summary says where the work went
    again = ingest_text([str(folder / "openai-valuation.txt")], db_path=str(db_path))
    assert again.get("articles_new", 0) == 0 and again["articles_unchanged"] == 1
    assert "extract" not in again["worker_seconds"]  # nothing was extracted again
    with db.session(db_path) as con:
        db.add_source(con, site.url("site/atom.xml"), "feed")
        db.add_source(con, site.url("status/404"), "feed")
    result = nightly(db_path=str(db_path), settings=LOCAL)
    assert result["sources_polled"] == 2 and result["sources_failed"] == 1
    assert result["failed_by_reason"] == {"listing_http_404": 1}
    assert result["articles_new"] == 2
    con = duckdb.connect(str(db_path), read_only=True)
    flows = dict(con.execute("SELECT flow, count(*) FROM runs GROUP BY flow").fetchall())
    err = con.execute("SELECT last_error FROM sources WHERE url LIKE '%404%'").fetchone()[0]  # type: ignore[index]
    con.close()
    assert flows == {"ingest_text": 2, "nightly": 1}
    assert err.startswith("http_404")


def test_syndicated_copy_is_linked_and_counts_once(site: SiteServer, db_path: Path) -> None:
    from flows.ingest import ingest_urls

    ingest_urls([site.url("site/pages/a.html")], db_path=str(db_path), settings=LOCAL)
    stats = ingest_urls([site.url("site/pages/a-copy.html")], db_path=str(db_path), settings=LOCAL)
    assert stats["articles_duplicate"] == 1
    con = duckdb.connect(str(db_path), read_only=True)
    original, copy = con.execute("SELECT article_id, duplicate_of FROM articles ORDER BY url LIKE '%copy%'").fetchall()
    assert original[1] is None and copy[1] == original[0]
    # Both copies stay as evidence, but they are one independent source.
    rows = con.execute("SELECT n_mentions, n_sources FROM deals WHERE source_firm = 'Microsoft' "
                       "AND target_firm = 'G42'").fetchall()
    con.close()
    assert rows == [(2, 1)]


def test_reextract_rebuilds_mentions_from_stored_text_without_fetching(db_path: Path) -> None:
    from flows.ingest import ingest_text, reextract

    folder = Path(__file__).parent / "fixtures/articles"
    ingest_text([str(folder)], db_path=str(db_path))
    con = duckdb.connect(str(db_path))
    before = con.execute("SELECT count(*) FROM mentions").fetchone()[0]  # type: ignore[index]
    deals_before = con.execute("SELECT deal_id FROM deals ORDER BY 1").fetchall()
    # One article looks as if an older extractor had read it: no mentions, an old version.
    aid = con.execute("SELECT article_id FROM articles WHERE source_url LIKE '%openai-valuation%'").fetchone()[0]  # type: ignore[index]
    lost = con.execute("SELECT count(*) FROM mentions WHERE article_id = ?", [aid]).fetchone()[0]  # type: ignore[index]
    con.execute("DELETE FROM mentions WHERE article_id = ?", [aid])
    con.execute("UPDATE articles SET extractor_version = '0.0.1' WHERE article_id = ?", [aid])
    con.close()
    assert lost > 0
    stats = reextract(db_path=str(db_path))
    assert stats["articles_to_reextract"] == 1 and stats["articles_updated"] == 1
    forced = reextract(db_path=str(db_path), everything=True)
    assert forced["articles_to_reextract"] == 8 and forced["articles_updated"] == 8
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == before  # type: ignore[index]
    assert con.execute("SELECT deal_id FROM deals ORDER BY 1").fetchall() == deals_before
    assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0  # type: ignore[index]
    con.close()


def test_worker_pool_and_small_batches_store_what_one_process_stores(tmp_path: Path) -> None:
    """Batches pipelined over two worker processes give the same articles and mentions as one process."""
    from importlib import resources

    from flows.ingest import close_pools, ingest_feeds

    def run(name: str, settings: dict[str, object]) -> tuple[set[tuple[object, ...]], int]:
        db_file = tmp_path / f"{name}.duckdb"
        with resources.as_file(resources.files("flows") / "demo_site") as root, SiteServer(root) as site:
            stats = ingest_feeds([site.url("feed.xml")], db_path=str(db_file), settings={**LOCAL, **settings})
        con = duckdb.connect(str(db_file), read_only=True)
        rows = con.execute("SELECT a.url, m.type, m.source_firm, m.target_firm, m.amount_usd, m.status, m.start_char "
                           "FROM mentions m JOIN articles a USING (article_id)").fetchall()
        con.close()
        # the site's port differs between runs: compare URL paths
        return {(url.split("/", 3)[3], *rest) for url, *rest in rows}, stats["articles_new"]

    try:
        pooled, n_pooled = run("pooled", {"n_process": 2, "batch_size": 9})  # 9 + 4, both on the workers
    finally:
        close_pools()
    single, n_single = run("single", {"n_process": 1, "batch_size": 64})
    assert n_pooled == n_single == 13
    assert len(pooled) >= 13 and pooled == single
