"""A small but complete warehouse for tests: deals with loops, a status change, a syndicated copy, a new firm,
a partnership, runs and fetch failures. Built through the public write path (store_articles + rebuild_deals)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline.models import Article, Deal, FetchedPage
from warehouse import db

FIRMS = [("Microsoft", "big_tech", None), ("OpenAI", "ai_lab", None), ("Amazon", "cloud", None),
         ("Nvidia", "chipmaker", None), ("Oracle", "cloud", None), ("Apple", "big_tech", None)]
ALIASES = [("AWS", "Amazon"), ("Amazon Web Services", "Amazon"), ("ChatGPT", "OpenAI")]


def deal(kind: str, src: str | None, tgt: str | None, amount: float | None, status: str = "announced",
         start: int = 0, **kw: object) -> Deal:
    """A deal statement whose evidence is a fixed-width slice of the article text."""
    return Deal(kind, src, tgt, amount_usd=amount, status=status, evidence=f"{src} {kind} {tgt}",  # type: ignore[arg-type]
                start_char=start, end_char=start + 10, currency="USD" if amount else None, **kw)  # type: ignore[arg-type]


def article(url: str, day: str, text: str | None = None) -> Article:
    return Article(text=text or f"News at {url}.", url=url, title=f"Story {url.rsplit('/', 1)[-1]}",
                   published=datetime.fromisoformat(day).replace(tzinfo=UTC), site_name="Example News")


def build(path: Path) -> Path:
    """Populate a fresh database file at `path` and return it."""
    a3 = article("https://news.example/amazon-openai-deal", "2025-03-05", "Amazon agreed to invest $40 billion.")
    copy = article("https://wire.example/amazon-openai-copy", "2025-03-06", "Amazon agreed to invest $40 billion!")
    items = [
        db.StoredArticle(article("https://news.example/msft-openai", "2025-01-10"), (
            deal("equity_investment", "Microsoft", "OpenAI", 13e9, "completed", 0),
            deal("cloud_commitment", "OpenAI", "Microsoft", 250e9, "announced", 20),
        ), "v1"),
        db.StoredArticle(article("https://news.example/amazon-openai-talks", "2025-02-01"), (
            deal("equity_investment", "Amazon", "OpenAI", 50e9, "in_talks", 0, amount_qualifier="up_to"),
        ), "v1"),
        db.StoredArticle(a3, (deal("equity_investment", "Amazon", "OpenAI", 40e9, "announced", 0),), "v1"),
        db.StoredArticle(copy, (deal("equity_investment", "Amazon", "OpenAI", 40e9, "announced", 0),), "v1",
                         duplicate_of=db.article_key(a3)),
        db.StoredArticle(article("https://news.example/stargate", "2025-03-20"), (
            deal("equity_investment", "Nvidia", "OpenAI", 100e9, "planned", 0),
            deal("cloud_commitment", "OpenAI", "Oracle", 300e9, "announced", 20),
            deal("chip_supply", "Oracle", "Nvidia", 40e9, "reported", 40),
            deal("cloud_commitment", "OpenAI", "Amazon", 38e9, "announced", 60),
        ), "v1"),
        db.StoredArticle(article("https://news.example/zyphra", "2025-04-02"), (
            deal("funding_round", "Nvidia", "Zyphra Labs", 1e8, "completed", 0),
            deal("partnership", "Apple", "OpenAI", None, "announced", 20),
        ), "v1"),
    ]
    with db.session(path) as con:
        db.sync_firms(con, FIRMS, ALIASES)
        run_id = db.start_run(con, "nightly")
        db.store_articles(con, items)
        db.rebuild_deals(con)
        now = datetime(2025, 4, 2, tzinfo=UTC)
        db.record_fetches(con, [
            FetchedPage("https://news.example/zyphra", "https://news.example/zyphra", 200, "text/html", b"<p>x</p>",
                        fetched_at=now, elapsed_ms=12.0),
            FetchedPage("https://news.example/gone", "https://news.example/gone", 404, "text/html", b"",
                        fetched_at=now, elapsed_ms=5.0, error_kind="http_404", error="HTTP 404 Not Found"),
            FetchedPage("https://slow.example/a", "https://slow.example/a", None, None, b"", fetched_at=now,
                        elapsed_ms=30000.0, attempts=3, error_kind="timeout", error="timeout: read timed out"),
        ], run_id)
        db.finish_run(con, run_id, stats={"articles_new": len(items), "deals": 9, "pages_failed": 2,
                                          "failed_by_reason": {"http_404": 1, "timeout": 1},
                                          "stage_seconds": {"fetch": 30.1, "store": 0.2}})
        failed = db.start_run(con, "ingest_urls")
        db.finish_run(con, failed, stats={}, error="ConnectError: boom")
    return path
