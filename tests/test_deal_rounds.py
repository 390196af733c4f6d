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
