"""Firm profiles and the Parquet export, against a real populated warehouse file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import warehouse_sample

from warehouse import db
from warehouse.research import export_parquet, firm_profile

TABLES = ["articles", "deal_mentions", "deal_status_history", "deals", "fetches", "firm_aliases", "firms",
          "mentions", "pages", "runs", "schema_migrations", "sources"]
VIEWS = ["firm_exposure", "loops", "money_flows"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return warehouse_sample.build(tmp_path_factory.mktemp("research") / "sample.duckdb")


def test_a_firm_is_found_by_alias_in_any_case(sample: Path) -> None:
    with db.session(sample, read_only=True) as con:
        by_alias = firm_profile(con, "aws")
        by_name = firm_profile(con, "  AMAZON ")
        new_firm = firm_profile(con, "zyphra labs")
    assert by_alias == by_name
    assert (by_alias["name"], by_alias["kind"], by_alias["known"]) == ("Amazon", "cloud", True)
    assert (new_firm["name"], new_firm["kind"], new_firm["known"]) == ("Zyphra Labs", "other", False)


def test_unknown_firm_is_one_clear_error(sample: Path) -> None:
    with db.session(sample, read_only=True) as con:
        for name in ("Pied Piper", "", "Amaz"):
            with pytest.raises(db.WarehouseError, match="no firm named"):
                firm_profile(con, name)


def test_profile_lists_deals_both_ways_counterparties_and_loops(sample: Path) -> None:
    with db.session(sample, read_only=True) as con:
        p = firm_profile(con, "ChatGPT")
        n_deals = con.execute("SELECT count(*) FROM deals WHERE 'OpenAI' IN (source_firm, target_firm)").fetchone()
    assert p["name"] == "OpenAI"
    assert n_deals is not None and len(p["deals"]) == n_deals[0] == 7
    keys = {"direction", "counterparty", "type", "amount_usd", "status", "n_sources", "deal_id", "evidence"}
    assert all(keys <= d.keys() for d in p["deals"])
    by = {(d["direction"], d["counterparty"], d["type"]): d for d in p["deals"]}
    assert by["out", "Oracle", "cloud_commitment"]["amount_usd"] == 300e9
    amazon = by["in", "Amazon", "equity_investment"]
    assert (amazon["amount_usd"], amazon["status"], amazon["n_sources"]) == (40e9, "announced", 2)
    assert amazon["evidence"] == "Amazon equity_investment OpenAI"
    assert by["in", "Apple", "partnership"]["money_flow"] is False  # listed, but not a money flow
    cps = {c["counterparty"]: c for c in p["counterparties"]}
    assert set(cps) == {"Microsoft", "Amazon", "Nvidia", "Oracle"}
    assert (cps["Amazon"]["paid_usd"], cps["Amazon"]["received_usd"], cps["Amazon"]["deals"]) == (38e9, 40e9, 2)
    assert (cps["Oracle"]["paid_usd"], cps["Oracle"]["received_usd"]) == (300e9, 0.0)
    assert p["counterparties"][0]["counterparty"] == "Oracle"  # largest total first
    assert sorted(lp["firms"] for lp in p["loops"]) == [["Amazon", "OpenAI"], ["Microsoft", "OpenAI"],
                                                         ["Nvidia", "OpenAI", "Oracle"]]


def test_profile_of_a_firm_outside_every_loop(sample: Path) -> None:
    with db.session(sample, read_only=True) as con:
        p = firm_profile(con, "apple")
    assert [(d["direction"], d["counterparty"], d["type"]) for d in p["deals"]] == [("out", "OpenAI", "partnership")]
    assert p["counterparties"] == [] and p["loops"] == []


def test_export_writes_every_table_and_view_readable_from_parquet(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "export" / "2025-04-02"
    with db.session(sample, read_only=True) as con:
        files = export_parquet(con, out)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES + VIEWS}  # type: ignore[index]
        flows = con.execute("SELECT * FROM money_flows ORDER BY deal_id").fetchall()
    assert sorted(f.name for f in files) == sorted([f"{t}.parquet" for t in TABLES + VIEWS] + ["README.md"])
    assert all(f.parent == out and f.exists() for f in files)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no partial files left
    reader = duckdb.connect()  # a plain in-memory DuckDB, as a researcher would use
    for name, n in counts.items():
        assert reader.execute(f"SELECT count(*) FROM read_parquet('{out / name}.parquet')").fetchone() == (n,)
    assert counts["deals"] == 9 and counts["money_flows"] == 8
    assert reader.execute(f"SELECT * FROM read_parquet('{out}/money_flows.parquet') ORDER BY deal_id"
                          ).fetchall() == flows
    stats, authors = reader.execute(f"SELECT typeof(stats), (SELECT typeof(authors) FROM read_parquet("
                                    f"'{out}/articles.parquet') LIMIT 1) FROM read_parquet('{out}/runs.parquet') "
                                    "LIMIT 1").fetchone()  # type: ignore[misc]
    assert (stats, authors) == ("VARCHAR", "VARCHAR[]")  # JSON travels as plain text
    version = reader.execute(f"SELECT DISTINCT format_version FROM parquet_file_metadata('{out}/*.parquet')"
                             ).fetchall()
    assert version == [(1,)]


def test_export_readme_describes_the_schema_from_the_comments(sample: Path, tmp_path: Path) -> None:
    with db.session(sample, read_only=True) as con:
        export_parquet(con, tmp_path)
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'deals' "
                              "AND column_name = 'amount_usd'").fetchone()
        version = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert comment is not None and version is not None
    assert f"| `amount_usd` | DOUBLE | {comment[0]} |" in readme
    assert f"schema version {version[0]}" in readme
    for name in TABLES + VIEWS:
        assert f"## {name} (" in readme and f"`{name}.parquet`" in readme
    assert "| `stats` | VARCHAR (JSON text) |" in readme
    assert "## deals (table, 9 rows)" in readme


def test_export_is_repeatable_into_the_same_directory(sample: Path, tmp_path: Path) -> None:
    with db.session(sample, read_only=True) as con:
        first = export_parquet(con, tmp_path)
        second = export_parquet(con, tmp_path)
    assert first == second
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/deals.parquet')").fetchone() == (9,)
