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


# --- round 2 rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Nvidia agreed to spend $5 billion on Intel shares and to co-develop PC chips with Intel.",
    "Meta uses Nvidia chips in its data centres and Nvidia sells networking gear.",
    "The warning said that using Huawei's Ascend chips risks breaching export controls, Meta said.",
])
def test_chipmaker_near_chips_is_no_chip_sale(nlp: Language, text: str) -> None:
    assert not [d for d in _deals(nlp, text) if d.type == "chip_supply"]


@pytest.mark.parametrize("text,buyer,vendor", [
    ("Humain said it would buy 18,000 of Nvidia's GB300 chips for its first data centre.", "Humain", "Nvidia"),
    ("IREN said it would buy $5.8 billion of GPUs from Dell.", "IREN", "Dell"),
    ("AMD agreed to supply OpenAI with six gigawatts of Instinct GPUs.", "OpenAI", "AMD"),
])
def test_chip_purchase_needs_chips_as_the_object(nlp: Language, text: str, buyer: str, vendor: str) -> None:
    d = _find(_deals(nlp, text), buyer, vendor)
    assert d.type == "chip_supply"


def test_descriptor_right_before_a_name_is_that_firm(nlp: Language) -> None:
    d = _find(_deals(nlp, "Nvidia agreed to invest $2 billion in the AI startup Mistral AI."), "Nvidia", "Mistral AI")
    assert d.amount_usd == pytest.approx(2e9)


@pytest.mark.parametrize("text,status", [
    ("Amazon has invested a further $2.75 billion in Anthropic.", "completed"),
    ("In February Microsoft took a small stake in Mistral AI.", "completed"),
    ("Amazon said on Monday it would invest as much as $4 billion in Anthropic.", "announced"),
    ("Anthropic said on Monday it had raised $3.5 billion in a round led by Lightspeed Venture Partners.",
     "announced"),
    ("Google is not taking a stake in Windsurf, the companies said.", "denied"),
])
def test_status_follows_tense_and_speaker(nlp: Language, text: str, status: str) -> None:
    deals = _deals(nlp, text)
    assert deals and all(d.status == status for d in deals), deals


def test_paragraph_hedge_stays_in_its_paragraph(nlp: Language) -> None:
    text = ("OpenAI has closed its round: $6.6 billion, led by Thrive Capital.\n\n"
            "Microsoft put roughly $750 million into OpenAI, according to people familiar with the terms.")
    assert _find(_deals(nlp, text), "Thrive Capital", "OpenAI").status == "completed"
    assert _find(_deals(nlp, text), "Microsoft", "OpenAI").status == "reported"


@pytest.mark.parametrize("text", [
    "Alphabet raised its capital spending forecast to $93 billion.",
    "Meta shares closed up 0.8% at $693.30 on Thursday.",
    "Oracle raised its revenue target to $7 billion for 2026.",
])
def test_raising_a_forecast_or_a_price_is_no_funding(nlp: Language, text: str) -> None:
    assert _deals(nlp, text) == []


def test_word_order_fallback_stays_in_its_clause(nlp: Language) -> None:
    deals = _deals(nlp, "Amazon has committed $8 billion in total, and Google agreed in January to invest a further "
                        "$1 billion.")
    assert not [d for d in deals if {d.source_firm, d.target_firm} == {"Amazon", "Google"}]


def test_round_list_skips_firms_that_receive_money(nlp: Language) -> None:
    deals = _deals(nlp, "MGX took part in OpenAI's $6.6 billion round and has joined xAI's funding rounds.")
    assert not [d for d in deals if d.target_firm == "OpenAI" and d.source_firm == "xAI"]


def test_committing_money_to_buy_chips_is_no_investment(nlp: Language) -> None:
    deals = _deals(nlp, "G42 committed to buy $1.43 billion of Cerebras hardware and chips.")
    assert not [d for d in deals if d.type == "equity_investment"]


@pytest.mark.parametrize("text,customer,provider,status", [
    ("Anthropic grew fast. Amazon remains its primary cloud and training partner.", "Anthropic", "Amazon",
     "completed"),
    ("Anthropic has named Amazon Web Services its primary training partner.", "Anthropic", "Amazon", "announced"),
])
def test_named_primary_cloud_role(nlp: Language, text: str, customer: str, provider: str, status: str) -> None:
    d = _find(_deals(nlp, text), customer, provider)
    assert (d.type, d.status) == ("cloud_commitment", status)


def test_partnership_takes_every_partner_after_with(nlp: Language) -> None:
    deals = _deals(nlp, "OpenAI announced a partnership with Nscale and Nvidia to build a UK data centre.")
    assert {(d.type, d.target_firm) for d in deals} >= {("partnership", "Nscale"), ("partnership", "Nvidia")}


def test_signed_deal_with_a_firm_is_a_partnership(nlp: Language) -> None:
    d = _find(_deals(nlp, "In March Databricks signed a five-year, $100 million deal with Anthropic to sell Claude "
                          "models to its customers."), "Databricks", "Anthropic")
    assert d.type == "partnership"


def test_partnership_needs_named_partners_not_neighbours(nlp: Language) -> None:
    deals = _deals(nlp, "Hours later, Google said it had hired Windsurf chief executive Varun Mohan.")
    assert not [d for d in deals if d.type == "partnership"]


def test_buying_a_firm_described_by_its_chips_is_an_acquisition(nlp: Language) -> None:
    d = _find(_deals(nlp, "SoftBank agreed to acquire Ampere Computing, a Silicon Valley server-chip designer, for "
                          "$6.5 billion."), "SoftBank", "Ampere Computing")
    assert (d.type, d.amount_usd) == ("acquisition", pytest.approx(6.5e9))


def test_buying_a_product_is_no_acquisition(nlp: Language) -> None:
    deals = _deals(nlp, "Anthropic isn't buying TPUs and installing them in its own halls.")
    assert not [d for d in deals if d.type == "acquisition"]


def test_amount_of_another_firms_round_is_not_this_deal(nlp: Language) -> None:
    deals = _deals(nlp, "The Qatar Investment Authority took part in Anthropic's $13 billion Series F in September "
                        "and has invested in xAI.")
    assert _find(deals, "Qatar Investment Authority", "xAI").amount_usd is None


def test_contract_worth_is_an_amount_not_a_valuation(nlp: Language) -> None:
    d = _find(_deals(nlp, "CoreWeave has signed a five-year contract worth $11.9 billion to supply OpenAI with AI "
                          "computing capacity."), "OpenAI", "CoreWeave")
    assert (d.type, d.amount_usd) == ("cloud_commitment", pytest.approx(11.9e9))


def test_agreement_with_a_compute_provider_is_a_cloud_commitment(nlp: Language) -> None:
    d = _find(_deals(nlp, "Last Thursday, CoreWeave expanded its agreements with OpenAI by up to $6.5 billion."),
              "OpenAI", "CoreWeave")
    assert (d.type, d.amount_usd, d.amount_qualifier) == ("cloud_commitment", pytest.approx(6.5e9), "up_to")


def test_round_without_lead_survives_its_listed_investors(nlp: Language) -> None:
    deals = _deals(nlp, "In September 2024, SSI raised $1 billion from investors including Andreessen Horowitz and "
                        "Sequoia Capital.")
    rounds = [d for d in deals if d.type == "funding_round"]
    assert len(rounds) == 1 and rounds[0].amount_usd == pytest.approx(1e9) and rounds[0].source_firm is None
    assert _find(deals, "Sequoia Capital", "Safe Superintelligence").amount_usd is None


def test_lead_cheque_merges_into_the_round(nlp: Language) -> None:
    text = ("OpenAI said on Wednesday it had raised $6.6 billion in new funding.\n\n"
            "Thrive Capital led the round, reportedly putting in about $1.25 billion itself.")
    rounds = [d for d in _deals(nlp, text) if d.type == "funding_round"]
    assert [(r.source_firm, r.amount_usd) for r in rounds] == [("Thrive Capital", pytest.approx(6.6e9))]


def test_investor_amount_after_a_round_goes_to_the_raiser(nlp: Language) -> None:
    d = _find(_deals(nlp, "OpenAI has raised $6.6 billion. SoftBank put in $500 million."), "SoftBank", "OpenAI")
    assert d.amount_usd == pytest.approx(500e6)


@pytest.mark.parametrize("text", [
    "SoftBank said it had sold its entire stake in Nvidia for $5.83 billion.",
    "Anthropic has been raising money at a fast clip.",
])
def test_no_deal_from_selling_a_stake_or_vague_raising(nlp: Language, text: str) -> None:
    assert _deals(nlp, text) == []


def test_close_to_finalising_is_in_talks(nlp: Language) -> None:
    deals = _deals(nlp, "Apple is close to finalising a $1 billion investment in Perplexity.")
    assert deals and all(d.status == "in_talks" for d in deals)


def test_the_two_companies_pairs_the_firms_just_named(nlp: Language) -> None:
    text = "Microsoft will invest $1.5 billion in G42. The two companies will also jointly offer AI services."
    d = _find(_deals(nlp, text), "Microsoft", "G42")
    assert d.type in ("equity_investment", "partnership")
    assert {(x.type, x.source_firm, x.target_firm) for x in _deals(nlp, text)} >= {
        ("partnership", "Microsoft", "G42")}


def test_contract_named_by_its_provider(nlp: Language) -> None:
    deals = _deals(nlp, "Microsoft had already signed a Nebius contract worth up to $19.4 billion in September and "
                        "an Nscale deal covering about 200,000 GPUs in October.")
    assert _find(deals, "Microsoft", "Nebius").amount_usd == pytest.approx(19.4e9)
    nscale = _find(deals, "Microsoft", "Nscale")
    assert (nscale.type, nscale.amount_usd) == ("cloud_commitment", None)


def test_a_named_venture_is_no_partner(nlp: Language) -> None:
    deals = _deals(nlp, "MGX is one of the four equity funders of the Stargate venture.")
    assert not [d for d in deals if d.type == "partnership"]


def test_dated_tranche_and_new_announcement_stay_apart(nlp: Language) -> None:
    text = ("Microsoft said on Monday that it will make a multiyear, multibillion-dollar investment in OpenAI.\n\n"
            "Microsoft, which invested $1 billion in OpenAI in 2019, called the lab a key partner.")
    deals = [d for d in _deals(nlp, text) if d.type == "equity_investment"]
    assert sorted((d.amount_usd or 0, d.status) for d in deals) == [(0, "announced"), (1e9, "completed")]


def test_announced_fundraising_names_the_raiser_and_feeds_the_participants(nlp: Language) -> None:
    text = ("The French start-up Mistral AI has announced a fundraising of 1.7 billion euros in Series C.\n\n"
            "The other participants are the existing investors Andreessen Horowitz and Nvidia.")
    deals = _deals(nlp, text)
    rnd = [d for d in deals if d.type == "funding_round"]
    assert rnd and rnd[0].target_firm == "Mistral AI" and rnd[0].currency == "EUR"
    assert _find(deals, "Nvidia", "Mistral AI").status == "announced"


def test_combined_amount_is_nobodys_own(nlp: Language) -> None:
    deals = _deals(nlp, "Microsoft and Nvidia will invest as much as $15 billion combined in Anthropic.")
    assert {d.source_firm for d in deals} == {"Microsoft", "Nvidia"}
    assert all(d.amount_usd is None for d in deals)


def test_part_in_a_firms_sized_round(nlp: Language) -> None:
    deals = _deals(nlp, "The Qatar Investment Authority took part in Anthropic's $13 billion Series F in September "
                        "and has invested in xAI.")
    rnd = _find(deals, None, "Anthropic")
    assert (rnd.type, rnd.amount_usd) == ("funding_round", pytest.approx(13e9))
    assert _find(deals, "Qatar Investment Authority", "Anthropic").type == "equity_investment"
    assert _find(deals, "Qatar Investment Authority", "xAI").amount_usd is None


def test_closing_of_a_round_names_its_raiser(nlp: Language) -> None:
    text = ("Mistral AI has announced on Tuesday the closing of a Series C fundraising of 1.7 billion euros. "
            "The existing investors have also followed: Andreessen Horowitz and Nvidia.")
    deals = _deals(nlp, text)
    assert _find(deals, None, "Mistral AI").type == "funding_round"
    assert _find(deals, "Nvidia", "Mistral AI").type == "equity_investment"


@pytest.mark.parametrize("text,holder,company", [
    ("Microsoft is also the largest backer of OpenAI.", "Microsoft", "OpenAI"),
    ("The contract is with Amazon, the largest outside backer of Anthropic.", "Amazon", "Anthropic"),
])
def test_named_backer_role_is_a_standing_stake(nlp: Language, text: str, holder: str, company: str) -> None:
    d = _find(_deals(nlp, text), holder, company)
    assert (d.type, d.status) == ("equity_investment", "completed")


def test_listing_proceeds_are_no_funding_round(nlp: Language) -> None:
    assert _deals(nlp, "The stock has doubled since CoreWeave's initial public offering in March, which raised "
                       "$1.5 billion.") == []
