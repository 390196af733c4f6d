"""Regression gate: extraction quality on the labelled dev set must not fall below the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import build_nlp
from extractors.evaluation import load_labelled, score_articles

DATA = Path(__file__).parent / "data"


@pytest.mark.timeout(600)
def test_dev_set_meets_floors() -> None:
    floors = json.loads((DATA / "eval_floors.json").read_text(encoding="utf-8"))
    figures = score_articles(build_nlp(), load_labelled(DATA / "dev")).figures()
    low = {k: (figures[k], v) for k, v in floors.items() if k in figures and figures[k] < v}
    assert not low, f"below floor (got, floor): {low}"
    # Ceilings: "max_<figure>" caps a count where lower is better (false deals on no-deal articles).
    high = {k: (figures[k[4:]], v) for k, v in floors.items() if k.startswith("max_") and figures.get(k[4:], 0) > v}
    assert not high, f"above ceiling (got, ceiling): {high}"


@pytest.mark.timeout(600)
def test_no_deal_set_invents_no_deal() -> None:
    """`nodeal/`: thirty articles full of money, chips and clouds that state no deal between two firms."""
    ceiling = json.loads((DATA / "eval_floors.json").read_text(encoding="utf-8"))["nodeal_max_false_deals"]
    figures = score_articles(build_nlp(), load_labelled(DATA / "nodeal")).figures()
    assert figures["articles"] == 30 and figures["no_deal_false_deals"] <= ceiling
