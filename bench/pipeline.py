"""Nightly-run throughput against bare spaCy, orchestration overhead and peak memory.

Builds a corpus of N news-like HTML articles (~800 words each, generated from our own sentence templates with
a few deal sentences each), serves it with a feed from a loopback HTTP server, then in one run measures:

  (a) bare `nlp.pipe` of the same model over the same main texts, with the same process count;
  (b) the full flow (`ingest_feeds`: discover, fetch, parse, extract, store, resolve) into a fresh DuckDB file.

Prints words/second for both and their ratio (target: (b) >= 80 % of (a)), the flow's wall time against the sum
of its stage times (target: orchestration overhead < 10 %), and peak RSS of this process and of the workers.

    .venv/bin/python bench/pipeline.py [--articles 2000] [--processes 2] [--words 800] [--skip-bare]

Prefect's one-time start of its temporary API is measured separately (a scheduled nightly run against a server
does not pay it), by running a trivial flow first.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, and this file's name would shadow the project's `pipeline`.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

FIRMS = ["Amazon", "Microsoft", "Google", "Nvidia", "OpenAI", "Anthropic", "Oracle", "CoreWeave", "Meta", "AMD",
         "SoftBank", "Mistral AI", "Cohere", "xAI", "Nebius", "Broadcom", "Intel", "Databricks", "Perplexity"]
FILLER = [
    "Analysts said the spending on data centers shows no sign of slowing as demand for training capacity grows.",
    "The company did not say how much power the new campus would draw once it is fully built out next year.",
    "Executives have argued that the cost of compute will fall as newer accelerators reach the market.",
    "Investors have questioned whether revenue from chatbots and coding tools can keep pace with the outlays.",
    "Several smaller rivals have struggled to secure enough chips to train models of comparable size.",
    "Regulators in Europe and the United States are studying how these partnerships affect competition.",
    "The startup employs a few hundred people, most of them researchers and engineers in San Francisco.",
    "Shares of the largest suppliers rose in early trading after the figures were published on Thursday.",
    "People who follow the sector say the next round of models will need even larger clusters to train.",
    "A spokesperson declined to comment on the terms beyond what was included in the statement.",
    "The agreement covers several years and includes options to expand if the customer needs more capacity.",
    "Energy prices and the availability of transformers remain the main constraints on new projects.",
]
DEALS = [
    "{a} agreed to invest ${n} billion in {b}, the companies said in a joint statement.",
    "{b} has committed to spend ${n} billion on {a}'s cloud services over the next five years.",
    "{a} is in talks to buy about ${n} billion of chips from {b}, according to people familiar with the matter.",
    "{a} completed its acquisition of a smaller rival for ${n} million in cash.",
]


def make_article(i: int, rng: random.Random, words_per_article: int = 800) -> tuple[str, str, int]:
    """(title, html, word count) of one article of about `words_per_article` words."""
    a, b = rng.sample(FIRMS, 2)
    paras = []
    words = 0
    while words < words_per_article - 20:
        sents = [rng.choice(FILLER) for _ in range(rng.randint(3, 5))]
        if len(paras) in (0, 3):
            sents.insert(0, rng.choice(DEALS).format(a=a, b=b, n=rng.randint(1, 90)))
        para = " ".join(sents)
        words += len(para.split())
        paras.append(para)
    title = f"{a} and {b}: report {i}"
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f"<!doctype html><html lang='en'><head><title>{title}</title>"
            f"<meta property='article:published_time' content='2025-{1 + i % 12:02d}-{1 + i % 27:02d}'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav><article><h1>{title}</h1>{body}"
            f"</article><aside><h3>Related</h3><ul><li><a href='/x'>Chipmaker weighs stake in robotics firm</a>"
            f"</li></ul></aside><footer>© The Bench Ledger</footer></body></html>")
    return title, html, words


def build_site(root: Path, n: int, words_per_article: int = 800) -> None:
    rng = random.Random(7)
    items = []
    for i in range(n):
        title, html, _ = make_article(i, rng, words_per_article)
        (root / f"a{i}.html").write_text(html, encoding="utf-8")
        items.append(f"<item><title>{title}</title><link>{{{{BASE}}}}/a{i}.html</link></item>")
    (root / "feed.xml").write_text("<rss version='2.0'><channel><title>bench</title>" + "".join(items)
                                   + "</channel></rss>", encoding="utf-8")


def cpu_s() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process and by its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--words", type=int, default=800, help="words per article")
    ap.add_argument("--skip-bare", action="store_true", help="only run the flow (for the memory check)")
    args = ap.parse_args()

    import spacy

    from extractors.nlp import MODEL
    from flows.site_server import SiteServer
    from pipeline.parse import parse_article

    tmp = Path(tempfile.mkdtemp(prefix="dealwatch-bench-"))
    site_root = tmp / "site"
    site_root.mkdir()
    t0 = time.perf_counter()
    build_site(site_root, args.articles, args.words)
    print(f"corpus: {args.articles} articles built in {time.perf_counter() - t0:.1f} s under {site_root}")

    texts = [parse_article((site_root / f"a{i}.html").read_bytes()).text for i in range(args.articles)]
    total_words = sum(len(t.split()) for t in texts)
    print(f"words: {total_words:,} ({total_words / args.articles:.0f} per article, main text as parsed)")

    bare_wps = None
    if not args.skip_bare:
        nlp = spacy.load(MODEL)
        c0 = cpu_s()
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32, n_process=args.processes):
            pass
        bare_s = time.perf_counter() - t0
        c1 = cpu_s()
        bare_wps = total_words / bare_s
        print(f"(a) bare nlp.pipe  n_process={args.processes}: {bare_s:7.1f} s  {bare_wps:9,.0f} words/s"
              f"   cpu: this process {c1[0] - c0[0]:.1f} s, workers {c1[1] - c0[1]:.1f} s")
        del nlp
    del texts

    from prefect import flow

    from flows.ingest import close_pools, ingest_feeds

    @flow(name="warm-up")
    def warm_up() -> int:
        return 1

    t0 = time.perf_counter()
    warm_up()
    print(f"prefect temporary API start (one-time, not counted): {time.perf_counter() - t0:.1f} s")

    with SiteServer(site_root) as site:
        db_path = tmp / "bench.duckdb"
        c0 = cpu_s()
        t0 = time.perf_counter()
        stats = ingest_feeds([site.url("feed.xml")], db_path=str(db_path),
                             settings={"allow_private": True, "n_process": args.processes,
                                       "batch_size": args.batch_size, "retries": 0})
        flow_s = time.perf_counter() - t0
        close_pools()
        c1 = cpu_s()
    flow_wps = total_words / flow_s
    stages = stats["stage_seconds"]
    stage_sum = sum(v for k, v in stages.items() if k != "total")
    print(f"(b) full flow      n_process={args.processes}: {flow_s:7.1f} s  {flow_wps:9,.0f} words/s"
          f"   cpu: this process {c1[0] - c0[0]:.1f} s, workers {c1[1] - c0[1]:.1f} s"
          f"   articles new: {stats.get('articles_new', 0)}, deals: {stats.get('deals', 0)}")
    if bare_wps:
        ratio = flow_wps / bare_wps
        print(f"flow / bare words per second: {ratio:.1%}  (target >= 80%)  {'PASS' if ratio >= 0.8 else 'FAIL'}")
    print("stage seconds (the flow waiting on each stage): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print("work seconds (summed over worker processes): "
          + ", ".join(f"{k} {v:.1f}" for k, v in stats.get("worker_seconds", {}).items()))
    overhead = (flow_s - stage_sum) / flow_s
    print(f"orchestration overhead: flow wall {flow_s:.1f} s vs stages {stage_sum:.1f} s = {overhead:.1%}"
          f"  (target < 10%)  {'PASS' if overhead < 0.10 else 'FAIL'}")
    main_mb, child_mb = peak_rss_mb(resource.RUSAGE_SELF), peak_rss_mb(resource.RUSAGE_CHILDREN)
    print(f"peak RSS: this process {main_mb:,.0f} MB, largest worker {child_mb:,.0f} MB"
          f"  (target < 1,536 MB each)  {'PASS' if max(main_mb, child_mb) < 1536 else 'FAIL'}")


if __name__ == "__main__":
    main()
