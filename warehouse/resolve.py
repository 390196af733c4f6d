"""Deal resolution: many mentions across articles and days → one row per real-world deal.

Rules (each tested in `tests/test_resolve.py`):
1. Same deal only within the same type family and the same firms (ordered for money flows; unordered for
   partnerships). Mentions with an unnamed party never merge with named ones.
2. Amounts must be compatible: equal within 2 %, one missing, a range or "up to" figure that contains the other
   ("up to $50B" in talks, later "$40B" announced), or at-least figures that do not contradict.
3. Dates within `WINDOW_DAYS` of the deal's last sighting.
4. Tranches and cumulative totals are kept apart (a cumulative total never merges with a tranche).
5. Current terms: the most authoritative status (completed > announced > planned > in_talks > reported; a later
   denial of a deal never confirmed wins); the amount from the most authoritative mention that has one.
6. Independent sources: near-duplicate copies of an article count once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.models import TYPE_FAMILY

WINDOW_DAYS = 400
AUTHORITY = {"completed": 5, "announced": 4, "planned": 3, "in_talks": 2, "reported": 1, "denied": 0}


@dataclass(frozen=True)
class MentionRow:
    """The fields of a stored mention that resolution needs."""

    mention_id: str
    article_id: str
    independent_id: str  # the article itself, or the first copy it duplicates
    seen: datetime  # article publication time, else ingestion time
    type: str
    source_firm: str | None
    target_firm: str | None
    amount_usd: float | None
    amount_low_usd: float | None
    amount_high_usd: float | None
    amount_qualifier: str | None
    currency: str | None
    amount_original: str | None
    valuation_usd: float | None
    status: str
    deal_date: object | None
    evidence: str
    cumulative: bool
    confidence: float = 0.5


@dataclass
class ResolvedDeal:
    deal_id: str
    mentions: list[MentionRow] = field(default_factory=list)

    @property
    def first(self) -> MentionRow:
        return self.mentions[0]

    @property
    def last_seen(self) -> datetime:
        return max(m.seen for m in self.mentions)

    def terms(self) -> dict[str, object]:
        """Current terms: most authoritative status and the best-supported amount."""
        ms = self.mentions
        confirmed = [m for m in ms if m.status != "denied"]
        latest = max(ms, key=lambda m: m.seen)
        if latest.status == "denied" and not any(m.status in ("completed", "announced") for m in ms):
            status = "denied"
        else:
            status = max(confirmed or ms, key=lambda m: (AUTHORITY[m.status], m.seen)).status
        with_amount = [m for m in ms if m.amount_usd is not None or m.amount_low_usd is not None]
        with_original = [m for m in ms if m.amount_original]
        best = max(with_amount or with_original or ms, key=lambda m: (AUTHORITY[m.status], m.seen, m.confidence))
        valuation = next((m.valuation_usd for m in sorted(ms, key=lambda m: m.seen, reverse=True)
                          if m.valuation_usd is not None), None)
        kinds = [m.type for m in ms]
        dtype = max(set(kinds), key=lambda k: (kinds.count(k), k != "equity_investment"))
        return {
            "type": dtype, "source_firm": self.first.source_firm, "target_firm": self.first.target_firm,
            "amount_usd": best.amount_usd, "amount_low_usd": best.amount_low_usd,
            "amount_high_usd": best.amount_high_usd, "amount_qualifier": best.amount_qualifier,
            "currency": best.currency, "amount_original": best.amount_original, "valuation_usd": valuation,
            "status": status, "deal_date": next((m.deal_date for m in ms if m.deal_date), None),
            "first_seen": min(m.seen for m in ms), "last_seen": self.last_seen, "n_mentions": len(ms),
            "n_sources": len({m.independent_id for m in ms}), "evidence": best.evidence,
            "cumulative": self.first.cumulative,
        }

    def history(self) -> list[tuple[str, datetime, str, float | None]]:
        """(status, first seen, article, amount) — when each status first appeared."""
        out: dict[str, tuple[str, datetime, str, float | None]] = {}
        for m in sorted(self.mentions, key=lambda m: m.seen):
            out.setdefault(m.status, (m.status, m.seen, m.article_id, m.amount_usd))
        return sorted(out.values(), key=lambda h: h[1])


def _key(m: MentionRow) -> tuple[str, object, object, bool]:
    fam = TYPE_FAMILY[m.type]
    if m.type == "partnership":
        a, b = sorted((m.source_firm or "", m.target_firm or ""))
        return fam, a, b, m.cumulative
    return fam, m.source_firm, m.target_firm, m.cumulative


def _span(m: MentionRow) -> tuple[float, float] | None:
    """The interval of values a mention's amount allows, or None when it names no USD figure."""
    if m.amount_low_usd is not None and m.amount_high_usd is not None:
        return m.amount_low_usd, m.amount_high_usd
    if m.amount_usd is None:
        return None
    v = m.amount_usd
    if m.amount_qualifier == "up_to":
        return 0.0, v * 1.02
    if m.amount_qualifier == "at_least":
        return v * 0.98, float("inf")
    if m.amount_qualifier == "about":
        return v * 0.9, v * 1.1
    return v * 0.98, v * 1.02


def amounts_compatible(a: MentionRow, b: MentionRow) -> bool:
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return True
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def _fits(deal: ResolvedDeal, m: MentionRow) -> bool:
    if m.seen - deal.last_seen > timedelta(days=WINDOW_DAYS):
        return False
    if any(x.article_id == m.article_id for x in deal.mentions):
        return False  # the extractor already kept these apart within one article ("up to $4 billion" in May, "up to
        # $6.5 billion more" now): two tranches, though their "up to" figures overlap
    return all(amounts_compatible(x, m) for x in deal.mentions)


def _deal_id(m: MentionRow) -> str:
    raw = "|".join(str(x) for x in (*_key(m), m.mention_id))
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def resolve(mentions: Iterable[MentionRow]) -> list[ResolvedDeal]:
    """Group mentions into deals. Deterministic: the same mentions always give the same deal ids."""
    groups: dict[tuple[str, object, object, bool], list[MentionRow]] = defaultdict(list)
    for m in mentions:
        if m.source_firm is None and m.target_firm is None:
            continue
        groups[_key(m)].append(m)
    deals: list[ResolvedDeal] = []
    for _, ms in sorted(groups.items(), key=lambda kv: str(kv[0])):
        open_deals: list[ResolvedDeal] = []
        for m in sorted(ms, key=lambda m: (m.seen, m.mention_id)):
            # Prefer the deal whose amounts agree best: exact figure matches before loose ones.
            fitting = [d for d in open_deals if _fits(d, m)]
            if fitting:
                fitting[-1].mentions.append(m)
            else:
                open_deals.append(ResolvedDeal(deal_id=_deal_id(m), mentions=[m]))
        deals.extend(open_deals)
    return deals
