"""`dealwatch serve`: schedule the nightly flow with a cron, against a Prefect server.

With no PREFECT_API_URL a local `prefect server start` runs on 127.0.0.1 as a child process for as long as we
serve; it is stopped cleanly on Ctrl-C or SIGTERM (a cron schedule only fires against a real server).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

log = logging.getLogger(__name__)
DEPLOYMENT = "nightly"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_prefect_server(*, timeout_s: float = 90.0) -> Iterator[str]:
    """Start `prefect server start` on 127.0.0.1 and yield its API URL; stop it on exit."""
    port = _free_port()
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                err = (proc.stderr.read() if proc.stderr else b"").decode(errors="replace").strip().splitlines()
                raise RuntimeError(f"prefect server exited early: {err[-1] if err else proc.returncode}")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not become healthy within {timeout_s:.0f} s")
            time.sleep(0.5)
        log.info("local Prefect server at %s", api)
        yield api
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _serve(db_path: str, cron: str, allow_private: bool) -> None:
    from flows.ingest import nightly

    params = {"db_path": db_path, "settings": {"allow_private": True} if allow_private else None}
    print(f"serving deployment nightly/{DEPLOYMENT} on cron {cron!r} (database {db_path}); Ctrl-C to stop",
          flush=True)
    nightly.serve(name=DEPLOYMENT, cron=cron, parameters=params, print_starting_message=False)


def serve_nightly(*, db_path: str, cron: str, allow_private: bool = False) -> None:
    """Serve the nightly deployment on `cron`, starting a local Prefect server when none is configured."""
    from prefect.settings import PREFECT_API_URL

    # SIGTERM ends serving like Ctrl-C, so the child server is always stopped.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    if os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value():
        try:
            _serve(db_path, cron, allow_private)
        except KeyboardInterrupt:
            pass
        return
    with local_prefect_server() as api:
        os.environ["PREFECT_API_URL"] = api
        print(f"started a local Prefect server at {api}", flush=True)
        try:
            _run_with_api(api, db_path, cron, allow_private)
        except KeyboardInterrupt:
            pass
    print("stopped", flush=True)


def _run_with_api(api: str, db_path: str, cron: str, allow_private: bool) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api}):
        _serve(db_path, cron, allow_private)
