"""Tests of URL canonicalisation and SimHash near-duplicate detection."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import (
    NEAR_DUPLICATE_DISTANCE,
    NearDuplicateIndex,
    canonical_url,
    hamming,
    is_near_duplicate,
    simhash,
    url_key,
)

# ------------------------------------------------------------------------------------------------------------
# URLs
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/News/Story", "https://example.com/News/Story"),
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=social&utm_campaign=y", "https://example.com/a"),
        (
            "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=tw&cmpid=5&ocid=6&sr_share=7",
            "https://example.com/a",
        ),
        ("https://example.com/a?z=1&b=2&a=3", "https://example.com/a?a=3&b=2&z=1"),
        ("https://example.com/a?id=7&utm_content=x#top", "https://example.com/a?id=7"),
        ("https://example.com/news/story/amp", "https://example.com/news/story"),
        ("https://example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/news/story?amp", "https://example.com/news/story"),
        ("https://example.com/news/story?amp=1&page=2", "https://example.com/news/story?page=2"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://amp.example.com/news/story", "https://example.com/news/story"),
        ("https://www.example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("example.com/a/", "http://example.com/a"),
        ("https://www.example.com/amplifier", "https://example.com/amplifier"),
        ("https://example.com/a?q=", "https://example.com/a?q="),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_canonical_url_is_idempotent() -> None:
    for raw in ("https://WWW.example.com/x/amp/?utm_source=a&b=1#f", "https://example.com/", "example.org"):
        once = canonical_url(raw)
        assert canonical_url(once) == once


def test_canonical_url_keeps_www_only_domains_sane() -> None:
    assert canonical_url("https://www.com/a") == "https://www.com/a"  # "www." is the whole registrable name


def test_url_key() -> None:
    a = url_key("https://www.example.com/story/?utm_source=feed#x")
    assert a == url_key("https://example.com/story")
    assert a == hashlib.sha256(b"https://example.com/story").hexdigest()
    assert a != url_key("https://example.com/other-story")
    assert len(a) == 64


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_canonical_url_never_raises(raw: str) -> None:
    assert isinstance(canonical_url(raw), str)
    assert len(url_key(raw)) == 64


# ------------------------------------------------------------------------------------------------------------
# SimHash
# ------------------------------------------------------------------------------------------------------------

BASE = [
    "Microsoft said on Tuesday that it had reached a new agreement with OpenAI that gives the software "
    "company a "
    "stake of about 27 percent in the artificial intelligence developer after its long-awaited "
    "restructuring.",
    "The deal values Microsoft's holding at roughly $135 billion and ends more than a year of "
    "negotiations over "
    "how the maker of ChatGPT would convert its for-profit arm into a public benefit corporation.",
    "Under the new terms OpenAI has committed to buy an additional $250 billion of computing services from "
    "Microsoft's Azure cloud, while Microsoft will no longer have a right of first refusal on new workloads.",
    "Microsoft first invested $1 billion in OpenAI in 2019 and followed with larger commitments in 2021 "
    "and 2023, "
    "bringing its total investment to about $13 billion, much of it in the form of cloud credits.",
    "The non-profit that controls OpenAI, now called the OpenAI Foundation, will hold equity worth about "
    "$130 "
    "billion, which the organisation says it will use to fund health research and AI resilience work.",
    "Analysts said the clearer structure should make it easier for OpenAI to raise money from outside "
    "investors "
    "and could eventually pave the way for an initial public offering of its shares.",
    "The agreement also extends Microsoft's rights to OpenAI's models and products through 2032, including "
    "models developed after the company declares it has reached artificial general intelligence.",
    "An expert panel will now have to verify any such declaration, a change from the previous contract, "
    "under "
    "which OpenAI's board alone could decide when that milestone had been reached.",
    "Shares of Microsoft rose about 2 percent in early trading in New York, lifting the company's market "
    "value "
    "back above $4 trillion for the first time in several weeks.",
    "OpenAI chief executive Sam Altman said on social media that the company was excited to keep working "
    "with "
    "Microsoft and that the new arrangement would let both sides move faster.",
]
SYNDICATED = [
    "SEATTLE (Wire) - Microsoft Corp and OpenAI on Tuesday unveiled a revised partnership, the latest "
    "twist in a "
    "relationship that has shaped the artificial intelligence boom.",
    *BASE[1:-1],
    "Reporting by a wire correspondent in Seattle; additional reporting in San Francisco; editing by the "
    "business desk. Contact the newsroom for corrections.",
]
LIGHT_EDIT = [
    p.replace("on Tuesday", "on Tuesday morning").replace("about 27 percent", "around 27%") for p in BASE
]
LIGHT_EDIT[5] = LIGHT_EDIT[5].replace("Analysts said", "Several analysts said")
SAME_TOPIC = [
    "OpenAI completed its long-planned recapitalisation on Tuesday, leaving Microsoft with roughly a 27 "
    "percent "
    "stake and handing the start-up's non-profit parent a holding worth $130 billion.",
    "The new structure, approved by the attorneys general of California and Delaware, turns the company's "
    "commercial arm into a public benefit corporation that can issue ordinary shares to investors.",
    "For Microsoft, which has poured about $13 billion into OpenAI since 2019, the agreement secures "
    "access to "
    "the start-up's technology until 2032 but loosens its exclusive hold on OpenAI's computing business.",
    "OpenAI has promised to spend another $250 billion on Azure, yet it is free to buy capacity from "
    "rivals such "
    "as Oracle and Google, with which it has already signed large multi-year contracts.",
    "Critics of the arrangement argue that the foundation's stake gives it too little control over a company "
    "whose stated mission is to ensure that powerful AI benefits all of humanity.",
    "Investors, meanwhile, welcomed the clarity. SoftBank, which led OpenAI's most recent funding round, "
    "said the "
    "restructuring satisfied a condition attached to its $22.5 billion commitment.",
    "Microsoft's shares gained in New York trading, and the company said it would report the value of its "
    "stake "
    "under the equity method from the next fiscal quarter onwards.",
]


def _fp(paragraphs: list[str]) -> int:
    return simhash("\n\n".join(paragraphs))


def test_syndicated_copy_with_other_first_and_last_paragraph_is_near_duplicate() -> None:
    d = hamming(_fp(BASE), _fp(SYNDICATED))
    assert is_near_duplicate(_fp(BASE), _fp(SYNDICATED)), d


def test_lightly_edited_copy_is_near_duplicate() -> None:
    d = hamming(_fp(BASE), _fp(LIGHT_EDIT))
    assert is_near_duplicate(_fp(BASE), _fp(LIGHT_EDIT)), d
    assert d < hamming(_fp(BASE), _fp(SYNDICATED)) + 4  # fewer changes, not further apart (with some slack)


def test_unrelated_article_on_the_same_topic_is_not_near_duplicate() -> None:
    d = hamming(_fp(BASE), _fp(SAME_TOPIC))
    assert not is_near_duplicate(_fp(BASE), _fp(SAME_TOPIC)), d
    assert d > NEAR_DUPLICATE_DISTANCE + 6  # a clear margin, not a coin flip at the threshold


def test_threshold_is_documented_choice() -> None:
    # 3 bits (the single-word-feature folklore) would miss the syndicated copy with 3-word shingles.
    assert NEAR_DUPLICATE_DISTANCE == 12
    assert not is_near_duplicate(_fp(BASE), _fp(SYNDICATED), max_distance=3)


def test_simhash_basics() -> None:
    text = "\n\n".join(BASE)
    fp = simhash(text)
    assert 0 <= fp < 2**64
    assert fp == simhash(text)  # deterministic within and across processes (BLAKE2b, not hash())
    assert simhash(text.upper()) == fp  # case-insensitive words
    assert simhash(text.replace("\n\n", "   ")) == fp  # whitespace and layout do not matter
    assert simhash("") == 0
    assert simhash("   ...   ") == 0
    assert simhash("two words") == simhash("Two  words!")


def _reference_simhash(text: str) -> int:
    """The textbook definition, bit by bit: the vectorised implementation must agree with it."""
    words = re.findall(r"\w+", text.lower())
    shingles = (
        [" ".join(words[i : i + 3]) for i in range(len(words) - 2)] if len(words) >= 3 else [" ".join(words)]
    )
    hashes = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles]
    return sum(1 << i for i in range(64) if 2 * sum((h >> i) & 1 for h in hashes) > len(hashes))


@pytest.mark.parametrize("paragraphs", [BASE, SYNDICATED, SAME_TOPIC, ["one two"], ["a b c d"]])
def test_simhash_matches_reference(paragraphs: list[str]) -> None:
    assert _fp(paragraphs) == _reference_simhash("\n\n".join(paragraphs))


def test_simhash_is_stable_across_versions() -> None:
    # A stored fingerprint must stay comparable: pin one value so an accidental algorithm change shows up.
    assert simhash("Amazon invests $4 billion in Anthropic") == simhash(
        "amazon invests 4 billion in anthropic"
    )
    assert simhash("Amazon invests $4 billion in Anthropic") == 0x22EB163640190508


def test_hamming() -> None:
    assert hamming(0, 0) == 0
    assert hamming(0, 2**64 - 1) == 64
    assert hamming(0b1011, 0b0001) == 2
    assert is_near_duplicate(5, 5)
    assert not is_near_duplicate(0, 2**64 - 1)
    assert is_near_duplicate(0, 0b111, max_distance=3)
    assert not is_near_duplicate(0, 0b1111, max_distance=3)


def test_near_duplicate_index_finds_the_oldest_close_text_and_grows() -> None:
    index = NearDuplicateIndex([("old", 0b1111), ("far", 2**64 - 1)])
    assert index.find(0b1111 ^ (1 << 40), exclude="new") == "old"  # 5 bits away
    assert index.find(0b1111, exclude="old") is None  # a text is not its own duplicate
    assert index.find(0xFFFFFFFF00000000) is None  # 36 and 32 bits from the two
    rng = random.Random(5)
    added = [rng.getrandbits(64) for _ in range(100)]  # past the initial capacity
    for i, h in enumerate(added):
        index.add(f"k{i}", h)
    assert len(index) == 102
    assert index.find(added[98] ^ 0b101) == "k98"
    index.add("copy", added[98] ^ 1)
    assert index.find(added[98]) == "k98"  # the oldest wins when several are close


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_simhash_never_raises(text: str) -> None:
    assert 0 <= simhash(text) < 2**64
