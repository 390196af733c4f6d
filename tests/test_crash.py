"""A run killed mid-way (SIGKILL) and run again: no duplicate articles or deals, nothing missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.site_server import SiteServer
from warehouse import db

INVESTORS = ["Sequoia Capital", "Nvidia", "Andreessen Horowitz", "Thrive Capital", "SoftBank", "Accel"]
LABS = ["Mistral AI", "Cohere", "Perplexity", "Anthropic", "xAI", "Hugging Face", "Databricks"]
N_PAGES = 40


def _write_site(root: Path) -> None:
    items = []
    for i in range(N_PAGES):
        investor = INVESTORS[i % len(INVESTORS)]
        name = LABS[i % len(LABS)]
        body = (f"<p>{investor} invested ${100 + 10 * i} million in {name}, the companies said on Tuesday.</p>"
                f"<p>The money will pay for engineers in batch {i} and for computing time, according to a "
                f"statement about plans for the year {2000 + i}.</p>")
        (root / f"p{i}.html").write_text(
            f"<html><head><title>{name} gets funding</title></head><body><article><h1>{name} gets funding</h1>"
            f"{body}</article></body></html>", encoding="utf-8")
        items.append(f"<item><title>{name}</title><link>{{{{BASE}}}}/p{i}.html</link></item>")
    (root / "feed.xml").write_text(f"<rss version='2.0'><channel><title>t</title>{''.join(items)}</channel></rss>",
                                   encoding="utf-8")


def _why(stderr: str) -> str:
    """The CLI's own error lines, without the interpreter-shutdown noise native extensions may print."""
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.lstrip().startswith(("nanobind", "- ", "See "))]
    return "\n".join(lines[-20:])


def _count(path: Path, sql: str) -> int:
    with db.session(path, read_only=True, wait_s=60) as con:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


@pytest.mark.timeout(400)
def test_killed_ingest_can_be_rerun_without_duplicates_or_gaps(tmp_path: Path, user_env: dict[str, str]) -> None:
    site_root = tmp_path / "site"
    site_root.mkdir()
    _write_site(site_root)
    db_path = tmp_path / "crash.duckdb"
    env = {**user_env, "DEALWATCH_BATCH_SIZE": "4", "DEALWATCH_N_PROCESS": "1", "DEALWATCH_ALLOW_PRIVATE": "1"}
    exe = str(Path(sys.executable).with_name("dealwatch"))
    with SiteServer(site_root) as site:
        args = [exe, "--db", str(db_path), "ingest", "feed", site.url("feed.xml"), "--allow-private"]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        deadline = time.monotonic() + 240
        stored = 0
        while stored < 8:
            assert proc.poll() is None, _why(proc.stderr.read().decode()) if proc.stderr else ""
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.3)
            if db_path.exists():
                try:
                    stored = _count(db_path, "SELECT count(*) FROM articles")
                except db.WarehouseError:
                    stored = 0
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert 0 < stored < N_PAGES, "the kill should land mid-run"
        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        assert rerun.returncode == 0, _why(rerun.stderr)
        again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, _why(again.stderr)
    assert _count(db_path, "SELECT count(*) FROM articles") == N_PAGES
    assert _count(db_path, "SELECT count(DISTINCT url) FROM articles") == N_PAGES
    assert _count(db_path, "SELECT count(*) FROM (SELECT article_id, type, source_firm, target_firm, start_char, "
                           "count(*) n FROM mentions GROUP BY ALL HAVING n > 1)") == 0
    # Every page states one investment with its own amount: one mention and one resolved deal each.
    assert _count(db_path, "SELECT count(*) FROM mentions") == N_PAGES
    assert _count(db_path, "SELECT count(DISTINCT amount_usd) FROM deals") == N_PAGES
    assert _count(db_path, "SELECT count(*) FROM runs WHERE status = 'completed'") == 2
