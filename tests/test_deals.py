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
    ("Google is no longer in talks to invest in Anthropic, people familiar with the matter said.", "denied"),
    ("Google's $1 billion investment in Anthropic, first reported by Reuters, was confirmed on Monday.", "announced"),
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
    # firms doing the same thing "together" each on their own
    "Apple and Alphabet together authorised $170 billion in buybacks in the space of a week.",
    # a noun that is also an investing verb
    "The suit alleges that OpenAI approached a senior finance executive with knowledge of xAI's systems.",
    # a grant toward a plant is no round
    "SK Hynix received up to $458 million toward an advanced packaging plant in Indiana.",
    # the dummy "it" of an adjective, and the maker of what runs on a cloud
    "Nvidia grew. The regulator said the terms make it more expensive to run Microsoft's products on rival clouds "
    "than on Azure.",
])
def test_no_deal_sentences(nlp: Language, text: str) -> None:
    assert [d for d in _deals(nlp, text) if d.source_firm and d.target_firm] == []
    assert [d for d in _deals(nlp, text) if d.type == "funding_round"] == []


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


def test_same_sentence_round_is_the_recipient_of_a_share_of_it(nlp: Language) -> None:
    text = ("Cohere raised $500 million last year. Poolside is raising $2 billion, and Nvidia plans to invest "
            "up to $1 billion of that.")
    d = _find(_deals(nlp, text), "Nvidia", "Poolside")
    assert d.amount_usd == pytest.approx(1e9)


def test_firm_right_after_acquire_is_bought_despite_a_misparse(nlp: Language) -> None:
    text = "Meta is in advanced talks to acquire Rivos, a California start-up designing RISC-V-based chips."
    d = _find(_deals(nlp, text), "Meta", "Rivos")
    assert d.type == "acquisition" and d.status == "in_talks"


def test_firm_modifying_a_noun_after_buy_is_not_bought(nlp: Language) -> None:
    deals = _deals(nlp, "Nvidia will buy Intel common stock at $23.28 a share.")
    assert not [d for d in deals if d.type == "acquisition"]


def test_raising_verb_passive_does_not_turn_the_investor_into_the_recipient(nlp: Language) -> None:
    text = ("xAI is raising $20 billion. Nvidia is expected to put as much as $2 billion into the equity portion, "
            "people familiar said.")
    d = _find(_deals(nlp, text), "Nvidia", "xAI")
    assert d.amount_usd == pytest.approx(2e9) and d.status == "reported"


def test_partnership_word_near_chips_is_still_a_partnership(nlp: Language) -> None:
    text = ("Microsoft announced Project Lantern, a partnership with Nscale and Nvidia under which it plans to "
            "use 5,000 Nvidia GPUs next year.")
    deals = _deals(nlp, text)
    for other in ("Nscale", "Nvidia"):
        d = next(d for d in deals if {d.source_firm, d.target_firm} == {"Microsoft", other})
        assert d.type == "partnership" and d.status == "announced"


def test_backed_descriptor_in_apposition_names_the_backed_firm(nlp: Language) -> None:
    text = "Meta already rents capacity from CoreWeave, the Nvidia-backed GPU cloud, and from Oracle."
    d = _find(_deals(nlp, text), "Nvidia", "CoreWeave")
    assert d.type == "equity_investment"


def test_every_coordinated_provider_gets_the_cloud_deal(nlp: Language) -> None:
    deals = _deals(nlp, "Meta already has capacity agreements with Oracle and with CoreWeave.")
    for provider in ("Oracle", "CoreWeave"):
        assert _find(deals, "Meta", provider).type == "cloud_commitment"


def test_firms_listed_as_bet_targets_are_not_round_participants(nlp: Language) -> None:
    text = ("Reka raised $100 million in a round led by Accel. Nvidia's participation follows similar bets on "
            "labs that are also its customers, including Cohere and Poolside.")
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.source_firm in ("Cohere", "Poolside")]


def test_in_talks_is_not_a_participant_cue(nlp: Language) -> None:
    text = ("Cohere raised $100 million this week. Oracle is also in talks with Meta about a cloud-computing "
            "agreement worth about $20 billion, people familiar with the matter said.")
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.target_firm == "Cohere" and d.source_firm in ("Oracle", "Meta")]
    d = _find(deals, "Meta", "Oracle")
    assert d.type == "cloud_commitment" and d.status == "in_talks"


def test_named_report_outranks_a_plan(nlp: Language) -> None:
    d = _find(_deals(nlp, "Nvidia plans to invest $1 billion in Poolside, Bloomberg reported."), "Nvidia", "Poolside")
    assert d.status == "reported"


def test_denied_takeover_does_not_deny_the_licensing_deal(nlp: Language) -> None:
    text = ("Microsoft licensed Inflection AI's models and hired most of its staff. "
            "Microsoft is not acquiring Inflection AI, the companies said.")
    d = _find(_deals(nlp, text), "Microsoft", "Inflection AI")
    assert d.type == "acquihire_license" and d.status != "denied"


@pytest.mark.parametrize("text, provider, customer, kind", [
    ("CoreWeave's largest customer, Microsoft, generated most of its revenue.", "CoreWeave", "Microsoft",
     "cloud_commitment"),
    ("Lambda added Anthropic as a customer in March.", "Lambda", "Anthropic", "cloud_commitment"),
    ("AMD is in early talks to add OpenAI as a customer for its accelerators.", "AMD", "OpenAI", "chip_supply"),
])
def test_customer_roles(nlp: Language, text: str, provider: str, customer: str, kind: str) -> None:
    assert _find(_deals(nlp, text), customer, provider).type == kind


def test_relative_pronoun_after_an_apposition_is_the_named_firm(nlp: Language) -> None:
    text = "The deal was reviewed because of G42, the Abu Dhabi technology group that was its biggest customer."
    deals = _deals(nlp, "Cerebras sells AI chips. " + text)
    assert not [d for d in deals if d.source_firm == "Abu Dhabi"]


@pytest.mark.parametrize("text", [
    "Cohere already works with Oracle: the two struck a partnership last year to sell AI to banks.",
    "Reka raised $60 million in a round led by Snowflake. Beyond the money, the two companies have signed a "
    "partnership to bring Reka's models to Snowflake customers.",
])
def test_the_two_companies_are_the_pair_just_told(nlp: Language, text: str) -> None:
    deals = [d for d in _deals(nlp, text) if d.type == "partnership"]
    assert len(deals) == 1


def test_partnership_in_its_own_clause_beside_an_investment(nlp: Language) -> None:
    deals = _deals(nlp, "Nvidia will invest $2 billion in Nokia and the two companies will jointly develop networks.")
    assert {d.type for d in deals} == {"equity_investment", "partnership"}


def test_buying_a_firms_stock_is_an_equity_investment(nlp: Language) -> None:
    d = _find(_deals(nlp, "SoftBank bought $2 billion of Intel stock in August."), "SoftBank", "Intel")
    assert d.type == "equity_investment" and d.amount_usd == pytest.approx(2e9)


def test_procured_is_a_raise(nlp: Language) -> None:
    d = _find(_deals(nlp, "Sakana AI said it procured about $100 million in a round led by Khosla Ventures."),
              "Khosla Ventures", "Sakana AI")
    assert d.type == "funding_round"


def test_firm_in_an_apposition_of_the_payer_is_not_the_payee(nlp: Language) -> None:
    text = "Cohere raised $100 million. The extension included a new investment from BCE, the parent of Bell Canada."
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.target_firm == "Bell Canada"]
    assert _find(deals, "BCE", "Cohere").type == "equity_investment"


def test_turned_down_acquisition_offer_is_denied(nlp: Language) -> None:
    text = "Groq turned down an acquisition offer of about $900 million from Meta earlier this year."
    d = _find(_deals(nlp, text), "Meta", "Groq")
    assert d.type == "acquisition" and d.status == "denied"


def test_talks_to_join_a_round_then_dropping_out_is_denied(nlp: Language) -> None:
    text = ("Anthropic raised $3 billion in a round led by Lightspeed Venture Partners. "
            "Apple had been in talks to join but walked away before the close.")
    d = _find(_deals(nlp, text), "Apple", "Anthropic")
    assert d.status == "denied"


def test_takeover_of_an_unknown_firm(nlp: Language) -> None:
    d = _find(_deals(nlp, "Qualcomm's takeover of Zentrova, a chip designer, for £900 million is pending."),
              "Qualcomm", "Zentrova")
    assert d.type == "acquisition"


def test_in_which_names_the_investee(nlp: Language) -> None:
    d = _find(_deals(nlp, "G42, in which Microsoft invested $1.5 billion last year, has grown fast."),
              "Microsoft", "G42")
    assert d.amount_usd == pytest.approx(1.5e9) and d.status == "completed"


def test_chip_maker_named_on_the_chips_is_no_party_to_a_cloud_rental(nlp: Language) -> None:
    text = "Oracle signed a $12 billion agreement to provide Meta with access to Nvidia GPUs in its cloud."
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.type == "cloud_commitment" and "Nvidia" in (d.source_firm, d.target_firm)]
    assert _find(deals, "Meta", "Oracle").type == "cloud_commitment"


def test_nominal_deal_dated_to_an_earlier_year_is_completed(nlp: Language) -> None:
    text = "The stake is Google's largest outside bet since its $3 billion purchase of Nest in 2014."
    d = _find(_deals(nlp, text, published=datetime(2025, 6, 1)), "Google", "Nest")
    assert d.type == "acquisition" and d.status == "completed"


def test_working_together_is_a_partnership(nlp: Language) -> None:
    deals = _deals(nlp, "Cohere and Nvidia will work together on engineering for the first time.")
    assert [d.type for d in deals] == ["partnership"]


def test_licensing_without_hiring_is_a_partnership(nlp: Language) -> None:
    d = next(d for d in _deals(nlp, "Apple said it would license the image technology of Midjourney.")
             if {d.source_firm, d.target_firm} == {"Apple", "Midjourney"})
    assert d.type == "partnership"


def test_unnamed_recipient_of_a_sized_stake_is_the_article_topic(nlp: Language) -> None:
    text = ("Cohere raised $500 million from Nvidia. Cohere builds models for companies. Cohere is based in "
            "Toronto, and Cohere plans more hiring. Oracle paid about $300 million for a stake of roughly 5% "
            "earlier this year.")
    d = _find(_deals(nlp, text), "Oracle", "Cohere")
    assert d.amount_usd == pytest.approx(300e6)


def test_lead_own_cheque_is_part_of_its_round(nlp: Language) -> None:
    text = ("Mistral AI raised $2 billion in new funding. General Catalyst led the round, reportedly putting in "
            "about $500 million itself.")
    deals = [d for d in _deals(nlp, text) if d.source_firm == "General Catalyst"]
    assert [(d.type, d.amount_usd) for d in deals] == [("funding_round", 2e9)]


def test_investor_of_one_firm_adding_money_invests_in_that_firm(nlp: Language) -> None:
    text = ("Salesforce invested in Cohere last year. Cohere is growing. "
            "Salesforce paid $200 million for a further stake in March.")
    d = _find(_deals(nlp, text), "Salesforce", "Cohere")
    assert d.amount_usd == pytest.approx(200e6)


def test_a_further_tranche_beside_the_first_is_its_own_deal(nlp: Language) -> None:
    text = ("Google, which invested $300 million in Anthropic in 2022 and followed up with a further injection "
            "in 2023, said it remains a minority holder.")
    deals = [d for d in _deals(nlp, text) if (d.source_firm, d.target_firm) == ("Google", "Anthropic")]
    assert sorted((d.amount_usd or 0) for d in deals) == [0, 300e6]


def test_quantifier_of_a_firms_noun_names_that_firm(nlp: Language) -> None:
    text = "Oracle said OCI would remain the exclusive cloud provider for all of Cohere's workloads."
    d = _find(_deals(nlp, text), "Cohere", "Oracle")
    assert d.type == "cloud_commitment"


def test_a_dotted_firm_name_does_not_end_the_sentence(nlp: Language) -> None:
    doc = nlp("In August Google paid Character.AI about $2.7 billion for a licence.")
    assert len(list(doc.sents)) == 1


def test_participant_cue_with_its_own_object_is_its_own_deal(nlp: Language) -> None:
    text = ("Inflection AI raised $1.3 billion in a round led by Microsoft. "
            "Google had also backed Character.AI before that deal, according to earlier reports.")
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.target_firm == "Inflection AI" and d.source_firm in ("Google", "Character.AI")]
    assert _find(deals, "Google", "Character.AI").status == "reported"


def test_chips_bought_in_a_relative_clause_are_a_chip_deal(nlp: Language) -> None:
    text = "The campus will run on Nvidia's GB300 systems, which G42 is purchasing from Nvidia."
    deals = _deals(nlp, text)
    assert not [d for d in deals if d.type == "acquisition"]
    assert _find(deals, "G42", "Nvidia").type == "chip_supply"


def test_deploying_chips_for_a_customer_is_no_chip_order(nlp: Language) -> None:
    text = "Lambda signed an agreement to deploy thousands of Nvidia GPUs for Microsoft."
    assert not [d for d in _deals(nlp, text) if d.type == "chip_supply"]


def test_running_total_sentence_belongs_to_the_investment_just_told(nlp: Language) -> None:
    text = ("Google has invested a further $1 billion in Anthropic. "
            "The payment, which Google called strategic, brings the total to $3 billion.")
    deals = [d for d in _deals(nlp, text) if (d.source_firm, d.target_firm) == ("Google", "Anthropic")]
    total = [d for d in deals if d.cumulative]
    assert [d.amount_usd for d in total] == [3e9] and total[0].status == "completed"


def test_joint_company_of_two_firms_is_a_partnership(nlp: Language) -> None:
    deals = _deals(nlp, "Cohere and Oracle established a joint company to sell AI to banks in Canada.")
    assert [d.type for d in deals] == ["partnership"]


@pytest.mark.parametrize("text, source, target, kind", [
    ("Intel has approached Apple about a possible investment.", "Apple", "Intel", "equity_investment"),
    ("Meta approached Groq about an acquisition this spring.", "Meta", "Groq", "acquisition"),
])
def test_approaching_a_firm_about_a_deal_is_talks(nlp: Language, text: str, source: str, target: str,
                                                   kind: str) -> None:
    d = _find(_deals(nlp, text), source, target)
    assert d.type == kind and d.status == "in_talks"


def test_spending_on_a_firms_shares_is_an_equity_investment(nlp: Language) -> None:
    d = _find(_deals(nlp, "Nvidia said it would spend $2 billion on Nokia shares."), "Nvidia", "Nokia")
    assert d.type == "equity_investment" and d.amount_usd == pytest.approx(2e9)


def test_money_sent_to_a_firm_is_an_investment(nlp: Language) -> None:
    text = "Cash is freed up for the $10 billion that SoftBank intends to send to OpenAI in December."
    d = _find(_deals(nlp, text), "SoftBank", "OpenAI")
    assert d.amount_usd == pytest.approx(10e9) and d.status == "planned"


def test_picking_a_cloud_firm_for_a_role_is_a_cloud_commitment(nlp: Language) -> None:
    text = "Mistral AI signed a letter of intent to use CoreWeave as the operator of a new data centre."
    d = _find(_deals(nlp, text), "Mistral AI", "CoreWeave")
    assert d.type == "cloud_commitment" and d.status == "planned"


def test_vendor_of_a_coordinated_purchase(nlp: Language) -> None:
    d = _find(_deals(nlp, "Nscale said it would buy $2 billion of GPUs and related equipment from Dell."),
              "Nscale", "Dell")
    assert d.type == "chip_supply"


def test_role_owner_on_a_modifier_of_the_role_noun(nlp: Language) -> None:
    text = "Cohere's backers include Oracle, which is its primary cloud and training partner."
    d = _find(_deals(nlp, text), "Cohere", "Oracle")
    assert d.type == "cloud_commitment"


def test_the_two_groups_investing_are_the_coordinated_pair(nlp: Language) -> None:
    text = ("Mistral AI has concluded an alliance with Microsoft and Nvidia, in which the two American groups "
            "will invest in the start-up.")
    deals = _deals(nlp, text)
    for investor in ("Microsoft", "Nvidia"):
        assert _find(deals, investor, "Mistral AI").type == "equity_investment"


def test_paying_for_a_firm_is_buying_it(nlp: Language) -> None:
    text = "Snowflake bought Streamlit in 2022 and paid between $1 billion and $2 billion for Zentrova in 2024."
    d = _find(_deals(nlp, text), "Snowflake", "Zentrova")
    assert d.type == "acquisition"


# --- 0.7.0: generalisation fixes found on unseen text -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Microsoft said it would invest $3 billion over four years in an AI hub in Pune, in Maharashtra, its largest "
    "investment in the country.",
    "Google said it would invest £2 billion in the UK, including a new data centre at Bramford Heath.",
    "Ardent AI said it would invest $20 billion in American computing infrastructure, building data centres with "
    "Fluidstack in Ohio.",
    "Microsoft, Oracle, Amazon and Meta are on track to pour nearly $350 billion into capital spending this year, "
    "much of it on chips.",
])
def test_money_put_into_a_place_or_asset_goes_to_no_firm(nlp: Language, text: str) -> None:
    assert not [d for d in _deals(nlp, text) if d.type == "equity_investment"]


def test_every_coordinated_object_of_backed_receives_money(nlp: Language) -> None:
    text = ("Sequoia Capital, which in 2023 doubled its AI fund to $900 million, has backed Anthropic, Cohere and "
            "Mistral AI.")
    deals = _deals(nlp, text)
    for firm in ("Anthropic", "Cohere", "Mistral AI"):
        d = _find(deals, "Sequoia Capital", firm)
        assert d.amount_usd is None
    assert not [d for d in deals if d.source_firm in ("Cohere", "Mistral AI")]


def test_word_order_does_not_leave_a_relative_clause(nlp: Language) -> None:
    deals = _deals(nlp, "Its other large backers are Amazon, which has invested $8 billion, and Google, which has "
                        "put in about $3 billion.")
    assert not [d for d in deals if {d.source_firm, d.target_firm} == {"Amazon", "Google"}]


def test_co_payers_into_a_joint_venture_are_partners(nlp: Language) -> None:
    deals = _deals(nlp, "Reliance said its subsidiary Jio Platforms and Meta would together put $100 million into a "
                        "joint venture that will sell AI services.")
    assert not [d for d in deals if d.type == "equity_investment"]
    assert [d for d in deals if d.type == "partnership" and {d.source_firm, d.target_firm} == {"Reliance", "Meta"}]


def test_a_venture_is_a_partnership_only_with_a_partner(nlp: Language) -> None:
    assert not [d for d in _deals(nlp, "SoftBank and OpenAI each committed $19 billion to Stargate, the data-centre "
                                       "venture that aims to spend $500 billion.") if d.type == "partnership"]
    deals = _deals(nlp, "Mubadala has also set up a $2 billion data-centre venture with the asset manager Blackstone.")
    assert [d for d in deals if d.type == "partnership"]


def test_partners_of_a_possessor_pair_with_it_not_with_each_other(nlp: Language) -> None:
    deals = _deals(nlp, "Google will build a $10 billion AI campus in Chennai. AdaniConneX and Bharti Airtel will be "
                        "its partners on the project.")
    pairs = {frozenset((d.source_firm, d.target_firm)) for d in deals if d.type == "partnership"}
    assert frozenset(("Google", "AdaniConneX")) in pairs and frozenset(("Google", "Bharti Airtel")) in pairs
    assert frozenset(("AdaniConneX", "Bharti Airtel")) not in pairs


def test_words_of_a_firm_name_are_no_deal_cues(nlp: Language) -> None:
    deals = _deals(nlp, "SoftBank agreed to buy Ampere Computing, the Oracle-backed chip designer, for $6.5 billion.")
    assert not [d for d in deals if d.type == "cloud_commitment"]
    assert _find(deals, "SoftBank", "Ampere Computing").type == "acquisition"
    assert _find(deals, "Oracle", "Ampere Computing").amount_usd is None


def test_closing_a_takeover_is_not_raising_money(nlp: Language) -> None:
    deals = _deals(nlp, "In May CoreWeave closed its $1.7 billion takeover of Weights & Biases.")
    assert not [d for d in deals if d.type == "funding_round"]


def test_the_alternative_not_taken_is_no_investment(nlp: Language) -> None:
    deals = _deals(nlp, "Instead of investing cash, AMD issued OpenAI a warrant for up to 160 million AMD shares.")
    assert not [d for d in deals if d.type == "equity_investment"]


def test_a_stake_bought_by_the_verb_is_no_second_deal(nlp: Language) -> None:
    deals = _deals(nlp, "SoftBank and OpenAI were each expected to commit $19 billion to the Stargate venture for 40% "
                        "stakes, The Information reported at its launch, with Oracle contributing less.")
    assert not [d for d in deals if d.target_firm == "Oracle"]


def test_a_figure_a_commitment_may_be_cut_to_is_no_deal(nlp: Language) -> None:
    deals = _deals(nlp, "SoftBank can cut its total commitment to $20 billion if OpenAI has not restructured by "
                        "December, the people said.")
    assert not [d for d in deals if d.amount_usd == pytest.approx(2e10)]


def test_a_party_announcing_a_closed_acquisition_makes_it_completed(nlp: Language) -> None:
    d = _find(_deals(nlp, "Salesforce said on Tuesday it had completed its $8 billion acquisition of Informatica."),
              "Salesforce", "Informatica")
    assert d.status == "completed"


def test_a_heading_naming_one_firm_opens_its_section(nlp: Language) -> None:
    text = ("1) COHERE, TORONTO. The Canadian model developer said it had raised $500 million.\n\n"
            "2) HUGGING FACE, NEW YORK. The $235 million Series D, led by Salesforce Ventures, valued the hub at "
            "$4.5 billion.")
    deals = _deals(nlp, text)
    assert _find(deals, "Salesforce", "Hugging Face").type == "funding_round"
    assert not [d for d in deals if d.source_firm == "Salesforce" and d.target_firm == "Cohere"]


def test_taking_over_a_firm_is_an_acquisition(nlp: Language) -> None:
    d = _find(_deals(nlp, "In March xAI took over Twitter, in an all-stock transaction that put a $33 billion value "
                          "on the platform."), "xAI", "X Corp")
    assert d.type == "acquisition"
    assert d.amount_usd is None


def test_a_partnership_counterparty_is_no_listed_investor(nlp: Language) -> None:
    deals = _deals(nlp, "Sarvam AI raised $41 million in a round led by Lightspeed, with Khosla Ventures also "
                        "investing, and later struck a partnership with Microsoft to offer its models.")
    assert not [d for d in deals if d.source_firm == "Microsoft" and d.type == "equity_investment"]


def test_putting_a_figure_at_an_amount_is_an_estimate(nlp: Language) -> None:
    deals = _deals(nlp, "OpenAI agreed in July to rent capacity from Oracle, part of a contract that people familiar "
                        "with it have put at about $300 billion.")
    assert not [d for d in deals if d.type == "equity_investment"]


def test_buying_a_provider_is_no_supply_deal_with_it(nlp: Language) -> None:
    deals = _deals(nlp, "AMD today announced a definitive agreement to acquire ZT Systems, a leading provider of AI "
                        "infrastructure for hyperscale computing companies, in a transaction worth $4.9 billion.")
    assert [d.type for d in deals if d.target_firm == "ZT Systems"] == ["acquisition"]


def test_a_plain_partnership_with_a_cloud_firm_stays_a_partnership(nlp: Language) -> None:
    deals = _deals(nlp, "Reliance announced a partnership with Google under which Jio users get Gemini free for a "
                        "year, and its AI unit gets access to Google Cloud's TPUs.")
    assert [d for d in deals if d.type == "partnership" and {d.source_firm, d.target_firm} == {"Reliance", "Google"}]


def test_respectively_gives_each_payer_its_own_figure(nlp: Language) -> None:
    deals = _deals(nlp, "Microsoft and Nvidia will invest up to $2 billion and up to $6 billion respectively in "
                        "Cohere, the companies said, as Cohere committed to buy $9 billion of Azure capacity.")
    assert _find(deals, "Microsoft", "Cohere").amount_usd == pytest.approx(2e9)
    assert _find(deals, "Nvidia", "Cohere").amount_usd == pytest.approx(6e9)


@pytest.mark.parametrize(("text", "kind", "source", "target"), [
    ("Under the plan, Zentrova AI will buy and deploy Nvidia systems drawing about 2 gigawatts.", "chip_supply",
     "Zentrova AI", "Nvidia"),
    ("Salesforce agreed to buy and integrate Informatica for $8 billion.", "acquisition", "Salesforce", "Informatica"),
    ("AMD agreed to acquire ZT Systems for $4.9 billion.", "acquisition", "AMD", "ZT Systems"),
])
def test_a_verb_shares_the_object_of_the_verb_coordinated_with_it(nlp: Language, text: str, kind: str,
                                                                   source: str, target: str) -> None:
    deals = _deals(nlp, text)
    assert [(d.type, d.source_firm, d.target_firm) for d in deals] == [(kind, source, target)]


def test_its_after_a_possessive_firm_in_a_prepositional_phrase_is_that_firm(nlp: Language) -> None:
    text = ("Oracle is buying a stake in Zentrova AI for $2 billion. Zentrova's founder will join Oracle.\n\n"
            "The purchase ranks among the biggest in Oracle's history, behind only its $28 billion acquisition of "
            "Cerner in 2022.")
    d = _find(_deals(nlp, text), "Oracle", "Cerner")
    assert d.type == "acquisition" and d.source_firm == "Oracle" and d.amount_usd == 28e9


@pytest.mark.parametrize(("text", "kind", "pair"), [
    # a cloud or chip firm new to the base: its trade is read from its name or from how the text describes it
    ("Meta agreed to rent computing capacity from Northlight Cloud in a deal worth $3 billion.", "cloud_commitment",
     ("Meta", "Northlight Cloud")),
    ("Meta agreed to rent computing capacity from Halcyon, a neocloud based in Texas, in a deal worth $3 billion.",
     "cloud_commitment", ("Meta", "Halcyon")),
    ("Microsoft will pay Helix Compute $4 billion for capacity over five years.", "cloud_commitment",
     ("Microsoft", "Helix Compute")),
    ("Oracle agreed to buy $2 billion of accelerators from chip startup Lumira.", "chip_supply", ("Oracle", "Lumira")),
    ("ByteDance has placed orders of Kunlara Ascend chips worth 10 billion yuan.", "chip_supply",
     ("ByteDance", "Kunlara Ascend")),
    ("ByteDance ordered more than 100,000 Ascend chips from Kunlara Tech last year.", "chip_supply",
     ("ByteDance", "Kunlara Tech")),
])
def test_the_trade_of_a_firm_new_to_the_base_comes_from_the_text(nlp: Language, text: str, kind: str,
                                                                 pair: tuple[str, str]) -> None:
    d = _find(_deals(nlp, text), *pair)
    assert d.type == kind


def test_a_firm_described_as_two_trades_gets_none() -> None:
    from extractors.firms import load_firm_base
    from extractors.mentions import infer_kinds
    nlp = build_nlp()
    doc = nlp("Halcyon, a neocloud, said it would also sell chips. Halcyon, a chip startup, raised money.")
    assert "Halcyon" not in infer_kinds(doc, [m for m in doc._.firms if not isinstance(m, dict)], load_firm_base())


@pytest.mark.parametrize("text", [
    "Nebius signed a five-year, $1.2 billion agreement to supply Microsoft with GPU capacity.",
    "Nebius signed a five-year, $1.2 billion agreement with Microsoft to supply GPU capacity.",
    "Nebius will supply Microsoft with GPU capacity worth $1.2 billion.",
])
def test_an_agreement_to_supply_a_firm_makes_that_firm_the_customer(nlp: Language, text: str) -> None:
    deals = _deals(nlp, text)
    assert [(d.type, d.source_firm, d.target_firm) for d in deals] == [("cloud_commitment", "Microsoft", "Nebius")]


def test_a_data_centre_firm_raising_a_round_is_no_cloud_deal(nlp: Language) -> None:
    deals = _deals(nlp, "Veridian Compute, a developer of AI data centers, said it has secured $700 million in "
                        "Series B financing led by Brookfield, with participation from Nvidia.")
    assert {(d.type, d.source_firm) for d in deals} == {("funding_round", "Brookfield"),
                                                         ("equity_investment", "Nvidia")}


def test_an_investment_paid_partly_in_credits_is_two_deals(nlp: Language) -> None:
    deals = _deals(nlp, "Nvidia invested in Reka last year. Nvidia also gave Reka credits for its DGX Cloud "
                        "service.")
    assert sorted(d.type for d in deals if (d.source_firm, d.target_firm) == ("Nvidia", "Reka")) == [
        "credits", "equity_investment"]


@pytest.mark.parametrize(("text", "holders"), [
    ("Oracle is also an equity partner in Stargate, which gives it exposure beyond the hosting contract.",
     {"Oracle"}),
    ("SoftBank, OpenAI, Oracle and MGX are the equity partners of Stargate.", {"SoftBank", "OpenAI", "Oracle", "MGX"}),
    # "it is <a role>" is the firm, not the dummy "it" of "it is likely that"
    ("MGX was set up in 2024 by Mubadala and G42. It is a founding equity partner in Stargate.", {"MGX"}),
])
def test_equity_partners_hold_a_stake(nlp: Language, text: str, holders: set[str]) -> None:
    deals = _deals(nlp, text)
    assert {d.source_firm for d in deals if d.type == "equity_investment" and d.target_firm == "Stargate"} == holders


@pytest.mark.parametrize(("text", "customer", "provider", "amount"), [
    ("Then there is CoreWeave, whose contracts with OpenAI now total as much as $22.4 billion.", "OpenAI",
     "CoreWeave", 22.4e9),
    ("Microsoft's agreement with Nebius is worth $17.4 billion over five years.", "Microsoft", "Nebius", 17.4e9),
    ("Oracle has been a training provider for xAI since last year.", "xAI", "Oracle", None),
])
def test_cloud_contracts_told_as_nouns_and_roles(nlp: Language, text: str, customer: str, provider: str,
                                                 amount: float | None) -> None:
    d = _find(_deals(nlp, text), customer, provider)
    assert d.type == "cloud_commitment" and d.amount_usd == (pytest.approx(amount) if amount else None)


def test_a_provider_for_no_one_is_no_deal(nlp: Language) -> None:
    assert _deals(nlp, "Oracle is a cloud provider, said Ellison.") == []


@pytest.mark.parametrize(("text", "holders", "held"), [
    ("SoftBank owns roughly 40% of Stargate, the data centre venture in which OpenAI, Oracle and MGX also hold "
     "equity.", {"SoftBank", "OpenAI", "Oracle", "MGX"}, "Stargate"),
    ("MGX has stakes in OpenAI and in xAI.", {"MGX"}, "xAI"),
])
def test_holders_that_also_hold_equity_and_stakes_in_two_firms(nlp: Language, text: str, holders: set[str],
                                                               held: str) -> None:
    deals = _deals(nlp, text)
    assert {d.source_firm for d in deals if d.type == "equity_investment" and d.target_firm == held} == holders


def test_an_investor_holding_equity_in_no_firm_of_the_sentence_is_no_deal(nlp: Language) -> None:
    assert _deals(nlp, "Oracle and MGX also hold equity.") == []
