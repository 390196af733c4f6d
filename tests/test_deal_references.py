"""Who a party is when the text does not name it where the deal is told: a description in object position, the
firm heading a newsletter item, and the defined terms of a filing ("the Company", "we")."""

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


def test_a_description_as_the_object_is_the_firm_the_text_is_about(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft is weighing a larger bet on Kestrel Robotics, people said. Microsoft, "
                               "which put $300 million into the Oslo-based startup last year, declined to comment.")
    assert ("equity_investment", "Microsoft", "Kestrel Robotics") in _pairs(deals)


def test_a_description_as_the_object_is_never_the_payer_itself(nlp: Language) -> None:
    deals = extract_deals(nlp, "Oracle is in talks to fund Varda Labs. Oracle, which sank $90 million into the "
                               "chip-design startup in 2024, would lead.")
    assert all(d.target_firm != "Oracle" for d in deals if d.source_firm == "Oracle")


def test_a_newsletter_item_is_about_the_firm_that_heads_it(nlp: Language) -> None:
    deals = extract_deals(nlp, "Brightwell AI: $40M Series A, Accel leading. Corvid Labs: Nvidia committed $75M to "
                               "the inference startup as part of a bigger raise.")
    got = _pairs(deals)
    assert ("equity_investment", "Nvidia", "Corvid Labs") in got
    assert ("equity_investment", "Nvidia", "Brightwell AI") not in got


@pytest.mark.parametrize("definition", [
    'In these notes, "the Company", "we" and "our" refer to Oracle Corporation.',
    'Oracle Corporation ("Oracle", "we" or "the Company") designs database software.',
    'Oracle Corporation ("Oracle," "we," "us" or the "Company") designs database software.',
])
def test_a_filing_defines_who_we_and_the_company_are(nlp: Language, definition: str) -> None:
    text = (definition + "\n\nIn May 2025, we invested $150 million in a convertible note issued by Halden Compute. "
            "In June 2025, the Company agreed to buy 4,000 GPUs from Nvidia for $160 million.")
    got = _pairs(extract_deals(nlp, text))
    assert ("equity_investment", "Oracle", "Halden Compute") in got
    assert ("chip_supply", "Oracle", "Nvidia") in got


def test_we_without_a_definition_is_nobody(nlp: Language) -> None:
    deals = extract_deals(nlp, '"We invested $50 million in Halden Compute," said a partner at the fund.')
    assert all(d.source_firm is None for d in deals)


def test_a_securities_purchase_agreement_is_a_stake_not_a_takeover(nlp: Language) -> None:
    deals = extract_deals(nlp, "Lumen Grid entered into a securities purchase agreement with Temasek, under which "
                               "Temasek bought 12 million shares of Lumen Grid for $240 million.")
    got = _pairs(deals)
    assert ("equity_investment", "Temasek", "Lumen Grid") in got
    assert not [p for p in got if p[0] == "acquisition"]


def test_a_new_firm_is_later_called_by_its_first_word(nlp: Language) -> None:
    deals = extract_deals(nlp, "Harrowgate Compute, Inc. today opened its first site. Harrowgate also today "
                               "announced the closing of a $90 million Series B round led by Accel.")
    assert ("funding_round", "Accel", "Harrowgate Compute") in _pairs(deals)


def test_a_common_word_firm_name_opening_a_quotation_is_the_word(nlp: Language) -> None:
    deals = extract_deals(nlp, '"Together with our $50 million contract with Meta, it fills the site," he said.')
    assert all("Together AI" not in (d.source_firm, d.target_firm) for d in deals)


def test_a_filing_may_define_the_company_inside_quotes(nlp: Language) -> None:
    text = ('Harrowgate Compute, Inc. (the "Company") entered into a Securities Purchase Agreement with Temasek, '
            "pursuant to which Temasek purchased 2,000,000 shares of the Company's common stock for $40 million.")
    got = _pairs(extract_deals(nlp, text))
    assert ("equity_investment", "Temasek", "Harrowgate Compute") in got
    assert not [p for p in got if p[0] == "acquisition"]


def test_in_a_timeline_about_one_lab_each_open_cheque_goes_to_that_lab(nlp: Language) -> None:
    text = ("Who has paid for Corvina Labs? A timeline of the big cheques.\n\n- May 2024: Accel commits up to $20m."
            "\n\n- June 2025: Index Ventures commits another $50m.\n\nBoth declined to comment.")
    assert {("equity_investment", "Accel", "Corvina Labs"), ("equity_investment", "Index Ventures", "Corvina Labs")} \
        <= _pairs(extract_deals(nlp, text))


def test_outside_a_list_an_open_cheque_has_no_recipient(nlp: Language) -> None:
    deals = extract_deals(nlp, "Who has paid for Corvina Labs? Nobody knows.\n\nAccel commits up to $20m.")
    assert ("equity_investment", "Accel", "Corvina Labs") not in _pairs(deals)


def test_the_company_opening_a_sentence_continues_the_one_firm_named_before(nlp: Language) -> None:
    text = ("OpenAI signed with Oracle. OpenAI also signed with CoreWeave. OpenAI is spreading its bets.\n\n"
            "For Microsoft the contract is a welcome win. The company has put $2 billion into Halden Compute.")
    assert ("equity_investment", "Microsoft", "Halden Compute") in _pairs(extract_deals(nlp, text))


def test_a_persons_title_or_surname_is_no_firm(nlp: Language) -> None:
    doc = nlp("CFO Colette Kress spoke on the call. Kress said Halden Compute, Inc. would close the deal.")
    names = {m["name"] for m in doc._.firms}
    assert "Halden Compute" in names
    assert not any("Kress" in (n or "") for n in names)


FILING = ("Excerpts below are from the Company's annual report. In March 2025 we issued shares of Series C preferred "
          "stock for gross proceeds of $800 million in a financing led by Coatue. In June 2025 we completed the "
          "acquisition of Quarrymark Systems, Inc. for $90 million.")


def test_a_filing_excerpt_is_about_the_firm_its_headline_names(nlp: Language) -> None:
    deals = extract_deals(nlp, FILING, title="Vantor Compute, Inc. - Form 10-K (excerpt)")
    got = _pairs(deals)
    assert ("acquisition", "Vantor Compute", "Quarrymark Systems") in got
    assert any(d.target_firm == "Vantor Compute" and d.source_firm == "Coatue" for d in deals)


def test_a_headline_names_the_filer_only_for_a_filing_and_only_one_firm(nlp: Language) -> None:
    opinion = "We think the market is wrong. In June 2025 we completed the acquisition of Quarrymark Systems, Inc."
    assert all(d.source_firm != "Vantor Compute" for d in extract_deals(nlp, opinion, title="Vantor Compute is cheap"))
    both = extract_deals(nlp, FILING, title="Vantor Compute and Nvidia: 10-K excerpts")
    assert all("Vantor Compute" not in (d.source_firm, d.target_firm) for d in both)


def test_buying_a_share_of_a_firms_capacity_is_no_takeover(nlp: Language) -> None:
    deals = extract_deals(nlp, "In April Nvidia agreed to purchase, through 2032, any of Halden Cloud's unsold "
                               "capacity, in an amount of up to $1.3 billion.")
    assert all(d.type != "acquisition" for d in deals)


def test_the_clause_under_an_agreement_says_who_buys(nlp: Language) -> None:
    deals = extract_deals(nlp, "Microsoft signed a master services agreement with CoreWeave under which CoreWeave "
                               "committed to purchase $2 billion of Azure capacity.")
    assert ("cloud_commitment", "CoreWeave", "Microsoft") in _pairs(deals)


def test_a_firm_issuing_its_shares_takes_money(nlp: Language) -> None:
    to_holder = extract_deals(nlp, "On March 10 Halden Cloud issued to OpenAI shares of its Class A common stock.")
    assert ("equity_investment", "OpenAI", "Halden Cloud") in _pairs(to_holder)
    in_round = extract_deals(nlp, "Halden Cloud issued shares of Series B preferred stock for gross proceeds of "
                                  "$400 million in a financing led by Coatue.")
    assert ("funding_round", "Coatue", "Halden Cloud") in _pairs(in_round)
    buyback = extract_deals(nlp, "Halden Cloud issued a statement about its shares on Monday.")
    assert not buyback


def test_the_company_before_any_name_is_the_firm_the_headline_names(nlp: Language) -> None:
    text = "The company said on Monday that it had raised $2 billion from Lightspeed Venture Partners."
    assert any(d.target_firm == "Anthropic" for d in extract_deals(nlp, text, title="Anthropic banks $2bn"))
    assert all(d.target_firm != "Anthropic" for d in extract_deals(nlp, text, title="Anthropic and OpenAI"))


def test_timeline_items_that_open_with_a_capitalised_verb(nlp: Language) -> None:
    text = ("Nvidia had more cash than it could spend. So it spent a lot of it on other companies. A timeline:\n\n"
            "- March 2025: Bought Gretel, a startup that makes synthetic training data, for a nine-figure sum.\n"
            "- September 18, 2025: Agreed to invest $5 billion in Intel at $23.28 per share.\n")
    deals = extract_deals(nlp, text)
    assert {("acquisition", "Nvidia", "Gretel"), ("equity_investment", "Nvidia", "Intel")} <= _pairs(deals)
    for d in deals:  # evidence quotes the article as written, not the lower-cased words the model was shown
        assert d.evidence == text[d.start_char:d.end_char] and ("Bought" in d.evidence or "Agreed" in d.evidence)


def test_the_option_not_taken_is_no_party(nlp: Language) -> None:
    deals = extract_deals(nlp, "The assistant would run on Apple's own Private Cloud Compute servers rather than on "
                               "Google Cloud, so that user data never reaches Google.")
    assert all("Google" not in (d.source_firm, d.target_firm) for d in deals)
    kept = extract_deals(nlp, "Rather than Microsoft, Amazon invested $4 billion in Anthropic.")
    assert ("equity_investment", "Amazon", "Anthropic") in _pairs(kept)


def test_it_in_a_relative_clause_on_a_described_firm(nlp: Language) -> None:
    text = ("Microsoft declined to comment. An investment would sit awkwardly next to Amazon's larger bet on "
            "Anthropic, the OpenAI rival in which it has invested $8 billion.")
    got = _pairs(extract_deals(nlp, text))
    assert ("equity_investment", "Amazon", "Anthropic") in got
    assert not any(p[1] in ("Microsoft", "OpenAI") for p in got)


def test_the_venture_is_the_joint_venture_named_before(nlp: Language) -> None:
    text = ("Stargate is the data-centre joint venture set up in January. SoftBank and OpenAI have each committed "
            "$19 billion of equity to the venture.")
    assert {("equity_investment", "SoftBank", "Stargate"), ("equity_investment", "OpenAI", "Stargate")} \
        <= _pairs(extract_deals(nlp, text))


def test_it_in_a_relative_clause_on_a_bet_is_the_better_after_another_firm_led(nlp: Language) -> None:
    text = ("Mistral's models will be sold to customers of Google Cloud as well.\n\nThe pact widens Microsoft's AI "
            "bets beyond OpenAI, in which it has put about $13 billion.")
    got = _pairs(extract_deals(nlp, text))
    assert ("equity_investment", "Microsoft", "OpenAI") in got
    assert not any(p[1] == "Mistral AI" and p[2] == "OpenAI" for p in got)


def test_it_as_the_object_of_a_relative_clause_is_not_the_clause_head(nlp: Language) -> None:
    deals = extract_deals(nlp, "Lovable raised $200 million. Creandum, which backed it at seed, put in more.")
    assert ("equity_investment", "Creandum", "Lovable") in _pairs(deals)


def test_a_backer_of_a_firm_in_its_own_batch_backs_the_firm(nlp: Language) -> None:
    deals = extract_deals(nlp, "Parallax raised $30 million. So did Y Combinator, which backed the company in its "
                               "winter 2024 batch.")
    assert ("equity_investment", "Y Combinator", "Parallax") in _pairs(deals)


@pytest.mark.parametrize(("text", "pair"), [
    ("Amazon invested $4 billion in Anthropic in 2023. Google put $2 billion into the same startup.",
     ("equity_investment", "Google", "Anthropic")),
    ("Microsoft signed a $17.4 billion contract with Nebius in September. Meta later signed a $3 billion deal with "
     "the same company.", ("cloud_commitment", "Meta", "Nebius")),
])
def test_the_same_company_is_the_counterparty_just_named_not_the_actor(nlp: Language, text: str,
                                                                       pair: tuple[str, str, str]) -> None:
    got = {(d.type, d.source_firm, d.target_firm) for d in extract_deals(nlp, text)}
    assert pair in got
    assert ("equity_investment", "Google", "Amazon") not in got


def test_an_investor_in_no_named_firm_is_one_in_the_firm_the_article_is_about(nlp: Language) -> None:
    text = ("Perplexity raised $200 million in September. The search startup now says it has 30 million users. "
            "Perplexity has been courted by Apple. Perplexity's chief executive said growth was strong. "
            "Nvidia has been an investor since early 2024.")
    assert ("equity_investment", "Nvidia", "Perplexity") in _pairs(extract_deals(nlp, text))
    # with no firm the article is clearly about, or a holder of something that is not a firm, no deal
    assert extract_deals(nlp, "Nvidia has been an investor since early 2024.") == []
    assert extract_deals(nlp, "Alibaba, Perplexity and Tencent have become the most important shareholders behind "
                              "the so-called AI tigers. Alibaba said so. Alibaba did. Alibaba won.") == []


def test_also_a_shareholder_after_a_round_is_one_in_that_round(nlp: Language) -> None:
    text = ("SoftBank reported results. SoftBank said revenue rose. SoftBank shares fell. SoftBank is big. "
            "Sakana AI raised 20 billion yen in a Series B from Khosla Ventures and MUFG. Nvidia is also a "
            "shareholder.")
    pairs = _pairs(extract_deals(nlp, text))
    assert ("equity_investment", "Nvidia", "Sakana AI") in pairs and not any(p[1:] == ("Nvidia", "SoftBank")
                                                                             for p in pairs)
