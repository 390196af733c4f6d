"""Every table, view and column documents itself (migration 004): researchers read the schema from the DB."""

from __future__ import annotations

from pathlib import Path

from warehouse import db

TABLES = {"sources", "articles", "firms", "firm_aliases", "mentions", "deals", "deal_mentions",
          "deal_status_history", "runs", "fetches", "pages", "schema_migrations"}
VIEWS = {"money_flows", "firm_exposure", "loops"}
USER = "database_name = current_database() AND schema_name = 'main' AND NOT internal"


def test_every_table_view_and_column_has_a_comment(db_path: Path) -> None:
    with db.session(db_path) as con:
        tables = dict(con.execute(f"SELECT table_name, comment FROM duckdb_tables() WHERE {USER}").fetchall())
        views = dict(con.execute(f"SELECT view_name, comment FROM duckdb_views() WHERE {USER}").fetchall())
        columns = con.execute(f"SELECT table_name, column_name, comment FROM duckdb_columns() WHERE {USER}"
                              ).fetchall()
    assert set(tables) == TABLES and set(views) == VIEWS
    missing = [name for name, comment in {**tables, **views}.items() if not (comment or "").strip()]
    missing += [f"{t}.{c}" for t, c, comment in columns if not (comment or "").strip()]
    assert missing == [], f"add COMMENT ON for: {', '.join(missing)}"
    assert len(columns) > 100


def test_comments_state_units_and_money_direction(db_path: Path) -> None:
    with db.session(db_path) as con:
        comment = dict(con.execute(f"SELECT table_name || '.' || column_name, comment FROM duckdb_columns() "
                                   f"WHERE {USER}").fetchall())
        view = dict(con.execute(f"SELECT view_name, comment FROM duckdb_views() WHERE {USER}").fetchall())
    assert "USD" in comment["deals.amount_usd"] and "USD" in comment["firm_exposure.amount_usd"]
    assert "Payer" in comment["deals.source_firm"] and "Payee" in comment["deals.target_firm"]
    assert "payer to payee" in view["money_flows"]
    assert "in_talks" in comment["deals.status"] and "chip_supply" in comment["mentions.type"]
