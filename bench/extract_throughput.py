"""Throughput of the extraction pipeline against the bare spaCy model on the same texts.

The dev-set articles are repeated to at least 300 texts and run through `spacy.load(MODEL).pipe` and through
`extract_articles(build_nlp(), …)` (what ingest and `dealwatch extract` run: our components plus turning the docs
into deals) with the same batch size and process count; the overhead is what our part costs. This machine's speed
drifts by 20 % or more between minutes, so with one process the two are timed in alternation one batch at a time
(each batch bare then full, or full then bare, in turn) and the times summed; each round reports the overhead of its
sums, and the median of the rounds is reported. With several processes each round times the whole set twice.
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

from extractors.nlp import MODEL, build_nlp, extract_articles  # noqa: E402
from pipeline.models import Article  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev"


def _texts(min_articles: int) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    out: list[str] = []
    while len(out) < min_articles:
        out.extend(base)
    return out


def _bare(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - start


def _full(nlp: Language, texts: list[str], batch_size: int, n_process: int) -> float:
    start = time.perf_counter()
    for _ in extract_articles(nlp, [Article(text=t) for t in texts], batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - start


def _round(bare_nlp: Language, full_nlp: Language, texts: list[str], batch_size: int,
           n_process: int) -> tuple[float, float]:
    """Seconds spent bare and full on all texts, paired batch by batch with one process."""
    if n_process > 1:  # (worker start-up per batch would swamp the figures)
        return _bare(bare_nlp, texts, batch_size, n_process), _full(full_nlp, texts, batch_size, n_process)
    bare = full = 0.0
    for k in range(0, len(texts), batch_size):
        chunk = texts[k:k + batch_size]
        if (k // batch_size) % 2:
            full += _full(full_nlp, chunk, batch_size, 1)
            bare += _bare(bare_nlp, chunk, batch_size, 1)
        else:
            bare += _bare(bare_nlp, chunk, batch_size, 1)
            full += _full(full_nlp, chunk, batch_size, 1)
    return bare, full


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
    words = sum(len(t.split()) for t in texts)
    _bare(bare_nlp, texts[:1], 1, 1), _full(full_nlp, texts[:1], 1, 1)  # warm-up: model loading is not timed
    overheads = []
    for k in range(args.rounds):
        bare_s, full_s = _round(bare_nlp, full_nlp, texts, args.batch_size, args.n_process)
        bare, full = words / bare_s, words / full_s
        overheads.append((bare / full - 1.0) * 100)
        print(f"round {k + 1}: bare {MODEL} {bare:,.0f} words/s, build_nlp() {full:,.0f} words/s, "
              f"overhead {overheads[-1]:.1f} %")
    print(f"overhead: {statistics.median(overheads):.1f} % (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
