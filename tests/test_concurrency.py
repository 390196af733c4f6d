"""Readers and a busy writer share one DuckDB file: a subprocess ingests batch after batch (open, store, rebuild
deals, close) while this process runs 100 read-only queries through `db.connect(read_only=True, wait_s=...)`.
Every read must get in (the bounded lock retry in `connect`) and see a committed, consistent state.

Run as a script, this module is the writer: `python tests/test_concurrency.py DB SECONDS STOP_FILE`.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.models import Article, Deal
from warehouse import db

WRITER_SECONDS = 60.0  # an upper bound: the readers stop the writer as soon as they are done
READS = 100
ARTICLES_PER_BATCH = 4


def _batch(n: int) -> list[db.StoredArticle]:
    """Articles with new deals (the deal count grows every batch) plus one more report of a standing deal."""
    items = []
    for i in range(ARTICLES_PER_BATCH):
        text = f"Batch {n} story {i}: Firm {n}-{i} raised money from Fund {i}; Amazon invests $4 billion in Anthropic."
        deals = (Deal("funding_round", f"Fund {i}", f"Firm {n}-{i}", amount_usd=1e6 * (n + 1), evidence=text[:40],
                      start_char=0, end_char=40),
                 Deal("equity_investment", "Amazon", "Anthropic", amount_usd=4e9, evidence=text[-40:],
                      start_char=len(text) - 40, end_char=len(text)))
        art = Article(text=text, url=f"https://wire.example/{n}/{i}",
                      published=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n))
        items.append(db.StoredArticle(art, deals, "v1"))
    return items


def writer(path: Path, seconds: float, stop: Path) -> int:
    """Ingest until `seconds` pass or `stop` appears; every batch is its own short session."""
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline and not stop.exists():
        with db.session(path, wait_s=30) as con:
            db.store_articles(con, _batch(n))
            db.rebuild_deals(con)
        n += 1
    return n


STATE_SQL = """
SELECT (SELECT count(*) FROM deals), (SELECT count(*) FROM mentions), (SELECT count(*) FROM deal_mentions),
       (SELECT coalesce(sum(n_mentions), 0) FROM deals), (SELECT count(*) FROM articles),
       (SELECT count(*) FROM deal_mentions dm ANTI JOIN mentions m USING (mention_id))
"""


@pytest.mark.timeout(180)
def test_100_reads_succeed_and_stay_consistent_while_a_writer_ingests(db_path: Path, tmp_path: Path) -> None:
    with db.session(db_path):
        pass  # create and migrate before the writer starts, so the first read finds a database
    stop = tmp_path / "stop"
    proc = subprocess.Popen([sys.executable, __file__, str(db_path), str(WRITER_SECONDS), str(stop)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[tuple[int, ...]] = []
    waits: list[float] = []
    writer_alive: list[bool] = []
    try:
        time.sleep(0.3)  # let the writer get going: the point is reading while it writes
        for _ in range(READS):
            t0 = time.perf_counter()
            con = db.connect(db_path, read_only=True, wait_s=20)
            waits.append(time.perf_counter() - t0)
            try:
                row = con.execute(STATE_SQL).fetchone()
            finally:
                con.close()
            assert row is not None
            seen.append(tuple(row))
            writer_alive.append(proc.poll() is None)
    finally:
        stop.touch()
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    batches = int(out.split()[-1])
    deals = [s[0] for s in seen]
    assert len(seen) == READS
    assert all(a <= b for a, b in itertools.pairwise(deals)), "deal count went down"
    for n_deals, n_mentions, n_links, n_sum, n_articles, orphans in seen:
        # a reader sees whole batches only: every stored mention is resolved, no link dangles
        assert n_mentions == n_links == n_sum == 2 * n_articles and orphans == 0
        assert n_articles % ARTICLES_PER_BATCH == 0
        assert n_deals == (n_articles + 1 if n_articles else 0)  # one new deal per article + the standing one
    # turn-taking: readers and the writer alternate, so reads see the data grow instead of waiting it out
    assert sum(writer_alive) >= READS // 2, "the writer stopped before half the reads; nothing was proven"
    assert len(set(deals)) >= sum(writer_alive) // 2, f"reads did not interleave with writes: {sorted(set(deals))}"
    assert batches > 10
    print(f"writer batches={batches} distinct states seen={len(set(deals))} "
          f"wait median={statistics.median(waits) * 1000:.0f} ms max={max(waits) * 1000:.0f} ms")


if __name__ == "__main__":
    print(writer(Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])), flush=True)
