"""`dealwatch demo`: a sample news site on 127.0.0.1, the real nightly flow against it, and what it found."""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from flows.site_server import SiteServer

DEMO_SITE = resources.files("flows") / "demo_site"


def run_demo(db_path: Path, *, echo: Callable[[str], None], print_rows: Callable[..., None],
             print_loops: Callable[[list[dict[str, Any]]], None], summary: Callable[[dict[str, Any]], None],
             keep_serving: bool = False) -> dict[str, Any]:
    """Serve the sample site, ingest it into a fresh database with the nightly flow, print deals and loops."""
    from flows.ingest import nightly
    from warehouse import db

    for p in (db_path, Path(str(db_path) + ".wal")):
        p.unlink(missing_ok=True)
    with resources.as_file(DEMO_SITE) as root, SiteServer(root) as site:
        feed = site.url("feed.xml")
        echo(f"Serving the sample news site at {site.base_url} (feed: {feed})")
        with db.session(db_path) as con:
            db.add_source(con, feed, "feed")
        echo(f"Running the nightly flow into a fresh database {db_path} ...")
        t0 = time.perf_counter()
        stats = nightly(db_path=str(db_path), settings={"allow_private": True})
        summary(stats)
        echo(f"(nightly flow took {time.perf_counter() - t0:.1f} s)")
        with db.session(db_path, read_only=True) as con:
            cols, rows = db.run_query(con, """
                SELECT type, source_firm AS payer, target_firm AS payee, amount_original AS amount, status,
                       n_sources AS sources
                FROM deals ORDER BY amount_usd DESC NULLS LAST, source_firm, target_firm""")
            loops = db.find_loops(con)
        echo("")
        print_rows(cols, rows, "table", title=f"{len(rows)} resolved deals")
        echo("")
        echo(f"Money loops ({len(loops)}):")
        print_loops(loops)
        echo("")
        echo("Query it yourself (read-only):")
        echo(f'  dealwatch --db {db_path} sql "SELECT payer, payee, type, amount_usd, status FROM money_flows"')
        echo(f"  dealwatch --db {db_path} loops --format json")
        echo(f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{db_path}', read_only=True)"
             f".sql('FROM deals LIMIT 5'))\"   # or any DuckDB client; schema in docs/schema.md")
        from flows.report import write_report

        report = write_report(db_path, db_path.with_name(db_path.stem + "-report.html"))
        echo("")
        echo(f"Report (open in a browser): {report.resolve()}")
        if keep_serving:
            echo("Sample site still serving; Ctrl-C to stop.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return {"stats": stats, "loops": loops, "deals": len(rows)}
