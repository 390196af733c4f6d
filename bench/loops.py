"""Speed of `db.find_loops` on a synthetic deal graph the size of years of news coverage.

50,000 resolved deals among 2,500 firms go straight into the `deals` table of a temporary DuckDB file (one
UNNEST insert, no extraction) with a heavy-tailed degree distribution: a dozen hubs (clouds, chipmakers, big
tech) that fund labs and startups and sell them compute, ~200 investors, ~50 AI labs, and a long tail of small
firms with one or two deals; within each role a Zipf draw gives a few firms most of the deals. Then
`find_loops(max_length=4)` is timed (target < 5 s) and interrupted after `--limit-s`, so the run is bounded.
The loop count depends mostly on how many compute providers each buyer uses (`--max-providers`, default 3);
`--max-providers 0` (any buyer buys from any hub) is a stress case with millions of 4-loops.
Run: `.venv/bin/python bench/loops.py [--deals N] [--firms N] [--max-length L] [--max-providers P] [--seed S]`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

# The repository root goes first: Python puts bench/ on the path, and bench/pipeline.py would shadow the
# `pipeline` package that the warehouse imports.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse import db

# type → (share of deals, payer roles with weights, payee roles with weights). Investors and hubs fund labs and
# startups; compute is bought mostly by AI labs from the clouds and chipmakers among the hubs, and clouds buy
# chips. Compute buyers stick to a few providers (as OpenAI → Microsoft/Oracle, Anthropic → Amazon/Google), which
# is what keeps the number of loops plausible: hub → lab → other hub → other lab → hub.
TYPES: dict[str, tuple[float, dict[str, float], dict[str, float]]] = {
    "equity_investment": (0.33, {"investor": 0.8, "hub": 0.2}, {"lab": 0.25, "startup": 0.75}),
    "funding_round": (0.14, {"investor": 1.0}, {"lab": 0.15, "startup": 0.85}),
    "credits": (0.05, {"cloud": 1.0}, {"lab": 0.3, "startup": 0.7}),
    "cloud_commitment": (0.20, {"lab": 0.85, "startup": 0.15}, {"cloud": 1.0}),
    "chip_supply": (0.10, {"lab": 0.35, "cloud": 0.55, "startup": 0.1}, {"chip": 1.0}),
    "acquisition": (0.06, {"hub": 0.6, "investor": 0.4}, {"startup": 1.0}),
    "acquihire_license": (0.03, {"hub": 1.0}, {"startup": 0.8, "lab": 0.2}),
    "partnership": (0.09, {"any": 1.0}, {"any": 1.0}),
}
COMPUTE = {"cloud", "chip"}  # payee roles a buyer sticks to: 1-3 providers per buyer
STATUSES = {"announced": 0.45, "completed": 0.20, "reported": 0.15, "in_talks": 0.10, "planned": 0.07,
            "denied": 0.03}


class _Picker:
    """Draws firms from one role with Zipf-like weights, so a few firms of each role take most deals."""

    def __init__(self, rng: random.Random, names: list[str], alpha: float) -> None:
        self.rng, self.names = rng, names
        weights = [1.0 / (i + 1) ** alpha for i in range(len(names))]
        total, acc = sum(weights), 0.0
        self.cum = []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def __call__(self) -> str:
        return self.rng.choices(self.names, cum_weights=self.cum)[0]


def generate(n_deals: int, n_firms: int, seed: int = 7, max_providers: int = 3
             ) -> tuple[list[str], dict[str, list[Any]]]:
    """Firm names and column lists for the deals table, deterministic for a seed.

    `max_providers` bounds how many clouds / chipmakers one buyer deals with (0: any, which is not what the
    market looks like and yields millions of 4-loops: a stress case).
    """
    if n_firms < 40:
        raise ValueError("need at least 40 firms for every role to have members")
    rng = random.Random(seed)
    names = [f"Firm {i:05d}" for i in range(n_firms)]
    rng.shuffle(names)  # role and alphabetical order are unrelated, as with real names
    n_hubs, n_investors, n_labs = max(6, n_firms // 200), max(4, n_firms // 12), max(4, n_firms // 50)
    cut = [n_hubs, n_hubs + n_investors, n_hubs + n_investors + n_labs]
    hubs, investors, labs, startups = names[:cut[0]], names[cut[0]:cut[1]], names[cut[1]:cut[2]], names[cut[2]:]
    chips, clouds = hubs[:n_hubs // 3], hubs[n_hubs // 3:]
    pick = {"hub": _Picker(rng, hubs, 0.8), "chip": _Picker(rng, chips, 0.8), "cloud": _Picker(rng, clouds, 0.8),
            "investor": _Picker(rng, investors, 1.0), "lab": _Picker(rng, labs, 1.0),
            "startup": _Picker(rng, startups, 1.0), "any": _Picker(rng, names, 1.0)}
    providers: dict[tuple[str, str], list[str]] = {}

    def draw(roles: dict[str, float], buyer: str | None = None) -> str:
        role = rng.choices(list(roles), list(roles.values()))[0]
        if buyer is None or role not in COMPUTE or max_providers <= 0:
            return pick[role]()
        if (buyer, role) not in providers:
            n = rng.randint(1, max_providers)
            providers[buyer, role] = sorted({pick[role]() for _ in range(n)} - {buyer}) or [pick[role]()]
        return rng.choice(providers[buyer, role])

    kinds, shares = list(TYPES), [v[0] for v in TYPES.values()]
    statuses, status_w = list(STATUSES), list(STATUSES.values())
    t0 = datetime(2022, 1, 1, tzinfo=UTC)
    cols: dict[str, list[Any]] = {c: [] for c in (
        "deal_id", "type", "source_firm", "target_firm", "amount_usd", "status", "deal_date", "first_seen",
        "last_seen", "n_mentions", "n_sources", "evidence", "cumulative")}
    for i in range(n_deals):
        kind = rng.choices(kinds, shares)[0]
        _, payers, payees = TYPES[kind]
        src = draw(payers)
        tgt = draw(payees, src)
        while tgt == src:
            src = draw(payers)
            tgt = draw(payees, src)
        seen = t0 + timedelta(days=rng.randrange(1400), hours=rng.randrange(24))
        n_mentions = 1 + int(rng.paretovariate(2.0)) - 1
        cols["deal_id"].append(f"bench{i:07d}")
        cols["type"].append(kind)
        cols["source_firm"].append(src)
        cols["target_firm"].append(tgt)
        cols["amount_usd"].append(None if rng.random() < 0.15 else round(10 ** rng.uniform(6, 11), -5))
        cols["status"].append(rng.choices(statuses, status_w)[0])
        cols["deal_date"].append(seen.date() if rng.random() < 0.6 else None)
        cols["first_seen"].append(seen)
        cols["last_seen"].append(seen + timedelta(days=rng.randrange(60)))
        cols["n_mentions"].append(n_mentions)
        cols["n_sources"].append(max(1, n_mentions - rng.randrange(2)))
        cols["evidence"].append(f"{src} {kind.replace('_', ' ')} {tgt}.")
        cols["cumulative"].append(False)
    return sorted(names), cols


def load(con: Any, firms: list[str], cols: dict[str, list[Any]]) -> None:
    """One INSERT … SELECT UNNEST per table (executemany is ~100× slower on DuckDB 2.0)."""
    names = list(cols)
    select = ", ".join(f"UNNEST(${i + 1}) AS {c}" for i, c in enumerate(names))
    con.execute(f"INSERT INTO deals ({', '.join(names)}) SELECT {select}", [cols[c] for c in names])
    con.execute("INSERT INTO firms (name, kind, known) SELECT UNNEST($1), 'other', FALSE", [firms])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--deals", type=int, default=50_000)
    ap.add_argument("--firms", type=int, default=2_500)
    ap.add_argument("--max-length", type=int, default=4)
    ap.add_argument("--max-providers", type=int, default=3, help="clouds/chipmakers per buyer; 0 = any (stress)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--limit-s", type=float, default=120.0, help="interrupt find_loops after this many seconds")
    args = ap.parse_args()
    t0 = time.perf_counter()
    firms, cols = generate(args.deals, args.firms, args.seed, args.max_providers)
    with tempfile.TemporaryDirectory(prefix="dealwatch-bench-") as tmp:
        path = Path(tmp) / "bench.duckdb"
        with db.session(path) as con:
            load(con, firms, cols)
            edges = con.execute("SELECT count(*), count(DISTINCT (payer, payee)) FROM money_flows").fetchone()
        setup_s = time.perf_counter() - t0
        with db.session(path, read_only=True) as con:
            timer = threading.Timer(args.limit_s, con.interrupt)  # bounded: a runaway query is cancelled
            timer.start()
            start = time.perf_counter()
            try:
                loops = db.find_loops(con, max_length=args.max_length)
            except duckdb.InterruptException:
                sys.exit(f"find_loops interrupted after {args.limit_s:.0f} s")
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
    by_len: dict[int, int] = {}
    for lp in loops:
        by_len[len(lp["firms"])] = by_len.get(len(lp["firms"]), 0) + 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    assert edges is not None
    print(f"deals={len(cols['deal_id']):,} firms={len(firms):,} money_flow_edges={edges[0]:,} "
          f"distinct_payer_payee_pairs={edges[1]:,} setup_s={setup_s:.1f}")
    print(f"find_loops(max_length={args.max_length}): loops={len(loops):,} by_length={dict(sorted(by_len.items()))} "
          f"seconds={seconds:.2f} peak_rss_mb={peak_mb:.0f}")
    print(f"target < 5 s: {'PASS' if seconds < 5 else 'FAIL'}")


if __name__ == "__main__":
    main()
