"""Wall time of the two manual commands a person runs on one new article.

    .venv/bin/python bench/manual_runs.py [--repeat 3]

Targets: `dealwatch extract` on one article < 2 s (model loads once, no Prefect); `dealwatch ingest text` on one
article < 10 s including Prefect's start-up. Each command is a fresh process, as a person would run it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "Nvidia said on Tuesday it would invest up to $2 billion in the French AI lab Mistral AI, deepening a "
    "partnership under which the startup trains its models on Nvidia systems.\n\n"
    "The investment is part of a round that values Mistral AI at about $14 billion, people familiar with the "
    "matter said. Microsoft, which has invested $13 billion in OpenAI, was not part of the round.\n"
)


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr.strip().splitlines()[-1:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exe = str(Path(sys.executable).with_name("dealwatch"))
    tmp = Path(tempfile.mkdtemp(prefix="dealwatch-manual-"))
    article = tmp / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    rows = []
    for name, target, make in [
        ("dealwatch extract article.txt", 2.0, lambda i: [exe, "extract", str(article), "--format", "json"]),
        ("dealwatch ingest text article.txt", 10.0,
         lambda i: [exe, "--db", str(tmp / f"m{i}.duckdb"), "ingest", "text", str(article)]),
    ]:
        times = [timed(make(i)) for i in range(args.repeat)]
        med = statistics.median(times)
        rows.append((name, med, min(times), target))
    print(f"{'command':38s} {'median s':>9s} {'best s':>7s} {'target':>7s}")
    for name, med, best, target in rows:
        print(f"{name:38s} {med:9.2f} {best:7.2f} {'< ' + str(target):>7s}  {'PASS' if med < target else 'FAIL'}")


if __name__ == "__main__":
    main()
