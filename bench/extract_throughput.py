"""Throughput of the extraction pipeline against the bare spaCy model on the same texts.

The dev-set articles are repeated to at least 300 texts and run through `spacy.load(MODEL).pipe` and through
`build_nlp().pipe` with the same batch size and process count; the overhead is what our components cost. The two
are timed in alternation for several rounds (this machine's speed drifts by 20 % between minutes), and the median of
the per-round overheads is reported.
Run: `.venv/bin/python bench/extract_throughput.py [--n-process N] [--batch-size B] [--min-articles K] [--rounds R]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ comes first on sys.path and its modules could shadow the project's packages.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from extractors.nlp import MODEL, build_nlp  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev"


def _texts(min_articles: int) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    out: list[str] = []
    while len(out) < min_articles:
        out.extend(base)
    return out


def _rate(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> float:
    """Words per second over all texts (one warm-up text first, so model loading is not timed)."""
    list(nlp.pipe(texts[:1]))
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return words / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--min-articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = _texts(args.min_articles)
    bare_nlp, full_nlp = spacy.load(MODEL), build_nlp()
    print(f"articles={len(texts)} batch_size={args.batch_size} n_process={args.n_process} rounds={args.rounds}")
    overheads = []
    for k in range(args.rounds):
        bare = _rate(bare_nlp, texts, args.batch_size, args.n_process)
        full = _rate(full_nlp, texts, args.batch_size, args.n_process)
        overheads.append((bare / full - 1.0) * 100)
        print(f"round {k + 1}: bare {MODEL} {bare:,.0f} words/s, build_nlp() {full:,.0f} words/s, "
              f"overhead {overheads[-1]:.1f} %")
    print(f"overhead: {statistics.median(overheads):.1f} % (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
