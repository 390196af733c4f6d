"""Old databases upgrade in place: a file at schema version 1 (or 3) opened by today's code migrates forward,
keeps its rows, and answers through the views added since."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from warehouse import db

T = datetime(2025, 1, 10, tzinfo=UTC)
V1_ROWS: dict[str, list[tuple[object, ...]]] = {
    "sources": [("https://news.example/feed.xml", "feed")],
    "articles": [("a1", "https://news.example/a1", "Microsoft invests $13 billion in OpenAI.", "h1", T, "v1"),
                 ("a2", "https://news.example/a2", "OpenAI commits $250 billion to Azure.", "h2", T, "v1")],
    "firms": [("Microsoft", "big_tech", True), ("OpenAI", "ai_lab", True)],
    "firm_aliases": [("Azure", "Microsoft")],
    "mentions": [("m1", "a1", "v1", "equity_investment", "Microsoft", "OpenAI", 13e9, "completed",
                  "Microsoft invests $13 billion in OpenAI.", 0, 40, 0.7),
                 ("m2", "a2", "v1", "cloud_commitment", "OpenAI", "Microsoft", 250e9, "announced",
                  "OpenAI commits $250 billion to Azure.", 0, 37, 0.7)],
    "deals": [("d1", "equity_investment", "Microsoft", "OpenAI", 13e9, "completed", date(2025, 1, 10), T, 1, 1),
              ("d2", "cloud_commitment", "OpenAI", "Microsoft", 250e9, "announced", None, T, 1, 1)],
    "deal_mentions": [("d1", "m1"), ("d2", "m2")],
    "runs": [("r1", "nightly", T, "completed")],
}
V1_COLUMNS = {
    "sources": "url, kind",
    "articles": "article_id, url, text, content_hash, published, extractor_version",
    "firms": "name, kind, known",
    "firm_aliases": "alias, name",
    "mentions": "mention_id, article_id, extractor_version, type, source_firm, target_firm, amount_usd, status, "
                "evidence, start_char, end_char, confidence",
    "deals": "deal_id, type, source_firm, target_firm, amount_usd, status, deal_date, first_seen, n_mentions, "
             "n_sources",
    "deal_mentions": "deal_id, mention_id",
    "runs": "run_id, flow, started_at, status",
}


def _old_database(path: Path, upto: int) -> None:
    """A file as an older release left it: migrations 1..upto applied and recorded, v1 rows in it."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMPTZ DEFAULT now())")
    for version, name, sql in db.migrations()[:upto]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    for table, rows in V1_ROWS.items():
        cols = V1_COLUMNS[table]
        marks = ", ".join("?" * len(rows[0]))
        for row in rows:  # a handful of rows: executemany's slowness does not matter here
            con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row))
    con.close()


def _open_and_check(path: Path, upto: int) -> None:
    """Open the old file the way every command does, then check schema, rows and views."""
    db.connect(path).close()
    latest = [v for v, _, _ in db.migrations()]
    with db.session(path, read_only=True) as con:  # readers need nothing further once a writer has migrated
        recorded = con.execute("SELECT version, name FROM schema_migrations ORDER BY 1").fetchall()
        assert recorded == [(v, n) for v, n, _ in db.migrations()] and latest[-1] >= 4 > upto
        for table, rows in V1_ROWS.items():
            got = con.execute(f"SELECT {V1_COLUMNS[table]} FROM {table} ORDER BY 1").fetchall()
            assert got == sorted(rows, key=lambda r: str(r[0])), table
        assert con.execute("SELECT simhash, duplicate_of, authors, modified FROM articles WHERE article_id = 'a1'"
                           ).fetchone() == (None, None, None, None)
        assert con.execute("SELECT payer, payee, amount_usd, deal_date FROM money_flows ORDER BY deal_id"
                           ).fetchall() == [("Microsoft", "OpenAI", 13e9, date(2025, 1, 10)),
                                            ("OpenAI", "Microsoft", 250e9, T.date())]
        assert con.execute("SELECT amount_usd FROM firm_exposure WHERE firm = 'OpenAI' AND direction = 'in'"
                           ).fetchall() == [(13e9,)]
        assert con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'deals' AND comment IS NULL"
                           ).fetchone() == (0,)
        assert [lp["firms"] for lp in db.find_loops(con)] == [["Microsoft", "OpenAI"]]
    with db.session(path) as con:  # the stored v1 mentions still resolve into deals under today's rules
        db.rebuild_deals(con)
        assert con.execute("SELECT type, source_firm, target_firm, amount_usd, status FROM deals ORDER BY type"
                           ).fetchall() == [("cloud_commitment", "OpenAI", "Microsoft", 250e9, "announced"),
                                            ("equity_investment", "Microsoft", "OpenAI", 13e9, "completed")]
        assert con.execute("SELECT count(*) FROM deal_status_history").fetchone() == (2,)


def test_a_version_1_database_upgrades_with_its_data_intact(db_path: Path) -> None:
    _old_database(db_path, upto=1)
    _open_and_check(db_path, upto=1)


def test_a_version_3_database_gets_the_comments(db_path: Path) -> None:
    _old_database(db_path, upto=3)
    _open_and_check(db_path, upto=3)


def test_migrating_twice_is_a_no_op(db_path: Path) -> None:
    _old_database(db_path, upto=1)
    db.connect(db_path).close()
    with db.session(db_path) as con:
        assert db.migrate(con) == []
