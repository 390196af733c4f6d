"""The extractor never raises: arbitrary Unicode, empty text, HTML fragments and a 1 MB article."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extractors import build_nlp, extract_articles, extract_deals
from pipeline.models import Article

_NLP: Language | None = None


def _nlp() -> Language:
    global _NLP
    if _NLP is None:
        _NLP = build_nlp()
    return _NLP


_WORDS = st.sampled_from(["Amazon", "invested", "$4 billion", "in", "Anthropic", "the company", "it", "led by",
                          "€2–3bn", "|", "\n", "\n\n", "<p>", "</p>", "also took part", ",", ".", "Nvidia-backed",
                          "valued at", "not", "denied", "'s", "—", "US$", "fifty billion dollars", "\u200b", "🙂"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for d in extract_deals(_nlp(), text):
        assert d.to_json()["type"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=80).map(" ".join))
def test_deal_like_word_salad_never_raises(text: str) -> None:
    extract_deals(_nlp(), text)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "<html><body><p>Amazon invested $4 billion in Anthropic.</p>"
                                  "<table><tr><td>AWS</td><td>$1bn</td></tr></table></body></html>", "$$$ €€ ££",
                                  "| a | b |\n|---|---|\n| Amazon | $4 billion |"])
def test_edge_inputs(text: str) -> None:
    extract_deals(_nlp(), text)


def test_one_megabyte_article() -> None:
    para = ("Amazon invested $4 billion in Anthropic, the company said. Nvidia, AMD and Cisco also took part. "
            "Microsoft plans to spend $80 billion on data centres.\n\n")
    text = para * (1_000_000 // len(para) + 1)
    out = list(extract_articles(_nlp(), [Article(text=text)]))
    assert len(out) == 1
