"""Frozen dataclasses passed between the stages (fetch → parse → extract → store).

This module imports nothing heavy so that every stage, the warehouse and the tests can share it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

DealType = Literal[
    "equity_investment",
    "funding_round",
    "credits",
    "cloud_commitment",
    "chip_supply",
    "partnership",
    "acquisition",
    "acquihire_license",
]
DEAL_TYPES: tuple[str, ...] = DealType.__args__  # type: ignore[attr-defined]

Status = Literal["announced", "completed", "in_talks", "reported", "planned", "denied"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

Qualifier = Literal["exact", "up_to", "about", "at_least", "range"]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]

FirmKind = Literal["big_tech", "cloud", "chipmaker", "ai_lab", "vc", "sovereign", "other"]

# Deal types that describe the same real-world flow of investment money, for matching.
TYPE_FAMILY: dict[str, str] = {
    "equity_investment": "investment",
    "funding_round": "investment",
    "credits": "investment",
    "acquisition": "acquisition",
    "acquihire_license": "acquisition",
    "cloud_commitment": "cloud_commitment",
    "chip_supply": "chip_supply",
    "partnership": "partnership",
}


def text_hash(text: str) -> str:
    """Stable content hash used as a natural key for texts."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Link:
    """A URL found in a feed, sitemap or URL list, with what the listing says about it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    listing: str | None = None  # the feed or sitemap URL it came from


@dataclass(frozen=True)
class FetchedPage:
    """The outcome of fetching one URL; `error_kind` is set when no usable body came back."""

    url: str
    final_url: str
    status: int | None
    content_type: str | None
    body: bytes
    charset: str | None = None  # from the Content-Type header, if any
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None
    elapsed_ms: float = 0.0
    attempts: int = 1
    error_kind: str | None = None  # e.g. "http_404", "timeout", "too_large", "robots", "content_type"
    error: str | None = None  # one readable line

    @property
    def ok(self) -> bool:
        return self.error_kind is None


@dataclass(frozen=True)
class Article:
    """Main text and metadata of one news article (from HTML, plain text or a feed entry)."""

    text: str
    title: str | None = None
    url: str | None = None  # canonical URL when known
    published: datetime | None = None
    modified: datetime | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    site_name: str | None = None
    source_url: str | None = None  # where it was fetched from or the local path
    is_stub: bool = False  # paywall or teaser: stored, not extracted

    @property
    def content_hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True)
class Firm:
    """A firm in the knowledge base or one newly found in text."""

    name: str  # canonical name
    kind: FirmKind = "other"
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # corporate VC arms and subsidiaries → parent's canonical name
    descriptors: tuple[str, ...] = ()  # "the search giant", "the chatgpt maker"
    known: bool = True  # False for firms first seen in text


@dataclass(frozen=True)
class Amount:
    """A money amount as written, normalised to USD where the text allows it."""

    original: str
    currency: str | None  # ISO code: USD, EUR, GBP, SGD, ...
    value: float | None  # in the original currency; None for vague amounts
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    usd: float | None = None
    low_usd: float | None = None
    high_usd: float | None = None
    start_char: int = 0
    end_char: int = 0


@dataclass(frozen=True)
class Deal:
    """One deal statement: the `extract` JSON contract (see README)."""

    type: DealType
    source_firm: str | None  # pays
    target_firm: str | None  # receives
    amount_usd: float | None = None
    amount_low_usd: float | None = None
    amount_high_usd: float | None = None
    amount_qualifier: Qualifier | None = None
    currency: str | None = None
    amount_original: str | None = None
    valuation_usd: float | None = None
    status: Status = "announced"
    date: date | None = None
    evidence: str = ""
    start_char: int = 0
    end_char: int = 0
    confidence: float = 0.5
    # Not in the contract's JSON: descriptor text kept when a party could not be resolved.
    source_text: str | None = field(default=None, compare=False)
    target_text: str | None = field(default=None, compare=False)
    cumulative: bool = field(default=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The contract's DEAL object (extra fields are internal and left out)."""
        d = asdict(self)
        for k in ("source_text", "target_text", "cumulative"):
            d.pop(k)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass(frozen=True)
class Mention:
    """A deal statement tied to the article it came from, as stored in the warehouse."""

    article_key: str
    deal: Deal
    extractor_version: str
    sentence_index: int = 0
