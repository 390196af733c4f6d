"""Round language as different newsrooms write it: participant lists in many forms, co-leads, "Series B." at the
end of a sentence, per-investor cheques, and firm names that start with another firm's common-word name."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractors import build_nlp, extract_deals
from pipeline.models import Deal


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _pairs(deals: list[Deal]) -> set[tuple[str, str | None, str | None]]:
    return {(d.type, d.source_firm, d.target_firm) for d in deals}


@pytest.mark.parametrize("second", [
    "Investors in the round included Accel, Coatue and Khosla Ventures.",
    "Backing the deal were Accel, Coatue and Khosla Ventures.",
    "Also participating were Accel, Coatue and Khosla Ventures.",
    "Participants in the financing were Accel, Coatue and Khosla Ventures.",
    "Accel was in, as were Coatue and Khosla Ventures.",
])
def test_participant_lists_in_many_forms(nlp: Language, second: str) -> None:
    deals = extract_deals(nlp, "Zentrova AI said it had raised $45 million. " + second)
    for investor in ("Accel", "Coatue", "Khosla Ventures"):
        assert ("equity_investment", investor, "Zentrova AI") in _pairs(deals)


def test_series_letter_at_the_end_of_a_sentence_ends_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Halvard Systems closed a $300 million Series B. Accel led, and Index Ventures and "
                               "Greylock participated.")
    assert _pairs(deals) == {("funding_round", "Accel", "Halvard Systems"),
                             ("equity_investment", "Index Ventures", "Halvard Systems"),
                             ("equity_investment", "Greylock", "Halvard Systems")}


def test_co_led_round_takes_the_first_co_lead_and_lists_the_rest(nlp: Language) -> None:
    deals = extract_deals(nlp, "Quellwerk's $60 million Series A was co-led by Redpoint and Felicis, with "
                               "Snowflake Ventures chipping in.")
    rnd = next(d for d in deals if d.type == "funding_round")
    assert (rnd.source_firm, rnd.target_firm, rnd.amount_usd) == ("Redpoint Ventures", "Quellwerk", 60e6)
    assert {("equity_investment", "Felicis", "Quellwerk"), ("equity_investment", "Snowflake", "Quellwerk")} \
        <= _pairs(deals)


def test_each_cheque_and_the_rest_of_the_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "Meridian Compute has secured $500 million in new funding. Blackstone and "
                               "Brookfield each put in $100 million, while the rest came from Temasek and GIC.")
    got = {(d.source_firm, d.target_firm): d.amount_usd for d in deals if d.type == "equity_investment"}
    assert got == {("Blackstone", "Meridian Compute"): 100e6, ("Brookfield", "Meridian Compute"): 100e6,
                   ("Temasek", "Meridian Compute"): None, ("GIC", "Meridian Compute"): None}


@pytest.mark.parametrize(("text", "firm"), [
    ("Lumen Forge, an AI chip startup, raised $45 million from Accel.", "Lumen Forge"),
    ("Scale Venture Partners invested $10 million in Zentrova AI.", "Scale Venture Partners"),
])
def test_a_name_that_starts_with_a_common_word_firm_is_another_firm(nlp: Language, text: str, firm: str) -> None:
    names = {n for d in extract_deals(nlp, text) for n in (d.source_firm, d.target_firm)}
    assert firm in names and not names & {"Lumen Technologies", "Scale AI"}


def test_a_person_after_a_firm_name_is_no_part_of_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Oracle chairman Larry Ellison said Oracle would buy $40 billion of chips from AMD.")
    assert ("chip_supply", "Oracle", "AMD") in _pairs(deals)


@pytest.mark.parametrize(("text", "kind", "source", "target"), [
    # the small model hangs "to invest" on the nearest noun as if a relative clause
    ("Amazon is in talks to invest as much as $8 billion in Anthropic.", "equity_investment", "Amazon", "Anthropic"),
    ("Nvidia, which is also a party to that arrangement, agreed at the same time to invest as much as $10 billion in "
     "Anthropic.", "equity_investment", "Nvidia", "Anthropic"),
    # the opening phrase swallows the subject
    ("In September Nscale closed a $1.1bn Series B, the biggest in Europe.", "funding_round", None, "Nscale"),
    # a name with a colon is parsed as one word
    ("The move mirrors Nvidia, which bought Israeli startup Run:ai for about $700 million.", "acquisition", "Nvidia",
     "Run:ai"),
    # holdings and shares of a firm
    ("Alphabet, which owns roughly 14% of Anthropic, was little changed.", "equity_investment", "Google",
     "Anthropic"),
    ("CoreWeave, in which OpenAI itself holds a stake, occupies a similar position.", "equity_investment", "OpenAI",
     "CoreWeave"),
    ("Meta paid $14.3 billion for 49% of Scale AI last June.", "equity_investment", "Meta", "Scale AI"),
])
def test_background_facts_in_the_forms_other_writers_use(nlp: Language, text: str, kind: str, source: str | None,
                                                         target: str) -> None:
    assert (kind, source, target) in _pairs(extract_deals(nlp, text))


def test_in_talks_to_invest_is_in_talks(nlp: Language) -> None:
    d = extract_deals(nlp, "Amazon is in talks to invest as much as $8 billion in Anthropic.")[0]
    assert d.status == "in_talks" and d.amount_usd == 8e9 and d.amount_qualifier == "up_to"


def test_a_cheque_written_into_the_round_goes_to_the_firm_raising(nlp: Language) -> None:
    deals = extract_deals(nlp, "Quarry Robotics raised $40 million in a Series A led by Lux Capital. Nvidia also "
                               "wrote a $10 million check into the round.")
    nv = next(d for d in deals if d.source_firm == "Nvidia")
    assert (nv.type, nv.target_firm, nv.amount_usd) == ("equity_investment", "Quarry Robotics", 10e6)


def test_a_round_which_a_firm_led(nlp: Language) -> None:
    deals = extract_deals(nlp, "The turning point was OpenAI's $40bn funding round in March, which SoftBank led at "
                               "a valuation of $300bn.")
    assert ("funding_round", "SoftBank", "OpenAI") in _pairs(deals)


def test_newsletter_items_name_the_firm_before_the_colon(nlp: Language) -> None:
    text = ("1/ Perplexity added $200M at a $20B valuation.\n\n"
            "2/ Reflection AI: $2B at an $8B valuation, with Nvidia leading. Lightspeed Venture Partners and "
            "DST Global joined.\n\n"
            "3/ Periodic Labs launched with a $300M seed led by a16z. NVentures participated.")
    assert {("funding_round", None, "Perplexity"), ("funding_round", "Nvidia", "Reflection AI"),
            ("equity_investment", "Lightspeed Venture Partners", "Reflection AI"),
            ("equity_investment", "DST Global", "Reflection AI"),
            ("funding_round", "Andreessen Horowitz", "Periodic Labs"),
            ("equity_investment", "Nvidia", "Periodic Labs")} <= _pairs(extract_deals(nlp, text))


def test_a_list_of_backers_far_from_any_round_names_no_recipient(nlp: Language) -> None:
    text = ("Anysphere raised $2.3B in a Series D. Accel led.\n\n"
            "Separately, the chip market cooled. Prices fell. Analysts were unsure. Demand may return next year.\n\n"
            "Backers included Atreides Management and Tiger Global.")
    assert not [d for d in extract_deals(nlp, text) if d.source_firm in ("Atreides Management", "Tiger Global")]


@pytest.mark.parametrize(("text", "source", "target"), [
    ("Meta also denied that it had been in talks to buy Perplexity.", "Meta", "Perplexity"),
    # an object pronoun is never the subject of its own clause, even across "in talks to"
    ("Perplexity flatly denied a report that Apple was in talks to buy it.", "Apple", "Perplexity"),
])
def test_denied_takeover_talks(nlp: Language, text: str, source: str, target: str) -> None:
    d = next(d for d in extract_deals(nlp, text) if d.type == "acquisition")
    assert (d.source_firm, d.target_firm, d.status) == (source, target, "denied")


@pytest.mark.parametrize(("text", "hirer", "startup"), [
    ("A month later Google handed Windsurf roughly $2.4 billion to license its technology and hire its chief "
     "executive.", "Google", "Windsurf"),
    ("Nvidia spent more than $900 million to bring in Enfabrica's chief executive and staff and license its "
     "networking technology.", "Nvidia", "Enfabrica"),
    ("Microsoft agreed to pay Inflection AI about $650 million, most of it as a licence fee, and brought co-founder "
     "Mustafa Suleyman to Redmond.", "Microsoft", "Inflection AI"),
])
def test_acquihires_told_without_the_word_acquihire(nlp: Language, text: str, hirer: str, startup: str) -> None:
    assert ("acquihire_license", hirer, startup) in _pairs(extract_deals(nlp, text))


@pytest.mark.parametrize(("text", "buyer", "vendor"), [
    ("Oracle plans to spend about $40 billion on Nvidia GB200 processors for its Texas site.", "Oracle", "Nvidia"),
    # a product name the parser reads as a verb does not hide the chips
    ("ByteDance has placed orders for Huawei Ascend chips worth over 10 billion yuan.", "ByteDance", "Huawei"),
    ("xAI has been weighing an order for as many as 100,000 servers built by Dell.", "xAI", "Dell"),
])
def test_chip_purchases_in_more_forms(nlp: Language, text: str, buyer: str, vendor: str) -> None:
    assert ("chip_supply", buyer, vendor) in _pairs(extract_deals(nlp, text))


def test_chips_deployed_for_a_customer_after_another_verb_are_no_purchase(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nscale has signed an agreement to deploy roughly 200,000 Nvidia GB300 processors for "
                               "Microsoft in Texas.")
    assert ("chip_supply", "Nscale", "Nvidia") not in _pairs(deals)


def test_a_participle_telling_how_a_deal_is_paid_is_no_second_deal(nlp: Language) -> None:
    deals = extract_deals(nlp, "Google agreed last October to invest up to $2 billion in Anthropic, putting in "
                               "$500 million up front and promising the rest over time.")
    assert [(d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [("Google", "Anthropic", 2e9)]


def test_a_name_set_off_before_the_verb_is_the_subject_the_parse_lost(nlp: Language) -> None:
    deals = extract_deals(nlp, "A Paris start-up I spoke with this month, Kestrel AI, closed a €40 million Series A "
                               "led by Partech.")
    assert ("funding_round", "Partech", "Kestrel AI") in _pairs(deals)


def test_an_earlier_dated_round_led_by_a_backer_is_kept_beside_its_part_in_todays_round(nlp: Language) -> None:
    text = ("Mistral AI has raised €1.7 billion in a round led by ASML. Lightspeed Venture Partners came back.\n\n"
            "In June 2023 Mistral raised a €105 million seed round led by Lightspeed.")
    kinds = sorted(d.type for d in extract_deals(nlp, text) if d.source_firm == "Lightspeed Venture Partners")
    assert kinds == ["equity_investment", "funding_round"]


def test_an_unknown_name_the_model_calls_a_noun_is_still_what_was_bought(nlp: Language) -> None:
    deals = extract_deals(nlp, "Cisco Systems said on Monday it had completed its $28 billion acquisition of Splunk, "
                               "closing the largest deal in the networking company's history.")
    assert ("acquisition", "Cisco", "Splunk") in _pairs(deals)


def test_a_contract_with_a_gpu_cloud_is_a_cloud_commitment(nlp: Language) -> None:
    deals = extract_deals(nlp, "OpenAI signed a five-year agreement worth $11.9 billion with CoreWeave in March.")
    assert ("cloud_commitment", "OpenAI", "CoreWeave") in _pairs(deals)


def test_a_common_word_is_no_firm_where_it_is_not_a_name(nlp: Language) -> None:
    deals = extract_deals(nlp, "Together with the $11.9 billion deal signed in March, the OpenAI contracts with "
                               "CoreWeave now total about $22.4 billion.")
    assert not [d for d in deals if "Together AI" in (d.source_firm, d.target_firm)]


def test_it_in_a_relative_clause_about_a_firm_is_another_firm(nlp: Language) -> None:
    deals = extract_deals(nlp, "The agreement diversifies Microsoft's AI bets beyond OpenAI, in which it has invested "
                               "about $13 billion.")
    assert ("equity_investment", "Microsoft", "OpenAI") in _pairs(deals)


def test_an_x_backed_firm_raising_keeps_the_round_and_the_backer_apart(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft-backed OpenAI said Tuesday it raised $6.6 billion.")
    got = {(d.type, d.source_firm, d.target_firm, d.amount_usd, d.status) for d in deals}
    assert ("funding_round", None, "OpenAI", 6.6e9, "announced") in got
    assert ("equity_investment", "Microsoft", "OpenAI", None, "completed") in got


@pytest.mark.parametrize(("text", "customer", "provider"), [
    ("Shares of CoreWeave jumped after it disclosed a $14 billion deal with Meta.", "Meta", "CoreWeave"),
    ("Nebius struck a five-year agreement with Microsoft worth $17.4 billion.", "Microsoft", "Nebius"),
])
def test_a_gpu_cloud_sells_capacity_to_the_firm_it_signs_with(nlp: Language, text: str, customer: str,
                                                               provider: str) -> None:
    assert ("cloud_commitment", customer, provider) in _pairs(extract_deals(nlp, text))


def test_money_on_top_is_a_deal_apart_from_the_earlier_stake(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nscale closed a $1.1 billion Series B. Nvidia, Nokia and Dell also took part. In "
                               "October, Nvidia said it would put £500m more into Nscale.")
    nv = sorted((d.status, d.amount_original or "") for d in deals if d.source_firm == "Nvidia")
    assert nv == [("announced", "£500m"), ("completed", "")]


def test_licensing_technology_from_a_firm_while_close_to_a_deal(nlp: Language) -> None:
    d = extract_deals(nlp, "Meta is close to an agreement to license image-generation technology from Midjourney, "
                           "one of the people said.")[0]
    assert (d.type, d.source_firm, d.target_firm, d.status) == ("partnership", "Meta", "Midjourney", "in_talks")


@pytest.mark.parametrize(("text", "payer", "payee"), [
    ("Apple is close to finalising a deal to pay Google roughly $1 billion a year for a custom version of Gemini, "
     "which would run on Apple's Private Cloud Compute servers.", "Apple", "Google"),
    ("SoftBank will pay OpenAI $3 billion a year to use its software.", "SoftBank", "OpenAI"),
])
def test_a_yearly_payment_for_a_service_is_a_partnership(nlp: Language, text: str, payer: str, payee: str) -> None:
    assert _pairs(extract_deals(nlp, text)) == {("partnership", payer, payee)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Nvidia is among the backers of xAI.", {("Nvidia", "xAI")}),
    ("Anthropic, backed by Amazon and Google, released a new model.", {("Amazon", "Anthropic"),
                                                                        ("Google", "Anthropic")}),
    ("Thrive Capital is an investor in both OpenAI and Anysphere.", {("Thrive Capital", "OpenAI"),
                                                                      ("Thrive Capital", "Anysphere")}),
    ("CoreWeave is partly owned by Nvidia.", {("Nvidia", "CoreWeave")}),
])
def test_standing_holdings_told_as_roles(nlp: Language, text: str, expected: set[tuple[str, str]]) -> None:
    deals = extract_deals(nlp, text)
    assert {(d.source_firm, d.target_firm) for d in deals} == expected
    assert {d.status for d in deals} == {"completed"}


def test_has_a_stake_is_a_holding_told_as_done(nlp: Language) -> None:
    d = extract_deals(nlp, "Nvidia has a 7% stake in CoreWeave.")[0]
    assert (d.source_firm, d.target_firm, d.status) == ("Nvidia", "CoreWeave", "completed")


def test_renting_gpus_from_a_cloud_is_a_cloud_commitment(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "xAI rents GPUs from Oracle.")) == {("cloud_commitment", "xAI", "Oracle")}


@pytest.mark.parametrize(("text", "customer", "provider"), [
    ("Core Scientific leases data-centre capacity to CoreWeave.", "CoreWeave", "Core Scientific"),
    ("Oracle rents out GPU capacity to OpenAI.", "OpenAI", "Oracle"),
])
def test_the_owner_who_leases_or_rents_out_is_paid(nlp: Language, text: str, customer: str, provider: str) -> None:
    assert _pairs(extract_deals(nlp, text)) == {("cloud_commitment", customer, provider)}


def test_a_role_given_up_and_agreements_lined_up_are_no_deals(nlp: Language) -> None:
    text = ("At the same time, Microsoft gave up its right of first refusal to be OpenAI's compute provider, which "
            "frees the startup to place capacity orders wherever it likes. It has been doing exactly that since the "
            "summer, lining up a string of chip and data-center agreements whose combined value runs well past a "
            "trillion dollars.")
    assert extract_deals(nlp, text) == []


def test_a_further_commitment_adds_to_the_cloud_contract_told_before(nlp: Language) -> None:
    text = ("OpenAI signed a five-year contract worth $11.9 billion for CoreWeave's GPU capacity. In May, OpenAI "
            "committed up to a further $4 billion. OpenAI also took a $350 million equity stake in CoreWeave.")
    got = {(d.type, d.amount_usd) for d in extract_deals(nlp, text)}
    assert got == {("cloud_commitment", 11.9e9), ("cloud_commitment", 4e9), ("equity_investment", 350e6)}


@pytest.mark.parametrize(("text", "not_a_party"), [
    ("Synthesia, the London AI-video company, raised $200M in a Series E led by GV.", "London AI"),
    ("In September 2023, Amazon invested $1.25 billion in a convertible note issued by Anthropic, PBC.", "PBC"),
    ("Reflection AI raised $2 billion. Lightspeed Venture Partners and DST Global joined, alongside former Google "
     "CEO Eric Schmidt.", "Google"),
])
def test_words_that_look_like_a_party_but_are_not(nlp: Language, text: str, not_a_party: str) -> None:
    assert not [d for d in extract_deals(nlp, text) if not_a_party in (d.source_firm, d.target_firm)]


def test_a_firm_raising_after_an_opening_phrase_and_an_apposition_is_the_subject(nlp: Language) -> None:
    text = ("According to people familiar with the situation, Zentrova AI, the Lyon company which develops the Kestra "
            "model, is now finalising a new round of about 600 million US dollars, and this round is led by Tencent.")
    assert ("funding_round", "Tencent", "Zentrova AI") in _pairs(extract_deals(nlp, text))


@pytest.mark.parametrize(("text", "buyer", "target", "status"), [
    ("OpenAI had agreed to buy the AI coding startup Windsurf for about $3 billion, but that deal fell apart.",
     "OpenAI", "Windsurf", "denied"),
    ("Windsurf lost its CEO to Google. The rest of the company was acquired by Cognition days later.",
     "Cognition", "Windsurf", "completed"),
    ("Nvidia's offer for Arm was blocked by regulators.", "Nvidia", "Arm", "denied"),
])
def test_takeovers_told_through_descriptions_bids_and_misread_agents(nlp: Language, text: str, buyer: str,
                                                                     target: str, status: str) -> None:
    d = next(d for d in extract_deals(nlp, text) if d.type == "acquisition")
    assert (d.source_firm, d.target_firm, d.status) == (buyer, target, status)


def test_buying_a_makers_chips_is_no_takeover(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "Microsoft agreed to buy 10,000 Nvidia chips.")) == {
        ("chip_supply", "Microsoft", "Nvidia")}


@pytest.mark.parametrize(("text", "giver", "receiver"), [
    ("Kopi Labs raised $24 million. As part of the round Google also granted Kopi Labs Google Cloud credits, the "
     "company said.", "Google", "Kopi Labs"),
    ("Quarry Robotics is also getting $5 million in credits from Google Cloud, which it will use for simulation.",
     "Google", "Quarry Robotics"),
    ("Nvidia will also provide Veridian Compute with $25 million in DGX Cloud credits.", "Nvidia",
     "Veridian Compute"),
])
def test_cloud_credits_handed_to_a_firm_are_money_to_it(nlp: Language, text: str, giver: str, receiver: str) -> None:
    got = _pairs(extract_deals(nlp, text))
    assert ("credits", giver, receiver) in got and not [p for p in got if p[0] == "cloud_commitment"]


def test_co_leads_as_subjects_of_led(nlp: Language) -> None:
    deals = extract_deals(nlp, "Cohere said it had secured $500 million in new funding. Radical Ventures and Inovia "
                               "Capital led the round.")
    assert {("funding_round", "Radical Ventures", "Cohere"), ("equity_investment", "Inovia Capital", "Cohere")} \
        <= _pairs(deals)


def test_the_firm_announcing_a_round_it_raised_is_its_recipient(nlp: Language) -> None:
    deals = extract_deals(nlp, "The financing was led by Lightspeed, with Andreessen Horowitz and Sequoia also "
                               "contributing, Harvey said.")
    assert {("funding_round", "Lightspeed Venture Partners", "Harvey"),
            ("equity_investment", "Andreessen Horowitz", "Harvey"),
            ("equity_investment", "Sequoia Capital", "Harvey")} <= _pairs(deals)


def test_buying_capacity_a_firm_has_not_sold_is_no_takeover_of_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Under the agreement, Nvidia is obliged to purchase whatever capacity CoreWeave has "
                               "not sold to other customers, through April 2032.")
    assert not [d for d in deals if d.type == "acquisition"]


@pytest.mark.parametrize("text", [
    "Index Ventures led a $120 million round in Corvina Labs last spring.",
    "Index Ventures led Corvina Labs's $120 million round.",
    "Index Ventures led a $120 million round that valued Corvina Labs at $900 million.",
])
def test_a_lead_leading_a_round_names_the_firm_raising(nlp: Language, text: str) -> None:
    deals = [d for d in extract_deals(nlp, text) if d.type == "funding_round"]
    assert [(d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [
        ("Index Ventures", "Corvina Labs", 120_000_000.0)]


def test_anchoring_the_round_is_leading_it_but_anchoring_an_offering_is_not(nlp: Language) -> None:
    led = extract_deals(nlp, "Corvina Labs raised $80 million. Accel anchored the round, and Greylock followed on.")
    assert {("funding_round", "Accel", "Corvina Labs"), ("equity_investment", "Greylock", "Corvina Labs")} \
        <= _pairs(led)
    ipo = extract_deals(nlp, "Corvina Labs raised $400 million in its listing. Accel anchored the deal with a "
                             "$50 million order.")
    assert ("funding_round", "Accel", "Corvina Labs") not in _pairs(ipo)


def test_every_firm_that_became_a_shareholder_is_an_investor(nlp: Language) -> None:
    deals = extract_deals(nlp, "Temasek and GIC had already become shareholders of Corvina Labs in its earlier rounds.")
    assert {("equity_investment", "Temasek", "Corvina Labs"), ("equity_investment", "GIC", "Corvina Labs")} \
        <= _pairs(deals)


def test_a_fund_name_may_start_with_a_number(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs raised $30 million. Accel, 8090 Partners and Greylock joined.")
    assert ("equity_investment", "8090 Partners", "Corvina Labs") in _pairs(deals)


def test_closing_a_funding_round_the_parse_reads_as_an_adverb_raises_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs said it had closed a $130 million Series C funding round.")
    assert [(d.type, d.target_firm, d.amount_usd) for d in deals] == [("funding_round", "Corvina Labs", 130_000_000.0)]


def test_co_leading_a_round_is_not_a_partnership_between_the_leads(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs raised $60 million. Index Ventures and Greylock co-led it.")
    assert not [d for d in deals if d.type == "partnership"]
    assert ("funding_round", "Index Ventures", "Corvina Labs") in _pairs(deals)


def test_a_dateline_of_place_names_is_not_part_of_the_first_sentence(nlp: Language) -> None:
    deals = extract_deals(nlp, "OSLO/STOCKHOLM — Corvina Labs, the Oslo startup behind the Wren assistant, has "
                               "raised about $70 million in a new round led by Accel, valuing the company at $600 "
                               "million.")
    assert ("funding_round", "Accel", "Corvina Labs") in _pairs(deals)


def test_a_common_word_firm_opening_a_sentence_with_a_description_is_the_firm(nlp: Language) -> None:
    deals = extract_deals(nlp, "Small print. Poolside, the coding-model startup, is raising about $2 billion, "
                               "people close to the company say. Nvidia is expected to commit up to $1 billion of it.")
    assert ("equity_investment", "Nvidia", "Poolside") in _pairs(deals)


def test_putting_a_price_on_a_company_is_a_valuation_not_money(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs is growing fast. Its $90 million Series C, led by Accel, put a $1.2 "
                               "billion price on the company.")
    assert _pairs(deals) == {("funding_round", "Accel", "Corvina Labs")}


def test_equipment_bought_from_a_server_maker_is_a_chip_deal_and_what_it_is_built_around_is_not(
        nlp: Language) -> None:
    deals = extract_deals(nlp, "Halden Compute is buying $900 million of equipment from Dell, built around "
                               "Nvidia's GB300 platform.")
    assert _pairs(deals) == {("chip_supply", "Halden Compute", "Dell")}


@pytest.mark.parametrize("text", [
    "Corvina Labs closed what is probably the largest seed round in Norway: $60 million, led by Accel.",
    "Worth a look: Corvina Labs, an Oslo startup making sensor arms, closed a $60 million seed round led by Accel.",
])
def test_rounds_the_parse_hides(nlp: Language, text: str) -> None:
    assert ("funding_round", "Accel", "Corvina Labs") in _pairs(extract_deals(nlp, text))


def test_coming_out_of_stealth_with_money_raises_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs came out of stealth with $45 million. Accel led again, with Greylock "
                               "and Index Ventures joining.")
    assert _pairs(deals) == {("funding_round", "Accel", "Corvina Labs"),
                             ("equity_investment", "Greylock", "Corvina Labs"),
                             ("equity_investment", "Index Ventures", "Corvina Labs")}


@pytest.mark.parametrize("second", [
    "Greylock and Index Ventures were both in the round.",
    "Accel led, with Greylock and Index Ventures tossing in as well.",
])
def test_more_participant_idioms(nlp: Language, second: str) -> None:
    got = _pairs(extract_deals(nlp, "Corvina Labs raised $45 million. " + second))
    assert ("equity_investment", "Greylock", "Corvina Labs") in got
    assert ("equity_investment", "Index Ventures", "Corvina Labs") in got


def test_a_round_led_names_the_firm_it_valued_even_when_the_parse_hangs_the_clause_on_a_date(
        nlp: Language) -> None:
    deals = extract_deals(nlp, "Accel led a $90 million round in March 2025 that valued Corvina Labs at $1 billion.")
    assert ("funding_round", "Accel", "Corvina Labs") in _pairs(deals)


def test_buying_all_of_its_gpus_from_a_vendor_is_a_chip_deal_not_a_takeover(nlp: Language) -> None:
    deals = extract_deals(nlp, "Halden Compute purchases substantially all of its GPUs from Nvidia.")
    assert _pairs(deals) == {("chip_supply", "Halden Compute", "Nvidia")}


def test_whoever_leads_a_round_is_a_firm_even_unknown_and_after_a_place(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs raised $70 million in a Series B led by Norway's Skagerak Invest.")
    assert _pairs(deals) == {("funding_round", "Skagerak Invest", "Corvina Labs")}
    person = extract_deals(nlp, "Corvina Labs raised $70 million in a round led by Marta Olsen.")
    assert [d.source_firm for d in person] == [None]


def test_led_it_names_the_lead_of_the_round_just_told(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs pulled in $70 million in a Series B. Accel led it.")
    assert ("funding_round", "Accel", "Corvina Labs") in _pairs(deals)


def test_a_raise_the_parse_reads_as_a_reduced_relative_is_the_firms_own(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs of Oslo, founded by former Google researchers, raised in May about "
                               "$40 million in its Series A. Accel and Greylock also join.")
    got = _pairs(deals)
    assert ("funding_round", None, "Corvina Labs") in got
    assert {("equity_investment", "Accel", "Corvina Labs"), ("equity_investment", "Greylock", "Corvina Labs")} <= got


def test_money_flowing_back_to_a_vendor_is_no_backing(nlp: Language) -> None:
    deals = extract_deals(nlp, "A vehicle would buy Nvidia processors and lease them to Halden Compute, so a large "
                               "slice of the money would flow straight back to the chip designer.")
    assert not [d for d in deals if d.type == "equity_investment"]


def test_a_news_agency_called_wire_sends_no_money(nlp: Language) -> None:
    deals = extract_deals(nlp, "OSLO (Wire) - Corvina Labs has closed a $90 million Series B round led by Accel.")
    assert _pairs(deals) == {("funding_round", "Accel", "Corvina Labs")}


def test_paying_a_compute_provider_a_contract_value_is_a_cloud_commitment(nlp: Language) -> None:
    deals = extract_deals(nlp, "Under the agreement, Halden Compute will pay Nebius a total contract value of about "
                               "$2 billion through 2030.")
    assert _pairs(deals) == {("cloud_commitment", "Halden Compute", "Nebius")}


def test_issuing_purchase_orders_to_a_vendor_buys_its_chips(nlp: Language) -> None:
    deals = extract_deals(nlp, "Halden Compute has issued purchase orders to Nvidia for GB300 systems worth $1.1 "
                               "billion.")
    assert _pairs(deals) == {("chip_supply", "Halden Compute", "Nvidia")}


def test_a_neocloud_agreeing_to_buy_gpus_for_its_cloud_buys_chips(nlp: Language) -> None:
    deals = extract_deals(nlp, "Crusoe has agreed to purchase up to $400 million of AMD Instinct GPUs for its cloud.")
    assert _pairs(deals) == {("chip_supply", "Crusoe", "AMD")}


def test_taking_no_stake_is_no_investment(nlp: Language) -> None:
    deals = extract_deals(nlp, "Google hired the founders of Halden Compute. Google took no stake in the company.")
    assert not [d for d in deals if d.type == "equity_investment"]


@pytest.mark.parametrize("text", [
    "Halden Compute and Temasek have signed a memorandum of understanding to develop data centres.",
    "Halden Compute and the Singapore fund Temasek have together opened a research lab.",
])
def test_two_firms_signing_or_doing_something_together_are_partners(nlp: Language, text: str) -> None:
    assert {(d.type, frozenset((d.source_firm, d.target_firm))) for d in extract_deals(nlp, text)} == {
        ("partnership", frozenset(("Halden Compute", "Temasek")))}


def test_investing_together_stays_an_investment(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft and Nvidia together invested $15 billion in Halden Compute.")
    assert {d.type for d in deals} == {"equity_investment"}


def test_one_of_the_participants_in_a_round_is_an_investor(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nvidia was one of several participants in Corvina Labs's $50 million raise, led by "
                               "Accel.")
    assert _pairs(deals) == {("funding_round", "Accel", "Corvina Labs"),
                             ("equity_investment", "Nvidia", "Corvina Labs")}


def test_firms_that_all_put_money_in_are_participants(nlp: Language) -> None:
    deals = extract_deals(nlp, "Corvina Labs raised $60 million in a round led by Accel. The rest of the round was "
                               "a list of familiar names: Greylock, Index Ventures and Temasek all put money in.")
    assert {("equity_investment", f, "Corvina Labs") for f in ("Greylock", "Index Ventures", "Temasek")} \
        <= _pairs(deals)


def test_a_described_firms_round_with_a_named_lead(nlp: Language) -> None:
    text = ("OpenAI is the most valuable startup in the world. The ChatGPT maker's $40 billion financing, led by "
            "SoftBank and announced in March, valued it at $300 billion.")
    assert ("funding_round", "SoftBank", "OpenAI") in _pairs(extract_deals(nlp, text))
    unled = "Tessellate Labs raised $300 million. It is far more than its $60 million Series B last spring."
    assert all(d.amount_usd != 60_000_000 or d.target_firm == "Tessellate Labs" for d in extract_deals(nlp, unled))


def test_letters_of_intent_to_supply_chips_name_the_customer_they_are_signed_with(nlp: Language) -> None:
    deals = extract_deals(nlp, "Micron and Kioxia signed letters of intent with Mistral AI to supply memory chips "
                               "for a new campus.")
    for vendor in ("Micron", "Kioxia"):
        assert any((d.type, d.source_firm, d.target_firm, d.status) == ("chip_supply", "Mistral AI", vendor, "planned")
                   for d in deals), vendor


@pytest.mark.parametrize(("text", "pair"), [
    ("Qualcomm signed a memorandum of understanding with Humain to develop a data centre CPU.",
     ("partnership", "Qualcomm", "Humain")),
    ("Nvidia will invest $5 billion in Intel, and the two will co-develop x86 chips for PCs.",
     ("partnership", "Nvidia", "Intel")),
    ("Nvidia took a stake in Intel. The two companies also said they would jointly develop data-centre products.",
     ("partnership", "Nvidia", "Intel")),
    ("Nvidia buys into Intel with a $5 billion cheque.", ("equity_investment", "Nvidia", "Intel")),
])
def test_partnerships_told_by_pairs_and_memoranda(nlp: Language, text: str,
                                                  pair: tuple[str, str, str]) -> None:
    assert pair in _pairs(extract_deals(nlp, text))


def test_co_developing_and_deploying_a_vendors_chips_is_a_chip_deal_not_a_partnership(nlp: Language) -> None:
    deals = extract_deals(nlp, "OpenAI and Broadcom will co-develop and deploy 10 gigawatts of custom accelerators.")
    assert all(d.type != "partnership" for d in deals)
    assert all(d.type != "acquisition" for d in extract_deals(nlp, "Nvidia buys into Intel with a $5 billion cheque."))


def test_stakes_in_both_of_two_firms_are_two_investments(nlp: Language) -> None:
    got = _pairs(extract_deals(nlp, "MGX has taken stakes in both OpenAI and xAI."))
    assert {("equity_investment", "MGX", "OpenAI"), ("equity_investment", "MGX", "xAI")} <= got


def test_a_lead_agreed_for_the_round_told_just_before(nlp: Language) -> None:
    text = ("Kestrel Robotics is raising fresh money. SoftBank agreed to lead a round of up to $400 million at a "
            "$3 billion valuation.")
    assert ("funding_round", "SoftBank", "Kestrel Robotics") in _pairs(extract_deals(nlp, text))
    alone = extract_deals(nlp, "SoftBank agreed to lead a round of up to $400 million.")
    assert all(d.target_firm is not None for d in alone)


@pytest.mark.parametrize(("text", "buyer", "vendor"), [
    ("ByteDance has placed orders for Ascend processors of Huawei for its data centres.", "ByteDance", "Huawei"),
    ("CoreWeave will purchase substantially all of the GPUs deployed in its data centers from Nvidia.",
     "CoreWeave", "Nvidia"),
    ("Northlight Cloud has agreed to purchase NVIDIA GB300 NVL72 systems, with deliveries this winter.",
     "Northlight Cloud", "Nvidia"),
])
def test_the_maker_named_after_the_chips_or_before_its_products(nlp: Language, text: str, buyer: str,
                                                                vendor: str) -> None:
    deals = extract_deals(nlp, text)
    assert ("chip_supply", buyer, vendor) in _pairs(deals)
    assert all(d.type != "acquisition" for d in deals)


def test_a_lease_valued_at_a_sum_is_the_contracts_size_and_the_hyperscaler_is_the_tenant(nlp: Language) -> None:
    deals = extract_deals(nlp, "Cipher Mining signed a 15-year lease with Amazon Web Services, valued at $5.5 "
                               "billion, for 300 megawatts of capacity.")
    lease = next(d for d in deals if d.type == "cloud_commitment")
    assert (lease.source_firm, lease.target_firm, lease.amount_usd, lease.valuation_usd) == (
        "Amazon", "Cipher Mining", 5.5e9, None)


def test_money_put_into_a_closing_of_the_round_told_before_goes_to_the_raiser(nlp: Language) -> None:
    text = ("Kestrel Robotics is raising $400 million. In April, SoftBank had already invested $75 million in the "
            "first closing of the round.")
    assert ("equity_investment", "SoftBank", "Kestrel Robotics") in _pairs(extract_deals(nlp, text))


@pytest.mark.parametrize("text", [
    "Arm has completed the purchase of the British chip design company Vellum Silicon for $900 million.",
    "Last month Cisco agreed to buy the security business of the German company Bitwerk for $1.2 billion.",
])
def test_a_firm_named_beside_what_it_is_can_be_bought_whatever_it_makes(nlp: Language, text: str) -> None:
    deals = [d for d in extract_deals(nlp, text) if d.type == "acquisition"]
    assert [(d.source_firm, d.amount_usd) for d in deals] in ([("Arm", 9e8)], [("Cisco", 1.2e9)])


def test_a_firm_only_said_to_be_investing_invests(nlp: Language) -> None:
    deals = extract_deals(nlp, "SoftBank led the round, while Temasek and Abu Dhabi's MGX were said to be putting "
                               "in money too.")
    assert not any(d.source_firm == "Temasek" and d.target_firm == "MGX" for d in deals)


def test_each_of_a_pair_pledging_to_a_venture_pays(nlp: Language) -> None:
    text = ("Stargate is the data-centre joint venture set up in January. Back then SoftBank and OpenAI each "
            "pledged $19bn toward the joint venture.")
    got = {(d.source_firm, d.target_firm, d.amount_usd) for d in extract_deals(nlp, text)}
    assert {("SoftBank", "Stargate", 19e9), ("OpenAI", "Stargate", 19e9)} <= got


def test_a_pledge_names_its_recipient_or_none(nlp: Language) -> None:
    deals = extract_deals(nlp, "Google pledged £5bn over two years, including a new data centre at Hatfield Peverel.")
    assert not [d for d in deals if d.target_firm is not None]
    pledged = extract_deals(nlp, "Nvidia pledged $2 billion to xAI.")
    assert [(d.source_firm, d.target_firm, d.status) for d in pledged] == [("Nvidia", "xAI", "announced")]


def test_a_chipmaker_supplying_its_own_chips_sells_to_the_firm_after_to(nlp: Language) -> None:
    deals = extract_deals(nlp, "Rebellions is now supplying its ATOM accelerators to KT Cloud.")
    assert ("chip_supply", "KT Cloud", "Rebellions") in _pairs(deals)


def test_a_valuation_said_around_a_figure_is_no_amount(nlp: Language) -> None:
    deals = extract_deals(nlp, "Cognition is said to be raising fresh money at a valuation around $10 billion, "
                               "with Founders Fund leading.")
    rnd = next(d for d in deals if d.type == "funding_round")
    assert (rnd.amount_usd, rnd.valuation_usd) == (None, 10e9)


def test_a_takeovers_figure_is_not_lent_to_an_earlier_takeover_in_a_side_clause(nlp: Language) -> None:
    deals = extract_deals(nlp, "Oracle said it had closed its $28 billion acquisition of Cerner, the biggest purchase "
                               "the database group has made since it bought NetSuite.")
    amounts = {d.target_firm: d.amount_usd for d in deals if d.type == "acquisition"}
    assert amounts.get("Cerner") == 28e9
    assert amounts.get("NetSuite") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Amazon put $4 billion into Anthropic, and Google another $2 billion.",
     {("Amazon", "Anthropic", 4e9), ("Google", "Anthropic", 2e9)}),
    ("Microsoft will invest $5 billion in Anthropic and Nvidia $10 billion.",
     {("Microsoft", "Anthropic", 5e9), ("Nvidia", "Anthropic", 10e9)}),
    ("Microsoft invested $10 billion in OpenAI and Nvidia invested $2 billion in xAI.",
     {("Microsoft", "OpenAI", 10e9), ("Nvidia", "xAI", 2e9)}),
    ("SoftBank invested $2 billion in Intel and $1 billion in OpenAI.",
     {("SoftBank", "Intel", 2e9), ("SoftBank", "OpenAI", 1e9)}),
])
def test_a_clause_that_shares_the_verb_gives_its_own_payer_recipient_and_figure(
        nlp: Language, text: str, expected: set[tuple[str, str, float]]) -> None:
    got = {(d.source_firm, d.target_firm, d.amount_usd) for d in extract_deals(nlp, text)}
    assert got == expected


def test_a_cooperation_between_two_firms_is_a_partnership(nlp: Language) -> None:
    deals = extract_deals(nlp, "Kia and Nvidia also agreed on a cooperation worth about 2 billion US dollars for "
                               "robotics.")
    assert [(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [
        ("partnership", "Kia", "Nvidia", 2e9)]


def test_a_contract_expanded_by_a_sum_is_a_further_contract(nlp: Language) -> None:
    deals = extract_deals(nlp, "Mistral AI signed a three-year contract worth $2 billion with Nebius in June, then "
                               "expanded it by a further $500 million in October.")
    got = sorted((d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals)
    assert got == [("cloud_commitment", "Mistral AI", "Nebius", 5e8), ("cloud_commitment", "Mistral AI", "Nebius", 2e9)]


def test_a_firm_that_says_it_had_not_invested_denies_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Perplexity raised $200 million. Temasek, for its part, said it had not invested in "
                               "the round.")
    assert ("Temasek", "Perplexity", "denied") in {(d.source_firm, d.target_firm, d.status) for d in deals}


def test_the_funders_of_a_firm_said_to_be_a_list_each_hold_equity(nlp: Language) -> None:
    deals = extract_deals(nlp, "The founding equity backers of Stargate are SoftBank, OpenAI, Oracle and MGX.")
    assert {(d.type, d.source_firm, d.target_firm) for d in deals} == {
        ("equity_investment", f, "Stargate") for f in ("SoftBank", "OpenAI", "Oracle", "MGX")}


def test_money_committed_to_a_joint_venture_is_equity_not_a_cloud_contract(nlp: Language) -> None:
    deals = extract_deals(nlp, "SoftBank and OpenAI each committed $19 billion to Stargate, the venture that plans "
                               "to spend $500 billion on data centres.")
    assert {(d.type, d.source_firm, d.amount_usd) for d in deals} == {
        ("equity_investment", "SoftBank", 19e9), ("equity_investment", "OpenAI", 19e9)}


def test_every_firm_coordinated_with_one_bought_is_bought(nlp: Language) -> None:
    deals = extract_deals(nlp, "Last year Qualcomm completed its acquisitions of Edge Impulse, Tessorak and Mavlo.ai.")
    assert {(d.type, d.source_firm, d.target_firm) for d in deals} == {
        ("acquisition", "Qualcomm", t) for t in ("Edge Impulse", "Tessorak", "Mavlo.ai")}


def test_credits_told_apart_from_an_earlier_stake_of_the_same_giver_stay_apart(nlp: Language) -> None:
    text = ("Quillon Robotics came out of stealth last year with a $12 million seed round from Gradient Ventures.\n\n"
            "As part of the new deal, Quillon is also getting $5 million in credits from Google Cloud.")
    got = {(d.type, d.source_firm, d.amount_usd) for d in extract_deals(nlp, text)}
    assert ("credits", "Google", 5e6) in got
    assert ("equity_investment", "Google", None) in got


def test_a_round_a_firm_came_out_with_is_its_round_and_the_firms_it_came_from_invested(nlp: Language) -> None:
    deals = extract_deals(nlp, "Quillon Robotics came out of stealth last year with a $12 million seed round from "
                               "Gradient Ventures and Founders Fund.")
    assert {(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals} == {
        ("funding_round", None, "Quillon Robotics", 12e6), ("equity_investment", "Google", "Quillon Robotics", None),
        ("equity_investment", "Founders Fund", "Quillon Robotics", None)}


def test_a_cheque_written_beside_a_round_goes_to_the_firm_raising(nlp: Language) -> None:
    deals = extract_deals(nlp, "Mistral AI closed a $2 billion Series C, and the anchor is no VC: ASML wrote a "
                               "$1.4 billion cheque.")
    assert ("ASML", "Mistral AI", 1.4e9) in {(d.source_firm, d.target_firm, d.amount_usd) for d in deals}


def test_chips_bought_from_a_firm_described_by_its_trade_come_from_that_firm(nlp: Language) -> None:
    text = ("Telekom builds an industrial AI cloud in Munich together with Nvidia. Telekom buys about 10,000 "
            "graphics processors for it from the American chip company.")
    assert ("chip_supply", "Deutsche Telekom", "Nvidia") in _pairs(extract_deals(nlp, text))


def test_a_supply_contract_sells_to_the_firm_it_is_signed_with(nlp: Language) -> None:
    deals = extract_deals(nlp, "Rebellions signed a supply contract with KT Cloud for its ATOM chips.")
    assert _pairs(deals) == {("chip_supply", "KT Cloud", "Rebellions")}


def test_a_chipmaker_named_beside_a_cloud_deal_is_not_its_customer(nlp: Language) -> None:
    deals = extract_deals(nlp, "Amazon's cloud unit signed a $38 billion agreement to supply OpenAI with computing "
                               "power built on hundreds of thousands of Nvidia GB300 chips.")
    assert not any(d.source_firm == "Nvidia" for d in deals)
    assert ("cloud_commitment", "OpenAI", "Amazon") in _pairs(deals)


def test_a_gpu_cloud_supplying_chips_sells_capacity(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nebius has agreed to supply Meta with some 100,000 Nvidia GB300 chips across its "
                               "sites in Finland.")
    assert _pairs(deals) == {("cloud_commitment", "Meta", "Nebius")}


def test_a_list_of_one_backers_bets_gives_each_listed_firm_its_figure(nlp: Language) -> None:
    text = ("Salesforce Ventures keeps writing cheques. Below, the fund's biggest bets this year, with Salesforce "
            "Ventures' own share where known.\n\n"
            "Anthropic - $750 million in the Series F, announced in March.\n\n"
            "Mistral AI - undisclosed stake in the Paris lab's latest round.\n\n"
            "Together AI - $120 million, according to Bloomberg.\n\n"
            "Salesforce Ventures said it would keep investing.")
    got = {(d.source_firm, d.target_firm, d.amount_usd, d.status) for d in extract_deals(nlp, text)
           if d.type == "equity_investment"}
    assert {("Salesforce", "Anthropic", 7.5e8, "announced"), ("Salesforce", "Together AI", 1.2e8, "reported")} <= got
    assert ("Salesforce", "Mistral AI", None) in {g[:3] for g in got}
    assert not any(g[0] == "Mistral AI" for g in got)


@pytest.mark.parametrize("text", [
    "Cohere raised $500 million from Nvidia in 2024. In June Nvidia doubled down with another $200 million.",
    "Nvidia owns 6% of Cohere and added another $200 million to its stake in June.",
    "Nvidia invested in Cohere in 2024. In June the chipmaker topped up its stake with a further $200 million.",
])
def test_more_money_on_top_of_a_stake_goes_to_the_firm_held(nlp: Language, text: str) -> None:
    got = {(d.source_firm, d.target_firm, d.amount_usd) for d in extract_deals(nlp, text)}
    assert ("Nvidia", "Cohere", 2e8) in got


def test_putting_a_product_into_another_is_no_investment(nlp: Language) -> None:
    deals = extract_deals(nlp, "It is the first time the company has put a new frontier model into Search on launch "
                               "day. Anthropic, for its part, has not put all its eggs in Google's basket.")
    assert deals == []


def test_a_named_site_is_no_party_to_the_deal_that_builds_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nscale signed a deal with OpenAI to build Stargate UK, a cluster in the north of "
                               "England.")
    assert not any("Stargate" in (d.source_firm or "") + (d.target_firm or "") for d in deals)


@pytest.mark.parametrize("text", [
    "Velorin Labs raised $80 million in a round led by Accel, with the participation of Samsung and UiPath.",
    "Velorin Labs raised $80 million in a round led by Accel, with the backing notably of Samsung and UiPath.",
])
def test_backers_named_after_participation_of_are_participants(nlp: Language, text: str) -> None:
    assert _pairs(extract_deals(nlp, text)) == {("funding_round", "Accel", "Velorin Labs"),
                                                ("equity_investment", "Samsung", "Velorin Labs"),
                                                ("equity_investment", "UiPath", "Velorin Labs")}


def test_a_project_without_participation_of_firms_has_no_backers(nlp: Language) -> None:
    text = "Velorin Labs builds the cluster alone, without the participation of Samsung or UiPath."
    assert extract_deals(nlp, text) == []


def test_seeking_a_sum_is_a_round_but_seeking_damages_is_not(nlp: Language) -> None:
    sought = extract_deals(nlp, "Velorin Labs was said to be seeking $1.5 billion at a $39.5 billion valuation.")
    assert [(d.type, d.target_firm, d.amount_usd, d.valuation_usd, d.status) for d in sought] == [
        ("funding_round", "Velorin Labs", 1.5e9, 39.5e9, "reported")]
    assert extract_deals(nlp, "Microsoft is seeking $2 billion in damages from Velorin Labs.") == []


def test_whose_round_belongs_to_the_firm_the_clause_is_about(nlp: Language) -> None:
    deals = extract_deals(nlp, "Next came Velorin Labs, whose $2 billion round at a $32 billion valuation was led "
                               "by Accel.")
    assert [(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [
        ("funding_round", "Accel", "Velorin Labs", 2e9)]


def test_credits_thrown_in_beside_a_round_go_to_the_firm_raising(nlp: Language) -> None:
    deals = extract_deals(nlp, "Kestrel Robotics raised $4 million. Google threw in $350,000 of cloud credits on top, "
                               "the company said.")
    assert ("credits", "Google", "Kestrel Robotics") in _pairs(deals)
    assert next(d.amount_usd for d in deals if d.type == "credits") == 350_000


def test_credits_taken_are_given_by_the_cloud_they_are_for(nlp: Language) -> None:
    deals = extract_deals(nlp, "Parallax Labs raised $9 million. Parallax is also taking $5 million in AWS credits "
                               "through the startup program.")
    assert ("credits", "Amazon", "Parallax Labs") in _pairs(deals)
    assert not any(d.type == "cloud_commitment" for d in deals)


def test_a_firm_allied_with_another_is_its_partner(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "Velorin Labs allied with MGX last year to build a campus near Paris.")) == {
        ("partnership", "Velorin Labs", "MGX")}


def test_the_fund_that_launched_a_firm_is_no_party_to_its_deals(nlp: Language) -> None:
    deals = extract_deals(nlp, "Velorin Labs, the AI company launched in May by the Public Investment Fund, said "
                               "it would buy 18,000 Nvidia chips, and it announced a $10bn collaboration with AMD to "
                               "build out capacity.")
    assert not [d for d in deals if "Public Investment Fund" in (d.source_firm, d.target_firm)]
    assert ("partnership", "Velorin Labs", "AMD") in _pairs(deals)


@pytest.mark.parametrize("text", [
    "A consortium called the Velorin Partnership, whose members include BlackRock, MGX and Nvidia, agreed to buy "
    "Aligned Data Centers for $40 billion.",
    "In October a consortium known as the Velorin Partnership agreed to buy Aligned Data Centers for $40 billion.",
])
def test_a_group_called_by_a_name_is_that_named_buyer(nlp: Language, text: str) -> None:
    got = [(d.type, d.source_firm, d.target_firm) for d in extract_deals(nlp, text)]
    assert got == [("acquisition", "Velorin Partnership", "Aligned Data Centers")]


def test_each_list_item_is_about_the_firm_that_opens_it(nlp: Language) -> None:
    text = ("- Cognition: $400M at a $10.2B valuation, led by Founders Fund.\n"
            "- Zentrova (legal AI): $150M led by Andreessen Horowitz at an $8B valuation.\n"
            "- Quillon (AI music): $250M Series C, led by Menlo Ventures.\n")
    got = {(d.source_firm, d.target_firm, d.amount_usd) for d in extract_deals(nlp, text) if d.type == "funding_round"}
    assert got == {("Founders Fund", "Cognition", 400e6), ("Andreessen Horowitz", "Zentrova", 150e6),
                   ("Menlo Ventures", "Quillon", 250e6)}


def test_investing_in_a_firms_sized_round_is_a_share_of_that_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "The Qatar Investment Authority invested in Velorin Labs' $13 billion Series F in "
                               "September.")
    got = {(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals}
    assert got == {("funding_round", None, "Velorin Labs", 13e9),
                   ("equity_investment", "Qatar Investment Authority", "Velorin Labs", None)}


def test_joining_a_round_named_with_a_bare_apostrophe(nlp: Language) -> None:
    deals = extract_deals(nlp, "Two months later MGX joined Databricks' $10 billion Series J, which Thrive also led.")
    assert ("equity_investment", "MGX", "Databricks") in _pairs(deals)
    assert ("funding_round", "Thrive Capital", "Databricks") in _pairs(deals)


@pytest.mark.parametrize("text", ["Velorin Labs, in March, finished a round of 600 million US dollars led by Alibaba.",
                                  "Velorin Labs wrapped up a $600 million round led by Alibaba in September."])
def test_finishing_a_round_is_raising_it(nlp: Language, text: str) -> None:
    assert [(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in extract_deals(nlp, text)] == [
        ("funding_round", "Alibaba", "Velorin Labs", 600e6)]


def test_hosting_a_clouds_gpus_sells_it_capacity(nlp: Language) -> None:
    deals = extract_deals(nlp, "Core Scientific will keep hosting CoreWeave's GPUs under 12-year leases.")
    assert _pairs(deals) == {("cloud_commitment", "CoreWeave", "Core Scientific")}


def test_the_fund_owning_a_lead_is_no_listed_investor(nlp: Language) -> None:
    deals = extract_deals(nlp, "Velorin Labs closed a $900 million Series C led by Humain, the Saudi Public Investment "
                               "Fund's AI company, with AMD Ventures participating.")
    assert not [d for d in deals if d.source_firm == "Public Investment Fund"]
    assert ("funding_round", "Humain", "Velorin Labs") in _pairs(deals)


def test_buying_a_firm_from_its_owner_is_no_cloud_deal(nlp: Language) -> None:
    deals = extract_deals(nlp, "The AI Infrastructure Partnership agreed to buy Aligned Data Centers from Macquarie "
                               "Asset Management for $40 billion.")
    assert _pairs(deals) == {("acquisition", "AI Infrastructure Partnership", "Aligned Data Centers")}


def test_a_firm_in_its_own_clause_about_something_else_is_no_participant(nlp: Language) -> None:
    deals = extract_deals(nlp, "Velorin Labs raised $13 billion. GIC was also among the investors in the round, and "
                               "Temasek has backed a string of infrastructure platforms.")
    assert ("equity_investment", "GIC", "Velorin Labs") in _pairs(deals)
    assert not [d for d in deals if d.source_firm == "Temasek"]


def test_joining_forces_is_a_partnership(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "MGX joined forces with BlackRock and Microsoft in September 2024.")) == {
        ("partnership", "MGX", "BlackRock"), ("partnership", "MGX", "Microsoft")}


def test_a_named_investor_after_its_description_is_a_firm(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nscale is also developing a campus in Narvik, its joint venture with the Norwegian "
                               "industrial investor Varden.")
    assert ("partnership", "Nscale", "Varden") in _pairs(deals)


@pytest.mark.parametrize(("text", "kind", "buyer", "owned"), [
    ("Meta struck a $14.3 billion deal for 49% of Scale AI.", "equity_investment", "Meta", "Scale AI"),
    ("Silver Lake bought 51% of Velorin Systems for $4.46 billion.", "acquisition", "Silver Lake", "Velorin Systems"),
])
def test_a_share_of_a_firm_paid_for_is_a_stake_or_a_takeover(nlp: Language, text: str, kind: str, buyer: str,
                                                              owned: str) -> None:
    assert (kind, buyer, owned) in _pairs(extract_deals(nlp, text))


def test_a_share_of_revenue_is_no_stake(nlp: Language) -> None:
    assert extract_deals(nlp, "OpenAI spends 40% of its revenue on compute.") == []


def test_a_round_named_by_the_firm_inside_its_phrase(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nvidia participated in an earlier xAI equity round through its venture arm.")
    assert ("equity_investment", "Nvidia", "xAI") in _pairs(deals)


def test_building_together_with_a_firm_is_a_partnership_not_a_sale(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "Amazon will build an AI data centre in Ulsan together with SK Group.")) == {
        ("partnership", "Amazon", "SK Group")}


@pytest.mark.parametrize("text", [
    "New investors Mubadala Capital and Salesforce Ventures joined the Velorin Labs round, together with existing "
    "investors Founders Fund and Fidelity.",
    "Velorin Compute is being built together with Nvidia, which will supply 18,000 chips.",
])
def test_together_with_co_investors_or_a_builder_of_a_thing_is_no_partnership(nlp: Language, text: str) -> None:
    assert not [d for d in extract_deals(nlp, text) if d.type == "partnership"]


def test_firms_that_each_sign_letters_to_supply_chips_sell_to_the_firm_they_sign_with(nlp: Language) -> None:
    deals = extract_deals(nlp, "Samsung Electronics and SK hynix signed letters of intent with OpenAI to supply "
                               "memory chips.")
    assert _pairs(deals) == {("chip_supply", "OpenAI", "Samsung"), ("chip_supply", "OpenAI", "SK Hynix")}


def test_lines_under_a_cloud_heading_are_its_customers_contracts(nlp: Language) -> None:
    text = ("NEOCLOUD SCORECARD\n\nIREN. Microsoft: $9.7bn over five years for GB300 capacity (Nov. 3). "
            "Meta: $3bn over five years (Nov. 11).\n\nAI press notes\n\nAWS: Humain and Qualcomm have signed a "
            "memorandum of understanding to develop AI data centers.\n")
    deals = extract_deals(nlp, text)
    got = {(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals if d.type == "cloud_commitment"}
    assert got == {("cloud_commitment", "Microsoft", "IREN", 9.7e9), ("cloud_commitment", "Meta", "IREN", 3e9)}


def test_a_sized_deal_to_buy_chips_gives_the_purchase_its_figure(nlp: Language) -> None:
    deals = extract_deals(nlp, "xAI struck a $12 billion deal to buy chips from Nvidia.")
    assert [(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [
        ("chip_supply", "xAI", "Nvidia", 12e9)]


def test_money_received_to_license_and_hire_is_the_payers_acquihire(nlp: Language) -> None:
    deals = extract_deals(nlp, "Velorin Labs received $650 million from Microsoft to license its models and hire its "
                               "staff.")
    assert [(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [
        ("acquihire_license", "Microsoft", "Velorin Labs", 650e6)]


def test_paying_a_cloud_for_capacity_is_a_cloud_commitment(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "OpenAI has agreed to pay Oracle about $30 billion a year for computing "
                                     "capacity.")) == {("cloud_commitment", "OpenAI", "Oracle")}


def test_no_longer_in_talks_is_a_denial(nlp: Language) -> None:
    deals = extract_deals(nlp, "Apple is no longer in talks to invest in OpenAI, people familiar with the matter said.")
    assert [d.status for d in deals] == ["denied"]


def test_a_backer_adding_another_sum_adds_to_the_firm_it_backs(nlp: Language) -> None:
    deals = extract_deals(nlp, "Amazon, which has invested $8 billion in Anthropic, will add another $4 billion.")
    assert {(d.source_firm, d.target_firm, d.amount_usd) for d in deals} == {
        ("Amazon", "Anthropic", 8e9), ("Amazon", "Anthropic", 4e9)}


def test_a_raiser_adding_another_sum_raises_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Cohere raised $500 million in August. Now Cohere says it has added another $100 "
                               "million, bringing its valuation to about $7 billion.")
    assert not [d for d in deals if d.source_firm == "Cohere"]


def test_the_owner_inside_a_subjects_apposition_is_what_the_company_means(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft, OpenAI's largest investor, has poured $13 billion into the company.")
    assert [(d.source_firm, d.target_firm, d.amount_usd) for d in deals] == [("Microsoft", "OpenAI", 13e9)]


def test_selling_up_to_a_number_of_chips_is_a_chip_sale(nlp: Language) -> None:
    assert _pairs(extract_deals(nlp, "Nvidia will sell up to 18,000 of its Grace Blackwell chips to Humain.")) == {
        ("chip_supply", "Humain", "Nvidia")}


@pytest.mark.parametrize("text", [
    "Harvey raised $300 million, with participation from Kleiner Perkins.",
    "In August Moonshot AI received another $300 million, with participation of Tencent and Gaorong Capital.",
])
def test_backers_who_participate_are_a_rounds_not_its_sole_investors(nlp: Language, text: str) -> None:
    deals = extract_deals(nlp, text)
    rounds = [d for d in deals if d.type == "funding_round"]
    assert len(rounds) == 1 and rounds[0].source_firm is None and rounds[0].amount_usd == pytest.approx(3e8)
    assert all(d.amount_usd is None for d in deals if d.type == "equity_investment") and len(deals) >= 2


@pytest.mark.parametrize("second", ["OpenAI's startup fund participated again.",
                                    "Nvidia's venture arm joined the round."])
def test_a_firms_fund_or_arm_taking_part_is_that_firm(nlp: Language, second: str) -> None:
    deals = extract_deals(nlp, "Harvey raised $300 million in a Series E led by Sequoia Capital. " + second)
    backer = second.split("'")[0]
    assert any(d.type == "equity_investment" and (d.source_firm, d.target_firm) == (backer, "Harvey") for d in deals)


@pytest.mark.parametrize(("text", "both"), [
    ("Nokia said Nvidia would take a $1 billion stake in the company, alongside a partnership to build 6G gear.", True),
    ("Nvidia said it had bought $2 billion of Synopsys stock, as the two companies announced a multiyear "
     "partnership.", True),
    ("When Microsoft took a stake in Mistral AI, it came bundled with a distribution partnership.", True),
    ("Microsoft invested $10 billion in OpenAI as part of a broad partnership.", False),
])
def test_a_partnership_told_beside_an_investment_is_a_second_deal(nlp: Language, text: str, both: bool) -> None:
    kinds = {d.type for d in extract_deals(nlp, text)}
    assert "equity_investment" in kinds and ("partnership" in kinds) == both


@pytest.mark.parametrize(("text", "raiser", "amount"), [
    ("Figure AI is reportedly shopping a round of $1B-plus at a $39B pre-money valuation.", "Figure AI", 1e9),
    ("Nvidia committed up to $1B to Poolside as part of a $2B raise that Poolside is still finalising.",
     "Poolside", 2e9),
    ("OpenAI has been sounding out investors about a new fundraising of as much as $100 billion.", "OpenAI", 1e11),
])
def test_a_sized_round_a_firm_seeks_is_its_round(nlp: Language, text: str, raiser: str, amount: float) -> None:
    rounds = [d for d in extract_deals(nlp, text) if d.type == "funding_round"]
    assert [(d.source_firm, d.target_firm, d.amount_usd) for d in rounds] == [(None, raiser, amount)]


@pytest.mark.parametrize("text", [
    "Meta signed a cloud deal worth around $20bn with Oracle.",  # a deal is no round
    "We counted 17 rounds of $100M or more in AI this week.",
])
def test_deals_and_counted_rounds_are_no_sought_round(nlp: Language, text: str) -> None:
    assert not [d for d in extract_deals(nlp, text) if d.type == "funding_round"]


@pytest.mark.parametrize(("text", "giver", "receiver"), [
    ("Microsoft invested $10 billion in Ostrava Labs in 2023. Much of that money was delivered not as cash but as "
     "Azure cloud credits.", "Microsoft", "Ostrava Labs"),
    ("Nvidia led a $110 million round in Kestrel AI. Nvidia also tossed in credits for its DGX Cloud service, "
     "Kestrel said.", "Nvidia", "Kestrel AI"),
    ("Alibaba led a $1 billion round in Moonshot AI. A large part of Alibaba's investment was paid in the form of "
     "computing credits of Alibaba Cloud.", "Alibaba", "Moonshot AI"),
])
def test_credits_told_after_an_investment_go_to_the_firm_invested_in(nlp: Language, text: str, giver: str,
                                                                      receiver: str) -> None:
    deals = extract_deals(nlp, text)
    assert ("credits", giver, receiver) in _pairs(deals)
    assert any(d.type != "credits" and (d.source_firm, d.target_firm) == (giver, receiver) for d in deals)


def test_tax_credits_are_no_cloud_credits(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft invested $10 billion in Ostrava Labs. The company also claimed research "
                               "tax credits in Ireland.")
    assert not any(d.type == "credits" for d in deals)


@pytest.mark.parametrize(("text", "buyer", "vendor"), [
    ("Nvidia said it intends to invest up to $20 billion in Zephyr Labs, which in turn plans to deploy at least "
     "2 gigawatts of Nvidia systems.", "Zephyr Labs", "Nvidia"),
    ("Nvidia will invest $100 billion in Zephyr Labs. Zephyr Labs plans to fill the new data centres with Nvidia "
     "systems.", "Zephyr Labs", "Nvidia"),
    ("Amazon is weighing a $5 billion investment in Mistral AI, a deal under which Mistral would use Amazon's "
     "Trainium chips.", "Mistral AI", "Amazon"),
    ("Nvidia will invest up to $10 billion in Anthropic. Anthropic has committed to up to one gigawatt of compute "
     "on Nvidia's Grace Blackwell systems.", "Anthropic", "Nvidia"),
])
def test_an_investees_use_of_its_investors_chips_is_a_chip_purchase(nlp: Language, text: str, buyer: str,
                                                                     vendor: str) -> None:
    pairs = _pairs(extract_deals(nlp, text))
    assert ("chip_supply", buyer, vendor) in pairs
    assert ("equity_investment", vendor, buyer) in pairs
    assert ("equity_investment", buyer, vendor) not in pairs  # (committing to compute buys no stake)


def test_a_cloud_customers_own_use_of_the_clouds_chips_is_no_chip_purchase(nlp: Language) -> None:
    deals = extract_deals(nlp, "Amazon invested $4 billion in Anthropic. The start-up will train its models on "
                               "AWS Trainium chips.")
    assert not any(d.type == "chip_supply" for d in deals)


def test_spending_on_a_clouds_own_chips_is_a_chip_purchase(nlp: Language) -> None:
    deals = extract_deals(nlp, "Meta is in talks to spend billions of dollars on Google's TPUs for use in its own "
                               "data centres from 2027.")
    assert _pairs(deals) == {("chip_supply", "Meta", "Google")}
    assert deals[0].status == "in_talks"


@pytest.mark.parametrize(("text", "pair"), [
    ("Microsoft took a small stake in Ostrava Labs, together with an agreement to distribute Ostrava's models on "
     "Azure.", ("Microsoft", "Ostrava Labs")),
    ("Nvidia invested $1 billion in Nokia, together with a collaboration to bring its computing into Nokia's "
     "network gear.", ("Nvidia", "Nokia")),
])
def test_a_joint_agreement_told_together_with_an_investment_is_a_partnership(nlp: Language, text: str,
                                                                             pair: tuple[str, str]) -> None:
    deals = extract_deals(nlp, text)
    partners = [d for d in deals if d.type == "partnership"]
    assert [(d.source_firm, d.target_firm) for d in partners] == [pair]
    assert partners[0].amount_usd is None  # (the figure is the investment's)


def test_licensing_out_what_a_firm_owns_is_a_partnership_with_the_licensee(nlp: Language) -> None:
    deals = extract_deals(nlp, "Disney agreed to invest $1 billion in OpenAI and to license its characters for "
                               "the company's video app.")
    assert {(d.type, frozenset((d.source_firm, d.target_firm))) for d in deals} == {
        ("equity_investment", frozenset(("Disney", "OpenAI"))), ("partnership", frozenset(("Disney", "OpenAI")))}


def test_a_lab_led_by_another_firms_alumni_has_no_lead_investor(nlp: Language) -> None:
    deals = extract_deals(nlp, "Halvard Labs is raising $500 million. The fundraising comes amid a rush of money "
                               "into labs led by former OpenAI researchers.")
    assert not any(d.source_firm == "OpenAI" for d in deals)


@pytest.mark.parametrize("text", [
    "To pay for the buildout, Nebius raised about $3.75 billion through a share sale and convertible notes.",
    "CoreWeave raised $2 billion in a bond offering.",
])
def test_money_raised_from_the_market_is_no_funding_round(nlp: Language, text: str) -> None:
    assert extract_deals(nlp, text) == []


def test_a_private_placement_from_named_investors_is_a_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "Nebius raised $700 million in a private placement from Accel, Nvidia and Orbis "
                               "Investments.")
    assert _pairs(deals) == {("funding_round", None, "Nebius"), ("equity_investment", "Accel", "Nebius"),
                             ("equity_investment", "Nvidia", "Nebius"),
                             ("equity_investment", "Orbis Investments", "Nebius")}


def test_the_leads_own_cheque_in_euros_is_part_of_its_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "Mistral AI has closed a €1.7 billion Series C in a round led by ASML. ASML alone "
                               "is putting in €1.3 billion.")
    assert _pairs(deals) == {("funding_round", "ASML", "Mistral AI")}


def test_a_hometown_descriptor_of_a_kind_resolves_and_a_standing_stake_takes_no_other_deals_figure(
        nlp: Language) -> None:
    deals = extract_deals(nlp, "CoreWeave is growing fast. The New Jersey-based cloud provider, in which Nvidia "
                               "owns a stake of about 7 per cent, has signed contracts with OpenAI worth up to "
                               "$22.4bn in total.")
    by_pair = {(d.type, d.source_firm, d.target_firm): d for d in deals}
    assert set(by_pair) == {("equity_investment", "Nvidia", "CoreWeave"), ("cloud_commitment", "OpenAI", "CoreWeave")}
    assert by_pair["equity_investment", "Nvidia", "CoreWeave"].amount_usd is None
    assert by_pair["cloud_commitment", "OpenAI", "CoreWeave"].amount_usd == 22.4e9


def test_a_timeline_items_year_keeps_an_old_round_apart_from_todays_participation(nlp: Language) -> None:
    deals = extract_deals(nlp, "Paris-based Mistral AI has closed a €1.7 billion Series C led by ASML. Participants "
                               "include Andreessen Horowitz and Nvidia.\n\nDecember 2023: a €385 million Series A "
                               "led by Andreessen Horowitz.")
    assert ("equity_investment", "Andreessen Horowitz", "Mistral AI") in _pairs(deals)
    assert ("funding_round", "Andreessen Horowitz", "Mistral AI") in _pairs(deals)


def test_leading_a_lettered_series_is_leading_a_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "Dutch lithography giant ASML led a €1.7 billion Series C in Mistral AI.")
    assert _pairs(deals) == {("funding_round", "ASML", "Mistral AI")}


@pytest.mark.parametrize("text", [
    "Verdigris Compute said Mistral AI had committed to a seven-year take-or-pay contract for 150 MW at its campus.",
    "Kress said Nvidia has committed to multi-year cloud service agreements totalling $26 billion.",
])
def test_committing_to_a_contract_buys_no_stake(nlp: Language, text: str) -> None:
    assert not any(d.type == "equity_investment" for d in extract_deals(nlp, text))


def test_a_backers_own_figure_beside_a_raise_makes_the_raise_a_round(nlp: Language) -> None:
    deals = extract_deals(nlp, "Poolside has been raising about $2 billion at a $12 billion valuation, with Nvidia "
                               "expected to commit up to $1 billion, according to reports.")
    amounts = {(d.type, d.source_firm, d.target_firm): d.amount_usd for d in deals}
    assert amounts == {("funding_round", None, "Poolside"): 2e9, ("equity_investment", "Nvidia", "Poolside"): 1e9}


def test_a_participation_taken_in_a_firm_is_a_stake_and_a_distribution_accord_beside_it_a_partnership(
        nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft had taken in February 2024 a minority participation of 15 million euros "
                               "in Mistral, together with a distribution accord that put the models on Azure.")
    assert _pairs(deals) == {("equity_investment", "Microsoft", "Mistral AI"),
                             ("partnership", "Microsoft", "Mistral AI")}


def test_a_gpu_data_centre_operator_named_in_a_press_release_sells_capacity(nlp: Language) -> None:
    deals = extract_deals(nlp, 'OSLO, Norway — February 10, 2026 — Vesterhav AI Cloud AS ("Vesterhav"), an '
                               "operator of renewable-powered GPU "
                               "data centers, today announced a five-year capacity agreement with Cohere. To serve "
                               "the contract, Vesterhav has placed an order with Dell Technologies for GB300 "
                               "rack-scale systems.")
    assert _pairs(deals) == {("cloud_commitment", "Cohere", "Vesterhav AI"), ("chip_supply", "Vesterhav AI", "Dell")}


@pytest.mark.parametrize(("text", "pair"), [
    ("After three successive contracts, OpenAI's commitments to CoreWeave total about $22.4 billion.",
     ("OpenAI", "CoreWeave")),
    ("Earlier reports put Microsoft's planned spending with CoreWeave at about $10 billion through 2030.",
     ("Microsoft", "CoreWeave")),
    ("Cohere agreed last year to rent capacity at a new data center that CoreWeave is building in Canada.",
     ("Cohere", "CoreWeave")),
    ("Fluidstack, which will run the sites, signed a 10-year lease with TeraWulf worth about $3.7 billion.",
     ("Fluidstack", "TeraWulf")),
    ("Freed from exclusivity, OpenAI is in talks with Amazon Web Services about renting capacity, people familiar "
     "with the matter said.", ("OpenAI", "Amazon")),
])
def test_cloud_contracts_told_as_commitments_spending_leases_and_talks(nlp: Language, text: str,
                                                                      pair: tuple[str, str]) -> None:
    assert ("cloud_commitment", *pair) in _pairs(extract_deals(nlp, text))


def test_the_two_companies_are_the_subject_and_the_partner_of_their_own_sentence(nlp: Language) -> None:
    deals = extract_deals(nlp, "Crusoe's campus is leased to Oracle. The company is also developing a campus in "
                               "Wyoming together with Tallgrass, the energy infrastructure company, which the two "
                               "companies announced in July as a partnership.")
    partners = {frozenset((d.source_firm, d.target_firm)) for d in deals if d.type == "partnership"}
    assert partners == {frozenset(("Crusoe", "Tallgrass"))}


@pytest.mark.parametrize(("text", "triple"), [
    ("Then Broadcom said it would co-develop and supply 10GW of custom chips for the start-up OpenAI.",
     ("chip_supply", "OpenAI", "Broadcom")),
    ("OpenAI's agreement with AMD, announced on October 6, covers 6 gigawatts of AMD Instinct GPUs.",
     ("chip_supply", "OpenAI", "AMD")),
    ("SK hynix is already the main supplier of HBM to Nvidia.", ("chip_supply", "Nvidia", "SK Hynix")),
    ("Samsung Electronics won in July a foundry contract from Tesla of $16.5 billion to produce the AI6 chip.",
     ("chip_supply", "Tesla", "Samsung")),
    ("The roughly $9 billion all-stock acquisition of Core Scientific by CoreWeave is dead.",
     ("acquisition", "CoreWeave", "Core Scientific")),
    ("Microsoft's agreement with Nebius came first, and then Meta's own $3 billion deal with the same company.",
     ("cloud_commitment", "Meta", "Nebius")),
    ("Within weeks Cipher Mining had signed its own Fluidstack contract, worth some $3bn over a decade.",
     ("cloud_commitment", "Fluidstack", "Cipher Mining")),
])
def test_chip_sales_takeovers_and_leases_in_everyday_phrasing(nlp: Language, text: str,
                                                              triple: tuple[str, str, str]) -> None:
    assert triple in _pairs(extract_deals(nlp, text))


def test_chips_supplied_for_a_project_go_to_the_firm_signing_not_the_project(nlp: Language) -> None:
    deals = extract_deals(nlp, "Samsung Electronics and SK Hynix have signed letters of intent with OpenAI to "
                               "supply memory chips for the American company's Stargate project.")
    assert {(d.source_firm, d.target_firm) for d in deals if d.type == "chip_supply"} == {
        ("OpenAI", "Samsung"), ("OpenAI", "SK Hynix")}


def test_a_relative_clause_after_a_firms_home_town_is_about_the_firm(nlp: Language) -> None:
    deals = extract_deals(nlp, "Aleph Alpha, of Heidelberg, which had raised more than 500 million dollars in "
                               "November 2023 in a round led by the Schwarz Group, has abandoned the race.")
    assert _pairs(deals) == {("funding_round", "Schwarz Group", "Aleph Alpha")}


def test_each_backer_committing_to_its_own_lab_in_a_report_sentence(nlp: Language) -> None:
    deals = extract_deals(nlp, "The report records that Microsoft had committed approximately $13 billion to "
                               "OpenAI, that Amazon had committed $8 billion to Anthropic, and that Google had "
                               "committed $2 billion to the same company, in each case combined with cloud "
                               "arrangements.")
    assert {(d.type, d.source_firm, d.target_firm, d.amount_usd) for d in deals} == {
        ("equity_investment", "Microsoft", "OpenAI", 13e9), ("equity_investment", "Amazon", "Anthropic", 8e9),
        ("equity_investment", "Google", "Anthropic", 2e9)}


def test_taking_no_equity_raises_no_money(nlp: Language) -> None:
    deals = extract_deals(nlp, "Google paid $2.4 billion in July to hire Windsurf's leaders and license its "
                               "technology, but took no equity in the company and did not buy it.")
    assert not any(d.type == "funding_round" for d in deals)


def test_a_licence_beside_a_denied_takeover_stands(nlp: Language) -> None:
    deals = extract_deals(nlp, "Google paid $2.4 billion in July to hire Windsurf's leaders and license its "
                               "technology, but did not buy the company.")
    hires = [d for d in deals if d.type == "acquihire_license"]
    assert [(d.source_firm, d.target_firm, d.status) for d in hires] == [("Google", "Windsurf", "completed")]


@pytest.mark.parametrize(("text", "pair"), [
    ("xAI had been in talks last year to rent Oracle servers in a deal worth about $10 billion.", ("xAI", "Oracle")),
    ("Nscale said it would deploy about 200,000 Nvidia GB300 chips for Microsoft across sites in Texas.",
     ("Microsoft", "Nscale")),
    ("OpenAI will buy up to 750 megawatts of computing capacity from Cerebras over three years.",
     ("OpenAI", "Cerebras")),
    ("In September, Microsoft agreed to pay $6.2 billion over five years for capacity at the Narvik campus in "
     "northern Norway that Nscale is developing with Aker.", ("Microsoft", "Nscale")),
])
def test_capacity_rented_from_a_cloud_phrased_as_servers_deployments_and_sites(nlp: Language, text: str,
                                                                              pair: tuple[str, str]) -> None:
    assert ("cloud_commitment", *pair) in _pairs(extract_deals(nlp, text))
