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


def test_hyphenated_start_up_subject_after_a_name_heading(nlp: Language) -> None:
    doc = nlp("Cohere.\nThe Toronto start-up, founded by two researchers, raised $40 million in a round led by Accel.")
    names = [(m["text"], m["name"]) for m in doc._.firms]
    assert ("The Toronto start-up", "Cohere") in names


def test_sentence_initial_its_continues_the_previous_main_subject(nlp: Language) -> None:
    doc = nlp("Nscale expanded quickly. The company is also a partner in a venture under which OpenAI will rent "
              "capacity. Its first outside funding closed in 2024.")
    its = [m["name"] for m in doc._.firms if m["text"] == "Its"]
    assert its == ["Nscale"]


def test_main_clause_subject_outranks_a_side_clause_subject(nlp: Language) -> None:
    doc = nlp("Databricks said it had closed a round led by Thrive Capital, with Insight Partners participating. "
              "That came months after its Series J.")
    its = [m["name"] for m in doc._.firms if m["text"] == "its"]
    assert its == ["Databricks"]


def test_the_company_is_the_firm_the_article_is_about(nlp: Language) -> None:
    doc = nlp("CoreWeave priced its shares on Thursday. CoreWeave sold fewer shares than planned. CoreWeave opened "
              "higher. CoreWeave's largest customer, Microsoft, generated most of its revenue. "
              "This month the company added OpenAI as a client.")
    got = [m["name"] for m in doc._.firms if m["text"] == "the company"]
    assert got == ["CoreWeave"]


def test_a_proper_name_listed_with_firms_is_a_firm(nlp: Language) -> None:
    doc = nlp("Helix raised $90 million from investors including Sequoia Capital, Accel and Quarry Peak Partners.")
    names = {m["name"] for m in doc._.firms}
    assert "Quarry Peak Partners" in names


def test_object_it_is_not_its_own_clause_subject(nlp: Language) -> None:
    doc = nlp("Anthropic needs compute. Google has also poured money into it.")
    got = [m["name"] for m in doc._.firms if m["text"] == "it"]
    assert got == ["Anthropic"]


def test_a_heading_naming_firms_sets_the_topic(nlp: Language) -> None:
    doc = nlp("Meta is buying Rivos.\n\nMeta and Groq.\nThis one did not happen. The American chip designer turned "
              "down an offer from Meta.")
    got = [m["name"] for m in doc._.firms if m["text"] == "The American chip designer"]
    assert got == ["Groq"]


def test_description_with_a_trait_finds_the_firm_with_that_trait(nlp: Language) -> None:
    doc = nlp("Amazon and Anthropic signed a deal on Monday. Anthropic will train on Trainium. "
              "The e-commerce group put in its first $1 billion in September.")
    got = [m["name"] for m in doc._.firms if m["text"] == "The e-commerce group"]
    assert got == ["Amazon"]


def test_person_like_name_in_a_list_of_firms_is_a_firm(nlp: Language) -> None:
    doc = nlp("BlackRock, Neuberger Berman, Deutsche Telekom and Cisco also invested.")
    names = {m["name"] for m in doc._.firms}
    assert "Neuberger Berman" in names


# --- 0.7.0 --------------------------------------------------------------------------------------------------------

def test_capitalised_heading_names_a_known_firm_but_a_capitalised_place_is_no_firm(nlp: Language) -> None:
    names = _names(nlp, "1) ALEPH ALPHA, HEIDELBERG. The German model developer said it had raised money.")
    assert ("ALEPH ALPHA", "Aleph Alpha") in names
    assert all(name != "HEIDELBERG" for _, name in names)


def test_a_name_with_a_corporate_word_is_a_firm_whatever_the_model_guesses(nlp: Language) -> None:
    names = [n for _, n in _names(nlp, "Kopi Labs, a two-year-old Singapore start-up, has raised S$24 million in a "
                                       "Series A led by Vertex Ventures.")]
    assert "Kopi Labs" in names


def test_short_names_drop_legal_forms_and_take_the_bracketed_abbreviation(nlp: Language) -> None:
    from extractors.mentions import _tidy
    assert _tidy("Aker ASA") == "Aker"
    assert _tidy("Innovation Park Artificial Intelligence (Ipai)") == "Ipai"
    names = [n for _, n in _names(nlp, "Meta Platforms, Inc. and Blue Owl Capital announced a joint venture.")]
    assert "Inc" not in names


def test_plans_and_laws_are_no_firms(nlp: Language) -> None:
    names = [n for _, n in _names(nlp, "Nscale expects to invest more in the UK, in line with the government's "
                                       "Compute Opportunities Action Plan.")]
    assert all(n is None or not n.endswith("Plan") for n in names)


def test_government_missions_and_universities_are_no_firms(nlp: Language) -> None:
    names = [n for _, n in _names(nlp, "Sarvam AI, which builds models under the government's IndiaAI Mission and "
                                       "comes from Tsinghua University, raised $41 million.")]
    assert "IndiaAI Mission" not in names and "Tsinghua University" not in names


def test_a_name_beside_a_firm_description_is_a_firm(nlp: Language) -> None:
    names = [n for _, n in _names(nlp, "Sakura Internet, the data center operator of Osaka, announced that it plans "
                                       "to purchase Nvidia GPUs.")]
    assert "Sakura Internet" in names


def test_a_firm_naming_a_deal_is_not_the_subject_an_it_continues(nlp: Language) -> None:
    names = _names(nlp, "CoreWeave agreed to buy Core Scientific. The Core Scientific purchase is not CoreWeave's "
                        "first acquisition this year. In May it closed its takeover of Weights & Biases.")
    assert ("it", "CoreWeave") in names


@pytest.mark.parametrize(("text", "firm"), [
    ("Nvidia acquired QueueMD, the company behind a popular workload manager.", "QueueMD"),
    ("The group also announced the acquisition of Tallinn-based Sonarik, a small speech team.", "Sonarik"),
    ("Salesforce agreed to buy Helsinki-based Kolmio for an undisclosed sum.", "Kolmio"),
    ("Then came Tabular, the company started by two database researchers, which Snowflake later bought.", "Tabular"),
])
def test_a_firm_new_to_the_base_found_by_how_it_is_bought_or_described(nlp: Language, text: str, firm: str) -> None:
    assert firm in {name for _, name in _names(nlp, text)}


def test_a_surname_seen_after_a_title_is_no_firm_later(nlp: Language) -> None:
    names = _names(nlp, "CFO Marta Velkin said demand was strong. Velkin expects the deal to close in March.")
    assert "Velkin" not in {name for _, name in names}


@pytest.mark.parametrize(("text", "firm"), [
    # an apposition that calls the name a firm, whatever place, product or person the model takes it for
    ("Weeks later Amazon struck a similar arrangement with Corvane, the robotics-AI company.", "Corvane"),
    ("Google invested $5 million in Vireo Labs, a startup in Austin.", "Vireo Labs"),
    ("Halcyon Grid, a GPU cloud provider, signed an agreement with Microsoft.", "Halcyon Grid"),
    # a firm noun with a modifier but no article before the name
    ("Munich defence-AI firm Helsberg pulled in €600 million, led by Prima Materia.", "Helsberg"),
    # a sentence-opening conjunction, or the article before a company's full name, is not part of the name
    ("And Periodic Qubit Labs came out of stealth with $300 million.", "Periodic Qubit Labs"),
    ("The Walt Disney Co. agreed to invest $1 billion in OpenAI.", "Disney"),
    # an acronym opening a fund's name
    ("The old shareholder HongShan and also IDG Capital will follow the investment.", "IDG Capital"),
    # who raises a round or takes part in one
    ("In March Corvalis closed a $330 million Series B at a $6.6 billion valuation.", "Corvalis"),
    ("Existing investors Inovo Venture Partners and Point Nine also participated in the round.", "Point Nine"),
    ("Also Brightfield and SAP took part in the financing at that time.", "Brightfield"),
    ("The lab raised $2 billion at a $32 billion valuation, with Greenoaks leading.", "Greenoaks"),
    # a name joined by "&" or by a colon, whoever has a chief executive or staff, what the tagger calls a number
    ("It closed its purchase of Hooks & Levers, the AI developer platform, in May.", "Hooks & Levers"),
    ("Nvidia bought Tune:ai, an Israeli GPU-orchestration company, for around $700 million.", "Tune:ai"),
    ("Nvidia spent $900 million to bring in Fabrilux's chief executive and staff.", "Fabrilux"),
    ("And Databricks paid $1.3 billion for ParquetML in 2023.", "ParquetML"),
])
def test_firms_new_to_the_base_found_by_how_the_text_names_them(nlp: Language, text: str, firm: str) -> None:
    assert firm in {name for _, name in _names(nlp, text)}


def test_a_person_called_a_developer_is_no_firm(nlp: Language) -> None:
    names = {name for _, name in _names(nlp, "Jane Ruiz, a developer at the lab, said the deal was done.")}
    assert "Jane Ruiz" not in names


def test_a_possessive_before_the_subject_is_that_subject(nlp: Language) -> None:
    names = _names(nlp, "Veridian raised money from Brookfield. As part of its investment, Nvidia will also provide "
                        "credits.")
    assert ("its", "Nvidia") in names


def test_a_new_firm_short_name_the_model_takes_for_a_people(nlp: Language) -> None:
    names = _names(nlp, "Veridian Compute raised $700 million. Veridian also announced a capacity deal with "
                        "Mistral AI, and Nvidia will provide Veridian with credits.")
    assert [n for t, n in names if t == "Veridian"] == ["Veridian Compute", "Veridian Compute"]


def test_a_person_taking_part_in_a_round_is_no_firm(nlp: Language) -> None:
    assert _names(nlp, "Jeff Bezos participated in the $500 million round.") == []


def test_a_person_with_a_chief_of_staff_is_no_firm(nlp: Language) -> None:
    assert "Musk" not in {n for _, n in _names(nlp, "Musk's chief of staff joined xAI last year.")}


def test_a_parliament_is_no_firm(nlp: Language) -> None:
    assert _names(nlp, "The law enabling more support for Rapidus was passed in the Diet in April.") == [
        ("Rapidus", "Rapidus")]


def test_a_press_releases_legal_name_is_a_firm_and_so_is_every_later_mention(nlp: Language) -> None:
    text = ('BOSTON, May 4, 2026 -- Quillfeather Robotics, Inc. ("Quillfeather Robotics"), a maker of warehouse '
            "robots, today announced a new factory. Later this year Quillfeather Robotics will open a second site. "
            "Customers say Quillfeather Robotics ships quickly.")
    names = _names(nlp, text)
    assert [t for t, n in names if n == "Quillfeather Robotics"].count("Quillfeather Robotics") == 3


def test_the_company_just_invested_in_is_not_the_articles_topic(nlp: Language) -> None:
    text = ("Microsoft keeps investing. Microsoft backed OpenAI early. Microsoft also backed G42. Google invested "
            "around $300 million in Anthropic for roughly 10% of the company.")
    company = [n for t, n in _names(nlp, text) if t == "the company"]
    assert company == ["Anthropic"]


def test_the_seattle_company_is_amazon(nlp: Language) -> None:
    assert ("The Seattle company", "Amazon") in _names(nlp, "The Seattle company has invested $8 billion in Anthropic.")


def test_a_legal_form_is_no_firm_and_the_models_first_word_is_the_new_firm(nlp: Language) -> None:
    text = ("Salesforce today announced an agreement to acquire Quartzline Neural, Inc., a developer of AI agents. "
            "Quartzline's agents already serve banks. Salesforce Ventures first invested in Quartzline in 2024.")
    names = _names(nlp, text)
    assert not any(n in ("Inc", "Inc.") for _, n in names)
    assert {n for t, n in names if t.startswith("Quartzline")} == {"Quartzline Neural"}


def test_a_press_releases_legal_name_is_the_firms_name_wherever_its_short_name_stands(nlp: Language) -> None:
    text = ('OSLO, Norway — February 10, 2026 — Vesterhav AI Cloud AS ("Vesterhav"), an operator of '
            "renewable-powered GPU data centers, today "
            "announced a five-year capacity agreement with Cohere. Vesterhav will deliver the capacity from Stord.")
    assert {n for t, n in _names(nlp, text) if t.startswith("Vesterhav")} == {"Vesterhav AI"}


def test_a_firms_home_town_set_off_by_commas_is_no_firm(nlp: Language) -> None:
    names = _names(nlp, "Aleph Alpha, of Heidelberg, which had raised more than 500 million dollars in 2023, has "
                        "abandoned the race.")
    assert [n for _, n in names] == ["Aleph Alpha"]


def test_the_startup_is_not_a_firm_named_only_for_its_alumni(nlp: Language) -> None:
    text = ("Anthropic, founded in 2021 by former OpenAI executives, has also drawn money from Google. Google agreed "
            "last year to invest up to $2 billion in the startup.")
    assert ("the startup", "Anthropic") in _names(nlp, text)


def test_a_startup_described_by_its_field_is_the_known_startup_just_named(nlp: Language) -> None:
    text = ("Amazon said it had invested an additional $2.75 billion in Anthropic, completing its investment in the "
            "artificial intelligence startup.")
    assert ("the artificial intelligence startup", "Anthropic") in _names(nlp, text)


def test_corporate_venture_arms_new_to_the_base_map_to_their_parents(nlp: Language) -> None:
    names = dict(_names(nlp, "Bosch Ventures, Samsung Ventures and Zoom Ventures also took part."))
    assert names == {"Bosch Ventures": "Bosch", "Samsung Ventures": "Samsung", "Zoom Ventures": "Zoom"}


def test_a_name_a_press_release_defines_terms_for_is_a_firm(nlp: Language) -> None:
    text = ('BOSTON, March 3, 2026 — Halvorsen Reasoning ("Halvorsen" or "the Company"), a developer of models, today '
            "announced a new round. Halvorsen will use the money to hire.")
    assert {n for t, n in _names(nlp, text) if t.startswith("Halvorsen")} == {"Halvorsen Reasoning"}


def test_a_fund_whose_name_starts_with_a_digit_is_a_firm_in_a_list(nlp: Language) -> None:
    names = _names(nlp, "Cognition raised $400 million led by Founders Fund. Lux Capital and 8VC joined.")
    assert ("8VC", "8VC") in names
