"""`dealwatch serve` for real: a local Prefect server, a cron of every minute, one scheduled run, clean stop."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.site_server import SiteServer
from warehouse import db


def _completed_nightly_runs(path: Path) -> int:
    try:
        con = db.connect(path, read_only=True, wait_s=5)
    except db.WarehouseError:
        return 0
    try:
        return int(con.execute("SELECT count(*) FROM runs WHERE flow = 'nightly' AND status = 'completed'"
                               ).fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


@pytest.mark.timeout(420)
def test_serve_runs_the_nightly_flow_on_schedule_and_stops_cleanly(site: SiteServer, tmp_path: Path,
                                                                   user_env: dict[str, str]) -> None:
    db_path = tmp_path / "served.duckdb"
    with db.session(db_path) as con:
        db.add_source(con, site.url("site/feed.xml"), "feed")
    env = dict(user_env)
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "DEALWATCH_ALLOW_PRIVATE": "1",
                "PREFECT_RUNNER_POLL_FREQUENCY": "5"})
    exe = Path(sys.executable).with_name("dealwatch")
    proc = subprocess.Popen([str(exe), "--db", str(db_path), "serve", "--cron", "* * * * *"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while _completed_nightly_runs(db_path) == 0:
            assert proc.poll() is None, f"serve exited early: {proc.stdout.read() if proc.stdout else ''}"
            assert time.monotonic() < deadline, "no scheduled run completed within 5 minutes"
            time.sleep(3)
        children = _children(proc.pid)
        assert children, "serve should have started a local Prefect server as a child process"
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
        output, _ = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, output[-2000:]
    assert "started a local Prefect server" in output and "stopped" in output
    alive = [c for c in children if Path(f"/proc/{c}").exists()
             and "zombie" not in Path(f"/proc/{c}/status").read_text().lower()]
    assert not alive, [Path(f"/proc/{c}/cmdline").read_text().replace("\0", " ") for c in alive]
    with db.session(db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3  # type: ignore[index]
    prefect_db = tmp_path / "prefect-home" / "prefect.db"
    if prefect_db.exists():
        rows = sqlite3.connect(prefect_db).execute("SELECT count(*) FROM deployment").fetchone()
        assert rows == (0,), "the served deployment should be deleted on shutdown, not left paused"
