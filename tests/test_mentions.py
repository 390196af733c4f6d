"""Firm mentions: gazetteer names, corporate VC arms, descriptors, anaphors and firms new to the base."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractors import build_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def _names(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    return [(m["text"], m["name"]) for m in nlp(text)._.firms]


def test_aliases_and_vc_arms_map_to_canonical(nlp: Language) -> None:
    names = dict(_names(nlp, "AWS and GV both backed the company, as did Microsoft Corp."))
    assert names["AWS"] == "Amazon"
    assert names["GV"] == "Google"


def test_specific_descriptor_resolves(nlp: Language) -> None:
    names = dict(_names(nlp, "The ChatGPT maker said revenue grew."))
    assert "OpenAI" in names.values()


def test_generic_descriptor_needs_a_firm_of_its_kind_before(nlp: Language) -> None:
    names = _names(nlp, "Nvidia reported results. The chipmaker said demand was strong.")
    assert ("The chipmaker", "Nvidia") in names or ("the chipmaker", "Nvidia") in names
    alone = _names(nlp, "The chipmaker said demand was strong.")
    assert all(name is None for _, name in alone)


def test_anaphor_takes_the_last_subject_firm(nlp: Language) -> None:
    names = _names(nlp, "Mistral AI met investors in Paris. The company said it was pleased.")
    assert ("The company", "Mistral AI") in names


def test_headline_words_are_not_new_firms(nlp: Language) -> None:
    names = _names(nlp, "Turning Cloud Credits Into Equity\nThe idea is simple.")
    assert all(name is None or "Turning" not in name for _, name in names)


def test_generic_description_as_subject_is_the_firm_in_focus(nlp: Language) -> None:
    doc = nlp("Figure AI.\nThe humanoid-robot maker closed a Series C of $1 billion, led by Parkway Venture Capital.")
    names = [(m["text"], m["name"]) for m in doc._.firms]
    assert ("The humanoid-robot maker", "Figure AI") in names


def test_name_fragments_and_origin_adjectives_are_not_new_firms(nlp: Language) -> None:
    doc = nlp("Ilya Sutskever's lab uses Google Cloud. The Emirati group had committed to buy Cerebras hardware.")
    names = {m["name"] for m in doc._.firms}
    assert "Sutskever" not in names and "Emirati" not in names


def test_anaphor_is_not_the_subject_of_its_own_clause(nlp: Language) -> None:
    doc = nlp("Anthropic is growing. Amazon, which has invested $8 billion in the company, remains its partner.")
    got = {m["text"]: m["name"] for m in doc._.firms if m["via"] == "anaphor"}
    assert got == {"the company": "Anthropic", "its": "Anthropic"}


def test_apposition_names_its_descriptor(nlp: Language) -> None:
    doc = nlp("Windsurf was sold. Anysphere, the company behind Cursor, raised $900 million in June.")
    got = {m["text"]: m["name"] for m in doc._.firms if m["text"] == "the company"}
    assert got == {"the company": "Anysphere"}


def test_sentence_initial_it_after_a_one_firm_sentence(nlp: Language) -> None:
    doc = nlp("Microsoft signed a deal with Nscale. For Nscale the contract caps a busy month. "
              "It closed a $1.1 billion Series B round last month.")
    its = [m["name"] for m in doc._.firms if m["text"] == "It"]
    assert its == ["Nscale"]
