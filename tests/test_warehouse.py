"""The warehouse against real DuckDB files: migrations, idempotent writes, resolution into deals, loops."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.models import Article, Deal
from warehouse import db


def _deal(kind: str, src: str | None, tgt: str | None, amount: float | None, status: str = "announced",
          start: int = 0, **kw: object) -> Deal:
    return Deal(kind, src, tgt, amount_usd=amount, status=status, evidence=f"{src} {kind} {tgt}",  # type: ignore[arg-type]
                start_char=start, end_char=start + 10, **kw)  # type: ignore[arg-type]


def _store(path: Path, url: str, deals: list[Deal], *, published: datetime | None = None, text: str = "t",
           version: str = "v1") -> dict[str, int]:
    art = Article(text=text + url, url=url, published=published or datetime(2025, 1, 1))
    with db.session(path) as con:
        return db.store_articles(con, [db.StoredArticle(art, tuple(deals), version)])


def test_migrations_are_recorded_and_not_reapplied(db_path: Path) -> None:
    with db.session(db_path) as con:
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions == [v for v, _, _ in db.migrations()]
        assert db.migrate(con) == []
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"sources", "articles", "firms", "firm_aliases", "mentions", "deals", "deal_mentions", "runs",
            "fetches", "money_flows"} <= tables


def test_storing_the_same_article_twice_changes_nothing(db_path: Path) -> None:
    deals = [_deal("equity_investment", "Amazon", "Anthropic", 4e9)]
    first = _store(db_path, "https://n.example/a", deals)
    second = _store(db_path, "https://n.example/a", deals)
    assert first["articles_new"] == 1 and first["mentions"] == 1
    assert second == {"articles_new": 0, "articles_updated": 0, "articles_unchanged": 1, "mentions": 0}
    with db.session(db_path) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM mentions").fetchone() == (1,)


def test_new_extractor_version_replaces_mentions(db_path: Path) -> None:
    _store(db_path, "https://n.example/a", [_deal("equity_investment", "Amazon", "Anthropic", 4e9)])
    stats = _store(db_path, "https://n.example/a", [_deal("equity_investment", "Amazon", "Anthropic", 8e9)],
                   version="v2")
    assert stats["articles_updated"] == 1
    with db.session(db_path) as con:
        assert con.execute("SELECT amount_usd, extractor_version FROM mentions").fetchall() == [(8e9, "v2")]


def test_unknown_firms_are_stored_as_new_firms(db_path: Path) -> None:
    _store(db_path, "https://n.example/a", [_deal("equity_investment", "Nvidia", "Zyphra Labs", 1e8)])
    with db.session(db_path) as con:
        assert con.execute("SELECT known FROM firms WHERE name = 'Zyphra Labs'").fetchone() == (False,)


def test_mentions_across_articles_resolve_to_one_deal(db_path: Path) -> None:
    _store(db_path, "https://n.example/a", [_deal("equity_investment", "Amazon", "OpenAI", 50e9, "in_talks",
                                                  amount_qualifier="up_to")], published=datetime(2025, 1, 1))
    _store(db_path, "https://n.example/b", [_deal("equity_investment", "Amazon", "OpenAI", 40e9, "announced")],
           published=datetime(2025, 2, 1))
    with db.session(db_path) as con:
        db.rebuild_deals(con)
        rows = con.execute("SELECT status, amount_usd, n_mentions, n_sources FROM deals").fetchall()
        history = con.execute("SELECT status FROM deal_status_history ORDER BY first_seen").fetchall()
    assert rows == [("announced", 40e9, 2, 2)]
    assert history == [("in_talks",), ("announced",)]


def test_loops_are_found_once_whatever_the_entry_firm(db_path: Path) -> None:
    _store(db_path, "https://n.example/a", [
        _deal("equity_investment", "Nvidia", "OpenAI", 100e9, "planned", start=0),
        _deal("cloud_commitment", "OpenAI", "Oracle", 300e9, start=20),
        _deal("chip_supply", "Oracle", "Nvidia", 40e9, "reported", start=40),
        _deal("equity_investment", "Microsoft", "OpenAI", 13e9, "completed", start=60),
        _deal("cloud_commitment", "OpenAI", "Microsoft", 250e9, start=80),
        _deal("partnership", "Apple", "OpenAI", None, start=100),
    ])
    with db.session(db_path) as con:
        db.rebuild_deals(con)
        loops = db.find_loops(con, max_length=4)
        short = db.find_loops(con, max_length=2)
        confirmed = db.find_loops(con, statuses=["announced", "completed"])
    assert sorted(lp["firms"] for lp in loops) == [["Microsoft", "OpenAI"], ["Nvidia", "OpenAI", "Oracle"]]
    three = next(lp for lp in loops if len(lp["firms"]) == 3)
    assert three["min_amount_usd"] == 40e9 and not three["confirmed"]
    assert [e["source_firm"] for e in three["edges"]] == ["Nvidia", "OpenAI", "Oracle"]
    assert [lp["firms"] for lp in short] == [["Microsoft", "OpenAI"]]
    assert [lp["firms"] for lp in confirmed] == [["Microsoft", "OpenAI"]]


def test_read_only_open_of_a_missing_database_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(db.WarehouseError, match="no database at"):
        db.connect(tmp_path / "missing.duckdb", read_only=True)


def test_bad_sql_is_one_readable_line(db_path: Path) -> None:
    with db.session(db_path) as con, pytest.raises(db.WarehouseError) as err:
        db.run_query(con, "SELEC nonsense")
    assert "\n" not in str(err.value)


def test_readers_wait_for_a_writer_instead_of_failing(db_path: Path) -> None:
    import subprocess
    import sys

    with db.session(db_path):
        pass
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, time, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(1.5); "
        "c.close()"), str(db_path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(db_path), read_only=True)
    with db.session(db_path, read_only=True, wait_s=20) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)
    holder.wait(timeout=20)


def test_threads_of_one_process_open_and_close_the_file_at_the_same_time(db_path: Path) -> None:
    """The flow reads in one task thread while another stores: an open racing the last close must not fail."""
    import threading

    with db.session(db_path):
        pass
    errors: list[str] = []

    def sessions() -> None:
        for _ in range(400):
            try:
                with db.session(db_path) as con:
                    con.execute("SELECT count(*) FROM articles").fetchall()
            except db.WarehouseError as exc:
                errors.append(str(exc))

    threads = [threading.Thread(target=sessions) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_loops_view_matches_find_loops(db_path: Path) -> None:
    _store(db_path, "https://n.example/a", [
        _deal("equity_investment", "Microsoft", "OpenAI", 13e9, "completed", start=0),
        _deal("cloud_commitment", "OpenAI", "Microsoft", 250e9, start=20),
        _deal("equity_investment", "Nvidia", "OpenAI", 100e9, "planned", start=40),
        _deal("cloud_commitment", "OpenAI", "Oracle", 300e9, start=60),
        _deal("chip_supply", "Oracle", "Nvidia", None, "reported", start=80),
    ])
    with db.session(db_path) as con:
        db.rebuild_deals(con)
        rows = con.execute("SELECT firms, length, round_trip_usd, confirmed FROM loops ORDER BY length").fetchall()
        found = db.find_loops(con)
    assert rows == [(["Microsoft", "OpenAI"], 2, 13e9, True), (["Nvidia", "OpenAI", "Oracle"], 3, None, False)]
    assert [lp["firms"] for lp in found] == [r[0] for r in rows]
