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
def local_prefect_server(*, timeout_s: float = 90.0) -> Iterator[tuple[str, int]]:
    """Start `prefect server start` on 127.0.0.1 and yield (API URL, server pid); stop it on exit."""
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
        yield api, proc.pid
    finally:
        _stop_group(proc)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's whole process group (it runs uvicorn children), then SIGKILL what is left."""
    pgid = proc.pid
    if _group_alive(pgid):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        proc.poll()
        if not _group_alive(pgid):
            break
        time.sleep(0.2)
    else:
        log.warning("prefect server did not stop in time; killing it")
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def _child_pids() -> list[int]:
    """Direct children of this process (from /proc: no extra dependency)."""
    me = str(os.getpid())
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()  # noqa: SIM115 - tiny procfs read
            except OSError:
                continue
            if stat.rsplit(")", 1)[-1].split()[1] == me:
                out.append(int(entry))
    return out


def _reap_flow_runs(exclude: set[int], timeout_s: float = 15.0) -> None:
    """Wait for flow-run subprocesses the runner started to finish; terminate any that outlive the wait."""
    deadline = time.monotonic() + timeout_s
    while (left := [p for p in _child_pids() if p not in exclude]) and time.monotonic() < deadline:
        for pid in left:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.2)
    for pid in [p for p in _child_pids() if p not in exclude]:
        log.warning("terminating leftover flow run process %s", pid)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            end = time.monotonic() + 10
            while time.monotonic() < end and pid in _child_pids():
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    break
                time.sleep(0.2)
            if pid not in _child_pids():
                break


def _serve(db_path: str, cron: str, allow_private: bool, server_pid: int | None = None) -> None:
    """Serve the deployment until interrupted, then delete it so no paused deployment is left behind."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.runner import Runner

    from flows.ingest import nightly

    params = {"db_path": db_path, "settings": {"allow_private": True} if allow_private else None}
    runner = Runner(name=f"dealwatch-{DEPLOYMENT}", pause_on_shutdown=False)
    deployment_id = runner.add_flow(nightly, name=DEPLOYMENT, cron=cron, parameters=params)
    print(f"serving deployment nightly/{DEPLOYMENT} on cron {cron!r} (database {db_path}); Ctrl-C to stop",
          flush=True)
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    finally:
        _reap_flow_runs({server_pid} if server_pid else set())
        async def delete() -> None:
            async with get_client() as client:
                await client.delete_deployment(deployment_id)  # type: ignore[arg-type]

        try:
            asyncio.run(delete())
            log.info("deleted deployment %s", deployment_id)
        except Exception as exc:  # noqa: BLE001 - shutdown must go on; the server may already be gone
            log.warning("could not delete deployment %s: %s", deployment_id, exc)


def serve_nightly(*, db_path: str, cron: str, allow_private: bool = False) -> None:
    """Serve the nightly deployment on `cron`, starting a local Prefect server when none is configured."""
    from prefect.settings import PREFECT_API_URL

    # SIGTERM ends serving like Ctrl-C, so the child server is always stopped.
    def _interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)
    if os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value():
        try:
            _serve(db_path, cron, allow_private)
        except KeyboardInterrupt:
            pass
        return
    with local_prefect_server() as (api, server_pid):
        os.environ["PREFECT_API_URL"] = api
        print(f"started a local Prefect server at {api}", flush=True)
        try:
            _run_with_api(api, db_path, cron, allow_private, server_pid)
        except KeyboardInterrupt:
            pass
    print("stopped", flush=True)


def _run_with_api(api: str, db_path: str, cron: str, allow_private: bool, server_pid: int) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api}):
        _serve(db_path, cron, allow_private, server_pid)
