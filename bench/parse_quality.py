"""Main-text extraction quality of the parse stage on the article-extraction benchmark (Zyte, 181 pages).

Usage:
    .venv/bin/python bench/parse_quality.py [--bench-dir DIR] [--limit N] [--worst N]

Prints one table with precision, recall, F1 and mean milliseconds per page (wall clock, and process CPU
time, which other load on the machine disturbs less) for
  * ours:        `pipeline.parse.parse_article(html_bytes).text`
  * trafilatura: plain `trafilatura.extract(html)` (default settings)
  * get_text:    `BeautifulSoup(html, "lxml").get_text(" ")`

Metric (the benchmark authors'): texts are split into words with the regex `\\w+`; each page yields the
*multiset* of its 4-word shingles (a Counter, so a repeated phrase counts each time, as in their evaluation
code); TP/FP/FN are the shingle counts of the multiset intersection/differences, normalised by the page's
TP+FP+FN so that every page weighs the same; precision = mean TP / (mean TP + mean FP), recall likewise
with FN, F1 from those two. A multiset (not a set) is what reproduces the README's reference figures on
this machine (get_text 0.665, trafilatura 0.953).

Only this script reads the benchmark folder; the tests never do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger(__name__)

DEFAULT_BENCH_DIR = Path("/work/shared/benchmarks/article-extraction")
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams (a text shorter than n words is one shingle)."""
    words = _WORD.findall(text or "")
    if not words:
        return Counter()
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def page_counts(expected: str, predicted: str) -> tuple[float, float, float]:
    """TP, FP, FN of one page, normalised by their sum so each page has the same weight."""
    exp, pred = shingles(expected), shingles(predicted)
    tp = sum((exp & pred).values())
    fp = sum((pred - exp).values())
    fn = sum((exp - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 0.0, 0.0  # both empty: perfect
    return tp / total, fp / total, fn / total


@dataclass
class Score:
    """Accumulated normalised counts and timings of one system."""

    name: str
    counts: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    failures: int = 0

    def prf(self) -> tuple[float, float, float]:
        tp = sum(c[0] for c in self.counts)
        fp = sum(c[1] for c in self.counts)
        fn = sum(c[2] for c in self.counts)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def ms(self) -> float:
        return 1000 * sum(self.seconds) / len(self.seconds) if self.seconds else 0.0

    def cpu_ms(self) -> float:
        return 1000 * sum(self.cpu_seconds) / len(self.cpu_seconds) if self.cpu_seconds else 0.0


def _ours(html: bytes) -> str:
    from pipeline.parse import parse_article

    return parse_article(html).text


def _trafilatura(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _get_text(html: bytes) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").get_text(" ")


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "ours": _ours,
    "trafilatura": _trafilatura,
    "get_text": _get_text,
}


def load(bench_dir: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    """(page id, raw HTML bytes, expected article body) for every page with ground truth."""
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = bench_dir / "html" / f"{page_id}.html.gz"
        if path.exists():
            pages.append(
                (page_id, gzip.decompress(path.read_bytes()), truth[page_id].get("articleBody") or "")
            )
    return pages[:limit] if limit else pages


def run(pages: list[tuple[str, bytes, str]]) -> tuple[dict[str, Score], dict[str, dict[str, str]]]:
    """Score every system on every page (after one warm-up call each, so imports are not timed)."""
    scores = {name: Score(name) for name in SYSTEMS}
    outputs: dict[str, dict[str, str]] = {name: {} for name in SYSTEMS}
    for fn in SYSTEMS.values():
        fn(pages[0][1])
    for page_id, html, expected in pages:
        for name, fn in SYSTEMS.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                text = fn(html)
            except Exception:  # a crashing baseline scores an empty page, and is counted
                log.exception("%s failed on %s", name, page_id)
                text = ""
                scores[name].failures += 1
            scores[name].seconds.append(time.perf_counter() - start)
            scores[name].cpu_seconds.append(time.process_time() - cpu_start)
            scores[name].counts.append(page_counts(expected, text))
            outputs[name][page_id] = text
    return scores, outputs


def table(scores: dict[str, Score], n_pages: int) -> str:
    lines = [
        f"article-extraction benchmark: {n_pages} pages; 4-word shingle multisets, per-page normalised",
        f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'ms/page':>8} {'cpu ms':>7}",
    ]
    for s in scores.values():
        p, r, f1 = s.prf()
        fail = f"  ({s.failures} failures)" if s.failures else ""
        lines.append(f"{s.name:<12} {p:>9.4f} {r:>7.4f} {f1:>7.4f} {s.ms():>8.1f} {s.cpu_ms():>7.1f}{fail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--worst", type=int, default=0, help="also list our N worst pages by TP share")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its "discarding data" chatter on empty pages
    pages = load(args.bench_dir, args.limit)
    if not pages:
        print(f"no pages found in {args.bench_dir}", file=sys.stderr)
        return 1
    scores, _ = run(pages)
    print(table(scores, len(pages)))
    if args.worst:
        ours = scores["ours"].counts
        worst = sorted(range(len(pages)), key=lambda i: ours[i][0])[: args.worst]
        print("\nworst pages for ours (tp fp fn, normalised):")
        for i in worst:
            tp, fp, fn = ours[i]
            print(f"  {pages[i][0][:12]}  tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
