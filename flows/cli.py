"""The `dealwatch` command line: a thin click layer over the flows and the warehouse.

Every error reaches the user as one readable line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

log = logging.getLogger(__name__)
FORMATS_DATA = click.Choice(["table", "csv", "json"])


class _Group(click.Group):
    """Turn any exception into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None
        except Exception as exc:
            if os.environ.get("DEALWATCH_DEBUG"):
                raise
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise click.ClickException(msg) from None


def _json_default(o: Any) -> Any:
    if isinstance(o, (datetime, date)):
        return o.isoformat()
    return str(o)


def _print_rows(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, *, title: str | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, r, strict=True)) for r in rows], default=_json_default, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows([[_json_default(v) if isinstance(v, (date, datetime)) else v for v in r] for r in rows])
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for c in cols:
            table.add_column(str(c), overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else _fmt_cell(v) for v in r))
        Console(width=max(120, Console().width)).print(table)


def _fmt_cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"
    return str(v)


def _money(v: float | None) -> str:
    from flows.report import money  # one money format for the terminal and the HTML report

    return money(v)


_FLOW_COMMANDS = ("ingest", "nightly", "demo", "reextract")


class _TemporaryApi:
    """Prefect's temporary API for a one-off run, started before our heavy imports instead of after them.

    Prefect would start the same uvicorn app itself on the first flow call; starting it first lets its start-up
    overlap with loading spaCy, which is most of a manual run's wall time.
    """

    def __init__(self) -> None:
        import importlib.util
        import socket
        import subprocess
        import tempfile

        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.origin is not None
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.api = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}
        # Its log goes to a temporary file, shown only if it fails to start: a server stopped at the end of a
        # good run may print cancelled-task tracebacks that are no error of the user's.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop(), after the server exits)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"], env=env, stdin=subprocess.DEVNULL, stdout=self.log,
            stderr=subprocess.STDOUT)
        os.environ["PREFECT_API_URL"] = self.api
        # Its logs would go nowhere once it stops with the run; shipping them late only prints connection errors.
        os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")

    def wait(self, timeout_s: float = 60.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise click.ClickException(f"Prefect's temporary API exited with status {self.proc.returncode}"
                                           f"{self._last_log_line()}")
            try:
                if httpx.get(f"{self.api}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise click.ClickException(f"Prefect's temporary API did not start within {timeout_s:.0f} s"
                                   f"{self._last_log_line()}")

    def _last_log_line(self) -> str:
        self.log.seek(0)
        lines = [ln.strip() for ln in self.log.read().decode(errors="replace").splitlines() if ln.strip()]
        return f": {lines[-1]}" if lines else ""

    def stop(self) -> None:
        import subprocess

        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def _await_prefect(ctx: click.Context) -> None:
    api = (ctx.find_root().obj or {}).get("prefect_api")
    if api is not None:
        api.wait()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="DEALWATCH_DB",
              default="dealwatch.duckdb", show_default=True, help="DuckDB file (or set DEALWATCH_DB).")
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect and stage logs.")
@click.pass_context
def main(ctx: click.Context, db: Path, verbose: bool) -> None:
    """dealwatch: turn news about AI and Big-Tech financing into a database of deals and money loops.

    Example: dealwatch ingest feed https://example.com/feed.xml && dealwatch loops
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:  # a failed run is reported once, as our own one-line error, not as Prefect's traceback too
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    if ctx.invoked_subcommand in _FLOW_COMMANDS and not os.environ.get("PREFECT_API_URL") and not any(
            a in ("-h", "--help") for a in sys.argv):
        api = _TemporaryApi()
        ctx.obj["prefect_api"] = api
        ctx.call_on_close(api.stop)
    if sys.stderr.isatty() and ctx.invoked_subcommand in _FLOW_COMMANDS:
        from flows import progress

        bars = progress.RichProgress()
        progress.use(bars)
        ctx.call_on_close(bars.close)


# --- extract (no database, no Prefect) -----------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True)
def extract(paths: tuple[str, ...], fmt: str) -> None:
    """Preview the deals in .txt/.html files or stdin (-); touches no database.

    Example: dealwatch extract article.txt --format jsonl
    """
    from dataclasses import replace

    from extractors import build_nlp, extract_articles
    from pipeline.parse import parse_article, parse_text
    from pipeline.sources import iter_local_inputs

    inputs = []
    for path, kind, content in iter_local_inputs(list(paths), stdin=sys.stdin):
        art = replace(parse_article(content), source_url=path) if kind == "html" else parse_text(content, source=path)
        inputs.append((path, art))
    nlp = build_nlp()
    results = list(extract_articles(nlp, [a for _, a in inputs]))
    docs: list[dict[str, Any]] = []
    for (path, _), res in zip(inputs, results, strict=True):
        a = res.article
        docs.append({"input": path, "article": {"title": a.title, "published": a.published.isoformat()
                     if a.published else None, "url": a.url, "text": a.text},
                     "deals": [d.to_json() for d in res.deals]})
    if fmt == "jsonl":
        for d in docs:
            click.echo(json.dumps(d, default=_json_default, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(docs, default=_json_default, indent=2, ensure_ascii=False))
    else:
        cols = ["input", "type", "source_firm", "target_firm", "amount", "valuation", "status", "evidence"]
        rows = [(d["input"], x["type"], x["source_firm"], x["target_firm"],
                 x["amount_original"] or "", _money(x["valuation_usd"]) if x["valuation_usd"] else "",
                 x["status"], x["evidence"][:100]) for d in docs for x in d["deals"]]
        _print_rows(cols, rows, "table", title=f"{len(rows)} deals in {len(docs)} input(s)")


# --- ingest ------------------------------------------------------------------------------------------------

def _summary(stats: dict[str, Any]) -> None:
    keys = ["sources_polled", "links_found", "pages_fetched", "pages_not_modified", "pages_failed", "pages_skipped",
            "inputs", "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate",
            "articles_stub", "mentions", "deals", "deals_new", "deals_updated", "loops"]
    parts = [f"{k.replace('_', ' ')}: {stats[k]}" for k in keys if stats.get(k)]
    if stats.get("failed_by_reason"):
        parts.append("failed by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["failed_by_reason"].items())))
    secs = stats.get("stage_seconds", {})
    if secs:
        parts.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in secs.items()))
    work = stats.get("worker_seconds", {})
    if work:
        parts.append("work seconds (all processes): " + ", ".join(f"{k} {v:.1f}" for k, v in work.items()))
    click.echo("; ".join(parts) or "nothing to do")


@main.group()
def ingest() -> None:
    """Ingest articles into the database (runs a Prefect flow).

    Example: dealwatch ingest text notes/*.txt
    """


def _allow_private_opt(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--allow-private", is_flag=True, envvar="DEALWATCH_ALLOW_PRIVATE",
                        help="Allow loopback/private hosts (refused by default).")(f)


@ingest.command("text")
@click.argument("paths", nargs=-1, required=True)
@click.pass_context
def ingest_text_cmd(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Ingest .txt/.html files, folders, or stdin (-).

    Example: cat story.txt | dealwatch ingest text -
    """
    from flows.ingest import ingest_text, prewarm

    prewarm()  # load spaCy while Prefect starts its temporary API
    stdin_text = sys.stdin.read() if "-" in paths else None
    _await_prefect(ctx)
    _summary(ingest_text(list(paths), db_path=str(ctx.obj["db"]), stdin_text=stdin_text))


@ingest.command("url")
@click.argument("urls", nargs=-1, required=True)
@_allow_private_opt
@click.pass_context
def ingest_url_cmd(ctx: click.Context, urls: tuple[str, ...], allow_private: bool) -> None:
    """Fetch and ingest article pages.

    Example: dealwatch ingest url https://example.com/news/deal.html
    """
    from flows.ingest import ingest_urls

    _await_prefect(ctx)
    _summary(ingest_urls(list(urls), db_path=str(ctx.obj["db"]), settings={"allow_private": allow_private}
                         if allow_private else None))


@ingest.command("feed")
@click.argument("urls", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(["feed", "sitemap"]), default="feed", show_default=True)
@click.option("--since", type=click.DateTime(), default=None, help="Only entries newer than this date.")
@_allow_private_opt
@click.pass_context
def ingest_feed_cmd(ctx: click.Context, urls: tuple[str, ...], kind: str, since: datetime | None,
                    allow_private: bool) -> None:
    """Poll feeds (RSS, Atom, JSON Feed) or sitemaps once and ingest what they link to.

    Example: dealwatch ingest feed https://example.com/rss.xml
    """
    from flows.ingest import ingest_feeds

    _await_prefect(ctx)
    _summary(ingest_feeds(list(urls), db_path=str(ctx.obj["db"]), kind=kind, since=since,
                          settings={"allow_private": True} if allow_private else None))


# --- sources -----------------------------------------------------------------------------------------------

@main.group()
def sources() -> None:
    """Manage the sources the nightly run polls.

    Example: dealwatch sources add https://example.com/feed.xml --kind feed
    """


@sources.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(["feed", "sitemap", "page"]), default="feed", show_default=True)
@click.pass_context
def sources_add(ctx: click.Context, url: str, kind: str) -> None:
    """Add (or re-enable) a source.

    Example: dealwatch sources add https://example.com/sitemap.xml --kind sitemap
    """
    from urllib.parse import urlsplit

    from warehouse import db

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise click.ClickException(f"not an http(s) URL: {url}")
    with db.session(ctx.obj["db"]) as con:
        new = db.add_source(con, url, kind)
    click.echo(f"{'added' if new else 'updated'} {kind} {url}")


@sources.command("list")
@click.option("--format", "fmt", type=FORMATS_DATA, default="table", show_default=True)
@click.pass_context
def sources_list(ctx: click.Context, fmt: str) -> None:
    """List sources with their last poll outcome.

    Example: dealwatch sources list --format json
    """
    from warehouse import db

    with db.session(ctx.obj["db"]) as con:
        cols, rows = db.run_query(con, "SELECT url, kind, enabled, last_polled_at, last_success_at, failures, "
                                       "last_error FROM sources ORDER BY url")
    _print_rows(cols, rows, fmt)


@sources.command("remove")
@click.argument("url")
@click.pass_context
def sources_remove(ctx: click.Context, url: str) -> None:
    """Remove a source (its articles stay).

    Example: dealwatch sources remove https://example.com/feed.xml
    """
    from warehouse import db

    with db.session(ctx.obj["db"]) as con:
        if not db.remove_source(con, url):
            raise click.ClickException(f"no such source: {url}")
    click.echo(f"removed {url}")


# --- nightly and serve -------------------------------------------------------------------------------------

@main.command()
@click.option("--since", type=click.DateTime(), default=None, help="Only entries newer than this date.")
@_allow_private_opt
@click.pass_context
def nightly(ctx: click.Context, since: datetime | None, allow_private: bool) -> None:
    """Run the nightly flow once over every enabled source.

    Example: dealwatch nightly
    """
    from flows.ingest import nightly as nightly_flow

    _await_prefect(ctx)
    _summary(nightly_flow(db_path=str(ctx.obj["db"]), since=since,
                          settings={"allow_private": True} if allow_private else None))


@main.command()
@click.option("--cron", default="0 2 * * *", show_default=True, help="When to run the nightly flow.")
@_allow_private_opt
@click.pass_context
def serve(ctx: click.Context, cron: str, allow_private: bool) -> None:
    """Schedule the nightly flow; starts a local Prefect server when PREFECT_API_URL is not set.

    Example: dealwatch serve --cron "0 2 * * *"
    """
    from flows.serve import serve_nightly

    serve_nightly(db_path=str(Path(ctx.obj["db"]).resolve()), cron=cron, allow_private=allow_private)


# --- querying ----------------------------------------------------------------------------------------------

@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=FORMATS_DATA, default="table", show_default=True)
@click.pass_context
def sql(ctx: click.Context, query: str, fmt: str) -> None:
    """Run a read-only SQL query against the database.

    Example: dealwatch sql "SELECT type, count(*) FROM deals GROUP BY type"
    """
    from warehouse import db

    with db.session(ctx.obj["db"], read_only=True) as con:
        cols, rows = db.run_query(con, query)
    _print_rows(cols, rows, fmt)


def _print_loops(loops: list[dict[str, Any]]) -> None:
    if not loops:
        click.echo("no loops found")
        return
    for n, lp in enumerate(loops, 1):
        path = " → ".join([*lp["firms"], lp["firms"][0]])
        flag = "confirmed" if lp["confirmed"] else "rests on talks/reports"
        click.echo(f"{n}. {path}   (round-trip {_money(lp['min_amount_usd'])}, {flag})")
        for e in lp["edges"]:
            click.echo(f"   {e['source_firm']} → {e['target_firm']}: {e['type']} {_money(e['amount_usd'])} "
                       f"[{e['status']}]")
            click.echo(f"      “{e['evidence'][:220]}”")


@main.command()
@click.option("--max-length", type=click.IntRange(2, 8), default=4, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Deals on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Deals on or before this date.")
@click.option("--status", "statuses", multiple=True, help="Only edges with this status (repeatable).")
@click.option("--type", "types", multiple=True, help="Only edges of this deal type (repeatable).")
@click.option("--min-amount", type=float, default=None, help="Only edges of at least this many USD.")
@click.pass_context
def loops(ctx: click.Context, max_length: int, fmt: str, since: datetime | None, until: datetime | None,
          statuses: tuple[str, ...], types: tuple[str, ...], min_amount: float | None) -> None:
    """Find circular money flows among the resolved deals.

    Example: dealwatch loops --max-length 3 --format json
    """
    from warehouse import db

    with db.session(ctx.obj["db"], read_only=True) as con:
        found = db.find_loops(con, max_length=max_length, since=since.date() if since else None,
                              until=until.date() if until else None, statuses=statuses or None,
                              types=types or None, min_amount=min_amount)
    if fmt == "json":
        click.echo(json.dumps(found, default=_json_default, indent=2, ensure_ascii=False))
    else:
        _print_loops(found)


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def firm(ctx: click.Context, name: str, fmt: str) -> None:
    """Show one firm's deals, counterparties and loops (name or alias, any case).

    Example: dealwatch firm AWS
    """
    from warehouse import db
    from warehouse.research import firm_profile

    with db.session(ctx.obj["db"], read_only=True) as con:
        profile = firm_profile(con, name)
    if fmt == "json":
        click.echo(json.dumps(profile, default=_json_default, indent=2, ensure_ascii=False))
        return
    click.echo(f"{profile['name']} ({profile['kind']}{', new firm' if not profile['known'] else ''})")
    _print_rows(["direction", "counterparty", "type", "amount", "status", "sources"],
                [(d["direction"], d["counterparty"], d["type"], _money(d["amount_usd"]), d["status"], d["n_sources"])
                 for d in profile["deals"]], "table", title=f"{len(profile['deals'])} deals")
    _print_rows(["counterparty", "paid_usd", "received_usd", "deals"],
                [(c["counterparty"], _money(c["paid_usd"]), _money(c["received_usd"]), c["deals"])
                 for c in profile["counterparties"]], "table", title="counterparties")
    click.echo(f"Loops through {profile['name']}:")
    _print_loops(profile["loops"])


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def export(ctx: click.Context, out_dir: Path) -> None:
    """Write every table and view as Parquet, plus a README of the schema, into OUT_DIR.

    Example: dealwatch export exports/2026-11-22
    """
    from warehouse import db
    from warehouse.research import export_parquet

    with db.session(ctx.obj["db"], read_only=True) as con:
        files = export_parquet(con, out_dir)
    click.echo(f"wrote {len(files)} files to {out_dir}")


@main.command()
@click.option("--all", "everything", is_flag=True, help="Re-extract every article, not only older versions.")
@click.pass_context
def reextract(ctx: click.Context, everything: bool) -> None:
    """Re-run the current extractor over stored articles (no re-fetching) and rebuild mentions and deals.

    Example: dealwatch reextract
    """
    from flows.ingest import reextract as reextract_flow

    _await_prefect(ctx)
    _summary(reextract_flow(db_path=str(ctx.obj["db"]), everything=everything))


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Only deals on or after this date.")
@click.pass_context
def report(ctx: click.Context, out: Path, since: datetime | None) -> None:
    """Write one self-contained HTML report: money-flow network, top loops, largest deals, timeline.

    Example: dealwatch report --out report.html --since 2025-01-01
    """
    from flows.report import write_report

    path = write_report(Path(ctx.obj["db"]), out, since=since.date() if since else None)
    click.echo(f"report written to {path.resolve()}")


# --- demo and eval -----------------------------------------------------------------------------------------

@main.command()
@click.option("--keep-serving", is_flag=True, help="Keep the sample site up after the run (Ctrl-C to stop).")
@click.pass_context
def demo(ctx: click.Context, keep_serving: bool) -> None:
    """Serve a sample news site on 127.0.0.1, run the nightly flow on it into a fresh database, show the loops.

    The database (dealwatch-demo.duckdb unless --db is given) is recreated from scratch.

    Example: dealwatch demo
    """
    from flows.demo import run_demo

    _await_prefect(ctx)
    parent = ctx.parent
    explicit = parent is not None and parent.get_parameter_source("db") not in (
        click.core.ParameterSource.DEFAULT, None)
    # Never wipe the user's real database: without an explicit --db the demo gets its own file.
    db_path = Path(ctx.obj["db"]) if explicit else Path("dealwatch-demo.duckdb")
    run_demo(db_path, echo=click.echo, print_rows=_print_rows, print_loops=_print_loops,
             summary=_summary, keep_serving=keep_serving)


@main.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--show-errors", is_flag=True, help="List every missed, false and wrong deal.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_cmd(folder: str, show_errors: bool, fmt: str) -> None:
    """Score the extractor against a labelled folder of <id>.txt + <id>.json files.

    Example: dealwatch eval tests/data/dev --show-errors
    """
    from extractors import build_nlp
    from extractors.evaluation import load_labelled, score_articles

    labelled = load_labelled(folder)
    if not labelled:
        raise click.ClickException(f"no labelled articles (<id>.txt + <id>.json) in {folder}")
    score = score_articles(build_nlp(), labelled)
    figures = score.figures()
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
    else:
        _print_rows(["metric", "value"], list(figures.items()), "table", title=f"eval {folder}")
    if show_errors:
        for line in score.errors:
            click.echo(line)


if __name__ == "__main__":
    main()
