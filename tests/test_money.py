"""Amounts as news writes them: symbols, words, scales, qualifiers, ranges, and numbers that are not money."""

from __future__ import annotations

import pytest

from extractors.money import find_amounts


def _one(text: str):  # type: ignore[no-untyped-def]
    found = list(find_amounts(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "usd", "qualifier", "original"), [
    ("It put in $4 billion last year.", 4e9, "exact", "$4 billion"),
    ("a US$10bn facility", 10e9, "exact", "US$10bn"),
    ("as much as fifty billion dollars", 50e9, "up_to", "fifty billion dollars"),
    ("roughly $1.25 billion", 1.25e9, "about", "$1.25 billion"),
    ("more than $500 million", 500e6, "at_least", "$500 million"),
    ("a $2B cheque", 2e9, "exact", "$2B"),
    ("USD 300 million", 300e6, "exact", "USD 300 million"),
])
def test_usd_amounts(text: str, usd: float, qualifier: str, original: str) -> None:
    a = _one(text)
    assert a.usd == pytest.approx(usd)
    assert a.qualifier == qualifier
    assert a.original == original


def test_foreign_currency_keeps_code_and_no_usd() -> None:
    a = _one("The lab raised €600 million this week.")
    assert a.currency == "EUR" and a.usd is None and a.value == pytest.approx(600e6)
    b = _one("a S$130 million cheque")
    assert b.currency == "SGD" and b.usd is None


def test_ranges_fill_low_and_high_only() -> None:
    a = _one("a deal worth $2-3 billion")
    assert a.qualifier == "range" and a.usd is None
    assert (a.low_usd, a.high_usd) == (pytest.approx(2e9), pytest.approx(3e9))
    b = _one("between $1 billion and $2 billion")
    assert b.qualifier == "range" and b.high_usd == pytest.approx(2e9)


def test_vague_amounts_have_no_value() -> None:
    a = _one("a multibillion-dollar investment")
    assert a.value is None and a.usd is None


@pytest.mark.parametrize("text", ["160 million shares", "6 gigawatts of capacity", "a 40% stake", "20,000 GPUs",
                                  "in 2024 it had 300 million users"])
def test_numbers_that_are_not_money(text: str) -> None:
    assert list(find_amounts(text)) == []


def test_two_amounts_joined_by_and_stay_apart() -> None:
    found = list(find_amounts("$40bn and €46bn"))
    assert [a.currency for a in found] == ["USD", "EUR"]


@pytest.mark.parametrize("text", [
    "Over the years an adviser to both firms said little.",  # "rs an" is not rupees
    "Someone at the company said another round was likely.",  # number words only as whole words
    "The Mars. A probe reached orbit after seven years.",
])
def test_letters_inside_words_are_not_amounts(text: str) -> None:
    assert list(find_amounts(text)) == []


def test_amount_far_into_a_long_text_is_found() -> None:
    text = "Filler words about chips and clouds. " * 2000 + "It raised about $100 million from investors."
    a = _one(text)
    assert a.usd == pytest.approx(100e6) and a.qualifier == "about"
    assert text[a.start_char:a.end_char] == "about $100 million"


@pytest.mark.parametrize(("text", "currency", "usd", "original"), [
    ("investing about S$260 million (US$200 million) in the round", "SGD", 200e6, "S$260 million"),
    ("for about £900 million ($1.2 billion)", "GBP", 1.2e9, "£900 million"),
    ("raised €300 million, or $330 million, in new funding", "EUR", 330e6, "€300 million"),
])
def test_dollar_conversion_beside_a_foreign_amount_is_one_amount(text: str, currency: str, usd: float,
                                                                  original: str) -> None:
    a = _one(text)
    assert (a.currency, a.original) == (currency, original)
    assert a.usd == pytest.approx(usd)


def test_two_unrelated_amounts_stay_two() -> None:
    assert len(list(find_amounts("It raised €300 million from Accel and $500 million from Nvidia."))) == 2
