"""Score extracted deals against a labelled set (`dealwatch eval DIR`).

A labelled set is a folder of `<id>.txt` articles with `<id>.json` gold labels (format in `tests/data/README.md`).
A predicted deal matches a gold one when the type family (investment = equity_investment, funding_round, credits;
acquisition = acquisition, acquihire_license; every other type alone) and the unordered firm pair agree. Among
matched deals we report exact type, direction, amount (within 2 %) and status accuracy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spacy.language import Language

from extractors.firms import FirmBase, load_firm_base
from extractors.nlp import extract_articles
from pipeline.models import TYPE_FAMILY, Article, Deal


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    text: str
    published: date | None
    no_deal: bool
    gold: tuple[dict[str, Any], ...]
    title: str | None = None


@dataclass
class Score:
    """Counts behind the reported figures; `errors` holds readable lines for --show-errors."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    type_ok: int = 0
    direction_ok: int = 0
    direction_n: int = 0
    amount_ok: int = 0
    amount_n: int = 0
    status_ok: int = 0
    no_deal_false: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float | int]:
        return {
            "articles": self.articles, "gold": self.tp + self.fn, "predicted": self.tp + self.fp,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "type_accuracy": round(self.type_ok / self.tp, 4) if self.tp else 1.0,
            "direction_accuracy": round(self.direction_ok / self.direction_n, 4) if self.direction_n else 1.0,
            "amount_accuracy": round(self.amount_ok / self.amount_n, 4) if self.amount_n else 1.0,
            "status_accuracy": round(self.status_ok / self.tp, 4) if self.tp else 1.0,
            "no_deal_false_deals": self.no_deal_false,
        }


def load_labelled(folder: str | Path) -> list[LabelledArticle]:
    """Read every `<id>.txt` + `<id>.json` pair in a folder, sorted by id."""
    root = Path(folder)
    out = []
    for txt in sorted(root.glob("*.txt")):
        meta_path = txt.with_suffix(".json")
        if not meta_path.is_file():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        pub = meta.get("published")
        out.append(LabelledArticle(
            id=txt.stem, text=txt.read_text(encoding="utf-8"),
            published=date.fromisoformat(pub[:10]) if pub else None,
            no_deal=bool(meta.get("no_deal")), gold=tuple(meta.get("deals", ())), title=meta.get("title")))
    return out


def _pair(base: FirmBase, source: str | None, target: str | None) -> frozenset[str | None]:
    return frozenset((base.canonical(source), base.canonical(target)))


def _amount_ok(pred: Deal, gold: dict[str, Any]) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= 0.02 * max(abs(a), abs(b))

    return (close(pred.amount_usd, gold.get("amount_usd")) and close(pred.amount_low_usd, gold.get("amount_low_usd"))
            and close(pred.amount_high_usd, gold.get("amount_high_usd")))


def score_articles(nlp: Language, articles: Iterable[LabelledArticle], *, base: FirmBase | None = None) -> Score:
    base = base or load_firm_base()
    arts = list(articles)
    score = Score(articles=len(arts))
    inputs = [Article(text=a.text, title=a.title, published=datetime(a.published.year, a.published.month,
                                                                     a.published.day) if a.published else None,
                      source_url=a.id) for a in arts]
    for labelled, extraction in zip(arts, extract_articles(nlp, inputs), strict=True):
        preds = list(extraction.deals)
        unmatched = list(range(len(preds)))
        for g in labelled.gold:
            fam = TYPE_FAMILY[g["type"]]
            pair = _pair(base, g.get("source_firm"), g.get("target_firm"))
            cands = [i for i in unmatched if TYPE_FAMILY[preds[i].type] == fam
                     and _pair(base, preds[i].source_firm, preds[i].target_firm) == pair]
            if not cands:
                score.fn += 1
                score.errors.append(f"{labelled.id} MISSED {g['type']} {g.get('source_firm')} -> "
                                    f"{g.get('target_firm')} {g.get('amount_usd')} [{g.get('status')}] | "
                                    f"{g.get('evidence', '')[:160]}")
                continue
            best = min(cands, key=lambda i: 0 if _amount_ok(preds[i], g) else 1)
            unmatched.remove(best)
            p = preds[best]
            score.tp += 1
            score.type_ok += p.type == g["type"]
            score.status_ok += p.status == g["status"]
            if g["type"] != "partnership":
                score.direction_n += 1
                score.direction_ok += (base.canonical(p.source_firm), base.canonical(p.target_firm)) == (
                    base.canonical(g.get("source_firm")), base.canonical(g.get("target_firm")))
            score.amount_n += 1
            score.amount_ok += _amount_ok(p, g)
            wrong = [f"type {p.type}≠{g['type']}" if p.type != g["type"] else "",
                     f"status {p.status}≠{g['status']}" if p.status != g["status"] else "",
                     f"amount {p.amount_usd}≠{g.get('amount_usd')}" if not _amount_ok(p, g) else "",
                     "direction" if g["type"] != "partnership" and base.canonical(p.source_firm) != base.canonical(
                         g.get("source_firm")) else ""]
            if any(wrong):
                score.errors.append(f"{labelled.id} WRONG {p.type} {p.source_firm} -> {p.target_firm}: "
                                    f"{', '.join(w for w in wrong if w)} | {p.evidence[:160]}")
        for i in unmatched:
            p = preds[i]
            score.fp += 1
            if labelled.no_deal:
                score.no_deal_false += 1
            score.errors.append(f"{labelled.id} FALSE {p.type} {p.source_firm} -> {p.target_firm} "
                                f"{p.amount_usd} [{p.status}] | {p.evidence[:160]}")
    return score
