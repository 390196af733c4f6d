"""Deal extraction on short sentences: types, money-flow direction in active/passive/nominal forms, statuses,
amounts and the traps (valuations, shares, negation, capex without a counterparty)."""

from __future__ import annotations

from datetime import datetime

import pytest
from spacy.language import Language

from extractors import build_nlp, extract_deals
from pipeline.models import Deal


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _deals(nlp: Language, text: str, published: datetime | None = None) -> list[Deal]:
    return extract_deals(nlp, text, published=published)


def _find(deals: list[Deal], source: str | None, target: str | None) -> Deal:
    for d in deals:
        if (d.source_firm, d.target_firm) == (source, target):
            return d
    raise AssertionError(f"no {source} -> {target} in {deals}")


@pytest.mark.parametrize("text", [
    "Amazon invested $4 billion in Anthropic.",
    "Anthropic was backed by Amazon with $4 billion.",
    "Amazon's $4 billion investment in Anthropic closed last week.",
    "Anthropic raised $4 billion from Amazon.",
])
def test_investment_direction_in_active_passive_and_nominal_forms(nlp: Language, text: str) -> None:
    d = _find(_deals(nlp, text), "Amazon", "Anthropic")
    assert d.type in ("equity_investment", "funding_round")
    assert d.amount_usd == pytest.approx(4e9)


def test_x_backed_names_the_investor(nlp: Language) -> None:
    d = _find(_deals(nlp, "Nvidia-backed CoreWeave signed new customers."), "Nvidia", "CoreWeave")
    assert d.type == "equity_investment" and d.status == "completed"


def test_round_with_lead_and_participants(nlp: Language) -> None:
    text = ("Mistral AI raised €600 million in a round led by General Catalyst. "
            "Lightspeed Venture Partners and Nvidia also took part.")
    deals = _deals(nlp, text)
    lead = _find(deals, "General Catalyst", "Mistral AI")
    assert lead.type == "funding_round" and lead.currency == "EUR" and lead.amount_usd is None
    for investor in ("Lightspeed Venture Partners", "Nvidia"):
        part = _find(deals, investor, "Mistral AI")
        assert part.type == "equity_investment" and part.amount_usd is None


def test_gapped_amounts_belong_to_each_investor(nlp: Language) -> None:
    text = "OpenAI is raising new money. Microsoft put in about $750 million and SoftBank $500 million."
    deals = _deals(nlp, text)
    assert _find(deals, "Microsoft", "OpenAI").amount_usd == pytest.approx(750e6)
    assert _find(deals, "SoftBank", "OpenAI").amount_usd == pytest.approx(500e6)


def test_valuation_is_not_the_amount(nlp: Language) -> None:
    d = _find(_deals(nlp, "Thrive Capital invested $1 billion in OpenAI at a $300 billion valuation."),
              "Thrive Capital", "OpenAI")
    assert d.amount_usd == pytest.approx(1e9)
    assert d.valuation_usd == pytest.approx(300e9)


def test_acquisition_active_and_passive(nlp: Language) -> None:
    a = _find(_deals(nlp, "Databricks acquired MosaicML for $1.3 billion in 2023."), "Databricks", "MosaicML")
    assert a.type == "acquisition" and a.status == "completed"
    b = _find(_deals(nlp, "Run:ai was acquired by Nvidia for $700 million."), "Nvidia", "Run:ai")
    assert b.type == "acquisition"


def test_chip_supply_buyer_pays_vendor(nlp: Language) -> None:
    d = _find(_deals(nlp, "xAI agreed to buy $5 billion of GPUs from Nvidia."), "xAI", "Nvidia")
    assert d.type == "chip_supply"


def test_cloud_commitment_customer_pays_provider(nlp: Language) -> None:
    d = _find(_deals(nlp, "OpenAI signed a $38 billion contract to buy computing capacity from AWS."),
              "OpenAI", "Amazon")
    assert d.type == "cloud_commitment" and d.amount_usd == pytest.approx(38e9)


@pytest.mark.parametrize(("text", "status"), [
    ("Google is in advanced talks to invest $1 billion in Anthropic.", "in_talks"),
    ("Google plans to invest $1 billion in Anthropic.", "planned"),
    ("Google will invest $1 billion in Anthropic, according to people familiar with the matter.", "reported"),
    ("Google invested $1 billion in Anthropic in 2023.", "completed"),
    ("Google denied that it would invest $1 billion in Anthropic.", "denied"),
])
def test_status_cues(nlp: Language, text: str, status: str) -> None:
    assert _find(_deals(nlp, text), "Google", "Anthropic").status == status


def test_relative_date_uses_publication_date(nlp: Language) -> None:
    d = _find(_deals(nlp, "Amazon invested $4 billion in Anthropic on Monday.", datetime(2024, 3, 27)),
              "Amazon", "Anthropic")
    assert d.date is not None and d.date.isoformat() == "2024-03-25"


@pytest.mark.parametrize("text", [
    "Microsoft plans to spend $80 billion on data centres this year.",
    "Nvidia reported revenue of $35 billion, up 94% from a year earlier.",
    "Meta bought 350,000 chips last year.",
    "Analysts worry that circular deals inflate the AI boom.",
])
def test_no_deal_sentences(nlp: Language, text: str) -> None:
    assert [d for d in _deals(nlp, text) if d.source_firm and d.target_firm] == []


def test_descriptor_party_resolves(nlp: Language) -> None:
    text = "Anthropic is raising money. The e-commerce and cloud giant invested $4 billion in the startup."
    d = _find(_deals(nlp, text), "Amazon", "Anthropic")
    assert d.amount_usd == pytest.approx(4e9)
