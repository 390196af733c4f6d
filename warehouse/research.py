"""Research helpers over the warehouse: one firm's profile, and a Parquet export for other tools.

Both take an open connection (read-only is enough) and keep their SQL in `warehouse/sql/research.sql`.
The export exists because a live DuckDB file is locked while an ingest writes to it and needs a DuckDB reader
of the same storage version; Parquet files can be read by Python, R and older DuckDB versions at any time.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db

RESEARCH_SQL = "research.sql"
# Written explicitly so a future DuckDB default cannot make the files unreadable for older readers.
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION snappy, PARQUET_VERSION v1"


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
           ) -> list[dict[str, Any]]:
    cur = con.execute(db.named_query(RESEARCH_SQL, name), params or {})
    cols = [d[0] for d in cur.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


# --- firm profile --------------------------------------------------------------------------------------------

def resolve_firm(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
    """The firm a researcher means by `name` (canonical name or alias, any case), or a WarehouseError."""
    wanted = name.strip()
    rows = _query(con, "resolve_firm", {"name": wanted}) if wanted else []
    if not rows:
        raise db.WarehouseError(f"no firm named {wanted!r}")
    return rows[0]


def firm_profile(con: duckdb.DuckDBPyConnection, name: str, *, max_length: int = 4) -> dict[str, Any]:
    """Everything about one firm: its deals both ways, money per counterparty, and the loops it is part of.

    `deals` lists every resolved deal naming the firm (partnerships, denials and cumulative totals too, flagged
    `money_flow=False`); `counterparties` and `loops` use only money_flows, so they agree with `firm_exposure`
    and `dealwatch loops`. A counterparty's paid/received sum is 0 without flows that way and None when no flow
    that way states a USD amount.
    """
    firm = resolve_firm(con, name)
    params = {"firm": firm["name"]}
    deals = _query(con, "firm_deals", params)
    counterparties = _query(con, "firm_counterparties", params)
    loops = [lp for lp in db.find_loops(con, max_length=max_length) if firm["name"] in lp["firms"]]
    return {"name": firm["name"], "kind": firm["kind"], "known": bool(firm["known"]), "deals": deals,
            "counterparties": counterparties, "loops": loops}


# --- Parquet export ------------------------------------------------------------------------------------------

def _select_list(columns: list[dict[str, Any]]) -> str:
    """Columns as exported: JSON becomes plain text, which every Parquet reader understands."""
    out = []
    for c in columns:
        ident = _ident(c["column_name"])
        out.append(f"CAST({ident} AS VARCHAR) AS {ident}" if c["data_type"] == "JSON" else ident)
    return ", ".join(out)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _md(text: str | None) -> str:
    """A comment made safe for one Markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> list[Path]:
    """Write every table and view as `<name>.parquet` plus a README.md of the schema; returns the files written.

    All files come from one transaction, so they are a consistent snapshot. Each file is written under a
    temporary name and renamed, so a failed export never leaves a truncated Parquet file behind.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    own_txn = True
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        own_txn = False  # the caller's transaction already gives us a snapshot
    try:
        objects = _query(con, "schema_objects")
        columns: dict[str, list[dict[str, Any]]] = {}
        for c in _query(con, "schema_columns"):
            columns.setdefault(c["table_name"], []).append(c)
        version = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        files: list[Path] = []
        rows: dict[str, int] = {}
        for obj in objects:
            name = obj["name"]
            target = out / f"{name}.parquet"
            partial = out / f".{name}.parquet.partial"
            source = f"SELECT {_select_list(columns[name])} FROM {_ident(name)}"
            try:
                con.execute(f"COPY ({source}) TO {_literal(str(partial))} ({PARQUET_OPTIONS})")
                counted = con.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()
            except duckdb.Error as exc:
                partial.unlink(missing_ok=True)
                raise db.WarehouseError(f"export of {name} failed: {str(exc).splitlines()[0]}") from exc
            os.replace(partial, target)
            rows[name] = int(counted[0]) if counted else 0
            files.append(target)
    except BaseException:
        if own_txn:
            con.execute("ROLLBACK")
        raise
    if own_txn:
        con.execute("COMMIT")
    readme = out / "README.md"
    readme.write_text(_readme(objects, columns, rows, version[0] if version else None), encoding="utf-8")
    return [*files, readme]


def _readme(objects: list[dict[str, Any]], columns: dict[str, list[dict[str, Any]]], rows: dict[str, int],
            version: int | None) -> str:
    """The schema, from the database's own comments, next to the files it describes."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# dealwatch export",
        "",
        f"Exported {now} from a dealwatch database at schema version {version}. One Parquet file per table and",
        "view below (Parquet format v1, snappy compression), all from one consistent snapshot.",
        "",
        "Conventions: money is in US dollars as plain numbers (4e9 = $4 billion); money flows from `source_firm`",
        "(payer) to `target_firm` (payee), which `money_flows` calls `payer` and `payee`; timestamps are UTC;",
        "JSON columns are exported as text; `articles.authors` is a list of strings; `articles.simhash` is an",
        "unsigned 64-bit integer.",
        "",
        "Reading the files:",
        "",
        "```",
        "# Python      import duckdb; duckdb.sql(\"SELECT * FROM 'deals.parquet'\").df()",
        "#             import pandas as pd; pd.read_parquet('deals.parquet')        # needs pyarrow",
        "# R           arrow::read_parquet('deals.parquet')",
        "# DuckDB CLI  CREATE VIEW deals AS SELECT * FROM read_parquet('deals.parquet');",
        "```",
        "",
        "Contents:",
        "",
        "| file | kind | rows | description |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{o['name']}.parquet` | {o['kind']} | {rows.get(o['name'], 0):,} | {_md(o['comment'])} |"
              for o in objects]
    for o in objects:
        lines += ["", f"## {o['name']} ({o['kind']}, {rows.get(o['name'], 0):,} rows)", "", _md(o["comment"]), "",
                  "| column | type | description |", "|---|---|---|"]
        for c in columns.get(o["name"], []):
            dtype = "VARCHAR (JSON text)" if c["data_type"] == "JSON" else c["data_type"]
            lines.append(f"| `{c['column_name']}` | {dtype} | {_md(c['comment'])} |")
    return "\n".join(lines) + "\n"
