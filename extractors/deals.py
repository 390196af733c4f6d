"""Deal extraction: triggers, who pays whom, amount, valuation, status and date for each deal a Doc states.

The `deal_extractor` component reads `doc._.firms` (from `firm_mentions`) and `doc._.amounts` (from `money_finder`)
and writes `doc._.deals`, one `Deal` per deal statement, merged per document so that a deal mentioned three
times comes out once. Direction is money flow: `source_firm` pays, `target_firm` receives.

Roles come from the dependency parse around each trigger word (subject, passive agent, the object of "in",
"from", "with", "to", possessives), falling back to word order; deal words live in `patterns/triggers.json`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors.firms import FirmBase, load_firm_base
from extractors.mentions import FirmMention, infer_kinds
from extractors.money import find_amounts
from pipeline.models import TYPE_FAMILY, Amount, Deal

if not Doc.has_extension("amounts"):
    Doc.set_extension("amounts", default=None)
if not Doc.has_extension("deals"):
    Doc.set_extension("deals", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


def _load_triggers() -> dict[str, frozenset[str]]:
    raw = json.loads((resources.files("extractors") / "patterns" / "triggers.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def _load_cues(key: str) -> re.Pattern[str]:
    raw = json.loads((resources.files("extractors") / "patterns" / "triggers.json").read_text(encoding="utf-8"))
    return re.compile("|".join(f"(?:{p})" for p in raw[key]), re.I)


LEX = _load_triggers()
_PARTICIPANT_RE = _load_cues("participant_cue")
_LEAD_RE = _load_cues("lead_cue")
# Between an investor and its own amount: "Nvidia about $100 million", "SoftBank put in $500 million".
_OWN_AMOUNT_GAP = re.compile(
    r"^[\s,]*(?:(?:has |had |will |would |is to |also )*(?:put(?:ting)?|invest(?:ed|ing|s)?|contribut(?:ed|ing|e)|"
    r"add(?:ed|ing|s)?|commit(?:ted|ting|s)?|provid(?:ed|ing|e)|pledg(?:ed|ing|e)|chipp(?:ed|ing) in|"
    r"wir(?:ed|ing|e)|inject(?:ed|ing)?|took part too, investing|took part, investing)(?:\s+in|\s+up)?\s*)?"
    r"(?:up to|about|roughly|around|nearly|some|approximately|more than|as much as|over|another|a further)?\s*$",
    re.I)


_TEXT: dict[int, tuple[Doc, str]] = {}  # Doc.text rebuilds the string on every access: cache it per call


def _doc_text(doc: Doc) -> str:
    hit = _TEXT.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    return doc.text


def _line_before(doc: Doc, char: int) -> str:
    """The text of the line a character offset is on, up to that offset."""
    text = _doc_text(doc)
    return text[text.rfind("\n", 0, char) + 1:char]


_LETTER_STOP = re.compile(r"^[A-Z]\.$")
_LIST_MARK = re.compile(r"^(?:\d{1,2}[/.)]?|[-•*/.)]|\s+)$")  # "3/", "2)", "•" before a newsletter item
_SERIES_WORDS = frozenset({"series", "class", "tranche"})


@Language.component("series_stops")
def series_stops(doc: Doc) -> Doc:
    """"closed a Series B. Accel led": the tokenizer keeps "B." whole as if it were an initial; give the full stop
    back so that the sentence ends there (runs straight after the tokenizer, before any model reads the tokens)."""
    stops = [t for t in doc[1:-1] if _LETTER_STOP.match(t.text) and doc[t.i - 1].lower_ in _SERIES_WORDS
             and (doc[t.i + 1].is_title or doc[t.i + 1].is_space)]
    if stops:
        with doc.retokenize() as retok:
            for t in stops:
                retok.split(t, [t.text[0], "."], heads=[(t, 0), (t, 0)])
    return doc


@Language.component("merge_firms")
def merge_firms(doc: Doc) -> Doc:
    """A firm name the gazetteer found with punctuation inside ("Run:ai", "T. Rowe Price") is one token for the
    models after it, so that the parser reads one proper noun instead of a colon or a full stop between words."""
    spans = [e for e in doc.ents if e.label_ == "FIRM" and len(e) > 1
             and any(t.is_punct and t.text not in ("&", "-") for t in e)]
    if spans:
        with doc.retokenize() as retok:
            for e in spans:
                retok.merge(e, attrs={"POS": "PROPN", "TAG": "NNP"})
    return doc


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, bullet points and table rows have no final full stop."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
        elif tok.text == "." and i > 1 and doc[i - 2].lower_ in _SERIES_WORDS and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True  # the full stop series_stops gave back ends the sentence
        elif tok.ent_iob_ in ("B", "I") and doc[i + 1].ent_iob_ == "I" and not tok.whitespace_:
            doc[i + 1].is_sent_start = False  # "Character.AI": a firm name is never cut into two sentences
        elif tok.text == ":" and _item_head(doc, i):
            doc[i + 1].is_sent_start = True  # "Poolside: Nvidia committed…": a newsletter item's head stands alone
        elif tok.text in ("—", "–", "-", "--") and _dateline(doc, i):
            doc[i + 1].is_sent_start = True  # "BEIJING/HONG KONG — Moonshot AI, the…": the place line stands alone
    return doc


def _dateline(doc: Doc, dash: int) -> bool:
    """A dash after capitalised place names that open a line ("BEIJING/HONG KONG —", "SEOUL -")."""
    k = dash - 1
    while k >= 0 and ((doc[k].is_upper and doc[k].is_alpha and len(doc[k]) >= 2) or doc[k].text in ("/", ",")):
        k -= 1
    return dash - k >= 2 and doc[k + 1].is_upper and (k < 0 or (doc[k].is_space and "\n" in doc[k].text))


def _item_head(doc: Doc, colon: int) -> bool:
    """A colon after a name that opens a line or a sentence ("3/ Reflection AI: $2B…", "Poolside: Nvidia…")."""
    k = colon - 1
    while k >= 0 and colon - k <= 4 and (doc[k].tag_ in ("NNP", "NNPS") or doc[k].ent_type_ == "FIRM"):
        k -= 1
    if k == colon - 1 or colon + 1 >= len(doc):
        return False
    if k >= 1 and doc[k].text == "/" and doc[k - 1].like_num:
        k -= 2  # a numbered item (the tagger has run, the attribute ruler has not: tags, not parts of speech)
    return k < 0 or doc[k].text in (".", "!", "?") or (doc[k].is_space and "\n" in doc[k].text)


@Language.component("money_finder")
def money_finder(doc: Doc) -> Doc:
    """Find money amounts with our own rules (spaCy's MONEY entities mangle "$40bn" and "€46bn")."""
    doc._.amounts = list(find_amounts(_doc_text(doc)))
    return doc


@Language.factory("deal_extractor", default_config={"data_dir": None})
def make_deal_extractor(nlp: Language, name: str, data_dir: str | None) -> DealExtractor:
    return DealExtractor(load_firm_base(data_dir))


# --- status and context cues -------------------------------------------------------------------------------
_DENIED = re.compile(
    r"\b(denied|denies|deny|denying|dismissed (?:the |a )?reports?|refuted|rejected (?:the |a )?reports?|"
    r"no plans? to|not in talks|has no intention|had no intention|is not (?:investing|acquiring|buying|in talks)|"
    r"(?:will|would|did|does|do) not (?:invest|acquire|buy|take|make|participate|join)|won't (?:invest|acquire|buy)|"
    r"(?:is|are|was|were|isn't|aren't|wasn't) not (?:taking|making|investing|buying|acquiring|joining)|"
    r"nor did|did not end up|didn't end up|(?:dropped|pulled|walked) out|lapsed|"
    r"never (?:invested|agreed|acquired)|(?:has|have|had) not (?:invested|acquired|bought|taken|participated|joined)|"
    r"(?:hasn't|haven't|hadn't|hasn’t|haven’t|hadn’t) (?:invested|acquired|bought|taken|participated|joined)|"
    r"called off|scrapped|abandoned|walked away|terminated|no longer (?:in (?:talks|discussions)|plans?|planning)|"
    r"(?:ended|broke off|broken off|halted) (?:the |its |their )?(?:talks|discussions|negotiations)|"
    r"turned down|turning down|turns down|rebuffed|spurned|rejected (?:an?|the|its) (?:\w+ )?(?:offer|bid|approach)|"
    r"declined (?:an?|the|its) (?:\w+ )?(?:offer|bid|approach)|"
    r"pulled out of|backed out of|fell through|collapsed|fell apart|voted down|(?:was|were) blocked)\b", re.I)
_CONFIRMED = re.compile(r"\b(?:was|were|has been|have been|had been) (?:officially |formally )?confirmed\b", re.I)
_TALKS = re.compile(
    r"\b(in (?:advanced |early |preliminary |final |exclusive |ongoing |late-stage )?(?:talks|discussions|"
    r"negotiations|conversations)|negotiat\w*|nearing (?:a|an) \w+|nears? (?:a|an) (?:deal|agreement)|"
    r"close to (?:a|an) (?:deal|agreement)|"
    r"close to (?:finali[sz]ing|signing|reaching|agreeing|completing|closing)|"
    r"discussing|discussed|exploring|explores|considering|considers|"
    r"weighing|weighs|mulling|mulls|courting|held talks|holding talks|talks (?:to|with|about|over)|"
    r"in the (?:process|midst) of (?:raising|negotiating)|(?:the|these|those|such|ongoing|advanced|early) "
    r"(?:talks|discussions|negotiations))\b", re.I)
_PLANNED = re.compile(
    r"\b(letters? of intent|memorand(?:um|a) of understanding|MOUs?|MoUs?|term sheet|intends? to|intention to|"
    r"plans? to|planning to|planned|expects? to|aims? to|is set to|are set to|prepared to|proposed|"
    r"pledged to|pledges to|promised to|earmark\w*|framework agreement|non-binding)\b", re.I)
# Verbs whose past tense means money moved ("has invested", "bought"), unlike "has signed", "has agreed", "has named".
_MONEY_MOVED = frozenset({"invest", "put", "pour", "inject", "plow", "plough", "sink", "back", "fund", "finance",
                          "bankroll", "acquire", "buy", "purchase", "raise", "secure", "land", "receive", "net",
                          "bag", "close", "complete", "pay", "spend", "take", "lead", "participate", "join",
                          "absorb", "snap", "hand", "give"})
_RAISED_THINGS = frozenset({"money", "capital", "fund", "funding", "cash", "financing", "round", "series", "seed",
                            "investment", "tranche", "backing", "equity", "billion", "million", "trillion", "bn",
                            "m", "b", "fundraise", "fundraising", "dollar", "euro", "pound", "sum"})
_NOT_RAISED = frozenset({"charge", "writedown", "write-down", "impairment", "hit", "loss", "forecast", "target",
                         "guidance", "outlook", "estimate", "estimates", "price", "prices",
                         "rate", "rates", "spending", "capex", "projection", "prediction", "dividend", "concern",
                         "question", "questions", "stake", "limit", "cap", "bar", "offer", "bid", "expectation",
                         # borrowing is no equity round: "lined up a $4 billion revolving credit facility"
                         "facility", "loan", "loans", "debt", "bond", "bonds", "notes", "overdraft",
                         # "seeking $2 billion in damages": a claim, not a round
                         "damage", "damages", "compensation", "penalty", "penalties", "fine", "fines", "refund"})
_INVESTOR_GROUPS = frozenset({"consist", "include", "group", "syndicate", "consortium", "fund", "affiliate",
                              "vehicle", "arm", "unit"})
# "with the participation of A and B", "with the backing of C": the firms "of" these nouns are the backers
_NO_PARTICIPATION = re.compile(r"\bwithout\s+(?:the\s+|any\s+)?$", re.I)
_BACKING_NOUNS = frozenset({"participation", "backing", "support", "involvement", "help"})
_DIVEST = frozenset({"sell", "divest", "offload", "dump", "unload", "reduce", "trim", "cut", "exit", "liquidate",
                     "dispose"})
_ROUND_HOST_VERBS = frozenset({"announce", "complete", "finalize", "finalise", "unveil", "launch", "open", "conclude",
                               "disclose", "confirm", "emerge", "debut", "come"})
_ROUND_OBJECTS = frozenset({"round", "fundraising", "fundraise", "funding", "financing", "series", "raise", "seed"})
_LISTING_WORDS = frozenset({"offering", "ipo", "listing", "flotation", "float", "debut", "sale", "placement"})
_ROUND_WORDS = frozenset({"round", "fundraising", "fundraise", "financing", "series"})
# What a cheque goes "into" when it goes into the round being told: "put $2 billion into the equity portion".
_ROUND_PARTS = frozenset({"round", "portion", "raise", "financing", "funding", "fundraising", "fundraise", "tranche",
                          "series", "extension", "deal", "equity", "closing", "slice"})
_INVESTOR_NOUNS = frozenset({"investor", "backer", "shareholder", "participant", "funder", "firm", "fund",
                             "name", "vc", "group", "partner", "other"})
_OFFER_NOUNS = frozenset({"offer", "bid", "approach", "proposal"})
_REFUSE_VERBS = frozenset({"turn", "reject", "decline", "rebuff", "spurn", "refuse", "receive", "get", "weigh",
                           "consider", "accept"})
_GAP_BEFORE = re.compile(r"^,?\s*(?:(?:up to|about|around|roughly|nearly|almost|another|a further|some|more than|"
                         r"as much as|at least|over)\s*)?$", re.I)
_GAP_AFTER = re.compile(r"^\s*(?:each\s*)?(?:[.;,)]|$|in\b|into\b|apiece\b)", re.I)
_STAKE_WORDS = frozenset({"stake", "holding", "investment", "bet"})
_EXPAND_VERBS = frozenset({"expand", "extend", "increase", "enlarge", "boost", "upsize", "grow"})
_BUY_NOUNS = frozenset({"acquisition", "takeover", "purchase", "buyout", "merger"})
_SHARE_NOUNS = frozenset({"share", "stock", "stake", "equity"})
_VERB_ONLY = frozenset({"fund", "back", "wire", "transfer", "finance"})  # not "a fund", "flow back", "(Wire)",
# "a senior finance executive"
# What firms do "together" only as a sum of their own acts: "Apple and Alphabet together authorised $170 billion in
# buybacks", "together account for 60% of the market".
_TALLY_VERBS = frozenset({"authorise", "authorize", "spend", "report", "post", "earn", "generate", "account", "control",
                          "hold", "own", "employ", "return", "lose", "pay", "repurchase", "command", "capture",
                          "represent", "make", "buy", "sell", "ship", "raise", "book", "add", "cut"})
_PART_WORDS = frozenset({"all", "some", "most", "part", "much", "many", "portion", "half", "bulk", "majority", "any",
                         "rest", "remainder", "balance"})
_PRICE_WORDS = frozenset({"price", "value", "valuation", "tag", "figure", "number", "price-tag", "pricetag"})
_SECURITY_WORDS = frozenset({"share", "stock", "asset", "bond", "note", "security", "securities", "warrant"})
_CUSTOMER_NOUNS = frozenset({"customer", "client", "tenant"})
_SUPPLIER_NOUNS = frozenset({"supplier", "vendor"})
_ADD_CUSTOMER_VERBS = frozenset({"add", "sign", "win", "land", "secure", "count", "name", "gain", "onboard"})
_HOLDER_NOUNS = frozenset({"backer", "investor", "shareholder", "stakeholder", "funder"})
_COMBINED = re.compile(r"^\s*(?:combined|between them|together|in aggregate|collectively)\b", re.I)
_INVEST_NOUNS = frozenset({"investment", "round", "stake", "infusion", "injection", "tranche", "commitment"})
_DEAL_WORDS = frozenset({"deal", "agreement", "pact", "contract", "alliance", "accord", "memorandum", "mou"})
_STRIKE_VERBS = frozenset({"sign", "strike", "reach", "ink", "seal", "forge", "expand", "extend", "announce", "enter",
                           "conclude", "agree", "finalize", "finalise", "renew", "have", "hold"})
_HOLD_VERBS = frozenset({"own", "hold", "control"})  # a share held, read by `_ownership`, not bought
_PAIR_MENTION = re.compile(r"\b(?:[Tt]he|[Bb]oth) (?:two|pair)\b|\b[Tt]he pair\b")
_PAIR_WORDS = re.compile(r"^(?:the|both) (?:two|pair)(?: \w+)?$|^the pair$|^both companies$")
_ROLE_NOUNS = frozenset({"partner", "provider", "cloud", "supplier", "host"})
_ROLE_ADJ = frozenset({"primary", "main", "exclusive", "preferred", "principal", "lead", "chief", "key", "sole"})
_ROLE_DOMAIN = frozenset({"cloud", "training", "compute", "computing", "infrastructure"})
_DONE = re.compile(r"\b(?:completed|completing|completes|closed|closing of|finali[sz]ed|finali[sz]ing|"
                   r"(?:days|weeks|months|shortly|soon|just) after (?:raising|closing|securing|completing))\b", re.I)
# A deal said to have closed: "has completed the acquisition", "completing the investment", "closed its deal".
_CLOSED = re.compile(r"\b(?:completed|completing|finali[sz]ed|closed) (?:the|its|their|a|an|his|her)\b"
                     r"(?! (?:\w+ )?(?:session|day|week|year|quarter|trading|shares|stock|market|gap))", re.I)
_SAY_LEMMAS = frozenset({"say", "announce", "confirm", "tell", "disclose", "state", "report", "write"})
_REPORTED = re.compile(
    r"\b(reportedly|according to (?:people|sources|a person|persons|(?:earlier |previous |recent |press |news |"
    r"media )?reports?|media|documents|an? \w+ report|"
    r"the \w+ report|[A-Z]\w+(?: [A-Z]\w+)?(?:,| which| citing)|(?:the )?(?:Bloomberg|Reuters|Information|"
    r"Financial Times|FT|Wall Street Journal|WSJ|CNBC|Axios|TechCrunch|New York Times|Semafor|Nikkei|"
    r"Handelsblatt|Les Echos)\b)|people (?:familiar|close|briefed|with knowledge)|"
    r"person (?:familiar|close|briefed|with knowledge)|sources (?:said|say|told|close|familiar)|familiar with the|"
    r"(?:is|are|was|were) said to|rumou?r\w*|speculat\w+|reported(?:ly)?|report(?:ed|s)? that|citing|"
    r"unconfirmed|anonymity|not authori[sz]ed)\b")
_HEDGED = re.compile(r"\b(?:could|might|may|(?:is|are) expected to|possible|potential|potentially|would likely)\b")
# Hedges that cover a whole paragraph: anonymous sourcing, not a single "reportedly" in another sentence.
_PARA_REPORTED = re.compile(r"\b(?:according to (?:people|sources|a person|persons)|people (?:familiar|close|briefed|"
                            r"with knowledge)|person (?:familiar|close|briefed)|sources (?:said|say|told|close|"
                            r"familiar))\b", re.I)
# The parties themselves stated it: the deal is announced, even when told in the past tense.
_ANNOUNCE = re.compile(
    r"(?:\b(?:said|says|announced|announces|announcing|confirmed|confirms|unveiled|unveils|disclosed|discloses|"
    r"statement|press release|told reporters|in a (?:blog )?post|in a filing|regulatory filing)\b|\btoday\b)", re.I)
_NOT_PARTY_SPEAKER = re.compile(r"\b(?:people|person|sources?|analysts?|executives? familiar|insiders?)\s+"
                                r"(?:\w+\s+){0,4}(?:said|say|says)\b|\b(?:the people|the person|they) said\b", re.I)
# Present-tense holdings and background facts: "owns a stake", "counts X among its backers".
_HOLDING = re.compile(r"\b(?:owns?|holds?|owning|holding|counts?|already|previously|early backer|earliest backers|"
                      r"(?:has|have|had) (?:a |an )?(?:\S+ ){0,3}stakes? in|(?:partly|majority|minority) owned|"
                      r"existing (?:investor|shareholder|backer)s?|backers include|investors include|"
                      r"(?:is|are|was) (?:a |an |the )?(?:\w+ )?(?:shareholder|investor|backer)s?)\b", re.I)
_COMPLETED = re.compile(
    r"\b(closed|completed|finali[sz]ed|has invested|have invested|had invested|invested|backed|acquired|bought|"
    r"has put|have put|had put|made an investment|took a stake|has taken|paid|poured|injected|funded|raised|"
    r"secured|received|landed|led|participated|sank|ploughed|plowed|has committed|had committed|"
    r"already|previously|earlier this year|last year|since \d{4}|so far|to date|in total|cumulative)\b", re.I)
_FUTURE = re.compile(r"\b(will|would|shall|is to|are to|going to|to be)\b", re.I)

_SPURNED = re.compile(r"\b(?:rather than|instead of)(?: on| in| with| from| to| by)?(?: the)?\s*$", re.I)
_CONTRACT_VALUED = re.compile(r"\b(?:lease|contract|deal|agreement|order|commitment|pact)s?\b[^.;$€£]{0,40}?"
                              r"\b(?:valued at|worth)\s*(?:about|roughly|around|nearly|almost|some|approximately|"
                              r"more than|over|up to)?\s*(?:US)?$", re.I)
_VALUATION_BEFORE = re.compile(
    r"(valu(?:ed|ing|es|e|ation)\b[^.;$€£]{0,40}?\b(?:at|of|to|around|near)|"
    r"(?:is|are|was|were|be|been|now|making it|making them|company|startup|start-up) worth|valuation of|"
    r"valuation (?:of|at|to)|at an? (?:[\w-]+ )?valuation|valuing (?:it|the \w+|\w+) at|"
    r"at an? (?:implied |reported |post-money |"
    r"pre-money )?)\s*(?:about|roughly|around|nearly|almost|some|approximately|more than|over|"
    r"an estimated|up to)?\s*$", re.I)
_VALUATION_AFTER = re.compile(r"^\s*(?:\(\w+\)\s*)?(?:-|\s)?(?:post-money |pre-money |implied |)(?:valuation|"
                              r"valued|valuing|value on\b)", re.I)  # "put a $33 billion value on X"
_CUMULATIVE_BEFORE = re.compile(
    r"(?:bring(?:s|ing)? (?:its|their|the|his|her)? ?(?:total|overall|cumulative)[\w\s]{0,40}? to|"
    r"(?:total|overall|cumulative) (?:investment|commitment|stake|funding|backing)[\w\s]{0,30}?"
    r"(?:to|of|at|is|stands at|reached)|for a total of|in total,? |totall?ing|taking (?:its|the) total to|"
    r"raising (?:its|the) total (?:investment )?to)\s*(?:about|roughly|around|nearly|some|more than|over|"
    r"approximately)?\s*$", re.I)
_REDUCED_TO = re.compile(r"\b(?:cut|cuts|cutting|reduce[sd]?|reducing|lower(?:s|ed|ing)?|trim(?:s|med|ming)?|"
                         r"slash(?:es|ed|ing)?|scal(?:e|es|ed|ing) back)\b[^.;$€£]{0,50}\bto\s*(?:about|roughly|"
                         r"around|some|approximately)?\s*$", re.I)
_CUMULATIVE_AFTER = re.compile(r"^\s*(?:in total|altogether|all told|overall|total|in all)\b", re.I)
_NOT_DEAL_AMOUNT = re.compile(
    r"(revenue|sales|capex|capital expenditure|spending on (?:ai|data|infrastructure)|loss(?:es)?|profit|"
    r"income|earnings|market (?:cap|value|capitali[sz]ation)|salary|salaries|pay package|budget|costs?|"
    r"fine|penalty|debt|bonds?|buyback|dividend)\W+(?:\w+\W+){0,4}$", re.I)
_NEGATED_ACQ = re.compile(r"\b(not (?:an? |a full |a formal |an outright )?(?:acquisition|takeover|merger|purchase)|"
                          r"stopp?(?:ed|ing) short of (?:an? )?(?:acquisition|takeover|buying)|"
                          r"rather than (?:an? )?(?:acquisition|acquiring|buying)|instead of (?:buying|acquiring|an? "
                          r"acquisition)|without (?:buying|acquiring))\b", re.I)
_ROUND = re.compile(r"\b(round|series [a-h]\b|seed|fundrais\w*|funding|financing|raise[sd]?|raising|tranche)\b",
                    re.I)
_ROUND_NOUN = re.compile(r"\b(?:round|series [a-z]\b|seed|funding|financing|fundrais\w*|syndicate|investors)\b", re.I)
_REL_PRONOUNS = {"which", "that", "who", "whom", "whose"}
_SOUGHT_ROUNDS = frozenset({"round", "raise", "fundraising", "fundraise", "financing", "funding", "series"})
# Verbs whose subject does something to a round other than seeking it ("rejected a round", "valued the round").
_SOUGHT_NOT = frozenset({"reject", "deny", "value", "price", "follow", "dwarf", "top", "beat", "surpass", "report",
                         "cover", "describe", "write", "say"})
_VEHICLE_NOUNS = {"fund", "arm", "unit", "vehicle", "affiliate", "subsidiary"}  # a firm's own money in another's deal
_PARTICIPATION = re.compile(r"\bparticipat(?:ion|ing|ed)\b", re.I)  # backers who took part: a round's, not its sole
_CHIP_VENDOR_TAGS = ("chipmaker", "gpu", "semiconductor", "server")


def _is_chip(t: Token) -> bool:
    return t.lower_ in LEX["chip_noun"] or t.lemma_.lower() in LEX["chip_noun"]

_PREP_ROLES = {"in", "into", "from", "by", "with", "to", "of", "on", "for", "including", "among", "behind", "via",
               "through", "alongside", "as"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                           "august", "september", "october", "november", "december"])}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DATE_RE = re.compile(
    r"\b(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?P<rel>yesterday|today|last week)|"
    r"(?P<iso>\d{4}-\d{2}-\d{2})|"
    r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?|"
    r"(?P<day2>\d{1,2})\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+"
    r"(?P<year2>\d{4}))\b", re.I)


@dataclass
class _Raw:
    """A deal candidate while it is being assembled."""

    type: str
    source: FirmMention | None
    target: FirmMention | None
    trigger: Token
    sent: Span
    amount: Amount | None = None
    valuation: float | None = None
    status: str = "announced"
    confidence: float = 0.6
    cumulative: bool = False
    evidence_end: int | None = None  # extended when the amount came from the next sentence
    extra: dict[str, Any] = field(default_factory=dict)


class DealExtractor:
    """Turn firm mentions, amounts and trigger words into `Deal`s."""

    def __init__(self, base: FirmBase) -> None:
        self.base = base

    def __call__(self, doc: Doc) -> Doc:
        _TEXT.clear()
        _TEXT[id(doc)] = (doc, doc.text)
        try:
            return self._extract(doc)
        finally:
            _TEXT.clear()

    def _extract(self, doc: Doc) -> Doc:
        firms: list[FirmMention] = doc._.firms or []
        base = self.base.with_inferred(infer_kinds(doc, firms, self.base))
        amounts: list[Amount] = doc._.amounts if doc._.amounts is not None else list(find_amounts(_doc_text(doc)))
        amounts = sorted(amounts, key=lambda a: a.start_char)
        raws: list[_Raw] = []
        ctx = _RoundContext()
        last_pair: tuple[FirmMention, FirmMention] | None = None
        last_inv: tuple[_Raw, int] | None = None
        sents = list(doc.sents)
        by_token = {}
        for m in firms:
            for i in range(m.start, m.end):
                by_token[i] = m
        # Group firms and amounts by sentence once (bisect), so long texts stay linear.
        firm_starts = [m.start for m in firms]
        amount_starts = [a.start_char for a in amounts]
        per_sent = [(firms[bisect_left(firm_starts, st.start):bisect_left(firm_starts, st.end)],
                     amounts[bisect_left(amount_starts, st.start_char):bisect_left(amount_starts, st.end_char)])
                    for st in sents]
        items: list[tuple[_SentenceReader, FirmMention, Amount | None]] = []
        section: tuple[FirmMention, int] | None = None  # the last heading naming one firm, and where
        lead_in: FirmMention | None = None  # a firm named alone before a colon, whose line follows
        for si, sent in enumerate(sents):
            if sent.text.count("|") >= 2:
                continue  # a table row, not prose
            s_firms, s_amounts = per_sent[si]
            if not s_firms and not _PAIR_MENTION.search(sent.text):
                if lead_in is not None and section is not None:  # "Meta: $3bn over five years (Nov. 11)."
                    reader = _SentenceReader(base, sent, s_firms, s_amounts, by_token)
                    raws.extend(_customer_line(reader, section[0], lead_in, []))
                elif s_amounts:
                    reader = _SentenceReader(base, sent, s_firms, s_amounts, by_token)
                    raws.extend(reader.unnamed_investment() or _running_total(reader, [], last_inv, si))
                lead_in = None
                continue
            heading = _heading_firm(sent, s_firms)
            colon = heading is not None and sent.text.rstrip().endswith(":")
            if colon and section is not None and si - section[1] <= _SECTION_REACH:
                lead_in = heading  # "Nebius. Microsoft: $17.4bn …": a customer's name leading its line
                continue
            if heading is not None:  # "2) HUGGING FACE, NEW YORK." opens a section about that firm
                ctx.raiser, ctx.status, ctx.sent_i = heading, None, si
                section = None if colon else (heading, si)  # ("AWS:" leads a line; it opens no section)
                lead_in = None
                continue
            opener = _item_firm(sent, s_firms)
            if opener is not None:  # "- Harvey (legal AI): $150M led by …": the item's firm is the one raising
                ctx.raiser, ctx.status, ctx.sent_i = opener, None, si
            reader = _SentenceReader(base, sent, s_firms, s_amounts, by_token)
            reader.last_pair = last_pair
            if (item := _scorecard_item(sent, s_firms, s_amounts)) is not None:
                items.append((reader, *item))
            found = reader.read()
            if section is not None and si - section[1] <= _SECTION_REACH:
                found.extend(_customer_line(reader, section[0], lead_in, found))
            lead_in = None
            _fill_raiser(found, ctx, si)
            for r in found:  # "Investors included A and B. Nvidia is also a shareholder.": of the round just told
                if r.extra.get("needs_topic") and r.target is None and ctx.raiser is not None and r.source \
                        and ctx.raiser.name != r.source.name and si - ctx.sent_i <= _PARTICIPANT_REACH:
                    r.target = ctx.raiser
            found.extend(reader.participants(found, ctx, si))
            ctx.update(found, si)
            nxt = sents[si + 1] if si + 1 < len(sents) else None
            nxt_firms, nxt_amounts = per_sent[si + 1] if nxt is not None else ([], [])
            for raw in found:
                _attach_following(raw, nxt, nxt_amounts, nxt_firms)
            found.extend(_running_total(reader, found, last_inv, si))
            told = [r for r in found if r.source and r.target and r.source.name and r.target.name
                    and not r.extra.get("listed")]
            if told and told[-1].source is not None and told[-1].target is not None:
                last_pair = (told[-1].source, told[-1].target)  # a listed participant is not "the two companies"
            invs = [r for r in told if TYPE_FAMILY[r.type] == "investment" and not r.cumulative]
            if invs:
                last_inv = (invs[-1], si)
            if reader.chip_words or "adopt" in reader.words:
                found.extend(reader.return_leg(found, last_inv, si))
            if reader.has_credits and not any(TYPE_FAMILY[r.type] == "investment" for r in found):
                found.extend(reader.credit_share(last_inv, si))
            raws.extend(found)
        raws.extend(_scorecard(items, firms, raws))
        _fill_topic(raws, firms, base)
        _fill_holder_topic(raws, firms)
        by_sent: dict[int, list[_Raw]] = {}
        for r in raws:
            by_sent.setdefault(r.sent.start, []).append(r)
        for group in by_sent.values():
            _mark_tranches(group)
        deals = [_to_deal(r, doc) for r in raws]
        distinct = {id(d) for d, r in zip(deals, raws, strict=True) if d is not None and r.extra.get("tranche")}
        merged = merge_deals((d for d in deals if d is not None), distinct=distinct)
        # spaCy's multiprocessing ships user_data through msgpack: keep only plain JSON-able values on the Doc.
        doc._.deals = [deal_to_dict(d) for d in merged]
        doc._.firms = [_plain(m) for m in firms]
        doc._.amounts = [_plain(a) for a in amounts]
        return doc


_ITEM_DASHES = frozenset({"-", "–", "—", ":"})


def _leg_status(own: str, deal: str) -> str:
    """The status of a second leg told beside a deal: the deal's, unless the leg's own sentence hedges it ("according
    to people close to it"); talks stay talks whoever reports them."""
    if own == "announced" or (own, deal) == ("reported", "in_talks"):
        return deal
    return own


def _scorecard_item(sent: Span, firms: list[FirmMention],
                    amounts: list[Amount]) -> tuple[FirmMention, Amount | None] | None:
    """"Intel - $5 billion in common stock, at $23.28 a share.": a line that opens with a firm, a dash and a
    figure (or "undisclosed") is one entry of a list of someone's bets; the firm and its figure."""
    doc = sent.doc
    if _line_before(doc, sent.start_char).strip(" \t-•*") or not firms:
        return None
    m = firms[0]
    if m.start_char - sent.start_char > 2 or m.end >= sent.end or doc[m.end].text not in _ITEM_DASHES \
            or not m.name or m.via in ("anaphor", "context"):
        return None
    window = doc[m.end + 1:min(m.end + 6, sent.end)]
    if not len(window):
        return None
    own = next((a for a in amounts if window.start_char <= a.start_char < window.end_char), None)
    if own is None and not any(t.lower_ in ("undisclosed", "unspecified", "stake") for t in window):
        return None
    return m, own


def _scorecard(items: list[tuple[_SentenceReader, FirmMention, Amount | None]], firms: list[FirmMention],
               raws: list[_Raw]) -> list[_Raw]:
    """A list of at least two such lines is one backer's bets: the firm the rest of the text names most (and at
    least twice) pays each listed firm its figure."""
    if len(items) < 2:
        return []
    listed = {m.name for _, m, _ in items}
    at = {m.start for _, m, _ in items}
    counts: dict[str, int] = {}
    for f in firms:
        if f.name and f.start not in at and f.name not in listed:
            counts[f.name] = counts.get(f.name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return []
    owner = next(f for f in firms if f.name == ranked[0][0])
    out = []
    for reader, m, own in items:
        here = [r for r in raws if r.sent.start == reader.sent.start]
        for r in here:
            if r.target is not None and r.target.name == owner.name and r.target.via in (
                    "context", "anaphor", "descriptor", "apposed") and (r.source is None or r.source.name != m.name):
                r.target = m  # ("Crusoe - a stake in the data-center developer's round": the line's firm)
            elif r.source is not None and r.source.name == m.name and r.target is not None and (
                    r.target.name == owner.name or r.target.via in ("context", "anaphor", "descriptor", "apposed")):
                raws.remove(r)  # the list's firm read as paying its backer (or a description of itself): backwards
        if any(r.target is not None and r.target.name == m.name and TYPE_FAMILY[r.type] == "investment"
               and r.source is not None and r.source.name == owner.name
               for r in raws if r.sent.start == reader.sent.start):
            continue  # the line's own words already told the deal
        trig = reader.sent.doc[m.end]
        raw = _Raw("equity_investment", owner, m, trig, reader.sent, confidence=0.5,
                   extra={"own_amount": own} if own is not None else {"no_amount": True})
        reader._finish(raw)
        out.append(raw)
    return out


def _free_relative(tok: Token) -> Token | None:
    """"Closed what is probably the largest seed round in history": the object a free relative names."""
    return next((a for c in tok.children if c.dep_ == "ccomp" and c.lemma_ == "be"
                 and any(w.lower_ == "what" for w in c.children) for a in c.children if a.dep_ == "attr"), None)


def _set_aside(tok: Token) -> bool:
    """"Instead of investing cash, AMD issued a warrant", "rather than invest": the alternative not taken."""
    doc = tok.doc
    i = tok.left_edge.i if tok.dep_ != "pcomp" else tok.i
    before = doc[max(0, i - 3):i].text.lower() if i > 0 else ""
    return bool(re.search(r"\b(?:instead of|rather than)$", before))


def _heading_firm(sent: Span, firms: list[FirmMention]) -> FirmMention | None:
    """A short verbless line naming one firm ("3) RUNWAY, NEW YORK.", "Mistral AI:"): a section heading."""
    if len(sent) > 12 or any(t.pos_ in ("VERB", "AUX") and t.ent_type_ != "FIRM" for t in sent):
        return None
    named = {m.name for m in firms if m.name and m.via not in ("anaphor", "context", "descriptor")}
    if len(named) != 1:
        return None
    return next(m for m in firms if m.name in named)


_SECTION_REACH = 4  # sentences after a one-firm heading that can still be lines about its customers


def _customer_line(reader: _SentenceReader, provider: FirmMention, lead_in: FirmMention | None,
                   found: list[_Raw]) -> list[_Raw]:
    """"Nebius. Microsoft: $17.4bn over five years for dedicated GPU capacity.": under a heading naming a cloud,
    a line opening with another firm and a colon is that firm's contract with the cloud."""
    sent, doc = reader.sent, reader.sent.doc
    named = [m for m in reader.firms if m.name and m.via not in ("anaphor", "context")]
    if lead_in is not None:
        customer, trig = lead_in, sent[0]
        if any(m.name not in (customer.name, provider.name) and doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")
               for m in named):
            return []  # "Qualcomm: HUMAIN and Qualcomm Technologies have signed …": the line tells its own deal
    elif named and named[0].start == sent.start and named[0].end < sent.end and doc[named[0].end].text == ":":
        customer, trig = named[0], doc[named[0].end]
    else:
        return []
    if customer.name == provider.name or not reader.base.has_tags(provider.name, ("cloud", "neocloud", "data_center")) \
            or any(r.source is not None and r.source.name == customer.name for r in found) \
            or not (reader.amounts or reader.cloud_words or reader.chip_words or reader.words & _RENT_WORDS):
        return []
    raw = _Raw("cloud_commitment", customer, provider, trig, sent, confidence=0.5)
    reader._finish(raw)
    raw.amount = next((a for a in reader.amounts if a.value is not None or a.low is not None), None)
    return [raw]


def _item_firm(sent: Span, firms: list[FirmMention]) -> FirmMention | None:
    """A list item that opens with a firm and a colon or bracket ("- Suno (AI music): $250M Series C …")."""
    if not firms or not firms[0].name or firms[0].via in ("anaphor", "context"):
        return None
    m, doc = firms[0], sent.doc
    if _line_before(doc, m.start_char).strip() not in ("-", "•", "*", "–", "—") or m.end >= sent.end \
            or doc[m.end].text not in ("(", ":"):
        return None
    return m


@dataclass
class _RoundContext:
    """The firm whose funding the article is currently about, so that "X and Y also took part" finds it."""

    raiser: FirmMention | None = None
    status: str | None = None
    sent_i: int = -99

    def update(self, found: list[_Raw], si: int = -99) -> None:
        rounds = [r for r in found if r.type == "funding_round" and r.target is not None and r.target.name]
        invs = [r for r in found if TYPE_FAMILY[r.type] == "investment" and r.target is not None and r.target.name]
        picks = rounds or invs
        if not picks:
            return
        pick = picks[-1]
        assert pick.target is not None
        self.sent_i = si
        if self.raiser is None or pick.target.name != self.raiser.name:
            self.status = pick.status if rounds else None
        elif rounds and (self.status is None or pick.status != "reported"):
            self.status = pick.status  # a hedge on the lead's own cheque does not make the whole round hearsay
        self.raiser = pick.target


# Taking a start-up's people, told without the word "hire": "bring back its co-founder", "its founders joined".
_TALENT = re.compile(r"\b(?:br(?:ing|ings|ought|inging) back|(?:co-?)?founders? (?:joined|joins|will join)|"
                     r"(?:staff|team|employees|researchers) (?:joined|joins|will join|moved|move)|"
                     # "bring in Enfabrica's chief executive", "brought co-founder X", "taking on its founders"
                     r"(?:br(?:ing|ings|ought|inging)|t(?:ook|ake|akes|aking)) (?:back |in |on |over |aboard )?"
                     r"(?:its |the |their |[A-Z][\w.&-]*(?:'s|’s) )?(?:(?:three|two|four|top) )?"
                     r"(?:co-?founders?|founders?|chief executive|ceo|team|staff|employees|researchers))\b", re.I)
def _running_total(reader: _SentenceReader, found: list[_Raw], last_inv: tuple[_Raw, int] | None,
                   si: int) -> list[_Raw]:
    """"Wednesday's payment ... brings the total to $4 billion": a running total in a sentence that names no
    investment of its own belongs to the investment told just before (at most two sentences back)."""
    if not reader.cumulatives or last_inv is None or si - last_inv[1] > 2:
        return []
    if any(TYPE_FAMILY[r.type] == "investment" for r in found):
        return []
    prev = last_inv[0]
    raw = _Raw(prev.type if prev.type != "funding_round" else "equity_investment", prev.source, prev.target,
               reader.sent[0], reader.sent, amount=reader.cumulatives[0], status="completed", confidence=0.5,
               cumulative=True)
    if raw.source is None or raw.target is None:
        return []
    return [raw]


# What money is put into when it is put into no firm: places and physical assets.
_ASSET_NOUNS = frozenset({"infrastructure", "hub", "centre", "center", "datacenter", "datacentre", "data-centre",
                          "campus", "facility", "plant", "factory", "fab", "site", "cluster", "country", "region",
                          "economy", "project", "capacity", "expansion", "operation", "construction", "build-out",
                          "buildout", "network", "park", "grid", "state", "city", "nation", "supercomputer",
                          # and spending with no payee: "pour $400 billion into capital spending"
                          "spending", "capex", "expenditure", "outlay", "budget", "research"})
_JOINT_CUES = frozenset({"together", "jointly", "join", "combine", "pool", "work", "with"})  # see _joint_work
_PUBLIC_AID = frozenset({"grant", "subsidy", "subsidies", "incentive", "incentives", "award"})
_PICK_VERBS = frozenset({"use", "choose", "select", "pick", "tap", "name", "designate", "hire", "appoint"})
_PROVIDER_ROLES = frozenset({"operator", "provider", "partner", "supplier", "host", "cloud", "vendor"})
_SEND_VERBS = frozenset({"send", "wire", "transfer", "remit"})
_APPROACH_VERBS = frozenset({"approach", "sound", "court", "pitch", "woo", "solicit"})
_TRANCHE_WORDS = frozenset({"further", "another", "additional", "second", "fresh", "follow-on", "subsequent"})


def _mark_tranches(found: list[_Raw]) -> None:
    """"invested $1 billion in OpenAI in 2019 and followed up with a further injection in 2021": a further
    investment told beside another between the same two firms is a deal of its own, with only its own amount."""
    inv = [r for r in found if TYPE_FAMILY[r.type] == "investment" and r.source and r.target]
    for r in inv:
        if r.source is None or r.target is None:
            continue
        if not any(c.lemma_.lower() in _TRANCHE_WORDS for c in r.trigger.children if c.dep_ in ("amod", "advmod")):
            continue
        others = [o for o in inv if o is not r and o.trigger.i != r.trigger.i and o.source is not None
                  and o.target is not None and (o.source.name, o.target.name) == (r.source.name, r.target.name)]
        if not others:
            continue
        r.extra["tranche"] = True
        if r.amount is not None and any(o.amount is r.amount for o in others):
            r.amount = None  # the other statement's figure is not this tranche's


def _fill_topic(raws: list[_Raw], firms: list[FirmMention], base: FirmBase) -> None:
    """"The search company paid $300 million for a stake of 10%": an investor's sized cheque whose recipient the
    sentence never names goes to the firm the article is about, when that is unambiguous (named far more often
    than any other firm, and the recipient of money elsewhere in the article)."""
    open_raws = [r for r in raws if r.type == "equity_investment" and r.target is None and r.source is not None
                 and r.source.name and r.amount is not None and r.amount.value is not None
                 and not r.extra.get("unnamed") and not r.cumulative
                 and not any(c.dep_ == "prep" and c.lower_ in ("in", "into", "to") and any(
                     g.dep_ == "pobj" and g.lemma_.lower() not in _ROUND_PARTS | _STAKE_WORDS and g.pos_ != "NUM"
                     and g.ent_type_ not in ("DATE", "TIME") for g in c.children)
                     for c in r.trigger.children)]
    # ("put £2 billion into the UK's start-ups": the money went somewhere the text names, just not a firm)
    if not open_raws:
        return
    # "OpenAI signed a $11.9 billion contract for CoreWeave's capacity. In May, OpenAI committed a further $4
    # billion.": a further commitment by a firm whose last deal was a cloud or chip contract adds to that contract
    for r in list(open_raws):
        if r.trigger.lemma_.lower() not in ("commit", "spend", "pay", "add"):
            continue
        prev = [p for p in raws if p is not r and p.sent.start < r.sent.start and p.source is not None
                and p.target is not None and p.source.name == (r.source.name if r.source else None)]
        if prev and prev[-1].type in ("cloud_commitment", "chip_supply") and r.sent.start - prev[-1].sent.end < 400:
            r.type, r.target = prev[-1].type, prev[-1].target
            open_raws.remove(r)
    if not open_raws:
        return
    # "The e-commerce group put in its first $1.25 billion in September": an investor already told investing in
    # exactly one firm in this article is putting more money into that firm.
    known: dict[str, set[str]] = {}
    firm_of: dict[str, FirmMention] = {}
    for r in raws:
        if TYPE_FAMILY[r.type] == "investment" and r.source and r.target and r.source.name and r.target.name:
            known.setdefault(r.source.name, set()).add(r.target.name)
            firm_of.setdefault(r.target.name, r.target)
    for r in list(open_raws):
        assert r.source is not None
        targets = known.get(r.source.name or "", set())
        if len(targets) == 1:
            r.target = firm_of[next(iter(targets))]
            r.confidence = min(r.confidence, 0.45)
            open_raws.remove(r)
    if not open_raws:
        return
    top = _topic_name(firms)
    if top is None:
        labs = {m.name for m in firms if m.name and ((rec := base.get(m.name)) is None or rec.firm.kind == "ai_lab")}
        lab = next((m for m in firms if len(labs) == 1 and m.name in labs and m.via not in ("anaphor", "context")),
                   None)
        for r in open_raws:  # "Who has paid for Claude? … - Sept 2023: Amazon commits up to $4bn.": in a timeline
            if lab is not None and _list_item(r.sent) and r.source is not None and r.source.name != lab.name:
                r.target = lab  # of big backers and one AI lab, each item's open cheque goes to that lab
                r.confidence = min(r.confidence, 0.45)
        return
    topic = next((r.target for r in raws if TYPE_FAMILY[r.type] == "investment" and r.target is not None
                  and r.target.name == top), None)
    if topic is None:
        return
    for r in open_raws:
        if r.source is not None and r.source.name != top:
            r.target = topic
            r.confidence = min(r.confidence, 0.45)


def _topic_name(firms: list[FirmMention]) -> str | None:
    """The firm an article is about: named at least four times and at least twice as often as any other."""
    counts: dict[str, int] = {}
    for m in firms:
        if m.name:
            counts[m.name] = counts.get(m.name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 4 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def _topic_firm(firms: list[FirmMention]) -> FirmMention | None:
    name = _topic_name(firms)
    return next((m for m in firms if m.name == name and m.via not in ("anaphor", "context")), None) if name else None


def _fill_holder_topic(raws: list[_Raw], firms: list[FirmMention]) -> None:
    """"Perplexity … Nvidia has been an investor since early 2024": a holder said to be an investor in no named
    firm holds a stake in the firm the article is about, when that is unambiguous; otherwise no deal."""
    open_raws = [r for r in raws if r.extra.get("needs_topic") and r.target is None]
    topic = _topic_firm(firms) if open_raws else None
    for r in open_raws:
        if topic is not None and r.source is not None and r.source.name != topic.name:
            r.target = topic
            r.confidence = min(r.confidence, 0.45)


_ITEM_MARK = re.compile(r"\s*(?:[-•*–]|\d{1,2}[.)/])\s")


def _list_item(sent: Span) -> bool:
    """A sentence on a line that opens with a bullet or an item number ("- Sept 2023: Amazon commits…")."""
    text = _doc_text(sent.doc)
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    return bool(_ITEM_MARK.match(text, line_start))


_RAISER_REACH = 2
_PARTICIPANT_REACH = 4  # sentences after a round in which a list of backers is still about it
_FALLTHROUGH_OFF = False  # sentences after a round in which an unnamed recipient is still the firm raising


def _fill_raiser(found: list[_Raw], ctx: _RoundContext, si: int) -> None:
    """"SoftBank put in $500 million." right after a round: the money goes to the firm raising, when the
    sentence names no recipient at all and the round was told at most two sentences before."""
    for raw in found:  # "ASML will invest €1.3 billion in Mistral AI, leading a €1.7 billion round": the lead's
        if raw.extra.get("needs_raiser") and raw.source is not None and any(  # cheque is told; no second deal
                r is not raw and r.source is not None and r.source.name == raw.source.name for r in found):
            raw.extra["no_raiser"] = True
    here = [r.target for r in found if r.type == "funding_round" and r.target is not None and r.target.name]
    raiser = here[-1] if here else ctx.raiser  # "X is raising $2 billion, and Y plans to invest $1 billion of that"
    if raiser is None or not raiser.name or (not here and si - ctx.sent_i > _RAISER_REACH):
        return
    for raw in found:
        if TYPE_FAMILY[raw.type] != "investment" or raw.target is not None or raw.source is None \
                or raw.extra.get("no_raiser"):
            continue
        holder = [raw.trigger] + ([raw.trigger.head] if raw.trigger.pos_ == "NOUN" and raw.trigger.dep_ == "dobj"
                                  else [])  # "wrote a $10 million check into the round": the verb holds the "into"
        into = [g for h in holder for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "into", "to")
                for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]  # not "In April"
        round_pp = bool(into) and all(g.lemma_.lower() in _ROUND_PARTS for g in into)
        if raw.source.name == raiser.name:
            continue
        cheque = raw.trigger.lower_ in ("check", "cheque") and raw.amount is not None  # "ASML wrote a €1.3bn cheque"
        if ((raw.trigger.pos_ != "VERB" and not round_pp) or (raw.amount is None and not round_pp)) and not cheque:
            verb = raw.trigger.head if raw.trigger.dep_ in ("dobj", "attr") else None
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
            if subj is None or subj.lemma_.lower() not in _ROUND_PARTS:
                continue  # but "the extension included a new investment from BCE" is part of the round
        if into and not round_pp:
            continue  # "put $X into <something unnamed>": not necessarily the round
        raw.target = raiser
        if not here:
            raw.status = ctx.status or raw.status if raw.status in ("announced", "completed") else raw.status


class _SentenceReader:
    """Reads the deals out of one sentence."""

    def __init__(self, base: FirmBase, sent: Span, firms: list[FirmMention], amounts: list[Amount],
                 by_token: dict[int, FirmMention]) -> None:
        self.base = base
        self.sent = sent
        self.firms = firms
        self.by_token = by_token
        self.toks = list(sent)  # (iterating a Span builds new Tokens each time: the readers below share one list)
        self.text = sent.text
        self.lower = sent.text.lower()
        self.amounts, self.valuations, self.cumulatives = self._classify_amounts(amounts)
        self.last_pair: tuple[FirmMention, FirmMention] | None = None  # parties of the deal told last
        # Words of firm names ("Ampere Computing", "ZT Systems") say nothing about what a deal is for.
        plain = [t for t in self.toks if t.i not in by_token or by_token[t.i].text.lower() in _products(base)
                 or (by_token[t.i].name in base and base.has_tags(by_token[t.i].name, ("cloud", "neocloud",
                                                                                          "data_center")))]
        # (but the name of a firm new to the base, "Halden Cloud", is only a name)
        lemmas = [t.lemma_.lower() for t in plain]
        lowers = [t.lower_ for t in plain]
        self.words = set(lemmas) | set(lowers)
        self.chip_words = bool(self.words & LEX["chip_noun"])
        self.cloud_words = bool(self.words & LEX["cloud_noun"]) or any(p in self.lower for p in LEX["cloud_role"]) \
            or any(self._neocloud_contract(m) for m in firms) \
            or bool(self.chip_words and self.words & _RENT_WORDS) \
            or bool(self.words & (_RENT_WORDS | {"leases", "leased", "tenant", "tenants"}) and any(
                m.name and base.has_tags(m.name, ("cloud", "neocloud", "data_center")) for m in firms)) \
            or bool(self.words & {"commitment", "commitments", "spending"} and any(
                m.name and base.has_tags(m.name, ("neocloud",)) for m in firms))
        # (renting GPUs is buying cloud capacity; so is a lease with a data-centre firm)
        self.has_credits = "credit" in self.words or "credits" in self.words
        self.is_round = bool(_ROUND.search(self.text))
        self._starts = [t.idx for t in sent]

    def _neocloud_contract(self, m: FirmMention) -> bool:
        """A contract with a GPU cloud is for its capacity, whatever words it uses: "a five-year agreement worth
        $11.9 billion with CoreWeave", "its CoreWeave contract"."""
        if not m.name or m.via == "context" or not self.base.has_tags(m.name, ("neocloud",)):
            return False
        root = self.sent.doc[m.start:m.end].root
        if root.dep_ == "nsubj" and any(c.dep_ == "dobj" and c.lemma_.lower() in _DEAL_WORDS
                                        for c in root.head.children):
            return True  # "CoreWeave disclosed a $14 billion deal with Meta"
        if any(c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "nsubjpass", "dobj") and g.lemma_.lower() in _DEAL_WORDS
                                         and any(w.lower_ == "whose" for w in g.children) for g in c.children)
               for c in root.children):
            return True  # "CoreWeave, whose contracts with OpenAI now total $22.4 billion"
        head = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("with", "to") else root.head \
            if root.dep_ in ("compound", "poss") else None
        if head is not None and head.pos_ == "NOUN" and head.lemma_.lower() in ("spending", "spend", "commitment") \
                and root.dep_ == "pobj":
            return True  # "OpenAI's commitments to CoreWeave", "its planned spending with CoreWeave"
        if head is not None and head.pos_ == "VERB" and root.dep_ == "pobj" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _DEAL_WORDS for c in head.children):
            return True  # "signed a $3 billion deal with the same company": "with" hangs off the verb
        for _ in range(3):  # "an agreement worth $11.9 billion with CoreWeave": "with" may hang off "worth"
            if head is None or head.lemma_.lower() in _DEAL_WORDS or head.dep_ not in ("amod", "prep", "npadvmod"):
                break
            head = head.head
        return head is not None and head.lemma_.lower() in _DEAL_WORDS

    def _tok_at(self, char: int) -> int:
        """Index of the token of this sentence covering a character offset (-1 when before the sentence)."""
        k = bisect_right(self._starts, char) - 1
        return self.sent.start + k if k >= 0 else -1

    # -- amounts --
    def _classify_amounts(self, amounts: list[Amount]) -> tuple[list[Amount], list[Amount], list[Amount]]:
        deal_amounts, valuations, cumulative = [], [], []
        doc_text = _doc_text(self.sent.doc)
        for a in amounts:
            before = doc_text[max(self.sent.start_char, a.start_char - 60):a.start_char]
            after = doc_text[a.end_char:min(self.sent.end_char, a.end_char + 30)]
            if _CONTRACT_VALUED.search(before):
                deal_amounts.append(a)  # "a 15-year lease with AWS, valued at $5.5 billion": the contract's size
            elif _VALUATION_BEFORE.search(before) or _VALUATION_AFTER.search(after):
                valuations.append(a)
            elif _REDUCED_TO.search(before):
                continue  # "can cut its total commitment to $20 billion": a smaller figure it may fall to, no deal
            elif _CUMULATIVE_BEFORE.search(before) or _CUMULATIVE_AFTER.search(after):
                cumulative.append(a)
            elif _NOT_DEAL_AMOUNT.search(before) or (a.usd is not None and a.usd < 100_000):
                continue  # "$23.28 a share", "closed at $693.30": prices, not deal sizes
            else:
                deal_amounts.append(a)
        return deal_amounts, valuations, cumulative

    # -- syntax helpers --
    def mention_of(self, tok: Token | None) -> FirmMention | None:
        """The firm a token stands for: itself, its relative-clause head, or the first firm in its phrase."""
        if tok is None:
            return None
        if tok.lower_ in _REL_PRONOUNS and tok.dep_ == "pobj" and tok.head.head.dep_ == "relcl":
            ante = tok.head.head.head  # "G42, in which Microsoft invested": the relative clause's antecedent
            k = tok.head.i - 1 if tok.doc[tok.head.i - 1].text != "," else tok.head.i - 2
            near = self.by_token.get(k) if ante.i not in self.by_token and k >= self.sent.start else None
            # ("bets beyond OpenAI, in which it has invested": the parse hangs the clause on "bets")
            if ante.i not in self.by_token and ante.dep_ == "appos" and ante.head.i in self.by_token:
                return self.by_token[ante.head.i]  # "Anthropic, the OpenAI rival in which it has invested"
            return self.by_token.get(ante.i) or near  # "an alliance, in which X will invest": no firm
        if tok.lower_ == "whose" and tok.dep_ == "poss":
            x = tok.head  # "SSI, whose $2 billion round …": the owner is the clause's antecedent
            for _ in range(3):
                if x.dep_ == "relcl":
                    return self.mention_of(x.head) if x.head.i != tok.i else None
                if x.head.i == x.i:
                    break
                x = x.head
            return None
        if tok.lower_ in _REL_PRONOUNS and tok.head.dep_ == "relcl":
            tok = tok.head.head
            if tok.dep_ == "appos" and tok.head.i in self.by_token and tok.i not in self.by_token:
                return self.by_token[tok.head.i]  # "G42, the Abu Dhabi group that was its biggest customer"
            if tok.i not in self.by_token and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
                    and tok.head.head.i in self.by_token:
                return self.by_token[tok.head.head.i]  # "Aleph Alpha, of Heidelberg, which had raised…"
        if tok.i in self.by_token:
            return self.by_token[tok.i]
        if tok.pos_ == "NUM":
            return None  # "put in its first $1.25 billion": an amount is no firm, whoever owns it
        # A firm inside the noun phrase: "the San Francisco startup Anthropic", "Amazon's cloud unit".
        best = None
        for t in tok.subtree:
            if t.i in self.by_token and t.dep_ not in ("relcl",) and _in_np(t, tok):
                m = self.by_token[t.i]
                if best is None or abs(t.i - tok.i) < abs(best[0] - tok.i):
                    best = (t.i, m)
        return best[1] if best else None

    def subject(self, tok: Token) -> tuple[Token | None, bool]:
        """(subject token, passive?) of the clause a trigger sits in, climbing through xcomp/relcl chains."""
        t = tok
        via_xcomp = False
        if tok.pos_ == "VERB" and tok.dep_ == "conj" and tok.i > self.sent.start:
            k = tok.i - 1  # "… and Nvidia invested $2 billion in xAI": a name the parse joined to the object before
            while k > self.sent.start and tok.doc[k].dep_ in ("aux", "auxpass", "advmod", "neg"):
                k -= 1
            m = self.by_token.get(k)
            if m is not None and m.name and m.via not in ("anaphor", "context") \
                    and (v := self._stolen_subject(m)) is not None and v.i == tok.i:
                return tok.doc[k], any(c.dep_ == "auxpass" for c in tok.children)
        for _ in range(7):
            subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")
                        and c.ent_type_ not in ("DATE", "TIME")]  # ("March 2025: bought Gretel": no subject)
            # ("Smaller but not small: Kestrel Robotics closed…": of two subjects the parse gives, the firm)
            for c in sorted(subjects, key=lambda x: self.mention_of(x) is None)[:1]:
                c = self._named_instead(c, t)
                if via_xcomp:  # "X is expected to put $2 billion": the infinitive's own voice decides
                    return c, any(g.dep_ == "auxpass" for g in tok.children)
                return c, c.dep_ == "nsubjpass"
            if _infinitival(t):
                agent = next((g for c in t.head.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                              for g in c.children if g.dep_ == "pobj" and g.i in self.by_token), None)
                if agent is not None:
                    return agent, False  # "turned down an approach from Meta to acquire it": Meta would acquire
                t = t.head  # "X is in talks to invest": the parse calls the infinitive a relative clause of "talks"
                continue
            if t.dep_ == "relcl":
                return t.head, False
            if t.dep_ == "acl" and t.i == tok.i and t.head.i in self.by_token and t.head.i < t.i \
                    and any(c.dep_ == "dobj" for c in t.children) and not any(c.dep_ == "agent" for c in t.children):
                return t.head, False  # "Sakana AI of Tokyo, founded by …, raised in September 30 billion yen"
            if t.dep_ in ("acl",) and t.tag_ == "VBN":  # "a startup backed by X"
                return t.head, True
            if t.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "dobj", "pobj", "prep", "attr",
                          "oprd", "npadvmod", "appos", "amod", "compound", "nmod", "advmod", "acomp") \
                    and t.head.i != t.i:  # ("is close to an agreement to license": through the adjective)
                via_xcomp = t.dep_ == "xcomp" and t.head.pos_ in ("VERB", "AUX") and (via_xcomp or t.i == tok.i) \
                    and (t.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children))
                # ("MGX was said to be putting in money": "said" is passive, the putting is not)
                t = t.head
                continue
            break
        # "In September Nscale closed a $1.1bn Series B", "According to people familiar with the situation,
        # Moonshot AI, the Beijing company which develops Kimi, is now finalising a round": the parse swallows the
        # subject into the opening phrase; the nearest firm named before the verb, outside any relative clause, is it
        if t.pos_ == "VERB" and t.dep_ == "ROOT" and _list_item(self.sent) and (x := self._item_subject()) is not None:
            return x, False  # "A timeline: - March 2025: Bought Gretel…": each item's deed is the list's subject's
        if t.pos_ != "VERB" or t.dep_ != "ROOT" or tok.lemma_.lower() not in _OWN_ROUND_VERBS:
            return None, False  # (only for a firm raising or hosting its own round)
        for k in range(t.i - 1, self.sent.start - 1, -1):
            x = t.doc[k]
            if x.pos_ in ("VERB", "AUX") and x.dep_ not in ("aux", "auxpass") and not any(
                    a.dep_ == "relcl" for a in [x, *x.ancestors] if a.i < t.i):
                break  # another clause's verb: what comes before it is no subject of ours
            m = self.by_token.get(k)
            if m is None or not m.name or m.via in ("anaphor", "context") or x.dep_ not in (
                    "pobj", "npadvmod", "compound", "appos"):
                continue
            if any(a.dep_ == "relcl" for a in x.ancestors if a.i < t.i) or m.text.lower() in _products(self.base):
                continue  # "which develops the Kimi model": inside a clause about someone else
            return t.doc[m.end - 1] if x.dep_ == "compound" else x, False
        return None, False

    def _item_subject(self) -> Token | None:
        """The firm a list is about: the subject of the last prose sentence before its items ("So it spent a lot of
        it on other companies. A timeline:"), looking back past the items and at most three prose sentences."""
        doc = self.sent.doc
        k, prose = self.sent.start - 1, 0
        while k >= 0 and prose < 3:
            s = doc[k].sent
            if s.text.strip() and not _list_item(s):
                prose += 1
                for t in s:
                    m = self.by_token.get(t.i)
                    if t.dep_ in ("nsubj", "nsubjpass") and m is not None and m.name:
                        return t
            k = s.start - 1
        return None

    def _named_instead(self, subj: Token, verb: Token) -> Token:
        """"A Paris start-up I spoke with this month, Kestrel AI, closed …": when the subject is a common noun that
        names no firm and a firm's name stands right before the verb (set off by a comma), the name is the
        subject the parse lost."""
        if subj.lower_ in ("each", "both", "all") and subj.i > self.sent.start and self.mention_of(subj) is None:
            m = self.by_token.get(subj.i - 1)  # "at launch SoftBank and OpenAI each pledged": the parse made
            if m is not None and m.name and m.via not in ("anaphor", "context"):  # "each" the subject
                t = verb.doc[m.start:m.end].root
                while t.dep_ == "conj" and t.head.i in self.by_token:
                    t = t.head
                return t
        if subj.lemma_.lower() not in _GENERIC_SUBJECTS or self.mention_of(subj) is not None:
            return subj
        k = verb.i - 1
        while k > subj.i and (verb.doc[k].text == "," or verb.doc[k].dep_ in ("aux", "auxpass", "advmod", "neg")):
            k -= 1
        m = self.by_token.get(k)
        return verb.doc[k] if m is not None and m.name and m.via not in ("anaphor", "context") and k > subj.i else subj

    def preps(self, tok: Token, depth: int = 3) -> dict[str, list[Token]]:
        """Objects of prepositions hanging off a trigger or its object: {"in": [tok], "from": [...]}."""
        out: dict[str, list[Token]] = {}
        frontier = [tok]
        for _ in range(depth):
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ == "agent":
                        objs = [g for g in c.children if g.dep_ == "pobj"]
                        if not objs and c.i + 1 < self.sent.end and c.i + 1 in self.by_token:
                            objs = [c.doc[c.i + 1]]  # "acquired by Cognition days later": a name the parse misread
                        out.setdefault("by", []).extend(objs)
                    elif c.dep_ == "prep":
                        word = c.lower_
                        objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                        # "with Oracle and with CoreWeave": a coordinated preposition repeats the role
                        objs += [g for cc in c.conjuncts if cc.dep_ in ("conj", "prep") and cc.lower_ == word
                                 for g in cc.children if g.dep_ == "pobj"]
                        for o in objs:
                            out.setdefault(word, []).append(o)
                            out[word].extend(cc for cc in o.conjuncts)
                        nxt.extend(objs)
                    elif c.dep_ in ("advcl", "xcomp", "acl") and any(
                            g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                        continue  # "put in $100 million, while the rest came from X": another clause's subject
                    elif c.dep_ in ("dobj", "attr", "npadvmod", "nummod", "quantmod", "appos", "oprd", "acl",
                                    "advcl", "xcomp", "pobj", "compound", "amod", "nmod") or (
                            c.dep_ == "conj" and c.pos_ == "NOUN" and t.i != tok.i):
                        nxt.append(c)  # "$5.8 billion of GPUs and related equipment from Dell"
            frontier = nxt
        return out

    def active_subject(self, tok: Token) -> FirmMention | None:
        """The firm that is the subject of an active `tok` ("Intel approached Apple"); None in the passive."""
        subj, passive = self.subject(tok)
        return None if passive else self.mention_of(subj)

    def dobj(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ in ("dobj", "attr"):
                return c
        return None

    def shared_object(self, tok: Token) -> Token | None:
        """"buy and deploy Nvidia systems": a verb with no object of its own shares the object of the verb
        coordinated with it, when that verb has no subject of its own."""
        if self.dobj(tok) is not None:
            return None
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > tok.i \
                    and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                return self.dobj(c)
        return None

    def possessor(self, tok: Token) -> FirmMention | None:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "nmod") and self.mention_of(c):
                return self.mention_of(c)
        # "Amazon's $4 billion investment": the possessive can hang off the amount.
        for c in tok.children:
            if c.dep_ in ("nummod", "compound", "amod", "quantmod"):
                for g in c.subtree:
                    if g.dep_ == "poss" and g.i in self.by_token:
                        return self.by_token[g.i]
        return None

    def governing_verb(self, tok: Token) -> Token | None:
        t = tok
        for _ in range(4):
            if t.pos_ in ("VERB", "AUX") and t.i != tok.i:
                return t
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def backed_cue(self) -> list[tuple[FirmMention, Token]]:
        """"Nvidia-backed CoreWeave": the backer and the token after the cue."""
        out = []
        for t in self.toks:
            if t.lower_ in ("backed", "funded") and t.i > 0 and t.doc[t.i - 1].text == "-":
                m = self.by_token.get(t.i - 2)
                if m is not None:
                    out.append((m, t))
        return out

    # -- reading --
    def read(self) -> list[_Raw]:
        found: list[_Raw] = []
        used: set[tuple[str, str | None, str | None]] = set()

        def add(raw: _Raw | None) -> None:
            if raw is None:
                return
            s = raw.source.name if raw.source else None
            t = raw.target.name if raw.target else None
            if s is None and t is None:
                return
            if s is not None and s == t:
                return
            if self.base.has_tags(s, ("project",)) or self.base.has_tags(t, ("project",)):
                return  # "G42 is building Stargate UAE": a named site or project is no party
            key = (TYPE_FAMILY[raw.type], s, t)
            if key in used:
                return
            used.add(key)
            found.append(raw)

        acq_negated = bool(_NEGATED_ACQ.search(self.text))
        held: list[_Raw | None] = []
        for tok in self.toks if self.has_credits else ():  # cloud credits handed to a firm are money to it
            if tok.pos_ == "VERB" and tok.lemma_.lower() in _CREDIT_VERBS:
                add(self._credits(tok))
        for tok in self.toks if "pay" in self.words else ():  # paying a firm for a service first: it decides
            if tok.lemma_.lower() == "pay" and tok.pos_ == "VERB":  # what the deal words in the sentence mean
                add(self._paid_service(tok))
        for tok in self.toks:
            lem = tok.lemma_.lower()
            low = tok.lower_
            if tok.i in self.by_token:
                continue
            hire = (lem in LEX["hire"] or low in LEX["hire"]) and (self.words & LEX["license"] or acq_negated)
            lic = (lem in LEX["license"] or low in LEX["license"]) and (
                self.words & LEX["hire"] or _TALENT.search(self.text))
            if hire or lic:
                add(self._acquihire(tok))
            elif lem == "buy" and tok.pos_ == "VERB" and (r := self._bought_into(tok)):
                add(r)  # "Nvidia buys into Intel": a stake, not a takeover
            elif lem in LEX["acquire"] and not acq_negated and self._is_company_purchase(tok):
                raw = self._acquisition(tok)
                add(raw)
                for extra in self._co_targets(raw):  # "bought Deci and OctoAI"
                    add(extra)
            elif lem == "take" and tok.pos_ == "VERB" and not acq_negated and any(
                    c.dep_ == "prt" and c.lower_ == "over" for c in tok.children) and self._is_company_purchase(tok):
                add(self._acquisition(tok))  # "xAI took over X": the phrasal verb of a takeover
            elif lem in ("buy", "purchase", "acquire", "spend") and tok.pos_ == "VERB" and self._share_purchase(tok):
                add(self._share_purchase(tok))
            elif lem in LEX["sell"] and self._is_company_purchase(tok):
                add(self._sale(tok))
            elif ((lem in LEX["buy"] or lem in LEX["supply"] or lem in LEX["deal_noun"]) and self.chip_words
                  and self._has_tagged(_CHIP_VENDOR_TAGS) and self._read_supply(tok, add)) or (
                    (lem in LEX["cloud_verb"] or lem in LEX["deal_noun"] or lem in LEX["supply"]
                     or lem in LEX["buy"] or (lem == "spending" and tok.pos_ == "NOUN"))
                    and self.cloud_words and not self._plain_partnership(tok)
                    and not (lem in LEX["raise"] and self.is_round)  # ("a data-centre firm secured $700m in a round")
                    and self._has_tagged(("cloud", "neocloud", "data_center"))
                    and self._read_supply(tok, add, cloud=True)):
                continue  # a chip or cloud deal was read; when none was, the other readers may try the word
            elif (lem in LEX["invest"] or low in LEX["invest"] or (  # "in which A and B also hold equity"
                    lem == "equity" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _HOLD_VERBS | {"have"})
                   or self._stake_word(tok)) \
                    and not (lem in _VERB_ONLY and tok.pos_ != "VERB") \
                    and not _set_aside(tok) and not (tok.i > 0 and tok.doc[tok.i - 1].text == "-"
                                                     and low in ("backed", "funded")):
                # ("Microsoft-backed OpenAI raised $6.6 billion": the backer is read below, with no figure of its own)
                # "funds affiliated with BlackRock": the noun "fund" is an investment vehicle, not a deal
                raw = self._invest(tok)
                add(raw)
                gapped = self._gapped(raw) + self._more_objects(raw)
                for extra in gapped:
                    add(extra)
                for extra in self._co_payers(raw) + self._co_payees(raw):
                    if not any(extra.target is g.source or extra.source is g.source for g in gapped):
                        add(extra)
                if raw is not None and raw.extra.get("pair_mate") is not None:
                    add(replace(raw, source=raw.extra["pair_mate"], extra={"joint": True}))
                    raw.extra = {"joint": True}
            elif lem in ("double", "top", "add") and tok.pos_ == "VERB" and (r := self._top_up(tok)):
                add(r)  # "Amazon doubled down with another $4 billion", "added $1 billion to its stake"
            elif lem in _ROUND_HOST_VERBS and tok.pos_ == "VERB" and self._round_object(tok) is not None:
                add(self._hosted_round(tok))
            elif lem in _WIN_VERBS and tok.pos_ == "VERB" and (r := self._won_contract(tok)) is not None:
                add(r)  # "Samsung won a foundry contract from Tesla": the seller wins, the customer pays
            elif lem in LEX["raise"] and tok.pos_ == "VERB" and (self.amounts or self.is_round):
                for raw in self._raise(tok):
                    add(raw)
            elif (lem == "issue" and tok.pos_ == "VERB" and (r := self._issued_shares(tok))) or (
                    low in ("%", "percent") and (r := self._percent_of(tok))):
                add(r)  # shares issued to a firm; "a deal for 49% of Scale AI"
            elif lem in LEX["partner"] or low in LEX["partner"] or self._joint_work(tok):
                for raw in self._partners(tok):
                    add(raw)
            elif (lem in LEX["license"] or low in LEX["license"]) and tok.pos_ == "VERB":
                add(self._licence(tok))
            elif low in ("check", "cheque") and tok.pos_ == "NOUN" and any(
                    self._tok_at(a.start_char) in {t.i for t in tok.subtree} for a in self.amounts):
                add(self._invest(tok))  # "wrote a $10 million check into the round"
            elif lem in LEX["lead"] and tok.pos_ == "VERB" and (r := self._led_round(tok)):
                add(r)
            elif lem in _HOLD_VERBS and tok.pos_ == "VERB" and (r := self._ownership(tok)):
                held.append(r)  # after the sentence's own investments, which carry figures
            elif (lem in ("bid", "offer") and tok.pos_ == "NOUN" and (r := self._bid_for(tok))) or (
                    tok.pos_ == "VERB" and ((lem == "pay" and (r := self._paid_for_firm(tok)))
                                            or (lem in _PICK_VERBS and (r := self._picked_provider(tok)))
                                            or (lem in _APPROACH_VERBS and (r := self._approach(tok))))):
                add(r)
            elif lem in _DEAL_WORDS and tok.pos_ == "NOUN" and self._struck(tok):
                for raw in self._partners(tok):  # "signed a five-year deal with Anthropic to sell its models"
                    raw.confidence = 0.5
                    add(self._as_cloud_contract(raw))
        # The role and nominal-round readers walk the whole sentence: run them only when their words occur.
        more: list[_Raw] = (self.cloud_roles() if self.words & _ROLE_NOUNS else []) + (
            self._possessed_rounds() if self.words & _ROUND_WORDS else []) + self._headed_round() + (
            self.investor_roles() if self.words & _HOLDER_NOUNS or {"equity", "partner"} <= self.words else []) + (
            self.customer_roles() if self.words & (_CUSTOMER_NOUNS | _SUPPLIER_NOUNS) else [])
        for extra_raw in more + held:
            add(extra_raw)
            if extra_raw is not None and TYPE_FAMILY[extra_raw.type] == "investment":
                for co in self._co_payers(extra_raw):  # "Tencent and Alibaba became shareholders of Zhipu"
                    add(co)
        for tok in self.toks:  # "came out of stealth with a $12 million seed round from Founders Fund"
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in ("round", "seed", "series", "financing", "funding"):
                for r in self._round_from(tok):
                    add(r)
        if not any(r.type == "funding_round" for r in found):
            for tok in self.toks:  # "shopping a round of $1B-plus", "as part of a $2B raise that X is finalising"
                if tok.lemma_.lower() in _SOUGHT_ROUNDS and tok.pos_ in ("NOUN", "PROPN") and tok.tag_ != "NNS" \
                        and (r := self._sought_round(tok)) is not None:
                    add(r)
                    break
        for tok in self.toks:  # "signed an $11.9 billion contract with CoreWeave, then expanded it by $4 billion"
            if tok.pos_ == "VERB" and tok.lemma_.lower() in _EXPAND_VERBS and (grown := self._expansion(tok, found)):
                found.append(grown)  # (a second deal of the same two firms, so not through `add`)
        for backer, cue in self.backed_cue():
            target = self.mention_of(cue.head) if cue.head.i not in (cue.i,) else None
            if target is None or target is backer:
                target = self._apposed_to(cue) or target  # "CoreWeave, the Nvidia-backed GPU cloud"
            target = target or self._next_firm_after(cue.i, exclude=backer)
            if target is not None and target is not backer:
                add(_Raw("equity_investment", backer, target, cue, self.sent, status="completed", confidence=0.7,
                         extra={"no_amount": True, "standing": True}))
                # ("the Oracle-backed chip designer": a standing holding, with no figure of its own)
        # "SoftBank owns 40% of Stargate, … in which OpenAI and MGX also hold equity", "SoftBank committed $19bn to
        # Stargate, while Oracle also contributes capital": an investor that "also" invests, in no named firm, invests
        # in the one firm the sentence's other investment goes to
        told = {r.target.name: r.target for r in found if TYPE_FAMILY[r.type] == "investment" and r.target is not None
                and r.target.name and r.source is not None}
        if len(told) == 1:
            (name, firm), = told.items()
            for r in found:
                if TYPE_FAMILY[r.type] == "investment" and r.target is None and r.source is not None \
                        and r.source.name != name and any(c.lower_ == "also" for c in (
                            r.trigger.head if r.trigger.pos_ == "NOUN" else r.trigger).children):
                    r.target = firm
                    r.amount, r.extra["no_amount"] = None, True
        pairs = {frozenset((r.source.name if r.source else None, r.target.name if r.target else None))
                 for r in found if r.type != "partnership"}
        found = [r for r in found if r.type != "partnership" or frozenset(
            (r.source.name if r.source else None, r.target.name if r.target else None)) not in pairs
            or self._own_partner_clause(r) or r.extra.get("paid_service")]
        found.extend(self._partnership_beside(found))
        # "an agreement to acquire ZT Systems, a provider of AI infrastructure": buying the firm is the deal; the
        # provider's trade read as a supply deal between the same two firms is the same statement misread
        bought = {frozenset((r.source.name if r.source else None, r.target.name if r.target else None))
                  for r in found if TYPE_FAMILY[r.type] == "acquisition" or r.extra.get("paid_service")
                  or r.type == "credits"}  # (credits handed to a firm are no cloud contract it signed)
        found = [r for r in found if r.type not in ("cloud_commitment", "chip_supply") or frozenset(
            (r.source.name if r.source else None, r.target.name if r.target else None)) not in bought]
        hired = {(r.source.name, r.target.name) for r in found
                 if r.type == "acquihire_license" and r.source and r.target}
        found = [r for r in found if r.type != "equity_investment" or not r.source or not r.target  # "received $650m
                 or (r.source.name, r.target.name) not in hired]  # from Microsoft to license its models": no stake
        # "agreed to invest up to $2 billion in X, putting in $500 million up front": the participle tells how
        # the same deal is paid, not a second deal
        found = [r for r in found if not (r.trigger.dep_ == "advcl" and r.trigger.tag_ == "VBG" and any(
            o is not r and o.trigger.i == r.trigger.head.i and TYPE_FAMILY[o.type] == TYPE_FAMILY[r.type]
            and (o.source and o.source.name) == (r.source and r.source.name)
            and (r.target is None or (o.target and o.target.name) == r.target.name) for o in found))]
        for raw in found:
            self._finish(raw)
        self._cumulative(found)
        found.extend(self._rounds_joined(found))
        return found

    def _rounds_joined(self, found: list[_Raw]) -> list[_Raw]:
        """"QIA invested in Anthropic's $13 billion Series F": the figure is the round's, not the investor's
        cheque; the investor gets no figure and the round is a deal of its own (led by no one named here)."""
        out: list[_Raw] = []
        for raw in found:
            if raw.type != "equity_investment" or raw.amount is None or raw.target is None or not raw.target.name \
                    or raw.source is None:
                continue
            t = self._amount_head(raw.amount)
            if t is None:
                continue
            rounds = ("round", "series", "raise", "fundraise", "fundraising", "financing")
            round_noun = t.lemma_.lower() in rounds or any(  # ("$13 billion Series F": the head is "F")
                c.dep_ == "compound" and c.lemma_.lower() in rounds for c in t.children)
            if not round_noun or self._amount_owner(raw.amount) != raw.target.name:
                continue
            if any(r.type == "funding_round" and r.target and r.target.name == raw.target.name for r in found):
                raw.amount = None  # the round is told already: the investor's share of it is not
                continue
            r = _Raw("funding_round", None, raw.target, raw.trigger, self.sent, status=raw.status, confidence=0.6)
            r.amount, r.valuation = raw.amount, raw.valuation
            raw.amount = None
            out.append(r)
        return out

    def _plain_partnership(self, tok: Token) -> bool:
        """"Announced a partnership with Google under which users get Gemini…": a partnership noun is a cloud deal
        only when its own words say so ("a cloud partnership", "a compute partnership")."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ("partnership", "alliance", "collaboration"):
            return False
        own = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        return not (own & (LEX["cloud_noun"] | _ROLE_DOMAIN))

    def _apposed_to(self, cue: Token) -> FirmMention | None:
        """The firm a descriptive noun phrase stands beside: "CoreWeave, the Nvidia-backed GPU cloud," (by the
        parse, or by word order when the parse attaches the phrase elsewhere)."""
        doc = self.sent.doc
        head = cue.head
        if head.dep_ == "appos":
            m = self.mention_of(head.head)
            if m is not None and m.name:
                return m
        left = head.left_edge.i if head.i != cue.i else cue.i
        left = min(left, cue.i - 2)
        while left > self.sent.start and doc[left].lower_ in ("the", "a", "an"):
            left -= 1
        if left >= self.sent.start + 1 and doc[left].text == ",":
            m = self.by_token.get(left - 1)
            if m is not None and m.name and m.via not in ("anaphor", "context"):
                return m
        return None

    def _read_supply(self, tok: Token, add: Any, *, cloud: bool = False) -> bool:
        """Read a chip or cloud deal at a trigger; False when there is none, so that the other readers may try
        the word ("a partnership with Nscale and Nvidia under which it will use GPUs" is still a partnership)."""
        if tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD") and not any(c.dep_ == "agent" for c in tok.children):
            return False  # "equipment from Dell, built around Nvidia's GB300 platform": a description, no sale
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in LEX["deal_noun"]:
            return False  # "a supply contract with KT Cloud": the contract is read, not its modifier
        if tok.lemma_.lower() not in LEX["supply"] and any(
                c.dep_ in ("xcomp", "acl") and c.lemma_.lower() in LEX["supply"] and c.tag_ == "VB" and any(
                    g.i in self.by_token for g in c.subtree if g.dep_ in ("dobj", "dative", "pobj"))
                for h in [tok, *(o for o in tok.children if o.dep_ == "dobj")] for c in h.children):
            return True  # "signed an agreement to supply Microsoft with capacity": the supply verb tells who sells
        tags = ("cloud", "neocloud", "data_center") if cloud else _CHIP_VENDOR_TAGS
        raw = self._supply(tok, "cloud_commitment", tags) if cloud else self._chip(tok)
        add(raw)
        if raw is not None and raw.target is not None:
            for m in self._coordinated_with(raw.target):  # "agreements with Oracle and with CoreWeave"
                if m.name and m.name != (raw.source.name if raw.source else None) and self.base.has_tags(m.name, tags):
                    add(replace(raw, target=m, extra=dict(raw.extra)))
        return raw is not None

    def _coordinated_with(self, m: FirmMention) -> list[FirmMention]:
        """Firms coordinated with a mention: "Nscale and Nvidia", "with Oracle and with CoreWeave"."""
        doc = self.sent.doc
        root = doc[m.start:m.end].root
        toks = list(root.conjuncts)
        if root.dep_ == "pobj":
            for p in root.head.conjuncts:
                if p.pos_ == "ADP":
                    toks += [g for g in p.children if g.dep_ == "pobj"]
        out = []
        for t in toks:
            other = self.by_token.get(t.i)
            if other is not None and other is not m and other not in out:
                out.append(other)
        return out

    def unnamed_investment(self) -> list[_Raw]:
        """"A possible investment that could reach $50 billion": a deal whose parties the text never names here.

        Kept only when the amount belongs to the investment noun itself (in its phrase or relative clause)."""
        for tok in self.toks:
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in ("investment", "stake", "infusion", "injection"):
                sub = {t.i for t in tok.subtree}
                own = [a for a in self.amounts if self._tok_at(a.start_char) in sub and a.value]
                if own:
                    raw = _Raw("equity_investment", None, None, tok, self.sent, confidence=0.35)
                    self._finish(raw)
                    raw.amount = own[0]
                    raw.extra["unnamed"] = True
                    return [raw]
        return []

    def participants(self, found: list[_Raw], ctx: _RoundContext, si: int) -> list[_Raw]:
        """Round leads, listed participants and per-investor amounts ("X about $1bn and Y $500m")."""
        cue = _PARTICIPANT_RE.search(self.text)
        if cue is not None and _NO_PARTICIPATION.search(self.text[:cue.start()]):
            return []  # "a project of its own, without participation of Telekom or Nvidia"
        named = [m for m in self.firms if m.name and m.via != "anaphor"]
        own = self._own_amounts(named)
        lead = self._lead_mention()
        # "Mubadala, Founders Fund and NVentures came along for the ride": a list of investors just after a round is
        # its participants, whatever the verb
        listing = cue is not None or (lead is None and not found and self._investor_list(named))
        if not listing and lead is None and len(own) < 2:
            return []
        if cue is not None:  # "X and Y took part" / "joined": the cue word is no deal trigger between X and Y
            lo, hi = self.sent.start_char + cue.start(), self.sent.start_char + cue.end()
            # ... unless it names its own object: "Google had also backed Character.AI" is Google's own deal
            found[:] = [r for r in found if not lo <= r.trigger.idx < hi
                        or self.mention_of(self.dobj(r.trigger)) is not None
                        or self._first(self.preps(r.trigger, 1).get("in", [])) is not None
                        or r.extra.get("copular")  # ("Nvidia is among the backers of xAI" names its company)
                        or self._stake_word(r.trigger)]  # ("took a participation in Mistral": a stake)
            # ("Google, which has also invested in Anthropic": the verb names its own recipient)
        investors = {m.name for m in own} if len(own) >= 2 else set()
        if investors:  # gapping: the parse pairs the investors with each other
            found[:] = [r for r in found if not (r.source and r.target and r.source.name in investors
                                                 and r.target.name in investors)]
        exclude = {n for n in ({lead.name} if lead else set()) | investors if n}
        target = self._round_target(found, ctx, exclude=exclude, si=si)
        if target is None:
            return []
        out: list[_Raw] = []
        trig = self.sent[0]
        if cue is not None:
            trig = self.sent.doc[self._tok_at(self.sent.start_char + cue.start())] if _char_token(
                self.sent, self.sent.start_char + cue.start()) >= 0 else trig
        sent_status = self._status(_Raw("equity_investment", None, None, trig, self.sent))
        same = [r for r in found if TYPE_FAMILY[r.type] == "investment" and r.target and r.target.name == target.name]
        if same:  # "raised $X in a round that counted A and B among its backers": the round's own status
            sent_status = same[0].status
        status = sent_status
        if not same and ctx.raiser is not None and ctx.raiser.name == target.name and ctx.status and sent_status in (
                "announced", "completed"):
            status = ctx.status
        if lead is not None and lead.name != target.name:
            rounds = [r for r in found if r.type == "funding_round" and r.target and r.target.name == target.name]
            if rounds:
                for r in rounds:
                    r.source = r.source or lead
            else:
                r = _Raw("funding_round", lead, target, trig, self.sent, confidence=0.7)
                self._finish(r)
                if r.amount is None and ctx.raiser is not None and ctx.raiser.name == target.name and ctx.status:
                    r.status = ctx.status
                out.append(r)
        if not listing and len(own) < 2:
            # "Radical Ventures and Inovia Capital led the round": the lead's co-leads are participants
            have_here = {r.source.name for r in found + out if r.source and r.target and r.target.name == target.name}
            for m in self._coordinated_with(lead) if lead is not None else []:
                if m.name and m.name not in (target.name, lead.name if lead else None) and m.name not in have_here \
                        and m.via not in ("anaphor", "context"):
                    r = _Raw("equity_investment", m, target, trig, self.sent, status=status, confidence=0.6)
                    r.extra.update(listed=True, no_amount=True)
                    out.append(r)
            return out
        listed = {m.name for m in named} - {target.name}
        # "funds affiliated with BlackRock, Blackstone…": the parse pairs listed investors with each other.
        found[:] = [r for r in found if not (TYPE_FAMILY[r.type] == "investment" and r.source and r.target
                                             and r.source.name in listed and r.target.name in listed
                                             and (r.confidence < 0.7 or self._coordinated(r.source, r.target)))]
        have = {(r.source.name if r.source else None) for r in found if r.target and r.target.name == target.name}
        have |= {r.target.name for r in found if r.extra.get("co_payee") and r.target}  # recipients, not backers
        # ("that Amazon had committed $8 billion to Anthropic": a backer whose own clause names its own recipient)
        have |= {r.source.name for r in found if TYPE_FAMILY[r.type] == "investment" and r.source and r.target
                 and r.target.name != target.name and r.trigger.pos_ == "VERB" and r.amount is not None}
        seen: set[str] = set()
        for m in named:
            if m.name in (target.name, lead.name if lead else None) or m.name in seen or m.name in have:
                continue
            if self._said_by(m) or self._not_investor(m) or (
                    m.end < self.sent.end and self.sent.doc[m.end].lower_ in _PERSON_ROLES):
                continue  # ("alongside former Google CEO Eric Schmidt": a person, named by the firm he ran)
            seen.add(m.name or "")
            r = _Raw("equity_investment", m, target, trig, self.sent, status=status, confidence=0.65)
            r.extra["listed"] = True
            r.amount = own.get(m)
            r.extra["no_amount"] = True
            if self.valuations:
                r.valuation = None
            out.append(r)
        return out

    def _investor_list(self, named: list[FirmMention]) -> bool:
        """Two or more investment firms (venture or sovereign funds, corporate venture arms) named as one list,
        in a sentence with no word of another kind of deal."""
        inv = [m for m in named if m.via in ("alias", "list", "cue", "ner") and self._investor_kind(m)]
        if len(inv) < 2 or not any(self._coordinated(a, b) for a in inv for b in inv if a is not b) \
                or not any(t.pos_ in ("VERB", "AUX") for t in self.toks):
            return False  # (a verbless "Singapore: GIC and Temasek." is a heading or a table row)
        return not self.words & _OTHER_DEAL_WORDS

    def _investor_kind(self, m: FirmMention) -> bool:
        venture_arm = " ventures" in m.text.lower() or m.text.lower().startswith(("nventures", "gv", "m12", "capitalg"))
        return self._listed_investor(m) or venture_arm

    def _own_amounts(self, named: list[FirmMention]) -> dict[FirmMention, Amount]:
        out: dict[FirmMention, Amount] = {}
        doc_text = _doc_text(self.sent.doc)
        for m in named:
            for a in self.amounts:
                if a.start_char >= m.end_char and _OWN_AMOUNT_GAP.match(doc_text[m.end_char:a.start_char]):
                    out[m] = a
                    break
        return out

    def _coordinated(self, a: FirmMention, b: FirmMention) -> bool:
        """Two firms of one list ("BlackRock, Blackstone and Coatue")."""
        doc = self.sent.doc
        ra, rb = doc[a.start:a.end].root, doc[b.start:b.end].root
        return any(c.i == rb.i for c in ra.conjuncts) or ra.head.i == rb.i or rb.head.i == ra.i

    def _not_investor(self, m: FirmMention) -> bool:
        """In a list of backers, "xAI's funding rounds" and "bets on X" name firms that receive money, and a firm
        that leads its own clause with another verb ("and Google has also poured money into it") is no listed
        participant either."""
        doc = self.sent.doc
        tok = doc[m.start:m.end].root
        if m.end < self.sent.end and doc[m.end].lower_ in ("'s", "’s"):
            return tok.head.lemma_.lower() not in _VEHICLE_NOUNS  # but "OpenAI's startup fund participated"
        if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and not _PARTICIPANT_RE.search(
                doc[tok.head.left_edge.i:tok.head.right_edge.i + 1].text) and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and self.mention_of(c) is None
                and c.lemma_.lower() not in _ROUND_PARTS | {"stake", "money", "capital", "cash"}
                for c in tok.head.children):
            return True  # "…, and Temasek has backed a string of infrastructure platforms": its own clause, about
        x = tok  # something else
        listed = False
        for _ in range(6):
            if x.dep_ == "pobj" and x.head.lower_ in ("in", "into", "on", "of", "to", "for"):
                return not (x.head.lower_ == "of" and x.head.head.lemma_.lower() in _INVESTOR_GROUPS | _BACKING_NOUNS)
            if x.dep_ == "pobj" and x.head.lower_ in ("with", "between") and (
                    x.head.head.lemma_.lower() in _DEAL_WORDS or x.head.head.lemma_.lower() in LEX["partner"]):
                return True  # "… and later struck a partnership with Microsoft": a counterparty, not a backer
            if x.dep_ == "pobj" and x.head.lower_ in ("including", "like", "as") and x.head.head.i != x.head.i \
                    and x.head.head.lemma_.lower() not in _INVESTOR_NOUNS:
                x = x.head.head  # "bets on AI labs, including Mistral AI": the labs' role decides
                listed = True
                continue
            if x.dep_ not in ("conj", "appos", "compound") + (("attr", "relcl") if listed else ()) \
                    or x.head.i == x.i:
                break
            x = x.head
        return False

    def _said_by(self, m: FirmMention) -> bool:
        """"…, Anthropic said." — the firm speaking is not an investor in the list it announces."""
        tok = self.sent.doc[m.start:m.end].root
        return tok.dep_ == "nsubj" and tok.head.lemma_ in ("say", "announce", "confirm", "tell", "state", "add")

    def _lead_mention(self) -> FirmMention | None:
        co_lead = None
        for mt in _LEAD_RE.finditer(self.text):
            start = self.sent.start_char + mt.start()
            end = self.sent.start_char + mt.end()
            prefix = self.text[max(0, mt.start() - 3):mt.start()].lower()
            if re.search(r"\bco[- ]?$", prefix) or mt.group(0).lower().startswith("co-"):
                # "co-led by Redpoint and Felicis": with no sole lead, the first co-lead stands as the lead
                by = re.match(r"\s+by\b", self.text[mt.end():])
                end += by.end() if by else 0
                if co_lead is None and (by or mt.group(0).lower().endswith("by")):
                    co_lead = next((m for m in self.firms if m.name and m.start_char >= end
                                    and m.start_char - end < 40), None)
                elif co_lead is None:
                    co_lead = self._first_listed_before(start)
                continue
            if mt.group(0).lower().endswith("by"):
                after = [m for m in self.firms if m.name and m.start_char >= end and m.start_char - end < 40
                         and not self._staff_of(m)]
                if after:
                    return after[0]
            else:
                before = [m for m in self.firms if m.name and m.end_char <= start + 1 and start - m.end_char < 60]
                if before:  # "Radical Ventures and Inovia Capital led the round": the first of them stands as lead
                    return self._first_listed_before(start) or before[-1]
        for t in self.toks if self.words & {"led", "leads"} else ():  # "OpenAI's $40bn round, which SoftBank led"
            if t.lower_ in ("led", "leads") and ((t.dep_ == "relcl" and _is_round_noun(t.head)) or any(
                    c.dep_ == "dobj" and c.lower_ in ("which", "that") for c in t.children)):
                m = self.active_subject(t)
                if m is not None and m.name:
                    return m
        return co_lead

    def _staff_of(self, m: FirmMention) -> bool:
        """"former OpenAI researchers", "Google's founders": the firm only says whose people they are."""
        root = self.sent.doc[m.start:m.end].root
        return root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.lemma_.lower() in _PEOPLE_NOUNS

    def _first_listed_before(self, start: int) -> FirmMention | None:
        """"Redpoint and Felicis co-led": the first firm of the list that ends at the cue."""
        before = [m for m in self.firms if m.name and m.end_char <= start + 1]
        if not before or start - before[-1].end_char > 3:
            return None
        first = before[-1]
        for m in reversed(before[:-1]):
            gap = _doc_text(self.sent.doc)[m.end_char:first.start_char]
            if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap):
                break
            first = m
        return first

    def _round_target(self, found: list[_Raw], ctx: _RoundContext, exclude: set[str],
                      si: int) -> FirmMention | None:
        cands = [r for r in found if TYPE_FAMILY[r.type] == "investment" and r.target and r.target.name
                 and r.target.name not in exclude]
        rounds = [r for r in cands if r.type == "funding_round"]
        if rounds:
            return rounds[0].target
        owned = [r for r in found if r.extra.get("possessed_round") and r.target and r.target.name not in exclude]
        if owned:  # "took part in Anthropic's $13 billion Series F … and has invested in xAI"
            return owned[0].target
        if cands:
            return cands[0].target
        doc = self.sent.doc
        for m in self.firms:  # "OpenAI's $6.6 billion round", "its backers", "Perplexity's early backers"
            if ((m.name and m.name not in exclude and m.end < self.sent.end and doc[m.end].lower_ in ("'s", "’s"))
                    or (m.name and m.text.lower() == "its")) \
                    and doc[m.start:m.end].root.head.lemma_.lower() not in _VEHICLE_NOUNS:  # ("X's venture arm")
                window = {t.lemma_.lower() for t in doc[m.end:min(m.end + 6, self.sent.end)]}
                if window & {"round", "series", "backer", "investor", "raise", "financing", "funding", "shareholder",
                             "seed", "fundraising"}:
                    return m
        for m in self.firms:  # "took part in an earlier xAI equity round": the firm named inside the round's phrase
            root = doc[m.start:m.end].root
            if m.name and m.name not in exclude and m.via not in ("anaphor", "context") and root.dep_ == "compound" \
                    and root.head.lemma_.lower() in _ROUND_PARTS and root.head.i > root.i:
                return m
        for m in self.firms:  # "the company said": an anaphor naming the firm raising
            if m.via == "anaphor" and m.name and m.name not in exclude and ctx.raiser and m.name == ctx.raiser.name:
                return m
        if ctx.raiser is not None and ctx.raiser.name not in exclude and si - ctx.sent_i <= _PARTICIPANT_REACH:
            return ctx.raiser  # (a list of backers four sentences after the round is about another story)
        speaker = next((m for m in self.firms if m.name and m.name not in exclude and m.via == "alias"
                        and self._said_by(m)), None)
        if speaker is not None:
            return speaker  # "The financing was led by Lightspeed, with A and B contributing, Harvey said."
        return None

    def _has_tagged(self, tags: Iterable[str]) -> bool:
        return any(self.base.has_tags(m.name, tags) for m in self.firms)

    def _names_goods(self, m: FirmMention) -> bool:
        """A maker's name right before its products or chips ("NVIDIA GB300 NVL72 systems"), however parsed."""
        doc = self.sent.doc
        for t in doc[m.end:min(m.end + 4, self.sent.end)]:
            if _is_chip(t) or t.lemma_.lower() in LEX["chip_noun"] | LEX["cloud_noun"]:
                return True
            if t.pos_ not in ("NOUN", "PROPN", "NUM") and t.i not in self.by_token:
                return False
        return False

    def _bought_into(self, tok: Token) -> _Raw | None:
        into = self._first([g for c in tok.children if c.dep_ == "prep" and c.lower_ == "into"
                            for g in c.children if g.dep_ == "pobj"])
        buyer = self.active_subject(tok)
        if into is None or buyer is None or not into.name or into.name == buyer.name:
            return None
        return _Raw("equity_investment", buyer, into, tok, self.sent, confidence=0.65)

    def _is_company_purchase(self, tok: Token) -> bool:
        """"Buy X" is an acquisition only when X is a firm, not a stake, chips, services or an amount."""
        if tok.pos_ in ("NOUN", "PROPN"):
            objs = self.preps(tok, 1).get("of", [])
            if not objs and any(c.dep_ in ("compound", "amod", "nmod") and c.i in self.by_token
                                and self.by_token[c.i].text.lower() in _products(self.base) for c in tok.children):
                return False  # "a $250 billion Azure purchase commitment": buying the product, not its maker
            if any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in _SECURITY_WORDS
                   for c in tok.children) and not any(self.mention_of(o) is not None for o in objs):
                return False  # "a securities purchase agreement with SoftBank": shares change hands, not firms
                # (but "the all-stock acquisition of Core Scientific" says how a firm is paid for)
            if tok.dep_ == "compound" and tok.head.lemma_.lower() in ("order", "price", "obligation", "commitment"):
                return False  # "purchase orders to Nvidia for GB300 systems": goods, not the firm
            if not objs and tok.dep_ == "ROOT" and any(_is_chip(t) for t in tok.subtree):
                return False  # "CoreWeave purchases all of its GPUs from Nvidia", the verb read as a noun
        else:
            nxt = self.by_token.get(tok.i + 1)
            if nxt is not None and nxt.name and nxt.via not in ("anaphor", "context") \
                    and nxt.text.lower() not in _products(self.base) and self.by_token.get(tok.i) is None \
                    and (nxt.end >= len(tok.doc)
                         or tok.doc[nxt.end].pos_ not in ("NOUN", "PROPN", "NUM", "PART", "ADJ")):
                return True  # "to acquire Rivos, a start-up designing chips": a firm right after the verb is its object
            if self._named_object(tok) is not None:
                return True  # "agreed to buy the AI coding startup Windsurf", whatever the parse made of it
            obj = self.dobj(tok)
            if tok.dep_ == "relcl" and (obj is None or obj.lower_ in _REL_PRONOUNS):
                obj = tok.head  # "GB300 systems, which G42 is purchasing from Nvidia": what is bought is the antecedent
            objs = [obj] if obj is not None else []
        for obj in objs:
            if obj.lemma_.lower() in _PART_WORDS:  # "purchases substantially all of its GPUs from Nvidia"
                obj = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                            for g in c.children if g.dep_ == "pobj"), obj)
            if obj.i in self.by_token and self._names_goods(self.by_token[obj.i]):
                return False  # "purchase NVIDIA GB300 NVL72 systems": the maker names the goods bought
            if obj.i in self.by_token and self.by_token[obj.i].text.lower() not in _products(self.base):
                return True  # "acquire Ampere Computing, a server-chip designer": the object is the firm itself
            if obj.i in self.by_token:
                return False  # "buying TPUs": a product, not its maker
            if any(t.lemma_.lower() in _FIRM_NOUNS and any(c.dep_ == "appos" and c.i in self.by_token
                                                            for c in t.children) for t in _core_np(obj)):
                return True  # "the acquisition of the chip design company Ampere Computing", "buy the robotics
                # business of the Swiss company ABB": a firm, named in apposition to what it is
            lemmas = {t.lemma_.lower() for t in _core_np(obj)}  # not what an apposition or clause adds
            if lemmas & (_SECURITY_WORDS | {"stake", "interest", "equity", "percent", "%", "option"}
                         | LEX["chip_noun"] | LEX["cloud_noun"]):
                return False
            if self.mention_of(obj) is not None or any(t.i in self.by_token for t in _core_np(obj)):
                return True  # "the robotics division of ABB" is bought from ABB
        if self.chip_words and tok.lemma_.lower() in ("buy", "purchase", "order") and objs:
            return False
        if not objs and tok.pos_ == "VERB" and any(
                t.lemma_.lower() in LEX["chip_noun"] | LEX["cloud_noun"] | _SECURITY_WORDS
                for t in self.sent.doc[tok.i + 1:min(tok.i + 12, self.sent.end)]):
            return False  # "agreed to purchase, through 2032, any of our unsold capacity": the parse lost the object
        return not objs or tok.pos_ in ("NOUN", "PROPN")

    def _named_object(self, tok: Token) -> FirmMention | None:
        """The firm named as a verb's object after a description: "buy the AI coding startup Windsurf" (the small
        model may read "startup" as a verb and lose the object)."""
        for t in self.sent.doc[tok.i + 1:min(tok.i + 8, self.sent.end)]:
            m = self.by_token.get(t.i)
            if m is not None:
                ok = m.name and m.via not in ("anaphor", "context") and m.text.lower() not in _products(self.base)
                modifier = m.end < self.sent.end and self.sent.doc[m.end].pos_ in ("NOUN", "PROPN", "NUM")
                subject = self.sent.doc[m.start:m.end].root.dep_ in ("nsubj", "nsubjpass")
                # (not "10,000 Nvidia chips", nor "whatever capacity CoreWeave has not sold")
                return m if ok and m.start > tok.i + 1 and not modifier and not subject else None
            if not (t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or t.text == "-"
                    or t.lower_ in _GENERIC_SUBJECTS | {"startup", "start-up"}) \
                    or t.lower_ in LEX["chip_noun"] | LEX["cloud_noun"]:
                return None
        return None

    def _credits(self, tok: Token) -> _Raw | None:
        """"Google granted Kopi Labs Google Cloud credits", "Quarry is getting $5 million in credits from Google
        Cloud", "Nvidia will provide Veridian with $25 million in DGX Cloud credits": the provider funds the firm."""
        lem = tok.lemma_.lower()
        if not any("credit" in t.lower_ for t in tok.subtree):
            return None
        preps = self.preps(tok, 2)
        own = self.mention_of(next((c for c in tok.children if c.dep_ == "nsubj"), None))  # not "…, the company
        if lem in _CREDIT_TAKE:  # said": the speaker is not the giver
            receiver = own or self.active_subject(tok)
            givers = [self._first(preps.get(w)) for w in ("from", "through", "via")] + [self._credit_maker(tok)]
            giver = next((g for g in givers if g is not None and g.name  # "taking $5m in AWS credits"
                          and (receiver is None or g.name != receiver.name)), None)
        else:
            giver = own
            objs = sorted((c for c in tok.children if c.dep_ in ("dative", "dobj") and "credit" not in c.lower_),
                          key=lambda c: c.dep_ != "dative")  # "granted Kopi Labs Google Cloud credits"
            receiver = self._first(objs) or self._first(preps.get("to")) or self._first(preps.get("with"))
            if giver is None or receiver is None or giver.name == receiver.name:  # the parse lost the roles: by
                named = [m for m in self.firms if m.name and m.via not in ("anaphor", "context")]  # word order
                giver = giver or next((m for m in reversed(named) if m.end <= tok.i), None)
                receiver = next((m for m in named if m.start > tok.i and giver is not None and m.name != giver.name),
                                None)
        if giver is not None and giver.name and receiver is None and lem not in _CREDIT_TAKE and any(
                t.like_num for t in tok.subtree):  # "Google threw in $350,000 of cloud credits on top": the
            return _Raw("credits", giver, None, tok, self.sent, confidence=0.55)  # firm raising gets them
        if giver is None or receiver is None or not giver.name or not receiver.name or giver.name == receiver.name:
            return None
        return _Raw("credits", giver, receiver, tok, self.sent, confidence=0.6)

    def credit_share(self, last_inv: tuple[_Raw, int] | None, si: int) -> list[_Raw]:
        """"Much of that money arrived as Azure cloud credits", "Nvidia also tossed in credits for its DGX Cloud
        service": cloud credits whose giver is named but whose receiver is not are the giver's credits to the firm
        it invested in just before (or to the one other firm the sentence names)."""
        noun = next((t for t in self.toks if t.lower_ == "credits" and t.pos_ == "NOUN" and not any(
            c.lower_ in _NOT_CLOUD_CREDITS for c in t.children)), None)
        if noun is None:
            return []
        named = [m for m in self.firms if m.name]
        givers = {m.name for m in named if self.base.has_tags(m.name, ("hyperscaler", "cloud", "neocloud"))}
        inv, inv_si = last_inv if last_inv is not None else (None, -99)
        if len(givers) != 1 and inv is not None and inv.source is not None and si - inv_si <= 3 \
                and inv.source.name in {m.name for m in named}:
            givers = {inv.source.name}  # ("a large part of Alibaba's investment was paid in credits")
        if len(givers) != 1 or not (self.cloud_words or any(
                t.i in self.by_token for t in noun.subtree)):  # (credits for a cloud, not tax or carbon credits)
            return []
        giver_name, = givers
        giver = next(m for m in named if m.name == giver_name)
        others = {m.name: m for m in named if m.name != giver_name}
        receiver = next(iter(others.values())) if len(others) == 1 else None
        status = None
        if len(others) <= 1 and inv is not None and si - inv_si <= 3 and inv.source is not None \
                and inv.source.name == giver_name and inv.target is not None \
                and receiver in (None, *(m for m in named if m.name == inv.target.name)):
            receiver, status = inv.target, inv.status  # the credits are part of the money just told
        if receiver is None:
            return []
        raw = _Raw("credits", giver, receiver, noun, self.sent, confidence=0.5)
        self._finish(raw)
        if status is not None:
            raw.status = _leg_status(raw.status, status)
        return [raw]

    def return_leg(self, found: list[_Raw], last_inv: tuple[_Raw, int] | None, si: int) -> list[_Raw]:
        """The money coming back: "Nvidia will invest up to $100 billion in OpenAI, which plans to fill the sites
        with Nvidia systems", "a deal under which Mistral would use Amazon's Trainium chips", "OpenAI, for its part,
        will use the money to buy Nvidia systems". The firm an investor just backed using, adopting or committing to
        that investor's chips buys them (chip_supply, investee → investor)."""
        invs = [r for r in found if TYPE_FAMILY[r.type] == "investment" and r.source is not None
                and r.target is not None and r.source.name and r.target.name]
        if not invs and last_inv is not None and si - last_inv[1] <= 2 and last_inv[0].source is not None \
                and last_inv[0].target is not None:
            invs = [last_inv[0]]
        out: list[_Raw] = []
        for inv in invs:
            assert inv.source is not None and inv.target is not None
            vendor, investee = inv.source.name, inv.target.name
            chipmaker = self.base.has_tags(vendor, _CHIP_VENDOR_TAGS)
            if not chipmaker and not (self.base.has_tags(vendor, ("hyperscaler",)) and self.words & _LEG_CUES):
                continue  # (a cloud's own chips come back as part of a deal: "a deal that could see X adopt Trainium")
            if any(r.type in ("chip_supply", "cloud_commitment") and r.source and r.source.name == investee
                   for r in found):
                continue
            for tok in self.toks:
                if tok.pos_ != "VERB" or tok.lemma_.lower() not in _RETURN_VERBS:
                    continue
                subj, passive = self.subject(tok)
                user = self.mention_of(subj)
                if subj is not None and subj.lower_ in _REL_PRONOUNS and (user is None or user.name != investee):
                    k = subj.i - 1 - (subj.i > 0 and subj.doc[subj.i - 1].text == ",")  # "OpenAI, which in
                    user = self.by_token.get(k) if k >= self.sent.start else None  # turn plans to deploy…"
                if passive or user is None or user.name != investee:
                    continue
                chips = [t for t in tok.subtree if tok.i < t.i < tok.i + 16 and (_is_chip(t) or (
                    chipmaker and t.dep_ == "dobj" and t.head.i == tok.i))]  # ("is adopting Nvidia")
                maker = next((m for c in chips for t in (*c.subtree, *self.sent.doc[max(c.i - 3, self.sent.start):c.i])
                              if (m := self.by_token.get(t.i)) is not None and m.name == vendor), None)
                if maker is None:
                    continue
                raw = _Raw("chip_supply", user, maker, tok, self.sent, confidence=0.5, extra={"no_amount": True})
                self._finish(raw)
                raw.status = _leg_status(raw.status, inv.status)
                out.append(raw)
                break
        return out

    def _credit_maker(self, tok: Token) -> FirmMention | None:
        """The cloud named inside the credits' own phrase: "$5 million in AWS credits" → Amazon."""
        for t in tok.subtree:
            if "credit" in t.lower_ and t.pos_ == "NOUN":
                return next((self.by_token[c.i] for c in t.children if c.dep_ == "compound" and c.i in self.by_token),
                            None)
        return None

    def _bid_for(self, tok: Token) -> _Raw | None:
        """"Apple executives discussed a possible bid for Mistral": a bid or offer for a firm is a takeover
        attempt (its status from the sentence: discussed, made, rejected)."""
        target = self._first([g for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                              for g in c.children if g.dep_ == "pobj"])
        if target is None or not target.name or target.text.lower() in _products(self.base):
            return None
        buyer = self.possessor(tok) or self._first(self.preps(tok, 1).get("from"))
        verb = self.governing_verb(tok)
        if buyer is None and verb is not None:
            buyer = self.active_subject(verb)
        if buyer is None or not buyer.name or buyer.name == target.name:
            return None
        return _Raw("acquisition", buyer, target, tok, self.sent, confidence=0.55)

    def _paid_service(self, tok: Token) -> _Raw | None:
        """"Apple will pay Google roughly $1 billion a year for a custom version of Gemini": a firm paid a yearly
        sum for a product or service is a partner, not an investee, a cloud or a takeover target."""
        payee = self.mention_of(next((c for c in tok.children if c.dep_ == "dative"), None))
        provider = payee or self.mention_of(next((c for c in tok.children if c.dep_ == "dobj"), None))
        yearly = re.search(r"\b(?:a|per|each|every) year\b|\bannually\b|\bannual\b", self.text, re.I)
        payer = self.active_subject(tok)
        if payer is None or not payer.name or not (self.amounts or self.valuations):
            return None  # ("a total contract value of $17.4 billion" reads as a value)
        bought = {g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                  for g in c.children if g.dep_ == "pobj"}  # "pay Oracle $30 billion a year for computing capacity"
        if provider is not None and provider.name and provider.name != payer.name and (
                self.base.has_tags(provider.name, ("neocloud", "data_center")) or (
                bought & LEX["cloud_noun"] and self.base.has_tags(provider.name, ("cloud", "hyperscaler")))):
            # "Microsoft will pay Nebius a total contract value of $17.4 billion": paying a compute provider
            return _Raw("cloud_commitment", payer, provider, tok, self.sent, confidence=0.6)
        if payee is None or not payee.name or payer.name == payee.name or not yearly or not self.amounts:
            return None
        raw = _Raw("partnership", payer, payee, tok, self.sent, confidence=0.55)
        raw.extra["paid_service"] = True
        return raw

    def _ownership(self, tok: Token) -> _Raw | None:
        """"Alphabet, which owns roughly 14% of Anthropic": a holding of a share of a firm is an investment made;
        so is being "partly owned by" a firm."""
        subj, passive = self.subject(tok)
        if passive and tok.lemma_.lower() == "own" and any(
                c.lower_ in ("partly", "partially", "majority", "minority", "jointly") for c in tok.children):
            owner, owned = self._first(self.preps(tok, 1).get("by")), self.mention_of(subj)
            if owner is None or owned is None or not owner.name or not owned.name or owner.name == owned.name:
                return None
            raw = _Raw("equity_investment", owner, owned, tok, self.sent, status="completed", confidence=0.6)
            raw.extra["no_amount"] = True
            return raw
        obj = self.dobj(tok)
        if obj is None or not any(t.text == "%" or t.lower_ in ("percent", "per", "cent") for t in obj.subtree):
            return None
        owned = self._first([g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pobj"])
        owner = self.active_subject(tok)
        if owned is None or owner is None or owned is owner or not owned.name or not owner.name:
            return None
        raw = _Raw("equity_investment", owner, owned, tok, self.sent, status="completed", confidence=0.6)
        raw.extra["no_amount"] = True
        return raw

    def _paid_for_firm(self, tok: Token) -> _Raw | None:
        """"paid between $1 billion and $2 billion for Tabular": paying for a firm itself is buying it."""
        fors = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                if g.dep_ == "pobj"]
        target = next((self.by_token[g.i] for g in fors if g.i in self.by_token), None)
        kind = "acquisition"
        if target is None:  # "paid $14.3 billion for 49% of Scale AI": a share of the firm is a stake in it
            part = next((g for g in fors if any(t.text == "%" or t.lower_ in ("percent", "stake", "share", "shares")
                                                for t in g.subtree)), None)
            target = self._first([o for c in part.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                                  for o in c.children if o.dep_ == "pobj"]) if part is not None else None
            kind = "equity_investment"
        if target is None or not target.name or target.via in ("anaphor", "context") \
                or target.text.lower() in _products(self.base):
            return None
        buyer = self.active_subject(tok)
        if buyer is None or not buyer.name or buyer.name == target.name:
            return None
        return _Raw(kind, buyer, target, tok, self.sent, confidence=0.6)

    def _picked_provider(self, tok: Token) -> _Raw | None:
        """"Cohere signed a letter of intent to use CoreWeave as the operator of a new data centre", "chose Oracle
        as its cloud provider": the customer pays the provider it picks for the role."""
        roles = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                 if g.dep_ == "pobj" and g.lemma_.lower() in _PROVIDER_ROLES]
        provider = self.mention_of(self.dobj(tok))
        if not roles or provider is None or not provider.name:
            return None
        if not self.base.has_tags(provider.name, ("cloud", "neocloud", "data_center")):
            return None
        customer = self.active_subject(tok)
        if customer is None or not customer.name or customer.name == provider.name:
            return None
        return _Raw("cloud_commitment", customer, provider, tok, self.sent, confidence=0.6)

    def _approach(self, tok: Token) -> _Raw | None:
        """"Intel approached Apple about a possible investment" (Apple would pay Intel), "Meta approached SSI
        about an acquisition" (Meta would buy SSI): sounding out a firm about a deal is talks about it."""
        asker = self.active_subject(tok)
        asked = self.mention_of(self.dobj(tok))
        if asked is None:  # "sounded out TSMC about": the particle verb's object
            asked = next((self.mention_of(c) for c in tok.children if c.dep_ in ("dobj", "npadvmod")
                          and self.mention_of(c) is not None), None)
        if asker is None or asked is None or not asker.name or not asked.name or asker.name == asked.name:
            return None
        topics = [t for w in ("about", "over", "on", "regarding") for t in self.preps(tok, 1).get(w, [])]
        words = {t.lemma_.lower() for x in topics for t in x.subtree}
        if words & {"acquisition", "takeover", "buyout", "merger", "purchase", "bid"}:
            raw = _Raw("acquisition", asker, asked, tok, self.sent, confidence=0.5)
        elif words & {"investment", "stake", "funding", "investing"}:
            raw = _Raw("equity_investment", asked, asker, tok, self.sent, confidence=0.5)
        else:
            return None
        raw.extra["approach"] = True
        return raw

    def _joint_work(self, tok: Token) -> bool:
        """"A and B will work together", "G42 works with OpenAI", "to co-develop chips with Intel", "a joint
        company"."""
        if tok.pos_ == "NOUN" and any(c.lower_ == "joint" and c.dep_ == "amod" for c in tok.children):
            return True  # "established the joint company SB OpenAI Japan"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() == "venture" and any(
                c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children):
            return True  # "set up a data-centre venture with X" (but "the Stargate venture" alone is a firm's name)
        if tok.pos_ != "VERB":
            return False
        if not self.words & _JOINT_CUES and "-" not in self.text:
            return False  # (none of the words below in the sentence: the common case, answered cheaply)
        if any(c.dep_ == "advmod" and c.lower_ in ("together", "jointly") for c in tok.children) and (
                (subj := self.subject(tok)[0]) is not None and self._firm_pair(subj)) \
                and tok.lemma_.lower() not in _TALLY_VERBS:
            return True  # "Deutsche Telekom and Nvidia have together opened an AI cloud"
        if tok.pos_ == "VERB" and self._together_with(tok):
            return True  # "AWS will build together with SK Group an AI data centre"
        forces = [c for c in tok.children if c.dep_ == "dobj" and c.lower_ in ("forces", "efforts", "hands")]
        if tok.lemma_.lower() in ("join", "combine", "pool") and forces and any(
                c.dep_ == "prep" and c.lower_ == "with" for c in [*tok.children, *forces[0].children]):
            return True  # "MGX joined forces with BlackRock and Microsoft"
        if tok.lemma_.lower() == "work":
            return any(c.lower_ in ("together", "jointly") for c in tok.children) or any(
                c.dep_ == "prep" and c.lower_ == "with" and any(g.i in self.by_token for g in c.children)
                for c in tok.children)
        doc = tok.doc
        return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co" \
            and tok.lemma_.lower() not in LEX["lead"] | LEX["invest"]  # co-leading a round is no partnership

    def _together_with(self, tok: Token) -> bool:
        """A verb done "together with" a named firm (either word order of "together" and "with")."""
        lem = tok.lemma_.lower()
        if "together" not in self.words or "with" not in self.words:
            return False
        if self.is_round or lem in LEX["invest"] | LEX["participate"] | LEX["buy"] | {"join"} or self.subject(tok)[1]:
            return False  # ("joined the round, together with existing investors"; "is built together with Nvidia")
        subj = self.active_subject(tok)
        if subj is None or not subj.name:
            return False
        withs = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"]
        withs += [g for c in tok.children if c.dep_ == "advmod" and c.lower_ == "together"
                  for g in c.children if g.dep_ == "prep" and g.lower_ == "with"]
        return any(w.i > 0 and w.doc[w.i - 1].lower_ == "together" and any(
            g.dep_ == "pobj" and g.i in self.by_token for g in w.children) for w in withs)

    def _licence(self, tok: Token) -> _Raw | None:
        """"Meta will license Midjourney's image technology": a licensing deal without hiring is a partnership
        between the licensee and the owner of what is licensed."""
        licensee = self.active_subject(tok)
        obj = self.dobj(tok)
        owner = self._first(self.preps(tok, 1).get("from"))
        if owner is None and obj is not None:
            owner = self.possessor(obj) or self._first(self.preps(obj, 1).get("of"))
        if licensee is not None and (owner is None or owner.name == licensee.name):
            # "Disney will license its characters to OpenAI / for the company's video app": the subject licenses
            # out what it owns, to the firm named after "to" or "for"
            preps = self.preps(tok, 2)
            fors = preps.get("for", [])
            owner, licensee = licensee, self._first(preps.get("to")) or next(
                (p for f in fors if (p := self.possessor(f)) is not None), None) or self._first(fors)
        if licensee is None or owner is None or not licensee.name or not owner.name or licensee.name == owner.name:
            return None
        if licensee.via in ("anaphor", "context") and owner.via in ("anaphor", "context"):
            return None
        return _Raw("partnership", licensee, owner, tok, self.sent, confidence=0.55)

    def _share_purchase(self, tok: Token) -> _Raw | None:
        """"agreed to buy $5 billion of Intel common stock", "bought shares in Nscale": buying a firm's shares
        is an equity investment in it (the buyer pays the firm, or at least owns part of it)."""
        obj = self.dobj(tok)
        if tok.lemma_.lower() == "spend":  # "spend $5 billion on Intel shares"
            obj = next(iter(self.preps(tok, 2).get("on", [])), None)
        if obj is None:
            return None
        share = None
        for t in _core_np(obj):
            if t.lemma_.lower() in _SHARE_NOUNS:
                share = t
                break
        if share is None:
            return None
        issuer = next((self.by_token[c.i] for c in share.children if c.dep_ in ("compound", "poss", "nmod")
                       and c.i in self.by_token), None) or self._first(self.preps(share, 1).get("of")) \
            or self._first(self.preps(share, 1).get("in"))
        buyer = self.active_subject(tok)
        if issuer is None or buyer is None or not issuer.name or not buyer.name or issuer.name == buyer.name:
            return None
        return _Raw("equity_investment", buyer, issuer, tok, self.sent, confidence=0.65)

    def _in_trigger_relcl(self, m: FirmMention, i: int) -> bool:
        """Word order may not lead out of the relative clause a trigger sits in: in "Amazon, which has invested
        $8 billion, and Google, which has put in $3 billion", Google is not what Amazon invested in."""
        doc = self.sent.doc
        t = doc[i]
        for _ in range(8):
            if t.dep_ == "relcl":
                sub = range(t.left_edge.i, t.right_edge.i + 1)
                return m.start in sub
            if t.head.i == t.i:
                return True
            t = t.head
        return True

    def _next_firm_after(self, i: int, exclude: FirmMention | None = None) -> FirmMention | None:
        for m in self.firms:
            if m.start > i and m is not exclude and m.name:
                if not self._in_trigger_relcl(m, i):
                    return None
                if exclude is not None and self._coordinated(m, exclude):
                    continue  # "X and Y would together put ₹855 crore into…": Y pays beside X, it is not paid
                if self._describes(m, exclude):
                    continue  # "an investment from BCE, the parent of Bell Canada": Bell Canada only describes BCE
                return m if self._same_clause(m, i) else None
        return None

    def _describes(self, m: FirmMention, other: FirmMention | None) -> bool:
        """True when m sits in an apposition or relative clause attached to the other party's name."""
        if other is None:
            return False
        doc = self.sent.doc
        root = doc[other.start:other.end].root
        x = doc[m.start:m.end].root
        for _ in range(8):
            if x.head.i == x.i:
                return False
            if x.dep_ in ("appos", "relcl") and x.head.i == root.i:
                return True
            x = x.head
        return False

    def _prev_firm_before(self, i: int, exclude: FirmMention | None = None) -> FirmMention | None:
        for m in reversed(self.firms):
            if m.end <= i and m is not exclude and m.name:
                if not self._in_trigger_relcl(m, i):
                    return None
                return m if self._same_clause(m, i) else None
        return None

    def _same_clause(self, m: FirmMention, i: int) -> bool:
        """Word-order fallbacks may only pair a trigger with a firm of its own clause: in "Amazon has committed
        $8 billion, and Google agreed to invest", Google is not what Amazon committed to."""
        doc = self.sent.doc
        root = doc[m.start:m.end].root
        own, trig = _clause_head(root), _clause_head(doc[i])
        if root.dep_ not in ("nsubj", "nsubjpass"):
            # an object or modifier elsewhere may still be the trigger's party ("what remained of X"), but not
            # one in a contrasting clause: "X put in $100 million, while the rest came from Y"
            return own == trig or not (doc[own].dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in doc[own].children))
        return own == trig

    def _first(self, toks: Iterable[Token] | None) -> FirmMention | None:
        for t in toks or ():
            m = self.mention_of(t)
            if m is not None:
                return m
        return None

    def _invest(self, tok: Token) -> _Raw | None:
        preps = self.preps(tok)
        is_noun = tok.pos_ in ("NOUN", "PROPN")
        ins = preps.get("in", []) + preps.get("into", [])
        if tok.lemma_.lower() in _SEND_VERBS:  # "the $22.5 billion SoftBank intends to send to OpenAI"
            ins += preps.get("to", [])
        if tok.lemma_.lower() in ("pledge", "commit"):  # "pledged $19bn toward the joint venture", "had committed
            # $8 billion to Anthropic"
            ins += preps.get("to", []) + preps.get("toward", []) + preps.get("towards", [])
        if self._into_asset(tok):
            return None  # "invest $15 billion in an AI hub in <place>": money put into an asset or a country
        if tok.pos_ == "VERB" and any(g.lemma_.lower() in _COMPUTE_NOUNS | _CONTRACT_NOUNS
                                      for t in preps.get("to", [])[:1]
                                      for g in (t, *(c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                                                     for c in c.children))):
            return None  # "committed to up to a gigawatt of compute on Nvidia systems", "committed to a seven-year
            # contract": capacity or a contract, not a stake
        issuers = [i for t in ins if self.mention_of(t) is None for i in self._issuer(t)]
        ins += issuers
        # "in which X will invest in the start-up": a named object outranks the relative pronoun
        payee = self._first([t for t in ins if t.lower_ not in _REL_PRONOUNS]) or self._first(ins)
        payer = self._first([t for t in preps.get("by", []) if t not in issuers]) or self._first(preps.get("from"))
        conf = 0.75
        if is_noun:
            if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                return None  # "Google took no stake in the company"
            if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.pos_ == "VERB" and (
                    tok.head.head.lemma_.lower() in LEX["invest"]):
                return None  # "commit $19 billion to X for 40% stakes": the stake is what the verb's deal buys
            verb = self.governing_verb(tok)
            if verb is not None and verb.lemma_.lower() in _DIVEST:
                return None  # "sold its entire stake in Nvidia": money flows out of the holding, not into the firm
            poss = self.possessor(tok)
            funding_noun = tok.lemma_.lower() in ("funding", "financing", "backing")
            if poss is not None:
                if payer is None and not funding_noun:
                    payer = poss
                elif payee is None:
                    payee = poss
            verb = self.governing_verb(tok)
            if verb is not None and payee is None and tok.dep_ in ("dobj", "attr"):
                # "X, in which OpenAI holds a stake": the verb, not the noun, carries the "in" phrase
                payee = self._first([g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "into")
                                     for g in c.children if g.dep_ == "pobj"])
            if verb is not None:
                subj, passive = self.subject(verb)
                sm = self.mention_of(subj)
                if sm is not None:
                    vl = verb.lemma_.lower()
                    if (vl in LEX["raise"] and vl not in ("take", "close")) or passive:
                        payee = payee or sm
                    elif payer is None and sm is not payee:
                        payer = sm
        else:
            if tok.lemma_.lower() == "put" and (any(c.dep_ == "prep" and c.lower_ == "at" for c in tok.children) or (
                    (priced := self.dobj(tok)) is not None and priced.lemma_.lower() in _PRICE_WORDS)):
                return None  # "a contract people have put at about $300 billion", "put a $61.5 billion price on
                # the company": an estimate or a valuation, not money put in
            obj_tok = self.dobj(tok)
            if tok.lemma_.lower() in ("put", "pour", "sink", "plow", "plough") and obj_tok is not None \
                    and obj_tok.lemma_.lower() not in _RAISED_THINGS | _PART_WORDS \
                    and obj_tok.pos_ in ("NOUN", "PROPN") \
                    and not any(self._tok_at(a.start_char) in {t.i for t in obj_tok.subtree} for a in self.amounts):
                return None  # "put a new frontier model into Search": no money put anywhere
            if tok.lemma_.lower() in ("commit", "pledge", "put", "pour", "sink") and any(
                    c.dep_ == "xcomp" and c.pos_ == "VERB" and c.lemma_.lower() not in LEX["invest"]
                    for c in tok.children):
                return None  # "committed $1.4 billion to buy chips": the purchase says what the money is for
            subj, passive = self.subject(tok)
            sm = self.mention_of(subj)
            obj = self.mention_of(self.dobj(tok))
            if passive:
                payee = payee or sm
            else:
                payer = payer or sm
                if obj is not None and tok.lemma_.lower() in ("back", "fund", "finance", "bankroll") and (
                        payee is None or (payer is not None and payee.name == payer.name)):
                    payee = obj  # ("Y Combinator, which backed the company in its winter batch": not its own batch)
        pair = self._pair_subject(tok) if payer is None and payee is not None and not is_noun else None
        if pair is not None and not self.subject(tok)[1]:
            a, b = pair  # "the two American groups will invest in the start-up"
            raw = _Raw("equity_investment", a, payee, tok, self.sent, confidence=0.6)
            raw.extra["pair_mate"] = b
            return raw
        if payer is None or payee is None:
            conf = 0.55
            payer = payer or self._prev_firm_before(tok.i, exclude=payee)
            if tok.lemma_.lower() != "pledge":  # ("Google pledged £5bn, including a data centre at Waltham Cross",
                # "Microsoft pledges up to $5bn and Nvidia up to $10bn": a pledge names its recipient, or is open)
                payee = payee or self._next_firm_after(tok.i, exclude=payer)
        if payer is None and payee is None:
            return None
        kind = "credits" if self.has_credits else ("funding_round" if self._round_noun(tok) and payer is None
                                                   else "equity_investment")
        raw = _Raw(kind, payer, payee, tok, self.sent, confidence=conf)
        if is_noun and tok.lemma_.lower() == "stake" and tok.dep_ == "dobj" and payer is not None \
                and tok.head.lemma_.lower() in _HOLD_VERBS | {"have"} \
                and not any(self._own_figure(a, tok, payer) for a in self.amounts):
            raw.extra["no_amount"] = True  # "in which Nvidia owns a stake of about 7%": a holding, with no figure
            # (but "Google, which owns a stake, has committed $3 billion": the holder's own money is its figure)
        return raw

    def _own_figure(self, a: Amount, stake: Token, holder: FirmMention) -> bool:
        """An amount inside the stake's phrase, or one the holder itself invests in another clause."""
        if stake.left_edge.idx <= a.start_char < stake.right_edge.idx + len(stake.right_edge):
            return True
        t = self.sent.doc[self._tok_at(a.start_char)]
        for _ in range(6):
            if t.pos_ == "VERB" or t.head.i == t.i:
                break
            t = t.head
        subj = self.active_subject(t) if t.pos_ == "VERB" else None
        return t.lemma_.lower() in LEX["invest"] and subj is not None and subj.name == holder.name

    def _issuer(self, tok: Token) -> list[Token]:
        """"Invested $1.25 billion in a convertible note issued by Anthropic", "in shares of Intel": the firm
        behind a security is who receives the money."""
        if tok.lemma_.lower() not in _SECURITY_WORDS:
            return []
        out = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        for c in tok.children:
            if c.dep_ == "acl" and c.lemma_.lower() == "issue":
                out += [g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        return out

    def _into_asset(self, tok: Token) -> bool:
        """"Invest £5 billion in the UK", "invest $50 billion in American computing infrastructure, building data
        centres with X": the trigger's own first "in"/"into" object is a place or a physical asset, not a firm, so
        no firm named later in the sentence receives the money."""
        amount = self.dobj(tok)  # "invest $20 billion in X": the parse may hang the "in" off the amount
        kids = list(tok.children) + (list(amount.children) if amount is not None and amount.like_num else [])
        for c in sorted(kids, key=lambda x: x.i):
            if c.dep_ != "prep" or c.lower_ not in ("in", "into"):
                continue
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is None or self.mention_of(obj) is not None or obj.lower_ in _REL_PRONOUNS:
                return False
            nxt = obj.doc[obj.i + 1] if obj.i + 1 < len(obj.doc) else None
            if obj.lemma_.lower() == "venture" and any(c.lower_ == "joint" for c in obj.children):
                return True  # "put ₹855 crore into a joint venture": the partners fund a new vehicle together
            if obj.ent_type_ in ("GPE", "LOC", "FAC") and obj.pos_ == "PROPN" and (
                    nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB")):
                return True  # but "into the Berlin robotics start-up X": the place only describes the firm
            return obj.lemma_.lower() in _ASSET_NOUNS
        return False

    def _pair_subject(self, tok: Token) -> tuple[FirmMention, FirmMention] | None:
        subj, _ = self.subject(tok)
        if subj is None or not _PAIR_WORDS.match(" ".join(t.lower_ for t in subj.subtree if t.dep_ != "amod")):
            return None
        return self._recent_pair(subj)

    def _round_noun(self, tok: Token) -> bool:
        return tok.lemma_.lower() in ("funding", "financing", "round", "fundraise", "fundraising")

    def _raise(self, tok: Token) -> list[_Raw]:
        subj, passive = self.subject(tok)
        payee = self.mention_of(subj)
        if payee is None or passive or subj is None or subj.lemma_.lower() in LEX["invest"] | LEX["deal_noun"]:
            return []
        if not self._raises_money(tok):
            return []
        if (obj := self.dobj(tok)) is not None and (self._stake_word(obj) or obj.lemma_.lower() in ("stake", "equity")):
            return []  # "Microsoft had taken a participation in Mistral": a stake bought, no money raised
        if not self.is_round and (any(g.lemma_.lower() in _ASSET_NOUNS for c in tok.children if c.dep_ == "prep"
                                      and c.lower_ in ("toward", "towards", "for") for g in c.children)
                                  or self.words & _PUBLIC_AID):
            return []  # "SK Hynix received up to $458 million toward a packaging plant": a subsidy, not a round
        if tok.lemma_.lower() == "add" and (any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
                                                for c in tok.children) or not re.search(r"\bvalu", self.text)):
            # "added $2 billion to its stake", "SK Telecom added $100 million": the subject pays; "Perplexity added
            # $200M at a $20B valuation" raised it
            return []
        antecedent = subj.head.head if subj.lower_ in _REL_PRONOUNS and subj.head.dep_ == "relcl" else subj
        if antecedent.lemma_.lower() in _LISTING_WORDS or antecedent.lower_ == "ipo":
            return []  # "its initial public offering, which raised $1.5 billion": a listing, not a private round
        if not _ROUND_NOUN.search(self.text) and any(
                g.lemma_.lower() in _MARKET_FUNDING for c in tok.children if c.dep_ == "prep"
                and c.lower_ in ("through", "via", "in", "from", "with") for p in c.children if p.dep_ == "pobj"
                for g in (p, *p.conjuncts) if g.lemma_.lower() != "offering" or any(
                    x.lemma_.lower() in _MARKET_FUNDING for x in g.children if x.dep_ in ("compound", "amod"))):
            return []  # "raised $3.75 billion through a share sale and convertible notes": money from the market
        preps = self.preps(tok, 4)
        lead = self._lead(tok)
        sources: list[FirmMention] = []
        for word in ("from", "by", "including", "among", "with"):
            for t in preps.get(word, []):
                m = self.mention_of(t)
                if m is not None and m is not payee and m not in sources:
                    sources.append(m)
                    for c in t.conjuncts:
                        cm = self.mention_of(c)
                        if cm is not None and cm not in sources and cm is not payee:
                            sources.append(cm)
        # Investors listed after the trigger that the parse failed to attach ("…, with Nvidia and AMD joining").
        for m in self.firms:
            if m.start > tok.i and m is not payee and m not in sources and m.name and self._listed_investor(m) \
                    and not self._not_investor(m):  # (not "Humain, the Saudi Public Investment Fund's AI company")
                sources.append(m)
        out: list[_Raw] = []
        if not sources and lead is None and not self.amounts:
            # "OpenAI is raising new money": no deal yet, but later "X put in $Y" sentences are about this raise
            raw = _Raw("funding_round", None, payee, tok, self.sent, confidence=0.3)
            raw.extra["context_only"] = True
            return [raw]
        shared = bool(_PARTICIPATION.search(self.text))  # "received $300 million, with participation of X and Y"
        own_verb = self._cheque_verb(sources[0]) if len(sources) == 1 and lead is None else None
        if own_verb is not None:  # "raising about $2 billion, with Nvidia expected to commit up to $1 billion":
            return [_Raw("funding_round", None, payee, tok, self.sent, confidence=0.7),  # the round and the
                    _Raw("equity_investment", sources[0], payee, own_verb, self.sent, confidence=0.7)]  # cheque
        if len(sources) == 1 and lead is None and not _ROUND_NOUN.search(self.text) and not shared:
            # "raised $4 billion from Amazon": one named investor, so the money is its own.
            return [_Raw("equity_investment", sources[0], payee, tok, self.sent, confidence=0.7)]
        if (self.is_round or shared) and (self.amounts or not sources):
            out.append(_Raw("funding_round", lead, payee, tok, self.sent, confidence=0.75))
            for m in sources:
                if m is not lead:
                    r = _Raw("equity_investment", m, payee, tok, self.sent, confidence=0.7)
                    r.extra["no_amount"] = True
                    out.append(r)
        else:
            for m in sources:
                out.append(_Raw("equity_investment", m, payee, tok, self.sent, confidence=0.7))
            if not sources and self.amounts:
                out.append(_Raw("funding_round", None, payee, tok, self.sent, confidence=0.6))
        return out

    @staticmethod
    def _stake_word(tok: Token) -> bool:
        """"had taken a minority participation of 15 million euros in Mistral", "acquired a holding in X": another
        word for a stake, taken in a named firm."""
        return tok.lemma_.lower() in _STAKE_SYNONYMS and tok.dep_ == "dobj" and tok.head.lemma_.lower() in (
            "take", "acquire", "buy", "hold", "build") and any(c.dep_ == "prep" and c.lower_ in ("in", "of")
                                                                for c in tok.children)

    def _cheque_verb(self, m: FirmMention) -> Token | None:
        """"with Nvidia expected to commit up to $1 billion": the investing verb of a backer's own clause, when that
        clause carries its own figure (then the raise is a round, and the figure is the backer's part of it)."""
        root = self.sent.doc[m.start:m.end].root
        own = [v for v in root.children if v.dep_ in ("acl", "relcl")]
        if root.dep_ == "nsubj" and root.head.dep_ in ("pcomp", "advcl") and any(  # "with Nvidia expected to
                c.dep_ == "mark" or c.lower_ == "with" for c in (root.head, root.head.head)):  # commit …"
            own.append(root.head)
        for v in own:
            if v.pos_ == "VERB":
                for t in v.subtree:
                    if t.pos_ == "VERB" and t.lemma_.lower() in LEX["invest"] and any(
                            t.left_edge.idx <= a.start_char <= t.right_edge.idx for a in self.amounts):
                        return t
        return None

    def _raises_money(self, tok: Token) -> bool:
        """"Raised $2 billion" / "closed a Series B" raise money; "raised its capex forecast to $35 billion" or
        "closed up 0.8% at $693" do not: the object must be an amount or a word for money or a round."""
        obj = self.dobj(tok)
        if obj is None and tok.lemma_.lower() in ("pull", "rake", "bring", "haul"):
            # "pulled in $1.1B": the parse reads the particle as a preposition with the amount as its object
            obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
                        for g in c.children if g.dep_ == "pobj"), None)
        obj = obj or _free_relative(tok)
        if obj is None:
            # ("closed a $13 billion Series F funding round": the model may read the object "round" as an adverb)
            return any(t.lemma_.lower() in _RAISED_THINGS for t in tok.children
                       if t.dep_ in ("npadvmod", "attr", "advmod", "dep", "oprd"))
        if obj.lemma_.lower() in _NOT_RAISED or any(c.lemma_.lower() in _NOT_RAISED for c in obj.children
                                                     if c.dep_ == "compound") or any(
                g.lower_ in _NOT_RAISED for c in obj.children if c.dep_ == "prep" and c.lower_ == "in"
                for g in c.children if g.dep_ == "pobj"):
            return False
        if (obj.lemma_.lower() in LEX["acquire"] or obj.lemma_.lower() in LEX["deal_noun"]) and not any(
                c.lemma_.lower() in _RAISED_THINGS for c in obj.children if c.dep_ in ("compound", "amod")):
            return False  # "closed its $1.7 billion takeover of X", "landed a deal": a deal done, not money raised
        if obj.lemma_.lower() in _RAISED_THINGS or obj.like_num or obj.text in ("$", "€", "£"):
            return True
        if tok.lemma_.lower() in _LOOSE_RAISE:  # "lining up a string of agreements whose value runs past a
            return any(c.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod") and (  # trillion dollars": not
                c.like_num or c.text in ("$", "€", "£") or c.lemma_.lower() in _RAISED_THINGS)  # money, but "lined
                for c in obj.children)  # up a $1.38B Series E" is
        sub = {t.i for t in obj.subtree}
        return any(self._tok_at(a.start_char) in sub for a in self.amounts)

    def _gapped(self, raw: _Raw | None) -> list[_Raw]:
        """A second payer named with a figure of its own and no verb of its own gives the same deal again:
        "Microsoft pledges up to $5bn and Nvidia up to $10bn", "... and Google another $2 billion"."""
        if raw is None or raw.source is None or not raw.source.name or len(self.amounts) < 2:
            return []
        doc, text = self.sent.doc, _doc_text(self.sent.doc)
        out: list[_Raw] = []
        for m in self.firms:
            if m.start <= raw.trigger.i or not m.name or m.via in ("anaphor", "context") or m.start < 1 \
                    or doc[m.start - 1].lower_ not in ("and", "while") \
                    or m.name in (raw.source.name, raw.target.name if raw.target else None):
                continue
            own = next((a for a in self.amounts if a.start_char >= m.end_char), None)
            first = [a for a in self.amounts if raw.trigger.idx < a.start_char < m.start_char]
            if own is None or not first or not _GAP_BEFORE.match(text[m.end_char:own.start_char]) \
                    or not _GAP_AFTER.match(text[own.end_char:own.end_char + 20]):
                continue
            raw.extra["own_amount"] = first[-1]
            out.append(replace(raw, source=m, extra={**raw.extra, "own_amount": own}))
        return out

    def _co_payers(self, raw: _Raw | None) -> list[_Raw]:
        """"Microsoft and Nvidia will invest …": every coordinated subject pays; a shared figure is nobody's own
        unless the text says "each"."""
        if raw is None or raw.source is None:
            return []  # (an open recipient is filled later from the round being told)
        root = self.sent.doc[raw.source.start:raw.source.end].root
        by_agent = root.dep_ == "pobj" and root.head.dep_ == "agent"  # "Anthropic, backed by Amazon and Google"
        last = max([root, *root.conjuncts], key=lambda t: t.i)
        end = self.by_token[last.i].end if last.i in self.by_token else last.i + 1
        each = end < self.sent.end and self.sent.doc[end].lower_ in ("each", "both", "all") \
            and self.sent.doc[end].dep_ in ("nsubj", "nsubjpass")  # "SoftBank and OpenAI each pledged"
        if root.dep_ not in ("nsubj", "nsubjpass") and not (root.dep_ == "conj" and root.head.dep_ == "nsubj") \
                and not by_agent and not each:
            return []
        out = []
        for c in root.conjuncts:
            m = self.mention_of(c)
            if m is not None and m.name and m.name not in (raw.source.name, raw.target.name if raw.target else None):
                out.append(replace(raw, source=m, extra={**raw.extra, "joint": True}))
        if out:
            raw.extra["joint"] = True
        return out

    def _percent_of(self, tok: Token) -> _Raw | None:
        """"Meta's $14.3 billion deal for 49% of Scale AI", "bought 51% of Altera": a share of a named firm paid
        for is a stake in it (a majority is a takeover)."""
        owned = self._first(self.preps(tok, 1).get("of"))
        if owned is None or not owned.name:
            return None
        head = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "for" else tok.head if tok.dep_ == "dobj" \
            else None
        paid_for = LEX["deal_noun"] | LEX["invest"] | _STRIKE_VERBS | {"buy", "acquire", "purchase", "take", "pay"}
        if head is None or head.lemma_.lower() not in paid_for - _HOLD_VERBS:
            return None  # ("held 6% of our stock" is a holding: `_ownership` reads it)
        payer = self.possessor(head) if head.pos_ == "NOUN" else self.active_subject(head)
        if payer is None and head.pos_ == "NOUN" and (verb := self.governing_verb(head)) is not None:
            payer = self.active_subject(verb)  # "Meta struck a deal for 49% of Scale AI"
        if payer is None or not payer.name or payer.name == owned.name:
            return None
        num = next((c for c in [*tok.children, tok.doc[tok.i - 1]] if c.like_num), None)
        try:
            share = float(num.text.replace(",", "")) if num is not None else 0.0
        except ValueError:
            share = 0.0
        return _Raw("acquisition" if share > 50 else "equity_investment", payer, owned, tok, self.sent, confidence=0.6)

    def _top_up(self, tok: Token) -> _Raw | None:
        """"Amazon doubled down with another $4 billion", "the search giant topped up its stake with a further
        $1 billion", "added another $1 billion to its stake": more money from the subject into the firm it holds
        (named with "in", else the one firm the text has it investing in, filled later)."""
        lem = tok.lemma_.lower()
        prt = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        to = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        more = lem == "add" and any(  # "Amazon … will add another $4 billion"
            c.dep_ == "dobj" and any(t.lower_ in ("another", "further", "additional") for t in c.subtree)
            and any(t.like_num or t.text in ("$", "€", "£") for t in c.subtree) for c in tok.children)
        if not ((lem == "double" and "down" in prt) or (lem == "top" and "up" in prt) or more or (
                lem == "add" and any(g.lemma_.lower() in _STAKE_WORDS for g in to))):
            return None
        sub = {t.i for t in tok.subtree}
        if not any(self._tok_at(a.start_char) in sub for a in self.amounts):
            return None
        payer = self.active_subject(tok)
        if payer is None or not payer.name:
            return None
        if more and (self.is_round or "valuation" in self.words or self._kind(payer) not in (
                "big_tech", "vc", "sovereign", "chipmaker", "cloud")):
            return None  # "Cohere says it has added another $100 million": a raiser adding to its round
        stakes = to + [c for c in tok.children if c.dep_ == "dobj"]
        payee = self._first([g for s in stakes for c in s.children if c.dep_ == "prep" and c.lower_ in ("in", "of")
                             for g in c.children if g.dep_ == "pobj"])
        return _Raw("equity_investment", payer, payee if payee is not payer else None, tok, self.sent, confidence=0.5)

    def _round_from(self, tok: Token) -> list[_Raw]:
        """"X came out of stealth with a $12 million seed round from A and B": a sized round in a "with" phrase of
        a clause whose subject is a firm is that firm's round, and the firms it came from are its investors."""
        if tok.dep_ != "pobj" or tok.head.lower_ != "with" or tok.head.head.pos_ != "VERB" \
                or tok.head.head.lemma_.lower() in LEX["invest"] | LEX["raise"] | LEX["lead"] | LEX["participate"]:
            return []
        sub = {t.i for t in tok.subtree}
        if not any(self._tok_at(a.start_char) in sub for a in self.amounts):
            return []
        subj, passive = self.subject(tok.head.head)
        raiser = None if passive else self.mention_of(subj)
        if raiser is None or not raiser.name:
            return []
        out = [_Raw("funding_round", None, raiser, tok, self.sent, confidence=0.6)]
        for m in (self.mention_of(t) for t in self.preps(tok, 1).get("from", [])):
            if m is not None and m.name and m.name != raiser.name and m.via not in ("anaphor", "context"):
                out.append(_Raw("equity_investment", m, raiser, tok, self.sent, confidence=0.6,
                                extra={"no_amount": True}))
        return out

    def _sought_round(self, tok: Token) -> _Raw | None:
        """A sized round a firm seeks, plans or finalises, told as a noun: "Figure AI is shopping a round of
        $1B-plus", "a term sheet for a Series K of more than $1B", "a $2B raise that Poolside is finalising". The
        raiser is the firm of a relative clause on the round, else the subject of the clause that holds it, unless
        that firm puts money in ("Nvidia committed $1B as part of a $2B raise")."""
        sub = {t.i for t in tok.subtree if t.dep_ != "relcl" and not any(a.dep_ == "relcl" and a.i in range(
            tok.i, t.i) for a in t.ancestors)}
        if not any(self._tok_at(a.start_char) in sub for a in self.amounts):
            return None
        rel = next((c for c in tok.children if c.dep_ == "relcl"), None)
        raiser = None
        if rel is not None:
            subj, passive = self.subject(rel)
            raiser = None if passive else self.mention_of(subj) if subj is not None and subj.i != tok.i else None
        if raiser is None:
            verb = self.governing_verb(tok)
            if verb is None or verb.lemma_.lower() in LEX["invest"] | LEX["lead"] | LEX["participate"] \
                    | LEX["raise"] | _SOUGHT_NOT:
                return None
            subj, passive = self.subject(verb)
            raiser = None if passive else self.mention_of(subj)
        if raiser is None or not raiser.name or self._kind(raiser) in ("vc", "sovereign"):
            return None
        return _Raw("funding_round", None, raiser, tok, self.sent, confidence=0.5)

    def _expansion(self, tok: Token, found: list[_Raw]) -> _Raw | None:
        """"OpenAI signed a $11.9 billion contract with CoreWeave in March, then expanded it by $4 billion": growing
        a contract told before in the sentence by a sum is a further contract between the same two firms."""
        obj = self.dobj(tok)
        if obj is None or not (obj.lower_ in ("it", "them", "that") or obj.lemma_.lower() in _DEAL_WORDS):
            return None
        by = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.subtree]
        own = next((a for a in self.amounts if any(a.start_char <= g.idx < a.end_char for g in by)), None)
        base = next((r for r in reversed(found) if r.trigger.i < tok.i and r.type in ("cloud_commitment", "chip_supply")
                     and r.source is not None and r.target is not None), None)
        if own is None or base is None:
            return None
        return replace(base, trigger=tok, confidence=0.55, extra={"own_amount": own, "expansion": True})

    def _more_objects(self, raw: _Raw | None) -> list[_Raw]:
        """"SoftBank invested $2 billion in Intel and $1 billion in OpenAI": a second figure with a recipient of
        its own after "and" shares the verb and its payer."""
        if raw is None or raw.source is None or raw.target is None or raw.trigger.pos_ != "VERB":
            return []
        obj = self.dobj(raw.trigger)
        out: list[_Raw] = []
        for c in [*raw.trigger.children, *(obj.children if obj is not None else ())]:
            if c.dep_ != "conj" or c.ent_type_ != "MONEY":
                continue
            own = next((a for a in self.amounts if a.start_char <= c.idx < a.end_char), None)
            payee = self._first([g for p in c.children if p.dep_ == "prep" and p.lower_ in ("in", "into")
                                 for g in p.children if g.dep_ == "pobj"])
            if own is None or payee is None or not payee.name or payee.name in (raw.source.name, raw.target.name):
                continue
            out.append(replace(raw, target=payee, extra={**raw.extra, "own_amount": own}))
        return out

    def _stolen_subject(self, m: FirmMention) -> Token | None:
        """"Microsoft invested $10 billion in OpenAI and Nvidia invested $2 billion in xAI": the parse joins
        Nvidia to OpenAI and leaves the second verb without a subject; the verb whose subject m really is."""
        doc = self.sent.doc
        k = m.end
        while k < self.sent.end and doc[k].dep_ in ("aux", "auxpass", "advmod", "neg"):
            k += 1
        if m.start < 1 or k >= self.sent.end or doc[m.start - 1].lower_ not in ("and", ",", "while", "but"):
            return None
        verb = doc[k]
        if verb.pos_ != "VERB" or verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        return verb

    def _co_payees(self, raw: _Raw | None) -> list[_Raw]:
        """"X has backed Anthropic, Cohere and Mistral AI": every coordinated object of the verb receives money
        (and none of them is an investor in the others); a figure told once is no single recipient's own."""
        if raw is None or raw.source is None or raw.target is None:
            return []
        obj = self.dobj(raw.trigger) if raw.trigger.pos_ == "VERB" else None
        if obj is None or self.mention_of(obj) is not raw.target:
            # "has taken stakes in both OpenAI and xAI", "invested in A and B": the objects of "in"
            obj = self.sent.doc[raw.target.start:raw.target.end].root
            if not (obj.dep_ == "pobj" and obj.head.lower_ in ("in", "into") and raw.trigger in (
                    obj.head.head, obj.head.head.head)):
                return []
        out = []
        others = list(obj.conjuncts)
        if obj.dep_ == "pobj" and obj.head.lower_ in ("in", "into"):  # "stakes in OpenAI and in xAI"
            others += [g for p in obj.head.conjuncts if p.lower_ == obj.head.lower_ for g in p.children
                       if g.dep_ == "pobj"]
        for c in others:
            m = self.mention_of(c)
            if m is not None and m.name and m.name not in (raw.source.name, raw.target.name) \
                    and m.via not in ("anaphor", "context") and self._stolen_subject(m) is None:
                r = replace(raw, target=m, extra={**raw.extra, "co_payee": True, "no_amount": True})
                out.append(r)
        if out:
            raw.extra["co_payee"] = True
            raw.extra["no_amount"] = True
            raw.amount = None
        return out

    def investor_roles(self) -> list[_Raw]:
        """"Amazon, the largest outside backer of Anthropic", "Microsoft is the largest backer of OpenAI",
        "one of Intel's largest shareholders": a standing stake, holder → company."""
        out: list[_Raw] = []
        for tok in self.toks:
            equity_partner = tok.lemma_.lower() == "partner" and any(  # "a founding equity partner in Stargate"
                c.lower_ == "equity" and c.dep_ in ("compound", "amod") for c in tok.children)
            if (tok.lemma_.lower() not in _HOLDER_NOUNS and not equity_partner) or tok.pos_ != "NOUN":
                continue
            role = tok
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ("be", "include") and tok.tag_ == "NNS":
                out += self._named_holders(tok)  # "the initial equity funders of Stargate are SoftBank, OpenAI…"
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ == "one":
                role = tok.head.head  # "one of Intel's largest shareholders"
            if role.dep_ == "pobj" and role.head.lower_ == "among" and role.head.head.lemma_.lower() in (
                    "be", "remain", "become", "stay"):
                role = role.head  # "Nvidia is among the backers of xAI"
            mates: list[FirmMention] = []
            if role.dep_ in ("attr", "prep") and role.head.lemma_.lower() in ("be", "remain", "become", "stay"):
                subj, _ = self.subject(role.head)
                holder = self.mention_of(subj)
                if holder is not None and subj is not None and tok.tag_ == "NNS":  # "A, B and C are the equity
                    mates = [m for c in subj.subtree if c.dep_ in ("conj", "appos")  # partners of X" (the parse
                             and (m := self.by_token.get(c.i)) is not None and m is not holder]  # may chain appos)
            elif role.dep_ == "appos":
                holder = self.mention_of(role.head)
            else:
                continue
            company = self._held_company(tok)
            if company is None and holder is not None and holder.name and holder.via not in ("anaphor", "context") \
                    and role.dep_ == "attr" and not any(c.dep_ == "prep" and c.lower_ not in ("since", "until")
                                                        for c in tok.children):  # ("shareholders behind the tigers")
                for one in [holder, *mates]:  # "Nvidia has been an investor since early 2024": in the firm the
                    raw = self._standing_stake(one, None, tok)  # article is about (filled after the last sentence)
                    raw.extra["needs_topic"] = True
                    out.append(raw)
                continue
            if holder is None or company is None or not holder.name or not company.name \
                    or holder.name == company.name:
                continue
            for one in [holder, *mates]:
                for held in [company, *self._coordinated_with(company)]:  # "an investor in both OpenAI and Anysphere"
                    if not one.name or not held.name or held.name == one.name or (
                            held.via in ("anaphor", "context") and held is not company):
                        continue
                    out.append(self._standing_stake(one, held, tok))
        return out

    def _standing_stake(self, holder: FirmMention, held: FirmMention | None, tok: Token) -> _Raw:
        """A holding stated as a fact ("X is a backer of Y"): completed, with no figure of its own."""
        return _Raw("equity_investment", holder, held, tok, self.sent, confidence=0.6,
                    extra={"copular": True, "no_amount": True})

    def _held_company(self, tok: Token) -> FirmMention | None:
        """The firm a holder noun is of: "Intel's shareholders", "the backers of xAI", "investors in Anthropic"."""
        return next((self.by_token[c.i] for c in tok.children if c.dep_ == "poss" and c.i in self.by_token),
                    None) or self._first(self.preps(tok, 1).get("of")) or self._first(self.preps(tok, 1).get("in"))

    def _named_holders(self, tok: Token) -> list[_Raw]:
        """The firms a plural holder noun is said to be: "X's backers are A and B", "the funders of X include A"."""
        company = self._held_company(tok)
        if company is None or not company.name:
            return []
        named = [c for c in tok.head.children if c.dep_ in ("attr", "dobj")]
        out = []
        for t in [*named, *(x for c in named for x in c.conjuncts)]:
            m = self.mention_of(t)
            if m is None or not m.name or m.name == company.name or m.via in ("anaphor", "context"):
                continue
            out.append(self._standing_stake(m, company, tok))
        return out

    def customer_roles(self) -> list[_Raw]:
        """"CoreWeave's largest customer, Microsoft", "Microsoft is a large CoreWeave customer", "added OpenAI as a
        customer": the customer pays the provider; a cloud deal for a compute seller, a chip deal for a chipmaker."""
        out: list[_Raw] = []
        for tok in self.toks:
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in _SUPPLIER_NOUNS and tok.i not in self.by_token:
                out.extend(self._supplier_role(tok))
                continue
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _CUSTOMER_NOUNS or tok.i in self.by_token:
                continue
            provider = next((self.by_token[c.i] for c in tok.children if c.dep_ in ("poss", "compound")
                             and c.i in self.by_token), None) or self._first(self.preps(tok, 1).get("of"))
            customer = None
            copular = True
            apposed = [c for c in tok.children if c.dep_ == "appos" and self.mention_of(c) is not None]
            if tok.dep_ == "appos":
                customer = self.mention_of(tok.head)
            elif apposed:
                customer = self.mention_of(apposed[0])
            elif tok.dep_ == "attr" and tok.head.lemma_.lower() in ("be", "become", "remain", "stay"):
                customer = self.mention_of(self.subject(tok.head)[0])
            elif tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB" \
                    and tok.head.head.lemma_.lower() in _ADD_CUSTOMER_VERBS:
                verb = tok.head.head
                customer = self.mention_of(self.dobj(verb))
                subj, passive = self.subject(verb)
                provider = provider or (None if passive else self.mention_of(subj))
                copular = False
                tok = verb
            if provider is None or customer is None or not provider.name or not customer.name \
                    or provider.name == customer.name:
                continue
            if self.base.has_tags(provider.name, ("cloud", "neocloud", "data_center")) and not (
                    self._kind(provider) == "chipmaker" and self.base.has_tags(provider.name, _CHIP_VENDOR_TAGS)):
                kind = "cloud_commitment"  # (a chipmaker that also rents capacity sells its customers chips)
            elif self.base.has_tags(provider.name, _CHIP_VENDOR_TAGS):
                kind = "chip_supply"
            else:
                continue
            raw = _Raw(kind, customer, provider, tok, self.sent, confidence=0.6)
            raw.extra["copular"] = copular
            raw.extra["no_amount"] = copular
            out.append(raw)
        return out

    def _won_contract(self, tok: Token) -> _Raw | None:
        """"Samsung won a $16.5 billion foundry contract from Tesla", "Baidu won an order from China Mobile for its
        Kunlun chips": a contract or order won from a customer is a sale by the winner, of chips or of capacity."""
        obj = self.dobj(tok)
        if obj is None or obj.lemma_.lower() not in ("contract", "order", "deal", "tender"):
            return None
        seller = self.active_subject(tok)
        buyer = self._first(self.preps(tok, 1).get("from", []) + self.preps(obj, 1).get("from", []))
        if seller is None or buyer is None or not seller.name or not buyer.name or seller.name == buyer.name:
            return None
        if self.base.has_tags(seller.name, (*_CHIP_VENDOR_TAGS, "foundry")):
            return _Raw("chip_supply", buyer, seller, tok, self.sent, confidence=0.6)
        if self.base.has_tags(seller.name, ("cloud", "neocloud", "data_center")):
            return _Raw("cloud_commitment", buyer, seller, tok, self.sent, confidence=0.6)
        return None

    def _supplier_role(self, tok: Token) -> list[_Raw]:
        """"SK Hynix is the main supplier of HBM to Nvidia", "Nvidia, its most important supplier": the customer pays
        the supplier, for chips when the supplier makes them."""
        customer = next((self.by_token[c.i] for c in tok.children if c.dep_ in ("poss", "compound")
                         and c.i in self.by_token), None) or self._first(self.preps(tok, 2).get("to"))
        supplier = None
        if tok.dep_ == "appos":
            supplier = self.mention_of(tok.head)
        elif tok.dep_ == "attr" and tok.head.lemma_.lower() in ("be", "become", "remain", "stay"):
            supplier = self.mention_of(self.subject(tok.head)[0])
        if supplier is None or customer is None or not supplier.name or not customer.name \
                or supplier.name == customer.name or not self.base.has_tags(supplier.name, _CHIP_VENDOR_TAGS):
            return []
        raw = _Raw("chip_supply", customer, supplier, tok, self.sent, confidence=0.6)
        raw.extra["copular"] = True
        raw.extra["no_amount"] = True
        return [raw]

    def _possessed_rounds(self) -> list[_Raw]:
        """"Anthropic's $13 billion Series F", "OpenAI's $6.6 billion round": a sized round owned by a firm."""
        out = []
        for tok in self.toks:
            if not _is_round_noun(tok):
                continue
            owner = next((self.mention_of(c) for c in tok.children if c.dep_ == "poss" and self.mention_of(c)), None)
            if owner is None or not owner.name:
                continue  # (a description owns one only with a lead named: "the data-center developer's $1.38
                # billion Series E, which Valor co-led")
            sub = {t.i for t in tok.subtree}
            own = [a for a in self.amounts if self._tok_at(a.start_char) in sub and a.value is not None]
            if not own:
                continue
            lead = None
            if owner.via in ("anaphor", "context"):  # "when Khosla led its $60 million seed" (a named owner's round
                lead = self._lead(tok) if _LEAD_RE.search(self.text) else None  # gets its leads further on)
                if lead is None or not lead.name or lead.name == owner.name:
                    continue
            raw = _Raw("funding_round", lead, owner, tok, self.sent, confidence=0.6)
            raw.extra["possessed_round"] = True
            out.append(raw)
        return out

    def _headed_round(self) -> list[_Raw]:
        """A newsletter item: "ElevenLabs: $180M Series C, Iconiq leading." — the firm before the colon raised the
        sized round right after it (named as a round, valued, or led)."""
        sent = self.sent
        first = self.firms[0] if self.firms else None
        if first is None or not first.name or first.via not in ("alias", "ner", "cue") or first.end >= sent.end - 2 \
                or sent.doc[first.end].text not in (":", "—", "–") or not all(
                    _LIST_MARK.match(t.text) for t in sent.doc[sent.start:first.start]):
            return []  # (a list marker may come first: "3/ Reflection AI: $2B …")
        after = sent.doc[first.end + 1:min(first.end + 8, sent.end)]
        amount = next((a for a in self.amounts if after.start_char <= a.start_char < after.end_char), None)
        if amount is None or self._tok_at(amount.start_char) > first.end + 3:
            return []
        if not any(_is_round_noun(t) for t in after) and not re.search(r"\bvalu(?:ation|ed)\b", self.text) \
                and not _LEAD_RE.search(self.text):
            return []  # "Reflection AI: $2B at an $8B valuation, with Nvidia leading" is a round all the same
        return [_Raw("funding_round", None, first, sent.doc[first.end], sent, confidence=0.6)]

    def _round_object(self, tok: Token) -> Token | None:
        """"announced a fundraising of €1.7 billion", "completed a $1 billion Series K round": the round noun."""
        obj = self.dobj(tok)
        if obj is None and tok.lemma_.lower() in ("launch", "emerge", "debut", "come"):
            # "launched with a $300M seed", "emerged from stealth with a $50 million round"
            obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                        for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.like_num and "stealth" in self.words:
                return obj  # "came out of stealth with $300 million": money a new company raised
        if tok.lemma_.lower() == "come":
            return None
        if obj is None:
            obj = _free_relative(tok)
        if obj is not None and obj.lemma_.lower() in ("closing", "completion", "close", "launch"):
            obj = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj"), None)  # "the closing of a Series C"
        if obj is None:
            return None
        words = {obj.lemma_.lower()} | {c.lemma_.lower() for c in obj.children if c.dep_ == "compound"}
        return obj if words & _ROUND_OBJECTS else None

    def _led_round(self, tok: Token) -> _Raw | None:
        """"SoftBank led a $40 billion round in OpenAI", "Accel led Anysphere's $900 million round", "…led a
        $40 billion round that valued OpenAI at $300 billion": the lead is the source, the firm raising the target."""
        lead = self.active_subject(tok)
        obj = self.dobj(tok)
        if lead is None or obj is None or not ({obj.lemma_.lower()} | {  # ("led a €1.7 billion Series C": the
                c.lemma_.lower() for c in obj.children if c.dep_ == "compound"}) & _ROUND_OBJECTS:  # letter heads it)
            return None
        raiser = self.possessor(obj) or self._first(
            [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "into", "for", "of")
             for g in c.children if g.dep_ == "pobj"])
        if raiser is None:  # the firm the round valued (the parse may hang the clause on a date)
            raiser = self._first([g for c in self.toks if c.i > obj.i and c.lemma_.lower() == "value"
                                  and c.pos_ == "VERB" for g in c.children if g.dep_ == "dobj"])
        if raiser is not None and raiser.name == lead.name:
            return None
        # (no raiser named: "SoftBank agreed to lead a round of up to $40 billion" is the round told just before)
        raw = _Raw("funding_round", lead, raiser, tok, self.sent, confidence=0.7 if raiser else 0.55)
        if raiser is None:
            raw.extra["needs_raiser"] = True
        return raw

    def _hosted_round(self, tok: Token) -> _Raw | None:
        raiser = self.active_subject(tok)
        if raiser is None or self._listed_investor(raiser):
            return None
        lead = self._lead(tok)
        return _Raw("funding_round", lead if lead is not raiser else None, raiser, tok, self.sent, confidence=0.7)

    def _issued_shares(self, tok: Token) -> _Raw | None:
        """"We issued to OpenAI shares of our Class A common stock having a value of $350 million", "we issued shares
        of Series C preferred stock for gross proceeds of $1.1 billion": a firm issuing its own shares takes money,
        from the holder it issues them to, or in a round (its lead, if the sentence names one)."""
        issuer, passive = self.subject(tok)
        if tok.dep_ == "acl" and tok.head.i in self.by_token and not any(c.dep_ == "agent" for c in tok.children):
            issuer, passive = tok.head, False  # ("CoreWeave issued to OpenAI shares…": the model reads a participle)
        raiser = self.mention_of(issuer)
        shares = self.dobj(tok)
        holder_np = None
        if shares is None:  # ("issued to OpenAI shares of …": the model makes "OpenAI shares" the object of "to")
            holder_np = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children
                              if g.dep_ == "pobj" and g.lemma_.lower() in _SECURITY_WORDS), None)
            shares = holder_np
        if raiser is None or passive or shares is None or not (
                {t.lemma_.lower() for t in _core_np(shares)} & (_SECURITY_WORDS | {"preferred", "equity"})):
            return None
        holder = self._first([g for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                              for g in ([c] if c.dep_ == "dative" else c.children) if g.dep_ in ("pobj", "dative")])
        if holder_np is not None:
            holder = self._first([c for c in holder_np.children if c.dep_ in ("compound", "poss", "nmod")])
        if holder is not None and holder.name != raiser.name:
            return _Raw("equity_investment", holder, raiser, tok, self.sent, confidence=0.65)
        if not self.amounts or not (self.is_round or re.search(r"\bproceeds\b", self.text)):
            return None
        lead = self._lead(tok)
        return _Raw("funding_round", lead if lead is not raiser else None, raiser, tok, self.sent, confidence=0.6)

    def _listed_investor(self, m: FirmMention) -> bool:
        rec = self.base.get(m.name or "")
        return rec is not None and rec.firm.kind in ("vc", "sovereign")

    def _lead(self, tok: Token) -> FirmMention | None:
        for t in self.toks:
            if t.lower_ in ("led", "co-led", "leading", "leads", "lead", "anchored", "spearheaded") and t.i != tok.i:
                preps = self.preps(t, 2)
                if any(b.lemma_.lower() in _PEOPLE_NOUNS for b in preps.get("by", [])):
                    continue  # "labs led by former OpenAI researchers": people lead a firm, not a round
                m = self._first(preps.get("by"))
                if m is None and t.dep_ not in ("amod",):
                    subj, passive = self.subject(t)
                    if not passive:
                        m = self.mention_of(subj)
                if m is None and t.i > 1 and t.doc[t.i - 1].text == "-":
                    m = self.by_token.get(t.i - 2)
                if m is not None:
                    return m
        return None

    def _acquisition(self, tok: Token) -> _Raw | None:
        preps = self.preps(tok, 2)
        if tok.pos_ in ("NOUN", "PROPN"):
            buyer = self.possessor(tok) or self._first(preps.get("by"))
            target = self._first(preps.get("of"))
            offer = tok if tok.lemma_.lower() in _OFFER_NOUNS else tok.head if tok.dep_ in ("compound", "amod") \
                and tok.head.lemma_.lower() in _OFFER_NOUNS else None
            if offer is not None:  # "turned down an acquisition offer of $800 million from Meta"
                buyer = buyer or self._first(self.preps(offer, 2).get("from"))
                verb = self.governing_verb(offer)
                if target is None and verb is not None and verb.lemma_.lower() in _REFUSE_VERBS:
                    subj, passive = self.subject(verb)
                    target = None if passive else self.mention_of(subj)
            if buyer is not None and target is None and buyer is self.possessor(tok) and preps.get("by"):
                target, buyer = buyer, self._first(preps.get("by"))
            verb = self.governing_verb(tok)
            if buyer is None and verb is not None:
                subj, passive = self.subject(verb)
                if not passive:
                    buyer = self.mention_of(subj)
        else:
            subj, passive = self.subject(tok)
            if passive:
                target, buyer = self.mention_of(subj), self._first(preps.get("by"))
            else:
                obj = self.dobj(tok) or self.shared_object(tok)
                if obj is not None and _is_chip(obj) and obj.i not in self.by_token and any(
                        c.dep_ in ("compound", "poss") and c.i in self.by_token for c in obj.children):
                    return None  # "buy and deploy Nvidia systems": the maker's chips are bought, not the maker
                buyer, target = self.mention_of(subj), self.mention_of(obj) or self._named_object(tok)
        conf = 0.75
        if buyer is None or target is None:
            conf = 0.5
            buyer = buyer or self._prev_firm_before(tok.i, exclude=target)
            target = target or self._next_firm_after(tok.i, exclude=buyer)
        if buyer is None or target is None:
            return None
        return _Raw("acquisition", buyer, target, tok, self.sent, confidence=conf)

    def _co_targets(self, raw: _Raw | None) -> list[_Raw]:
        """"Nvidia bought Run:ai and Deci", "its acquisitions of Silo AI, Mipsology and Nod.ai": every firm
        coordinated with the one bought is bought too; a figure told once is none of theirs alone."""
        if raw is None or raw.source is None or raw.target is None or not raw.source.name:
            return []
        root = self.sent.doc[raw.target.start:raw.target.end].root
        out = []
        for c in root.conjuncts:
            m = self.mention_of(c)
            if m is not None and m.name and m.name not in (raw.source.name, raw.target.name) \
                    and m.via not in ("anaphor", "context") and self._stolen_subject(m) is None:
                out.append(replace(raw, target=m, extra={**raw.extra, "no_amount": True}))
        if out:
            raw.extra["no_amount"] = True
        return out

    def _sale(self, tok: Token) -> _Raw | None:
        preps = self.preps(tok, 2)
        buyer = self._first(preps.get("to"))
        subj, _ = self.subject(tok)
        seller = self.mention_of(subj) or self.possessor(tok)
        if buyer is None or seller is None:
            return None
        return _Raw("acquisition", buyer, seller, tok, self.sent, confidence=0.6)

    def _acquihire(self, tok: Token) -> _Raw | None:
        hirer = self.active_subject(tok)
        preps = self.preps(tok, 3)
        host = tok.head if tok.dep_ in ("xcomp", "advcl", "conj") else None
        if host is not None and host.dep_ in ("xcomp", "advcl") and host.head.pos_ == "VERB":
            host = host.head if host.lemma_.lower() in LEX["license"] | LEX["hire"] else host
        if host is not None and host.lemma_.lower() in ("receive", "get", "take", "obtain", "secure"):
            payer = self._first(self.preps(host, 1).get("from"))  # "Inflection received $650 million from
            receiver = self.active_subject(host)  # Microsoft to license its models": Microsoft licenses and hires
            if payer is not None and receiver is not None and payer.name and receiver.name \
                    and payer.name != receiver.name:
                return _Raw("acquihire_license", payer, receiver, tok, self.sent, confidence=0.7)
        startup = self._first(preps.get("from")) or self._first(preps.get("of"))
        obj = self.dobj(tok)
        if startup is None and obj is not None:
            startup = self.possessor(obj) or self.mention_of(obj)
        if hirer is None:
            hirer = self._prev_firm_before(tok.i, exclude=startup)
        if startup is not None and hirer is not None and startup.name == hirer.name:
            startup = None  # "Google handed Windsurf $2.4 billion to license its technology": "its" is not Google's
        if startup is None:
            startup = self._next_firm_after(tok.i, exclude=hirer)
            if startup is not None and hirer is not None and startup.name == hirer.name:
                startup = None
            startup = startup or self._named_other_than(hirer)
        if hirer is None or startup is None:
            return None
        return _Raw("acquihire_license", hirer, startup, tok, self.sent, confidence=0.7)

    def _named_other_than(self, m: FirmMention | None) -> FirmMention | None:
        """The one other firm the sentence names (by name, not by pronoun), if there is exactly one."""
        others = {o.name: o for o in self.firms if o.name and m is not None and o.name != m.name
                  and o.via not in ("anaphor", "context")}
        return next(iter(others.values())) if len(others) == 1 else None

    def _chip_object(self, tok: Token) -> Token | None:
        """The chip noun a trigger is about: its object ("buy 18,000 Nvidia chips", "$5.8 billion of GPUs"), the
        noun a relative clause describes ("systems, which G42 is purchasing"), or a compound ("chip deals")."""
        if tok.dep_ == "relcl" and _is_chip(tok.head):
            return tok.head
        if tok.dep_ == "dobj" and tok.lemma_.lower() in LEX["deal_noun"]:  # "signed a supply contract with KT Cloud
            for c in tok.head.children:  # for its ATOM chips": the verb holds the "for"
                if c.dep_ == "prep" and c.lower_ == "for":
                    chip = next((g for g in c.children if g.dep_ == "pobj" and _is_chip(g)), None)
                    if chip is not None:
                        return chip
        shared = self.shared_object(tok)
        if shared is not None and _is_chip(shared):
            return shared
        frontier, seen = [tok], 0
        for _ in range(4):
            nxt = []
            for t in frontier:
                for c in t.children:
                    seen += 1
                    if c.dep_ in ("dobj", "pobj", "compound", "nummod", "quantmod", "amod", "nmod", "appos", "attr",
                                  "poss") or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")) or (
                            c.dep_ == "prep" and c.lower_ in ("of", "for", "with", "on")) or (
                            c.dep_ == "prep" and c.lower_ == "to" and c.i > 0 and c.doc[c.i - 1].lower_ == "up"):
                        if _is_chip(c):  # ("sell up to 18,000 of its chips": the parse reads "up to" as a phrase)
                            return c
                        nxt.append(c)
            frontier = nxt
        # Product names break the parse ("orders for Huawei Ascend chips" reads "Ascend" as a verb): a chip noun
        # a few words on, in the same phrase, is the object all the same
        for t in self.sent.doc[tok.i + 1:min(tok.i + 7, self.sent.end)]:
            if t.is_punct or t.lower_ in ("and", "but", "while", "which", "that", "to") or (
                    t.pos_ == "VERB" and not t.is_title):
                break  # (not past another verb: "an agreement to deploy GPUs for Microsoft")
            if _is_chip(t):
                return t
        return None

    def _chip_vendor(self, chip: Token) -> FirmMention | None:
        """"Nvidia's GB300 chips", "Nvidia H100 chips", "GPUs from Nvidia": the firm the chips come from."""
        for t in chip.subtree:
            if t.i >= chip.i and t.dep_ != "prep" and not (t.dep_ == "pobj" and (
                    t.head.dep_ == "agent" or t.head.lower_ in ("from", "of"))):
                continue  # (but "servers built by Dell", "processors of Huawei", "the GPUs deployed in our data
                # centers from NVIDIA" name the maker after the chips)
            if t.i in self.by_token and self.base.has_tags(self.by_token[t.i].name, _CHIP_VENDOR_TAGS):
                return self.by_token[t.i]
        for t in reversed(self.sent.doc[max(chip.i - 3, self.sent.start):chip.i]):  # "Huawei Ascend chips"
            m = self.by_token.get(t.i)
            if m is not None and m.name and self.base.has_tags(m.name, _CHIP_VENDOR_TAGS):
                return m
            if t.is_punct or t.pos_ == "ADP":
                break
        return None

    def _chip(self, tok: Token) -> _Raw | None:
        """Chip purchases: demand the chips as the trigger's own object and a vendor named at the chips, as
        "from X", or as the subject of "supply"; a chipmaker merely near chips is no sale."""
        lem = tok.lemma_.lower()
        if lem in ("use", "get", "take", "receive"):
            return None  # "uses Nvidia chips" says nothing about a purchase
        chip = self._chip_object(tok)
        if chip is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in LEX["deal_noun"] and tok.dep_ == "nsubj" \
                and tok.head.lemma_.lower() in _COVER_VERBS:
            chip = self._chip_object(tok.head)  # "OpenAI's agreement with AMD covers 6 gigawatts of Instinct GPUs"
        if chip is None:
            return None
        preps = self.preps(tok, 3)
        is_verb = tok.pos_ in ("VERB", "AUX")
        subj, passive = self.subject(tok) if is_verb else self.subject(self.governing_verb(tok) or tok)
        sm = self.mention_of(subj)
        beneficiary = self._first(preps.get("for"))
        if lem in ("deploy", "install", "host") and beneficiary is not None and beneficiary.via not in (
                "anaphor", "context") and (sm is None or beneficiary.name != sm.name):
            # "Nscale will deploy 200,000 Nvidia GPUs for Microsoft": capacity sold to a customer, not a chip order
            if sm is not None and not passive and self.base.has_tags(sm.name, ("cloud", "neocloud", "data_center")):
                return _Raw("cloud_commitment", beneficiary, sm, tok, self.sent, confidence=0.6)
            return None
        seller = next((m for t in preps.get("with", []) if (m := self.mention_of(t)) is not None and m.name
                       and self.base.has_tags(m.name, _CHIP_VENDOR_TAGS)), None)  # "an order with Dell for GB300s"
        vendor = self._first(preps.get("from")) or seller or self._chip_vendor(chip)
        customer = None
        ordered = is_verb and (d := self.dobj(tok)) is not None and d.lemma_.lower() in ("order", "purchase")
        if ordered and not passive:  # "issued (purchase) orders to Nvidia for GB300 systems": the issuer buys
            vendor, customer = self._first(preps.get("to")) or vendor, sm
        elif is_verb and lem in LEX["supply"] and lem not in LEX["buy"]:
            if passive:
                vendor, customer = vendor or self._first(preps.get("by")), sm
            else:
                vendor = sm or vendor
                goods = self.dobj(tok)  # ("supplying its ATOM accelerators to KT Cloud": the chips are no customer)
                customer = (None if goods is not None and _is_chip(goods) else self.mention_of(goods)) \
                    or self._first(preps.get("to"))
                if customer is None and goods is not None and _is_chip(goods):
                    customer = self._first([g for c in goods.children if c.dep_ == "relcl"  # "supplies the GPUs
                                            for g in c.children if g.dep_ == "nsubj"])  # CoreWeave rents out"
                if customer is None and tok.dep_ in ("acl", "advcl"):  # "signed letters of intent with OpenAI to
                    holders = [tok.head, *(c for c in tok.head.children if c.dep_ == "dobj")]  # supply memory chips"
                    customer = self._first([g for h in holders for c in h.children if c.dep_ == "prep"
                                            and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"])
                if customer is None:  # "supply 10GW of custom chips for the start-up OpenAI": a firm itself after
                    customer = next((self.by_token[t.i] for t in preps.get("for", []) if t.i in self.by_token  # "for"
                                     and not self.base.has_tags(self.by_token[t.i].name, ("project",))), None)
        elif is_verb:
            customer = None if passive else sm
        elif any(c.lower_ in ("supply", "sales", "sale") and c.dep_ in ("compound", "amod", "nmod")
                 for c in tok.children):  # "FuriosaAI signed a supply contract with LG for its RNGD chips"
            vendor = self.possessor(tok) or sm or self._prev_firm_before(tok.i)
            customer = self._first(preps.get("with")) or self._first(preps.get("to"))
        else:  # a deal noun: "OpenAI's chip deal with Broadcom"
            vendor = vendor or self._first(preps.get("with"))
            customer = self.possessor(tok) or sm
        if customer is None or vendor is None or customer is vendor or customer.name == vendor.name:
            return None
        if not self.base.has_tags(vendor.name, _CHIP_VENDOR_TAGS):
            if is_verb and lem in LEX["supply"] and vendor is sm and self.base.has_tags(
                    vendor.name, ("neocloud", "cloud", "data_center")):
                # "Nscale agreed to supply Microsoft with 200,000 Nvidia GB300 chips": GPU capacity sold by a cloud
                return _Raw("cloud_commitment", customer, vendor, tok, self.sent, confidence=0.6)
            return None
        return _Raw("chip_supply", customer, vendor, tok, self.sent, confidence=0.7)

    def _supply(self, tok: Token, kind: str, vendor_tags: tuple[str, ...]) -> _Raw | None:
        """Cloud and chip deals: the customer pays the provider or vendor."""
        if tok.lower_ == "use" and tok.dep_ == "pobj" and tok.head.lower_ == "for":
            return None  # "chips for use in its own data centres": a purpose, not a second deal
        if tok.lemma_.lower() in ("get", "receive", "gain") and not self.amounts:
            return None  # "gets access to Google Cloud's TPUs": a benefit granted, no spending committed
        if tok.lemma_.lower() == "give" and any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
            return None  # "Microsoft gave up its right to be OpenAI's compute provider": a role given up
        if self.chip_words and tok.lemma_.lower() in ("agree", "commit", "sign", "plan") and any(
                c.dep_ == "xcomp" and c.lemma_.lower() in LEX["buy"] and self._chip_object(c) is not None
                for c in tok.children):
            return None  # "Crusoe agreed to purchase $400 million of AMD GPUs for its cloud": the purchase decides
        if tok.pos_ == "VERB" and self._together_with(tok):
            return None  # "AWS will build together with SK Group a data centre": joint work, no sale
        buys = [tok] + [c for c in tok.children if c.dep_ == "xcomp"]
        if any(b.lemma_.lower() in ("buy", "purchase", "acquire") and (obj := self.dobj(b)) is not None
               and obj.i in self.by_token and self.by_token[obj.i].name for b in buys):
            return None  # "agreed to buy Aligned Data Centers from Macquarie": a firm bought, not capacity
        preps = self.preps(tok, 3)
        talks = _talks_host(tok)
        if talks is not None:  # "in talks with Meta about a cloud agreement": the talks name the counterparty
            for word, objs in self.preps(talks, 1).items():
                preps.setdefault(word, []).extend(o for o in objs if o not in preps.get(word, []))
        subj, passive = self.subject(tok) if tok.pos_ in ("VERB", "AUX") else self.subject(
            self.governing_verb(tok) or tok)
        sm = self.mention_of(subj)
        if tok.pos_ == "NOUN" and tok.dep_ in ("conj", "nsubj", "appos") and preps.get("with") and (owner := next(
                (self.by_token[c.i] for c in tok.children if c.dep_ == "poss" and c.i in self.by_token), None)):
            sm = owner  # "…, and then Meta's own $3 billion deal with the same company": the owner's deal
        lem = tok.lemma_.lower()
        cands = [self._first(preps.get(w)) for w in ("to", "with", "from", "of", "on", "for")]
        obj = self.dobj(tok)
        if obj is not None and obj.i not in self.by_token and lem in ("run", "use", "train") and not (
                _is_chip(obj) or obj.lemma_.lower() in LEX["chip_noun"] | LEX["cloud_noun"]):
            obj = None  # "to run Microsoft's products on rival clouds": the maker of what runs is no provider
        cands += [self.mention_of(obj), self.possessor(tok) if tok.pos_ == "NOUN" else None]
        cands += [self._first([g for rc in t.children if rc.dep_ == "relcl" for g in rc.children if g.dep_ == "nsubj"])
                  for w in ("at", "in") for t in preps.get(w, [])]  # "rent capacity at a data centre that X builds"
        cands += [self._first([g for g in c.children if g.dep_ == "nsubj"]) for c in tok.children
                  if c.dep_ in ("ccomp", "relcl") and c.lemma_.lower() in _SITE_VERBS
                  and any(g.dep_ == "dobj" and g.lower_ in ("that", "which") for g in c.children)]
        # ("pay $6.2 billion for capacity at the campus that Nscale is developing": the parse may hang the clause on
        # the verb)
        cands = [self._other_than(c, sm, vendor_tags) for c in cands]
        named = [c for c in cands if c is not None and c is not sm and not self._chip_maker_only(c)
                 and not (sm is not None and c.name == sm.name)]  # ("CoreWeave expanded its agreements with X")
        vendorish = [c for c in named if self.base.has_tags(c.name, vendor_tags)]
        pool = vendorish or named
        other = pool[0] if pool else None
        if sm is None and other is None:
            return None
        provider_subject = (lem in LEX["supply"] or (lem in _RENT_WORDS and any(  # "rents out GPUs", "leases
            (c.dep_ == "prt" and c.lower_ == "out") or (c.dep_ in ("prep", "dative") and c.lower_ == "to")
            for c in tok.children))) and not passive  # them to CoreWeave": the owner rents to the customer
        if lem in ("commit", "pledge") and sm is not None and other is not None and not passive \
                and self.base.has_tags(sm.name, vendor_tags) and not self.base.has_tags(other.name, vendor_tags) \
                and other in (self._first(preps.get("to")), self._first(preps.get("toward"))):
            return None  # "Amazon had committed $8 billion to Anthropic": money put into a firm, not capacity sold
        customer, vendor = (other, sm) if provider_subject else (sm, other)
        if customer is None and tok.pos_ == "NOUN" and (owner := self.possessor(tok)) is not None \
                and owner is not vendor and (vendor is None or owner.name != vendor.name):
            customer = owner  # "Microsoft's planned spending with CoreWeave": the possessor pays
        if lem in _RENT_WORDS and other is None:
            return None  # "CoreWeave rents out Nvidia GPUs; Core Scientific owns the sites": no counterparty named
        conf = 0.7
        # Word order failed or roles look swapped: the firm of the vendor's kind is the one paid.
        cust_v = self.base.has_tags(customer.name if customer else None, vendor_tags)
        vend_v = self.base.has_tags(vendor.name if vendor else None, vendor_tags)
        if customer is not None and vendor is not None and cust_v and not vend_v:
            customer, vendor = vendor, customer
            conf = 0.6
        elif customer is not None and vendor is not None and kind == "cloud_commitment" and not (
                customer is sm and lem in ("buy", "purchase", "commit", "pay", "spend")) \
                and self.base.has_tags(customer.name, ("neocloud", "data_center")) \
                and self.base.has_tags(vendor.name, ("hyperscaler",)):
            customer, vendor = vendor, customer  # "Nebius struck an agreement with Microsoft": the GPU cloud sells
            conf = 0.6
        if kind == "cloud_commitment" and customer is not None and vendor is not None and cust_v and vend_v \
                and self.base.has_tags(customer.name, ("data_center", "miner")) \
                and not self.base.has_tags(customer.name, ("neocloud", "hyperscaler")) \
                and self.base.has_tags(vendor.name, ("neocloud",)):
            customer, vendor = vendor, customer  # "Cipher Mining signed a Fluidstack contract": the GPU cloud rents
            conf = 0.6  # the data-centre host's site
        deal_noun = tok if tok.pos_ == "NOUN" else self.dobj(tok)  # ("signed an agreement … under which …")
        if deal_noun is not None and customer is not None and vendor is not None \
                and self._buyer_clause(deal_noun, vendor):
            customer, vendor = vendor, customer  # "an agreement with Microsoft under which Microsoft committed to
            conf = 0.6  # purchase $4.6 billion of capacity": the clause says who buys, whatever the firms' kinds
        if vendor is None or customer is None:
            conf = 0.5
            # Only firms of the trigger's own clause may fill a missing role; a firm that leads another clause
            # ("…, to be built by Nscale with Nvidia") is no party to this rental.
            known = [m for m in self.firms if m.name and m is not (customer or vendor)
                     and self._party_clause(m, tok) and not self._chip_maker_only(m) and not self._described_by(m)]
            for m in known:
                if vendor is None and self.base.has_tags(m.name, vendor_tags) and m is not customer:
                    vendor = m
                elif customer is None and m is not vendor and not self.base.has_tags(m.name, vendor_tags):
                    customer = m
        if vendor is None or customer is None or vendor is customer:
            return None
        if kind == "cloud_commitment" and self.chip_words and self.base.has_tags(customer.name, _CHIP_VENDOR_TAGS) \
                and not self.base.has_tags(customer.name, ("cloud", "neocloud", "hyperscaler")) \
                and not self.words & (_RENT_WORDS | {"leaseback", "rent-back", "customer"}):
            return None  # "Rebellions signed a supply contract with KT Cloud for its chips": a chip sale to a cloud
        if kind == "cloud_commitment" and lem in ("commit", "pledge") and self.base.has_tags(vendor.name,
                                                                                         ("joint_venture",)):
            return None  # "SoftBank and OpenAI each committed $19 billion to Stargate": equity in the venture
        if self._kind(customer) in ("vc", "sovereign") and not self.words & _RENT_WORDS:
            return None  # "Temasek signed an agreement with Nebius to build data centres": a fund buys no compute
        if kind == "cloud_commitment" and lem in _SPEND_VERBS and any(
                t.lower_ in _CHIP_PRODUCTS and self.by_token.get(t.i) is not None
                and self.by_token[t.i].name == vendor.name for t in tok.subtree):
            kind = "chip_supply"  # "to spend billions on Google's TPUs for its own data centres": chips bought
        return _Raw(kind, customer, vendor, tok, self.sent, confidence=conf)

    def _other_than(self, c: FirmMention | None, sm: FirmMention | None, tags: tuple[str, ...]) -> FirmMention | None:
        """"Meta's own $3 billion deal with the same company": a description the resolver gave to the subject's own
        firm means the firm of the trade named before it (a firm makes no deal with itself)."""
        if c is None or sm is None or c is sm or c.via != "anaphor" or c.name != sm.name:
            return c
        earlier = [m for m in reversed(self.firms) if m.end <= c.start and m.name and m.name != sm.name
                   and m.via not in ("anaphor", "context")]
        return next((m for m in earlier if self.base.has_tags(m.name, tags)), None) or next(iter(earlier), None)

    def _described_by(self, m: FirmMention) -> bool:
        """"Humain, the AI company launched by the Public Investment Fund": a firm named in a participle that
        describes another firm (launched, founded, owned, backed by) is no party to that firm's deals."""
        t = self.sent.doc[m.start:m.end].root
        return t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.dep_ == "acl" and t.head.head.tag_ == "VBN"

    def _buyer_clause(self, deal: Token, m: FirmMention) -> bool:
        """A relative clause on the deal noun ("under which", "pursuant to which") in which firm m buys or commits."""
        for c in deal.children:
            if c.dep_ == "relcl" and c.lemma_.lower() in ("buy", "purchase", "commit", "agree", "pay", "spend"):
                subj = self.mention_of(self.subject(c)[0])
                if subj is not None and subj.name == m.name and not self.subject(c)[1]:
                    return True
        return False

    def _chip_maker_only(self, m: FirmMention) -> bool:
        """"access to Nvidia GPUs", "Nvidia's GB300 systems": a firm that only names the maker of the chips a
        cloud deal rents out is no party to the rental."""
        root = self.sent.doc[m.start:m.end].root
        if root.dep_ in ("poss", "compound") and m.name and not self.base.has_tags(m.name, _CHIP_VENDOR_TAGS) \
                and self.base.has_tags(m.name, ("cloud", "neocloud", "hyperscaler")):
            return False  # "hosting CoreWeave's GPUs", "rent Oracle servers": a cloud owns the chips it rents out
        return root.dep_ in ("compound", "poss", "nmod", "amod") and _is_chip(root.head) and root.head.i > root.i

    def _struck(self, tok: Token) -> bool:
        """A deal noun that a party signs, strikes or reaches ("signed a $100 million deal with X")."""
        verb = self.governing_verb(tok)
        if verb is None or verb.lemma_.lower() not in _STRIKE_VERBS:
            return False
        subj, _ = self.subject(verb)
        # ("a memorandum of understanding with Humain", "a letter of intent with X": the parse hangs "with" lower)
        kids = [*tok.children, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                                 for p in c.children if p.dep_ == "pobj" for g in p.children)]
        return any((c.dep_ == "prep" and c.lower_ in ("with", "between")) or (
            c.dep_ == "compound" and c.i in self.by_token) for c in kids) or (
            subj is not None and self._firm_pair(subj))  # "HUMAIN and Qualcomm have signed a memorandum"

    def _firm_pair(self, subj: Token) -> bool:
        """A subject of two or more coordinated firms ("Deutsche Telekom and Nvidia")."""
        return sum(1 for x in (subj, *subj.conjuncts) if self.mention_of(x) is not None) >= 2

    def _party_clause(self, m: FirmMention, tok: Token) -> bool:
        """A firm of the trigger's own clause, or the speaker announcing it ("CoreWeave said Meta agreed to pay")."""
        doc = self.sent.doc
        head = _clause_head(doc[m.start:m.end].root)
        if head == _clause_head(tok):
            return True
        return doc[head].lemma_.lower() in _SAY_LEMMAS and any(a.i == head for a in tok.ancestors)

    def _as_cloud_contract(self, raw: _Raw) -> _Raw:
        """A contract struck with a pure compute provider ("CoreWeave expanded its agreement with OpenAI") sells
        capacity: a cloud commitment from the other party, unless both sell capacity."""
        kinds = [self._kind(m) for m in (raw.source, raw.target)]
        if kinds.count("cloud") == 2 and raw.source is not None and raw.target is not None:
            hosts = [not self.base.has_tags(m.name, ("neocloud", "hyperscaler")) for m in (raw.source, raw.target)]
            if hosts.count(True) == 1:  # "Cipher Mining signed its own Fluidstack contract": the GPU cloud rents
                landlord, tenant = (raw.source, raw.target) if hosts[0] else (raw.target, raw.source)  # the site
                return replace(raw, type="cloud_commitment", source=tenant, target=landlord)
        if kinds.count("cloud") != 1:
            return raw
        provider, customer = (raw.source, raw.target) if kinds[0] == "cloud" else (raw.target, raw.source)
        if self._kind(customer) in ("cloud", "chipmaker", "vc", "sovereign"):
            return raw  # (nor does a fund buy compute: "Temasek and Nebius signed an MoU to develop data centres")
        return replace(raw, type="cloud_commitment", source=customer, target=provider)

    def _kind(self, m: FirmMention | None) -> str | None:
        rec = self.base.get(m.name) if m is not None and m.name else None
        return rec.firm.kind if rec is not None else None

    def _partners(self, tok: Token) -> list[_Raw]:
        """Partnerships: the subject (or possessor) with every firm after "with"/"between", or the members of a
        coordinated subject ("Anthropic and Nvidia will work together"); never mere neighbours in the sentence."""
        preps = self.preps(tok, 2)
        verb = tok if tok.pos_ in ("VERB", "AUX") else (self.governing_verb(tok) or tok)
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co" and any(
                c.dep_ == "nsubj" for c in doc[tok.i - 2].children):
            verb = doc[tok.i - 2]  # "the two will co-develop chips": the parse gives "co" the subject
            if self.chip_words and any(t.lemma_.lower() in LEX["buy"] | {"deploy"}
                                       for t in doc[tok.i + 1:min(tok.i + 4, len(doc))]):
                return []  # "OpenAI and Broadcom will co-develop and deploy 10 GW of accelerators": a chip deal
        subj, _ = self.subject(verb)
        if subj is not None and subj.lower_ == "they" and subj.head.dep_ in ("ccomp", "xcomp") and (
                said := next((c for c in subj.head.head.children if c.dep_ == "nsubj"), None)) is not None \
                and _PAIR_WORDS.match(" ".join(t.lower_ for t in said.subtree)):
            subj = said  # "The two companies said they would jointly develop…"
        a = self.mention_of(subj) or (self.possessor(tok) if tok.pos_ == "NOUN" else None)
        others = [self.mention_of(t) for t in preps.get("with", []) + preps.get("between", [])]
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _DEAL_WORDS:  # "signed a Nebius contract"
            others += [self.by_token[c.i] for c in tok.children if c.dep_ == "compound" and c.i in self.by_token]
        bs = [b for b in others if b is not None and b.name and b is not a]
        if tok.pos_ == "NOUN" and tok.lemma_.lower() == "partner" and tok.dep_ == "attr" and subj is not None:
            owner = self.possessor(tok)  # "X and Y will be its partners": each is a partner of the owner
            members = [g for g in [self.mention_of(subj)] + [self.by_token.get(x.i) for x in subj.conjuncts]
                       if g is not None and g.name]
            if owner is not None and owner.name and members and owner.name not in {g.name for g in members}:
                return [_Raw("partnership", owner, g, tok, self.sent, confidence=0.55) for g in members]
        if a is None and len(bs) >= 2 and preps.get("between"):
            a, bs = bs[0], bs[1:]
        if a is None and subj is None and bs and verb.pos_ in ("VERB", "AUX"):
            a = self._prev_firm_before(verb.i, exclude=bs[0])  # "In March Databricks signed…": a misparsed subject
        if (a is None or not bs) and subj is not None:
            # "its subsidiary X and Meta would together…": the list may hang off an apposition of the subject
            heads = [subj] + ([self.sent.doc[a.start:a.end].root] if a is not None else [])
            for h in heads:
                if not h.conjuncts:
                    continue
                group = [g for g in (self.mention_of(x) for x in (h, *h.conjuncts)) if g is not None and g.name]
                if len(group) >= 2:
                    a, bs = group[0], group[1:]
                    break
        if a is None and subj is not None and _PAIR_WORDS.match(" ".join(
                t.lower_ for t in subj.subtree)):
            pair = self._recent_pair(subj)  # "The two companies will jointly offer AI services"
            if pair is not None:
                a, bs = pair[0], [pair[1]]
        if a is None or not a.name:
            return []
        if verb.lemma_.lower() in ("have", "hold") and a.via in ("anaphor", "context"):
            return []  # "its own agreement with OpenAI": too weak without a named holder
        out, seen = [], set()
        for b in bs:
            if b.name != a.name and b.name not in seen:
                seen.add(b.name)
                out.append(_Raw("partnership", a, b, tok, self.sent, confidence=0.55))
        return out

    def _partnership_beside(self, found: list[_Raw]) -> list[_Raw]:
        """"took a $1 billion stake in Nokia, alongside a partnership to build 6G equipment", "…, as the two companies
        announced a multiyear partnership": a partnership told beside the one investment of a sentence, naming no
        partner of its own, is a second deal between the same two firms (but not "as part of a partnership")."""
        invs = {(r.source.name, r.target.name): r for r in found if TYPE_FAMILY[r.type] == "investment"
                and r.source is not None and r.target is not None and r.source.name and r.target.name}
        if len(invs) != 1 or any(r.type == "partnership" for r in found):
            return []
        inv = next(iter(invs.values()))
        for tok in self.toks:
            lem = tok.lemma_.lower()
            if tok.pos_ != "NOUN" or lem not in _BESIDE_NOUNS \
                    or any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children):
                continue
            head = tok.head
            beside = tok.dep_ == "pobj" and (head.lower_ in ("alongside", "besides") or (
                head.lower_ == "with" and (head.head.lemma_.lower() in ("bundle", "pair", "couple", "combine", "come")
                                           or any(c.lower_ in ("together", "along") for c in head.children)))
                or (head.lower_ == "by" and head.head.lemma_.lower() == "accompany"))
            if lem not in ("partnership", "collaboration", "alliance") and not (beside and any(
                    (c.dep_ == "acl" and c.lemma_.lower() in _JOINT_WORK_VERBS)
                    or (c.dep_ in ("compound", "amod") and c.lower_ in _JOINT_KINDS) for c in tok.children)):
                continue  # "together with an agreement to distribute its models": a plain deal noun says what for
            told = tok.dep_ == "dobj" and head.lemma_.lower() in _STRIKE_VERBS | {"form", "launch"} and (
                (subj := self.subject(head)[0]) is not None and _PAIR_WORDS.match(
                    " ".join(t.lower_ for t in subj.subtree)))
            if beside or told:
                assert inv.source is not None and inv.target is not None
                return [_Raw("partnership", inv.source, inv.target, tok, self.sent, status=inv.status,
                             confidence=0.5, extra={"no_amount": True})]  # (the figure is the investment's)
        return []

    def _own_partner_clause(self, raw: _Raw) -> bool:
        """A partnership told in a clause of its own, beside an investment between the same two firms: "X will
        invest $5 billion in Y and the two companies will jointly develop chips" states two deals."""
        t = raw.trigger
        verb = t if t.pos_ in ("VERB", "AUX") else t.head if t.dep_ == "advmod" else None
        return verb is not None and verb.pos_ == "VERB" and verb.dep_ in ("conj", "xcomp") and \
            verb.lemma_.lower() not in LEX["invest"]

    def _recent_pair(self, subj: Token | None = None) -> tuple[FirmMention, FirmMention] | None:
        """The two firms "the two companies" stands for: the two named earlier in its own sentence ("G42 works with
        OpenAI: the two struck a partnership"), else the two the previous sentence names, else the two parties of
        the deal told last (within three sentences)."""
        doc = self.sent.doc

        def two(lo: int, hi: int, *, anaphors: bool = False) -> tuple[FirmMention, FirmMention] | None:
            found: list[FirmMention] = []
            for i in range(lo, hi):
                m = self.by_token.get(i)
                if m is None or not m.name or m.via == "context" or (m.via == "anaphor" and not anaphors) \
                        or any(f.name == m.name for f in found):
                    continue
                found.append(m)
            return (found[0], found[1]) if len(found) == 2 else None

        if subj is not None:  # ("The company is building a campus with Tallgrass, which the two announced…")
            here = two(self.sent.start, subj.left_edge.i, anaphors=True)
            if here is not None:
                return here
            for m in self.firms:  # "an alliance with Microsoft and Nvidia, in which the two groups will invest"
                if m.end > subj.left_edge.i or not m.name or m.via in ("anaphor", "context"):
                    continue
                root = doc[m.start:m.end].root
                mates = [self.by_token[c.i] for c in root.conjuncts if c.i in self.by_token]
                if len(mates) == 1 and mates[0].name and mates[0].name != m.name:
                    return (m, mates[0])
        prev = self.sent
        for _ in range(2):  # the previous non-empty sentence must name exactly two firms
            if prev.start == 0:
                break
            prev = doc[prev.start - 1].sent
            if prev.text.strip():
                break
        got = two(prev.start, prev.end) if prev is not self.sent else None
        if got is None and self.last_pair is not None and self.sent.start - self.last_pair[0].start < 120:
            got = self.last_pair
        return got

    def cloud_roles(self) -> list[_Raw]:
        """"Amazon remains its primary cloud and training partner", "has named AWS its primary training partner",
        "Oracle has long been its main training cloud": a named role, provider → customer."""
        out: list[_Raw] = []
        doc = self.sent.doc
        for tok in self.toks:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in _ROLE_NOUNS or tok.i in self.by_token:
                continue
            words = {t.lower_ for t in doc[tok.left_edge.i:tok.i + 1]}
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "in", "on"):
                    words |= {t.lower_ for t in c.subtree}
            head = tok.head
            plain_role = tok.lemma_.lower() in ("provider", "supplier", "host") and not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in head.children)  # (not "its right to be X's provider")
            if not (words & _ROLE_DOMAIN and (words & _ROLE_ADJ or plain_role)):
                continue  # ("its primary cloud partner"; a "training provider for xAI" needs no adjective)
            provider = customer = None
            naming = head.lemma_.lower() in ("name", "make", "designate", "choose", "select", "pick", "tap")
            if tok.dep_ in ("attr", "oprd", "acomp") or (tok.dep_ in ("xcomp", "ccomp", "dobj") and naming):
                if naming:
                    objs = [c for c in head.children if c.dep_ in ("dobj", "nsubj") and c.i != tok.i and c.i < tok.i]
                    provider = self.mention_of(objs[-1]) if objs else None
                    subj, _ = self.subject(head)
                    customer = self.mention_of(subj)
                else:
                    subj, _ = self.subject(head)
                    provider = self.mention_of(subj)
            elif tok.dep_ == "appos":
                provider = self.mention_of(tok.head)
            if provider is None:
                continue
            for c in doc[tok.left_edge.i:tok.i]:  # "its primary cloud and training partner": the owner may
                if c.dep_ == "poss" and c.i in self.by_token:  # hang off a modifier of the role noun
                    customer = self.by_token[c.i]
            if customer is None:
                customer = self._first(self.preps(tok, 1).get("for")) or self._first(self.preps(tok, 1).get("to"))
            if customer is None or not customer.name or customer.name == provider.name:
                continue
            if not self.base.has_tags(provider.name, ("cloud", "neocloud", "data_center")):
                continue
            raw = _Raw("cloud_commitment", customer, provider, tok, self.sent, confidence=0.65)
            raw.extra["copular"] = not naming
            raw.extra["no_amount"] = True
            out.append(raw)
        return out

    def _finish(self, raw: _Raw) -> None:
        raw.status = self._status(raw)
        if raw.extra.get("standing") and raw.status != "denied":
            raw.status = "completed"  # "Microsoft-backed OpenAI said it is raising…": the backing is a fact already
        if raw.extra.get("approach") and raw.status in ("announced", "completed", "reported"):
            raw.status = "in_talks"  # an approach opens talks (hearsay about talks is still talks)
        if raw.extra.get("copular") and raw.status == "announced":
            raw.status = "completed"  # "X is its primary cloud": a standing arrangement
        if raw.extra.get("own_amount") is not None:
            raw.amount = raw.extra["own_amount"]  # a gapped clause's payer and its figure
        elif not raw.extra.get("no_amount"):
            raw.amount = self._nearest_amount(raw)
            if raw.amount is not None and (_COMBINED.match(_doc_text(self.sent.doc)[raw.amount.end_char:][:40]) or (
                    raw.extra.get("joint") and not re.search(r"\beach\b", self.text))):
                raw.amount = None  # "Microsoft and Nvidia will invest $15 billion combined": no one's own figure
            if raw.extra.get("joint") and raw.source is not None and re.search(r"\brespectively\b", self.text):
                raw.amount = self._respective_amount(raw)  # "will invest $5 billion and $10 billion respectively"
            if raw.amount is not None and any(raw.amount is c for c in self.cumulatives):
                raw.cumulative = True  # "brings Amazon's total investment to $8 billion": the running total
                if raw.status == "announced":
                    raw.status = "completed"
        if self.valuations and TYPE_FAMILY[raw.type] == "investment":
            raw.valuation = self.valuations[0].usd
        if raw.type == "funding_round" and raw.amount is None and raw.source is None:
            raw.confidence -= 0.2

    def _respective_amount(self, raw: _Raw) -> Amount | None:
        """"X and Y will invest up to $5 billion and up to $10 billion respectively": the n-th payer of the
        coordinated subject gets the n-th figure, when there are as many figures as payers."""
        assert raw.source is not None
        doc = self.sent.doc
        root = doc[raw.source.start:raw.source.end].root
        head = root.head if root.dep_ == "conj" else root
        payers = sorted([head, *head.conjuncts], key=lambda t: t.i)
        obj = self.dobj(raw.trigger)  # the figures are the verb's object and its conjuncts, not a later clause's
        sized = [a for a in self.amounts if a.value is not None or a.low is not None]
        sub = {t.i for t in obj.subtree} if obj is not None else set()
        amounts = [a for a in sized if self._tok_at(a.start_char) in sub]
        if len(amounts) != len(payers):
            clause = _clause_head(raw.trigger)
            sub = {t.i for t in raw.trigger.subtree if _clause_head(t) == clause}
            amounts = [a for a in sized if self._tok_at(a.start_char) in sub]
        if len(payers) < 2 or len(amounts) != len(payers):
            return None
        idx = next((k for k, t in enumerate(payers) if raw.source.start <= t.i < raw.source.end), None)
        return amounts[idx] if idx is not None else None

    def _cumulative(self, found: list[_Raw]) -> None:
        for amount in self.cumulatives:
            if any(r.amount is amount for r in found):
                continue  # "Amazon has committed $8 billion in total": the total is the deal told
            for raw in list(found):
                if TYPE_FAMILY[raw.type] == "investment" and raw.source and raw.target:
                    extra = replace(raw, amount=amount, status="completed", cumulative=True, extra={})
                    found.append(extra)
                    break

    def _nearest_amount(self, raw: _Raw) -> Amount | None:
        """The amount of this deal: inside the trigger's phrase, else in its clause, else (investments only)
        the nearest in the sentence; never an amount that belongs to another firm's round ("Anthropic's
        $13 billion Series F") or, for chips, cloud and partnerships, one outside the trigger's own phrase."""
        trig = raw.trigger
        parties = {raw.source.name if raw.source else None, raw.target.name if raw.target else None}
        mine = [a for a in self.amounts if self._amount_owner(a) in (None, *parties)]
        sub = {t.i for t in trig.subtree}
        inside = [a for a in mine if self._tok_at(a.start_char) in sub]
        if inside:
            return min(inside, key=lambda a: abs(a.start_char - trig.idx))
        head = _clause_head(trig)
        clause = [a for a in mine if _clause_head(self.sent.doc[max(self._tok_at(a.start_char), 0)]) == head
                  and not self._owned_by_other_deal(a, trig)]
        if not clause:
            totals = [a for a in self.cumulatives if _clause_head(
                self.sent.doc[max(self._tok_at(a.start_char), 0)]) == head]
            if totals and TYPE_FAMILY[raw.type] == "investment":
                return totals[0]
        if raw.type == "chip_supply":
            pool = []  # "buy 18,000 Nvidia chips" carries its own figure or none
            deal = trig.head if trig.dep_ in ("acl", "relcl", "advcl") else None
            if deal is not None and deal.lemma_.lower() in _DEAL_WORDS:  # "a $12 billion deal to buy chips from X"
                before = {t.i for t in deal.subtree if t.i < deal.i}  # the figure sizing the deal noun itself
                pool = [a for a in mine if self._tok_at(a.start_char) in before]
        elif TYPE_FAMILY[raw.type] not in ("investment", "acquisition"):
            pool = clause
        else:  # ("completed its $8 billion acquisition of Informatica … since it bought Slack": not Slack's)
            pool = clause or [a for a in mine if TYPE_FAMILY[raw.type] != "acquisition"
                              or not self._owned_by_other_deal(a, trig)]
        return min(pool, key=lambda a: abs(a.start_char - trig.idx)) if pool else None

    def _owned_by_other_deal(self, a: Amount, trig: Token) -> bool:
        """"signed a Nebius contract worth $19.4 billion and an Nscale deal": the figure is the contract's."""
        i = self._tok_at(a.start_char)
        if i < 0:
            return False
        t = self.sent.doc[i]
        for _ in range(6):
            if t.i == trig.i or t.head.i == t.i or t.pos_ in ("VERB", "AUX"):
                return False
            t = t.head
            if t.i != trig.i and t.pos_ == "NOUN" and t.lemma_.lower() in _DEAL_WORDS | _INVEST_NOUNS | _BUY_NOUNS:
                if not any(x.i == t.i for x in trig.ancestors):
                    return True
                x = trig  # an ancestor reached through a coordination is a sibling deal ("a contract … and a deal")
                while x.i != t.i and x.head.i != x.i:
                    if x.dep_ == "conj":
                        return True
                    x = x.head
                return False
        return False

    def _amount_head(self, a: Amount) -> Token | None:
        """The noun an amount sizes ("Series F" in "Anthropic's $13 billion Series F")."""
        i = self._tok_at(a.start_char)
        if i < 0:
            return None
        t = self.sent.doc[i]
        for _ in range(4):
            if t.dep_ not in ("nummod", "compound", "quantmod", "amod", "nmod") or t.head.i == t.i:
                break
            t = t.head
        return t

    def _amount_owner(self, a: Amount) -> str | None:
        """The firm whose possessive governs an amount's phrase ("Anthropic's $13 billion Series F")."""
        t = self._amount_head(a)
        if t is None:
            return None
        for c in t.children:
            if c.dep_ == "poss" and (owner := self.mention_of(c) if c.lower_ == "whose" else self.by_token.get(c.i)):
                return owner.name
        return None

    def _status(self, raw: _Raw) -> str:
        scope = self._status_scope(raw.trigger)
        in_relcl = scope != self.text
        own = scope if in_relcl else self._without_side_clauses(raw.trigger)
        if raw.type == "acquihire_license":  # "licensed its technology … but did not buy it": the takeover is
            own = _NOT_BOUGHT.sub("", own)  # what is denied, not the licence
        if _DENIED.search(own):
            return "denied"
        if _TALKS.search(own):
            return "in_talks"
        if _CONFIRMED.search(own):
            return "announced"  # "…, first reported by The Information, was confirmed on Monday": no longer hearsay
        if _REPORTED.search(scope) or _NOT_PARTY_SPEAKER.search(scope) or _PARA_REPORTED.search(
                _paragraph(self.sent, upto_sentence=True)):
            return "reported"  # "X plans to invest $Y, Bloomberg reported": hearsay, whatever the plan
        if _PLANNED.search(own):
            return "planned"
        if _HEDGED.search(own) or _PARA_REPORTED.search(_paragraph(self.sent, upto_sentence=True)):
            return "reported"
        future = bool(_FUTURE.search(self._clause_text(raw.trigger)))
        if _HOLDING.search(scope) and not future:
            return "completed"
        if not future and _CLOSED.search(own) and (TYPE_FAMILY[raw.type] == "acquisition" or (
                raw.type == "equity_investment" and not _ROUND_NOUN.search(self.text))):
            return "completed"  # "said it had completed its acquisition": a party announcing the close of a deal
        told = not in_relcl and bool(_ANNOUNCE.search(self.text))  # the parties' own statement is "announced"
        if not future and not told and (_DONE.search(scope) or self._money_moved(raw.trigger)):
            return "completed"
        if not in_relcl and _ANNOUNCE.search(self.text) and not _years_ago(self.text, self.sent.doc._.published):
            return "announced"
        if _COMPLETED.search(scope) and not future:
            return "completed"
        trig = raw.trigger
        perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in trig.children)
        if not future and trig.lemma_.lower() != "pledge" and (trig.tag_ == "VBD" or (trig.tag_ == "VBN" and not (
                perfect and trig.lemma_.lower() not in _MONEY_MOVED))):
            return "completed"  # "has signed" / "has named" announce a deal; "has invested" tells it done
        if not future and _years_ago(self.text, self.sent.doc._.published):
            return "completed"  # "since its $19 billion purchase of WhatsApp in 2014": a deal of an earlier year
        return "announced"

    def _money_moved(self, trig: Token) -> bool:
        """"Amazon has invested $2.75 billion" / "Microsoft took a stake": told as done, not as a statement
        ("X said it had raised" is the party's announcement; "has signed", "has agreed" announce a deal)."""
        verb = trig if trig.pos_ in ("VERB", "AUX") else self.governing_verb(trig)
        purpose = verb
        while purpose is not None and purpose.dep_ == "conj" and purpose.head.pos_ == "VERB":
            purpose = purpose.head
        if purpose is not None and purpose.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in purpose.children):
            verb = purpose.head  # "spent $900 million to bring in its staff and license its technology"
        if verb is None or verb.lemma_.lower() not in _MONEY_MOVED:
            return False
        perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)
        if not (verb.tag_ == "VBD" or (verb.tag_ == "VBN" and perfect)):
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in ("will", "would", "be") for c in verb.children):
            return False
        t = verb
        for _ in range(4):  # reported speech: "said it had raised" (the speech verb comes first)
            if t.head.i == t.i:
                break
            t = t.head
            if t.lemma_.lower() in _SAY_LEMMAS and t.i < verb.i:
                return False
        return True

    def _without_side_clauses(self, trig: Token) -> str:
        """The sentence without relative clauses that describe some other noun: in "a partnership with X under
        which it plans to use GPUs" the plan is the clause's, not the partnership's."""
        cut = [t for t in self.toks if t.dep_ == "relcl" and not any(a.i == t.i for a in trig.ancestors)
               and t.i != trig.i]
        semis = [t.i for t in self.toks if t.text == ";"]  # "X has not invested in Y; Y's round was led by Z"
        if not cut and not semis:
            return self.text
        lo = max([i for i in semis if i < trig.i], default=self.sent.start - 1)
        hi = min([i for i in semis if i > trig.i], default=self.sent.end)
        drop: set[int] = set()
        for t in cut:
            drop.update(range(t.left_edge.i, t.right_edge.i + 1))
        return " ".join(t.text for t in self.toks if t.i not in drop and lo < t.i < hi)

    def _status_scope(self, trig: Token) -> str:
        """A relative clause ("which has invested…") carries its own status; otherwise the whole sentence."""
        t = trig
        for _ in range(5):
            if t.dep_ == "relcl" and not _infinitival(t):  # (in word order: a non-projective parse yields
                return " ".join(x.text for x in sorted(t.subtree, key=lambda x: x.i))  # the subtree out of order)
            if t.head.i == t.i:
                break
            t = t.head
        return self.text

    def _clause_text(self, trig: Token) -> str:
        head = trig
        while head.dep_ in ("xcomp", "aux", "prep", "pobj", "dobj", "compound", "amod") and head.head.i != head.i:
            head = head.head
        left = [t.text for t in head.lefts if t.dep_ in ("aux", "auxpass", "neg")]
        left += [t.text for t in trig.lefts if t.dep_ in ("aux", "auxpass")]
        return " ".join(left)


_PRODUCTS: dict[int, frozenset[str]] = {}


def _products(base: FirmBase) -> frozenset[str]:
    """Lower-cased product names ("TPUs", "Azure"): mentions that stand for a firm but are not the firm."""
    hit = _PRODUCTS.get(id(base.records))  # (one entry per knowledge base, whatever a text inferred beside it)
    if hit is None:
        hit = _PRODUCTS[id(base.records)] = frozenset(p.lower() for p in base.product_names())
    return hit


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(obj: Any) -> dict[str, Any]:
    """A flat dataclass of plain values as a dict (dataclasses.asdict deep-copies, which costs more than it needs)."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    return {n: getattr(obj, n) for n in names}


def _is_round_noun(tok: Token) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.lemma_.lower() in ("round", "fundraising", "fundraise", "financing") or tok.lower_ == "series":
        return True
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ == "series"  # "Series F"


def _core_np(tok: Token) -> list[Token]:
    """A noun phrase without its appositions, relative clauses and other clauses: "Rivos, a start-up designing
    chips" is about Rivos; "$5 billion of Intel stock" keeps its "of" phrase."""
    out = [tok]
    frontier = [tok]
    while frontier:
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("appos", "relcl", "acl", "conj", "cc", "punct", "advcl", "ccomp"):
                    continue
                if c.dep_ == "prep" and c.lower_ != "of":
                    continue
                out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


_TALK_NOUNS = frozenset({"talk", "talks", "discussion", "negotiation", "conversation"})


def _talks_host(tok: Token) -> Token | None:
    """The "talks" noun a deal noun is the topic of: "talks with X about a cloud agreement"."""
    head = tok.head
    if ((tok.pos_ == "NOUN" and tok.dep_ == "pobj") or (tok.pos_ == "VERB" and tok.dep_ == "pcomp")) \
            and head.lower_ in ("about", "over", "on", "for") \
            and (head.head.lemma_.lower() in _TALK_NOUNS or head.head.lower_ in _TALK_NOUNS):
        return head.head
    return None


def _infinitival(verb: Token) -> bool:
    """"in talks to invest", "agreed at the same time to invest": the small model hangs an active to-infinitive
    on the nearest noun as if a relative clause; its subject is the subject of the clause around it (not so for
    "a cluster to be built", whose noun is what the verb acts on)."""
    kids = list(verb.children)
    return verb.dep_ == "relcl" and verb.head.lemma_.lower() not in _AGENT_NOUNS | _MODAL_NOUNS \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids) \
        and not any(c.lower_ in _REL_PRONOUNS or c.dep_ in ("auxpass", "nsubj", "nsubjpass") for c in kids)


# "gave up its right to be OpenAI's compute provider": a right or an option to do something is not doing it
_MODAL_NOUNS = frozenset({"right", "option", "ability", "chance", "opportunity", "freedom", "permission", "obligation"})
# "seek a partner to acquire X", "a vehicle to invest in AI": the noun itself is who acts
_AGENT_NOUNS = frozenset({"partner", "buyer", "bidder", "investor", "acquirer", "company", "firm", "group", "vehicle",
                          "fund", "entity", "party", "consortium", "startup", "start-up", "suitor", "backer",
                          "someone", "anyone", "customer", "supplier", "provider", "team", "unit", "subsidiary"})


_GENERIC_SUBJECTS = frozenset({"startup", "start-up", "up", "company", "firm", "group", "lab", "developer", "maker",
                               "outfit", "upstart", "business", "venture"})
_FIRM_NOUNS = _GENERIC_SUBJECTS | {"designer", "operator", "provider", "supplier"}
_RENT_WORDS = frozenset({"rent", "lease"})  # lemmas: the sentence's words hold every token's lemma
# Verbs that raise money only with money as their very object ("lined up $1.38B", "banked $300M")
_LOOSE_RAISE = frozenset({"line", "pull", "rake", "pick", "bank", "book", "score", "notch", "nab", "clinch", "snag",
                          "add"})
_PERSON_ROLES = frozenset({"ceo", "chief", "executive", "president", "chairman", "founder", "co-founder", "cofounder",
                           "cto", "cfo", "boss", "veteran", "alum", "engineer", "researcher", "scientist"})
# Words of deals other than a stake in a round: a list of funds in their sentence is no list of a round's backers
_OTHER_DEAL_WORDS = (LEX["acquire"] | LEX["sell"] | LEX["partner"] | LEX["license"] | LEX["hire"] | LEX["cloud_noun"]
                     | LEX["chip_noun"] | LEX["supply"] | _DEAL_WORDS)
_OWN_ROUND_VERBS = (LEX["raise"] | _ROUND_HOST_VERBS) - {"receive", "get", "take", "add", "win", "draw"}
_BESIDE_NOUNS = frozenset({"partnership", "collaboration", "alliance", "agreement", "deal", "pact", "tie-up", "accord"})
_JOINT_KINDS = frozenset({"distribution", "licensing", "technology", "research", "development", "commercial",
                          "strategic", "engineering"})
_JOINT_WORK_VERBS = frozenset({"distribute", "develop", "co-develop", "build", "sell", "offer", "bring", "integrate",
                               "license", "research", "design", "market", "resell", "embed"})
_MARKET_FUNDING = frozenset({"sale", "offering", "note", "notes", "bond", "bonds", "debt", "loan", "convertible",
                              "convertibles", "issuance", "facility"})  # (an IPO or a private placement is a round)
_PEOPLE_NOUNS = frozenset({"researcher", "executive", "founder", "co-founder", "engineer", "scientist", "alumnus",
                            "alumni", "veteran", "employee", "staffer", "people", "team", "manager",
                            "director", "officer", "chief", "ceo"})
_NOT_BOUGHT = re.compile(r"\b(?:did not|didn't|does not|doesn't|not|never|without|no)\s+(?:\w+\s+){0,2}?"
                         r"(?:buy|bought|buying|acquir\w*|purchas\w*|take\s+over|takeover|equity|stake)\b[^,;]*", re.I)
_WIN_VERBS = frozenset({"win", "land", "secure", "bag", "clinch", "snag", "receive", "get"})
_COVER_VERBS = frozenset({"cover", "include", "involve", "span", "comprise", "call"})
_SITE_VERBS = frozenset({"build", "develop", "operate", "run", "own", "construct"})
_SPEND_VERBS = frozenset({"spend", "buy", "purchase", "order"})
_CHIP_PRODUCTS = frozenset({"tpu", "tpus", "trainium", "trainium2", "trainium3", "inferentia", "inferentia2", "maia"})
_LEG_CUES = frozenset({"deal", "agreement", "arrangement", "part", "return", "turn", "see", "exchange", "under"})
_STAKE_SYNONYMS = frozenset({"participation", "holding", "position", "shareholding"})
_CONTRACT_NOUNS = frozenset({"contract", "agreement", "lease", "deal", "commitment", "purchase", "order"})
_COMPUTE_NOUNS = frozenset({"compute", "computing", "capacity", "gigawatt", "megawatt", "gw", "mw"})
_RETURN_VERBS = frozenset({"use", "adopt", "deploy", "fill", "buy", "purchase", "run", "commit", "install", "spend",
                           "rely", "power", "train", "tap"})
_NOT_CLOUD_CREDITS = frozenset({"tax", "carbon", "energy", "renewable", "research", "production", "film"})
_CREDIT_TAKE = frozenset({"get", "receive", "obtain", "secure", "win", "take", "land", "bag", "collect"})
_CREDIT_VERBS = _CREDIT_TAKE | {"grant", "give", "provide", "offer", "award", "extend", "throw", "hand", "contribute",
                                "chip", "add"}
_CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though", "whilst"})


def _clause_head(t: Token) -> int:
    """The verb heading the clause a token belongs to (xcomp/aux chains count as one clause)."""
    x = t
    for _ in range(30):
        if x.pos_ in ("VERB", "AUX") and x.dep_ in ("ROOT", "conj", "ccomp", "advcl", "parataxis", "relcl"):
            return x.i
        if x.head.i == x.i:
            return x.i
        x = x.head
    return x.i


_QUANTIFIERS = frozenset({"all", "most", "much", "some", "part", "each", "many", "half", "rest", "bulk"})


def _in_np(t: Token, head: Token) -> bool:
    """True when t belongs to head's own noun phrase, not to a clause or PP hanging off it."""
    x = t
    for _ in range(50):
        if x.i == head.i:
            return True
        if x.dep_ == "prep" and x.lower_ == "of" and x.head.lower_ in _QUANTIFIERS:
            x = x.head  # "all of OpenAI's workloads", "much of Anthropic's compute"
            continue
        if (x.dep_ == "acl" and x.lemma_.lower() in _NAMING_VERBS) or (
                x.dep_ == "prep" and x.lower_ == "as" and x.head.lemma_.lower() == "know" and x.head.dep_ == "acl"):
            x = x.head  # "a consortium called the AI Infrastructure Partnership", "a fund known as MGX"
            continue
        if x.dep_ in ("relcl", "acl", "prep", "advcl", "ccomp", "conj", "cc", "appos") and x.head.i != x.i:
            return x.dep_ == "appos" and x.head.i == head.i
        x = x.head
    return False


_NAMING_VERBS = frozenset({"call", "name", "dub", "brand"})


def _char_token(sent: Span, char: int) -> int:
    for t in sent:
        if t.idx <= char < t.idx + len(t.text) + 1:
            return t.i
    return -1


_YEAR_ANY = re.compile(r"\b(?:in|since|of|during|early|late|mid-?)\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
                       r"dec)[a-z]*\.?\s+)?((?:19|20)\d\d)\b", re.I)  # "in 2023", "In June 2023"
# a timeline item: "December 2023: a €385 million Series A", "- 2021 - a second round"
_YEAR_ITEM = re.compile(r"^\s*(?:[-•*]\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
                        r"((?:19|20)\d\d)\s*[:–—-]", re.I)
_YEAR = re.compile(r"\b(?:in|since|of|during) (?:(?:early|late|mid-?)\s*)?(?:\w+ )?((?:19|20)\d\d)\b")


def published_date(value: date | datetime | str | None) -> date | None:
    """The publication date kept on the Doc (an ISO string, so that it survives multiprocessing)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def deal_to_dict(deal: Deal) -> dict[str, Any]:
    """Every field of a Deal, JSON-able (the date as ISO text)."""
    d = asdict(deal)
    d["date"] = deal.date.isoformat() if deal.date else None
    return d


def deal_from_dict(d: dict[str, Any]) -> Deal:
    """Inverse of `deal_to_dict`; unknown keys are ignored."""
    names = {f.name for f in fields(Deal)}
    kw = {k: v for k, v in d.items() if k in names}
    kw["date"] = published_date(kw.get("date"))
    return Deal(**kw)


def _years_ago(text: str, published: date | datetime | str | None) -> bool:
    """A sentence dating its deal to an earlier year tells background, not today's announcement."""
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    if not years:
        return False
    pub = published_date(published)
    ref = pub.year if pub else None
    return ref is not None and max(years) < ref


def _paragraph(sent: Span, *, upto_sentence: bool = False) -> str:
    """The paragraph around a sentence; with `upto_sentence`, only its text up to the sentence's end (a hedge
    such as "according to people familiar" covers what it follows, not the sentences before it)."""
    text = _doc_text(sent.doc)
    stop = sent.start_char + len(sent.text.rstrip())  # a sentence span can end in the paragraph break itself
    start = text.rfind("\n\n", 0, sent.start_char)
    end = stop if upto_sentence else text.find("\n\n", stop)
    return text[start + 2 if start >= 0 else 0:end if end >= 0 else len(text)][:1200]


_FOLLOW_DEAL = re.compile(r"\b(?:deal|investment|round|agreement|contract|transaction|stake|financing|funding|"
                          r"commitment|package|purchase|acquisition|takeover|it|that|this|worth|total)\b", re.I)
_FOLLOW_SUBJECT = re.compile(r"^\s*(?:The|That|This|Its|Their|It|Under|In)\b", re.I)


def _attach_following(raw: _Raw, nxt: Span | None, amounts: list[Amount], nxt_firms: list[FirmMention]) -> None:
    """Amount or valuation one sentence away: "The deal is worth $X." / "It values the startup at $Y.\""""
    if nxt is None or not _FOLLOW_SUBJECT.search(nxt.text):
        return
    about_deal = bool(_FOLLOW_DEAL.search(" ".join(nxt.text.split()[:8])))
    if any(m.name for m in nxt_firms):
        named = {m.name for m in nxt_firms if m.name}
        if named - {raw.source.name if raw.source else None, raw.target.name if raw.target else None}:
            return
    doc_text = _doc_text(nxt.doc)
    for a in amounts:
        before = doc_text[max(nxt.start_char, a.start_char - 60):a.start_char]
        after = doc_text[a.end_char:a.end_char + 30]
        if _VALUATION_BEFORE.search(before) or _VALUATION_AFTER.search(after):
            if raw.valuation is None and TYPE_FAMILY[raw.type] == "investment":
                raw.valuation = a.usd
                raw.evidence_end = nxt.end_char
        elif raw.amount is None and not raw.extra.get("no_amount") and about_deal \
                and not _NOT_DEAL_AMOUNT.search(before):
            raw.amount = a
            raw.evidence_end = nxt.end_char


def _to_deal(raw: _Raw, doc: Doc) -> Deal | None:
    if raw.extra.get("context_only"):
        return None
    src = raw.source.name if raw.source else None
    tgt = raw.target.name if raw.target else None
    if raw.type != "funding_round" and (src is None or tgt is None) and not raw.extra.get("unnamed"):
        return None  # one party unresolved: the statement is kept only through a fully named mention
    if raw.extra.get("needs_raiser") and raw.target is None:
        return None  # a round led by a named firm for no firm the text names nearby
    text = _doc_text(doc)
    if any(m is not None and m.start_char >= raw.sent.start_char and _SPURNED.search(
            text[max(raw.sent.start_char, m.start_char - 20):m.start_char]) for m in (raw.source, raw.target)):
        return None  # "it would run on Apple's own servers rather than on Google Cloud": the option not taken
    a = raw.amount
    start, end = raw.sent.start_char, raw.evidence_end or raw.sent.end_char
    if raw.sent.start >= 2 and doc[raw.sent.start - 1].text == ":" and _item_head(doc, raw.sent.start - 1):
        start = doc[raw.sent.start - 1].sent.start_char  # the item's head names what the item is about
    conf = raw.confidence + (0.1 if a is not None else 0.0)
    return Deal(
        type=raw.type,  # type: ignore[arg-type]
        source_firm=src, target_firm=tgt,
        amount_usd=a.usd if a else None,
        amount_low_usd=a.low_usd if a else None,
        amount_high_usd=a.high_usd if a else None,
        amount_qualifier=(a.qualifier if a and (a.value is not None or a.low is not None) else None),
        currency=a.currency if a else None,
        amount_original=a.original if a else None,
        valuation_usd=raw.valuation,
        status=raw.status,  # type: ignore[arg-type]
        date=_deal_date(_doc_text(doc)[start:end], doc._.published),
        evidence=_doc_text(doc)[start:end].strip(),
        start_char=start + (len(_doc_text(doc)[start:end]) - len(_doc_text(doc)[start:end].lstrip())),
        end_char=start + len(_doc_text(doc)[start:end].rstrip()),
        confidence=round(max(0.05, min(conf, 0.99)), 2),
        source_text=raw.source.text if raw.source else None,
        target_text=raw.target.text if raw.target else None,
        cumulative=raw.cumulative,
    )


def _deal_date(text: str, published: date | datetime | str | None) -> date | None:
    """Only explicit dates, or relative ones resolved against a known publication date."""
    pub = published_date(published)
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["iso"]:
                return date.fromisoformat(g["iso"])
            if g["mon"] or g["mon2"]:
                month = _MONTHS[(g["mon"] or g["mon2"]).lower()[:4].rstrip(".") if (g["mon"] or g["mon2"]).lower()
                                [:4] == "sept" else (g["mon"] or g["mon2"]).lower()[:3]]
                day = int(g["day"] or g["day2"])
                year = g["year"] or g["year2"]
                if year:
                    return date(int(year), month, day)
                if pub:
                    d = date(pub.year, month, day)
                    return d if d <= pub + timedelta(days=7) else date(pub.year - 1, month, day)
            if pub and g["wd"]:
                back = (pub.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
                return pub - timedelta(days=back)
            if pub and g["rel"]:
                rel = g["rel"].lower()
                return pub - timedelta(days={"today": 0, "yesterday": 1}.get(rel, 7))
        except (ValueError, KeyError):
            continue
    return None


_STATUS_RANK = {"denied": 6, "completed": 5, "announced": 4, "planned": 3, "in_talks": 2, "reported": 1}


def _years(d: Deal) -> set[str]:
    return set(_YEAR_ANY.findall(d.evidence or "")) | set(_YEAR_ITEM.findall(d.evidence or ""))


def _norm_amount(text: str) -> str:
    return re.sub(r"[^0-9.a-z€£¥$]", "", text.lower())


def _further(d: Deal) -> bool:
    """"£500m more", "a further $1 billion", "another $2 billion": money on top of what was told before."""
    if not d.amount_original or not d.evidence:
        return False
    at = d.evidence.find(d.amount_original)
    if at < 0:
        return False
    before = d.evidence[max(0, at - 30):at].lower()
    after = d.evidence[at + len(d.amount_original):at + len(d.amount_original) + 12].lower()
    return bool(re.search(r"\b(?:further|additional|another|extra)\s+(?:up to\s+|about\s+)?$", before)
                or re.match(r"\s*more\b", after))


def _compatible(a: Deal, b: Deal) -> bool:
    if a.cumulative != b.cumulative:
        return False
    if "credits" in {a.type, b.type} and {a.type, b.type} & {"equity_investment", "funding_round"}:
        return False  # "a seed round from Gradient Ventures" last fall and "$5 million in Google Cloud credits" now
    if _further(a) != _further(b) and (a.amount_original or b.amount_original):
        return False  # "Nvidia would put £500m more into Nscale" is not its earlier part in the Series B
    ya, yb = _years(a), _years(b)
    if ya and yb and not ya & yb:
        return False  # "invested $1 billion in 2019" and "a further injection in 2021" are two tranches
    if bool(ya) != bool(yb):
        dated, other = (a, b) if ya else (b, a)
        if dated.status == "completed" and other.status in ("announced", "planned", "in_talks") \
                and other.amount_usd is None:
            return False  # a dated past tranche is not today's newly announced, still unsized deal
        if dated.type == "funding_round" and dated.amount_original and other.type == "equity_investment" \
                and other.amount_original is None:
            return False  # "In June 2023 X raised a €105 million seed round led by L" is not L's part in today's round
    x = a.amount_usd or a.amount_high_usd
    y = b.amount_usd or b.amount_high_usd
    if x is None and y is None and a.amount_original and b.amount_original and a.currency and b.currency \
            and a.currency != "USD" and _norm_amount(a.amount_original) != _norm_amount(b.amount_original):
        return False  # "€105 million" and "€1.7 billion": two rounds, though neither has a dollar figure
    if x is None or y is None:
        return True
    return abs(x - y) <= 0.02 * max(x, y)


def merge_deals(deals: Iterable[Deal], *, distinct: set[int] | None = None) -> list[Deal]:
    """One deal per real deal per document: same type family, same parties, compatible amounts. Deals whose id is
    in `distinct` are further tranches told beside another in the same sentence: never merged with it."""
    deals = list(deals)
    distinct = distinct or set()
    full = [d for d in deals if d.source_firm and d.target_firm]
    # A one-party reading of a statement already read with both parties is the same deal, half-seen.
    deals = [d for d in deals if (d.source_firm and d.target_firm) or not any(
        TYPE_FAMILY[f.type] == TYPE_FAMILY[d.type]
        and not (d.type == "funding_round" and f.type == "equity_investment" and f.amount_usd is None)
        and (d.source_firm or d.target_firm) in (f.source_firm, f.target_firm)
        and _compatible(f, d) and f.start_char == d.start_char for f in full)]
    out: list[Deal] = []
    for d in deals:
        for i, prev in enumerate(out):
            if (id(d) in distinct or id(prev) in distinct) and d.start_char == prev.start_char:
                continue
            if (TYPE_FAMILY[prev.type] == TYPE_FAMILY[d.type]
                    and {prev.source_firm, prev.target_firm} == {d.source_firm, d.target_firm}
                    and _compatible(prev, d)):
                out[i] = _merge_two(prev, d)
                break
            if _same_round(prev, d):
                lead = prev.source_firm or d.source_firm
                merged = replace(_merge_two(prev, d), source_firm=lead)
                if not _compatible(prev, d):  # keep the round's size, not the lead's own cheque
                    whole = d if prev.source_firm else prev
                    merged = replace(merged, amount_usd=whole.amount_usd, amount_low_usd=whole.amount_low_usd,
                                     amount_high_usd=whole.amount_high_usd, amount_qualifier=whole.amount_qualifier,
                                     currency=whole.currency, amount_original=whole.amount_original)
                out[i] = merged
                break
        else:
            out.append(d)
    # "X led the round, putting in $1.25 billion itself": the lead's own share is part of its round, not a deal
    rounds = [d for d in out if d.type == "funding_round" and d.source_firm]
    return [d for d in out if not any(_lead_cheque(r, d) for r in rounds)]


def _lead_cheque(rnd: Deal, inv: Deal) -> bool:
    """The lead's own cheque in a round it leads (no extra deal: the lead gets none besides the round)."""
    if rnd.type != "funding_round" or inv.type != "equity_investment" or not rnd.source_firm:
        return False
    if (rnd.source_firm, rnd.target_firm) != (inv.source_firm, inv.target_firm) or inv.cumulative:
        return False
    if _years(rnd) and _years(inv) and not _years(rnd) & _years(inv):
        return False
    if abs(rnd.start_char - inv.start_char) >= 600:
        return False
    if rnd.amount_usd is None and inv.amount_usd is None and rnd.currency and rnd.currency == inv.currency:
        small, whole = _value_of(inv), _value_of(rnd)  # "ASML led the €1.7 billion round, putting in €1.3 billion"
        return small is not None and whole is not None and small < whole
    return rnd.amount_usd is not None and inv.amount_usd is not None and inv.amount_usd < rnd.amount_usd


def _value_of(d: Deal) -> float | None:
    """The figure of a deal told in another currency ("€1.3 billion" → 1.3e9 euros)."""
    found = next(find_amounts(d.amount_original or ""), None)
    return found.value if found is not None else None


def _same_round(a: Deal, b: Deal) -> bool:
    """A round first seen without its lead and then "led by X": one round, with X as its source."""
    if a.type != "funding_round" or b.type != "funding_round" or a.target_firm != b.target_firm:
        return False
    if (a.source_firm is None) == (b.source_firm is None):
        return False
    if a.cumulative or b.cumulative:
        return False
    if _compatible(a, b):
        return True
    # "X led the round, putting in $1.25 billion itself": the lead's own cheque, told next to the round
    led, whole = (a, b) if a.source_firm else (b, a)
    close = abs(led.start_char - whole.start_char) < 600
    if led.amount_usd is None and whole.amount_usd is None:
        return close and not (_years(led) and _years(whole) and not _years(led) & _years(whole))
    return (led.amount_usd is not None and whole.amount_usd is not None and led.amount_usd < whole.amount_usd
            and close)


def _merge_two(a: Deal, b: Deal) -> Deal:
    # The earlier statement keeps the evidence; missing figures are filled from the later one.
    base = a
    if a.amount_usd is None and a.amount_low_usd is None and (b.amount_usd is not None or b.amount_low_usd):
        base = replace(a, amount_usd=b.amount_usd, amount_low_usd=b.amount_low_usd,
                       amount_high_usd=b.amount_high_usd, amount_qualifier=b.amount_qualifier,
                       currency=b.currency, amount_original=b.amount_original)
    elif a.amount_original is None and b.amount_original is not None:
        base = replace(a, currency=b.currency, amount_original=b.amount_original)
    kind = a.type
    if a.type == "equity_investment" and b.type in ("credits", "funding_round"):
        kind = b.type
    status = a.status if _STATUS_RANK[a.status] >= _STATUS_RANK[b.status] else b.status
    if a.status == "denied" or b.status == "denied":
        status = "denied"
    types = {a.type: a, b.type: b}
    if "acquihire_license" in types and "acquisition" in types and types["acquisition"].status == "denied" \
            and types["acquihire_license"].status != "denied":
        # "licensed its models and hired its staff rather than acquiring it": the denial is of the takeover
        kind, status = "acquihire_license", types["acquihire_license"].status
    return replace(base, type=kind, valuation_usd=a.valuation_usd or b.valuation_usd, status=status,
                   date=a.date or b.date, confidence=max(a.confidence, b.confidence))
