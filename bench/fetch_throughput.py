"""Throughput and politeness benchmark for pipeline.fetch.fetch_many.

Why: the nightly run must be fast without ever hammering a host. 2,000 pages on 20 loopback hosts
(127.0.0.1 ... 127.0.0.20), each response delayed 100 ms by a server in a separate process that counts
concurrent requests and open connections per host. fetch_many runs with the default policy (16 total,
2 per host, robots on) except allow_private=True. Target: >= 60 pages/s and never > 2 concurrent per host.

    .venv/bin/python bench/fetch_throughput.py [--pages 2000] [--hosts 20] [--latency 0.1] [--order grouped]

Bounded: the run stops after --deadline seconds (default 120) and the server exits by itself after that too.
Exit status 0 when both targets are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing as mp
import random
import resource
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.fetch import FetchPolicy, fetch_many

log = logging.getLogger(__name__)

PAGE = (b"<!doctype html><html><head><title>bench</title></head><body>"
        + b"<p>Example Corp invests $1 billion in Example AI.</p>" * 40 + b"</body></html>")
ROBOTS = b"User-agent: *\nAllow: /\n"


# -------------------------------------------------------------------------------------------- server process


def serve(hosts: list[str], latency: float, deadline: float, conn: Connection) -> None:
    """Run the latency server until told to stop (or the deadline), then send back its counters."""
    asyncio.run(_serve(hosts, latency, deadline, conn))


async def _serve(hosts: list[str], latency: float, deadline: float, conn: Connection) -> None:
    active: Counter[str] = Counter()
    max_active: Counter[str] = Counter()
    conns: Counter[str] = Counter()
    max_conns: Counter[str] = Counter()
    served: Counter[str] = Counter()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        conns[host] += 1
        max_conns[host] = max(max_conns[host], conns[host])
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                active[host] += 1
                max_active[host] = max(max_active[host], active[host])
                try:
                    await asyncio.sleep(latency)
                    path = head.split(b" ", 2)[1]
                    body = ROBOTS if path == b"/robots.txt" else PAGE
                    ctype = b"text/plain" if path == b"/robots.txt" else b"text/html; charset=utf-8"
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
                    await writer.drain()
                    served[host] += 1
                finally:
                    active[host] -= 1
                if b"connection: close" in head.lower():
                    return
        finally:
            conns[host] -= 1
            writer.close()

    servers = [await asyncio.start_server(handle, host=h, port=0) for h in hosts]
    conn.send([f"http://{h}:{s.sockets[0].getsockname()[1]}" for h, s in zip(hosts, servers, strict=True)])
    loop = asyncio.get_running_loop()
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if await loop.run_in_executor(None, conn.poll, 0.2):
            conn.recv()
            break
    for s in servers:
        s.close()
    conn.send({"max_active": dict(max_active), "max_conns": dict(max_conns), "served": dict(served)})


# ---------------------------------------------------------------------------------------------------- client


async def run(bases: list[str], pages: int, order: str, deadline: float) -> tuple[float, Counter[str], int]:
    urls = [f"{bases[i % len(bases)]}/article/{i}" for i in range(pages)]
    if order == "grouped":
        urls.sort(key=lambda u: (u.split("/")[2], u))  # worst case for naive schedulers: host by host
    else:
        random.Random(42).shuffle(urls)
    policy = FetchPolicy(allow_private=True)
    errors: Counter[str] = Counter()
    done = 0
    started = time.monotonic()
    async with asyncio.timeout(deadline):
        async for page in fetch_many(urls, policy=policy):
            done += 1
            if not page.ok:
                errors[page.error_kind or "?"] += 1
    return time.monotonic() - started, errors, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--order", choices=("grouped", "shuffled"), default="grouped")
    ap.add_argument("--deadline", type=float, default=120.0)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    parent, child = mp.Pipe()
    proc = mp.Process(target=serve, args=(hosts, args.latency, args.deadline + 10, child), daemon=True)
    proc.start()
    try:
        if not parent.poll(15):
            print("server did not start", file=sys.stderr)
            return 1
        bases = parent.recv()
        try:
            elapsed, errors, done = asyncio.run(run(bases, args.pages, args.order, args.deadline))
        except TimeoutError:
            print(f"deadline of {args.deadline:.0f}s reached", file=sys.stderr)
            return 1
        parent.send("stop")
        stats = parent.recv() if parent.poll(15) else {"max_active": {}, "max_conns": {}, "served": {}}
    finally:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.terminate()

    rate = done / elapsed
    max_per_host = max(stats["max_active"].values(), default=0)
    max_conns = max(stats["max_conns"].values(), default=0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = rate >= 60 and max_per_host <= 2 and done == args.pages
    print(f"pages: {done}/{args.pages} from {len(hosts)} hosts, {args.latency * 1000:.0f} ms latency, "
          f"order={args.order}")
    print(f"elapsed: {elapsed:.2f} s  throughput: {rate:.1f} pages/s (target >= 60)")
    print(f"max concurrent requests per host: {max_per_host} (limit 2); "
          f"max open connections per host: {max_conns}")
    print(f"requests served (incl. robots.txt): {sum(stats['served'].values())}")
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}".rstrip())
    print(f"peak RSS (client): {rss_mb:.1f} MiB")
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
