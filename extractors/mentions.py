"""Find firm mentions in a Doc: gazetteer hits, descriptors ("the chipmaker") and firms new to the base.

Results go to `doc._.firms` as `FirmMention`s sorted by position. A generic descriptor resolves to the nearest
firm of its kind named before it; when there is none the mention keeps its text and a null name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from extractors.firms import FirmBase, FirmRecord, load_firm_base
from pipeline.models import Firm

_WINDOW_CHARS = 600  # how far back a generic descriptor may look for the firm it stands for
_ANAPHOR_WINDOW = 900  # how far back "the company" / "it" may look for the firm it stands for
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NP_LINKS = {"poss", "compound", "appos", "nmod"}
_CUE_HEADS = ["startup", "start-up", "firm", "company", "lab", "developer", "rival", "unit", "provider", "maker",
              "backer", "shareholder",
              "neocloud", "operator", "fund", "investor", "group", "platform", "outfit", "upstart", "newcomer"]
_FIRM_HEADS = {"startup", "start-up", "firm", "company", "lab", "developer", "maker", "neocloud", "operator",
               "investor", "provider", "upstart", "outfit"}
# Firm nouns that, after a modifier and with no article, still describe the name that follows ("Munich defence-AI
# firm Helsing"); not "developer" or "operator", which also stand before people's names.
_BARE_HEADS = {"startup", "start-up", "firm", "company", "lab", "neocloud", "upstart", "outfit"}
_ROUND_NOUNS = ["series", "round", "seed", "raise", "funding", "fundraise", "fundraising", "financing"]
_RAISE_VERBS = ["raise", "secure", "close", "land", "bank", "net", "clinch"]
_NAMELIKE = re.compile(r"^[A-Z](?:(?=[\w&.'-]*[a-z])[\w&.'-]*)?$")  # "Windsurf", "SchedMD", "X"; not "NVIDIA"
_OWNED_BY_FIRMS = ["ceo", "cfo", "cto", "chief", "founder", "founders", "co-founder", "co-founders", "cofounder",
                   "cofounders", "staff", "employees", "engineers", "workforce", "headquarters", "valuation"]
_BUY_NOUNS = ["takeover", "acquisition", "purchase", "buyout"]
_INCORPORATED = ["Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "LLC", "plc", "GmbH", "AG", "SA", "S.A."]
_LEGAL_SUFFIX = ["Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "LLC", "Labs", "Technologies", "AI", "Systems",
                 "Capital", "Ventures", "Partners", "Robotics", "Computing", "Cloud", "Networks", "GmbH", "SA", "AG",
                 "plc", "PLC", "Holdings", "Group", "Intelligence", "Research", "Data", "Semiconductor", "Dynamics",
                 "PBC", "LP", "L.P.", "N.V.", "S.A.", "SE"]
# Words after a firm's name that are not more of its name: "Apple CEO Tim Cook", "Sequoia partner Jane Doe".
_ROLE_WORDS = {"ceo", "chief", "executive", "president", "chairman", "chairwoman", "chair", "founder", "co-founder",
               "cofounder", "cfo", "cto", "coo", "spokesperson", "spokesman", "spokeswoman", "director", "head",
               "partner", "boss", "analyst", "inc", "inc.", "corp", "corp.", "ltd", "llc", "plc", "shares", "stock"}
_TITLES = {"ceo", "cfo", "cto", "coo", "chief", "president", "chairman", "chairwoman", "spokesperson", "spokesman",
           "spokeswoman", "analyst"}
_STOP_START = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our"}


_TOKENS: dict[int, list[Token]] = {}  # the tokens of the doc being read (see FirmMentions.__call__)


def _all(doc: Doc) -> list[Token]:
    """The doc's tokens, made once per doc while the mention reader runs (iterating a Doc builds new Tokens)."""
    toks = _TOKENS.get(id(doc))
    return toks if toks is not None else list(doc)


@dataclass(frozen=True)
class FirmMention:
    """A firm named in the text; `name` is canonical, or None for an unresolved descriptor."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    name: str | None
    text: str
    via: str  # alias | descriptor | context | ner | cue | list | defined


if not Doc.has_extension("firms"):
    Doc.set_extension("firms", default=None)
if not Doc.has_extension("title"):
    Doc.set_extension("title", default=None)  # the article's headline, when known


@Language.factory("firm_mentions", default_config={"data_dir": None, "unknown_firms": True})
def make_firm_mentions(nlp: Language, name: str, data_dir: str | None, unknown_firms: bool) -> FirmMentions:
    return FirmMentions(nlp, load_firm_base(data_dir), unknown_firms=unknown_firms)


class FirmMentions:
    """Collect firm mentions after the entity ruler and NER have run."""

    def __init__(self, nlp: Language, base: FirmBase, *, unknown_firms: bool = True) -> None:
        self.base = base
        self.unknown_firms = unknown_firms
        self.descriptors = base.descriptor_phrases()
        self.make_doc = nlp.make_doc
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")  # firms a headline names (tokens only)
        for p in base.ruler_patterns():
            rec = base.get(p["id"])
            if rec is not None and not rec.ambiguous:
                self.title_matcher.add(p["id"], [nlp.make_doc(p["pattern"])])
        self.desc_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = list(self.descriptors)
        # "the chipmaker" also appears as "chipmaker X" or "a chipmaker": match without the article too.
        bare = {re.sub(r"^(the|a|an)\s+", "", p) for p in phrases}
        self.desc_matcher.add("DESC", [nlp.make_doc(p) for p in sorted(set(phrases) | bare) if p])
        self.cue_matcher = Matcher(nlp.vocab)
        self.cue_matcher.add("CUE_HEAD", [[{"LOWER": {"IN": _CUE_HEADS}}, {"POS": "PROPN", "OP": "+"}]])
        self.cue_matcher.add("CUE_BACKED", [[{"POS": "PROPN", "OP": "+"}, {"ORTH": "-"},
                                              {"LOWER": {"IN": ["backed", "funded", "owned", "led"]}}]])
        # "Quellwerk's $60 million Series A", "Quellwerk raised $45 million": whoever owns or raises a round is a firm
        money = {"IS_PUNCT": False, "LOWER": {"NOT_IN": ["and", "or", "the", "a", "an"]}, "OP": "?"}
        self.cue_matcher.add("CUE_RAISER", [
            [{"POS": "PROPN", "IS_TITLE": True, "OP": "+"}, {"ORTH": {"IN": ["'s", "’s"]}}, money, money, money,
             money, {"LOWER": {"IN": _ROUND_NOUNS}}],
            [{"POS": "PROPN", "IS_TITLE": True, "OP": "+"}, {"LEMMA": {"IN": _RAISE_VERBS}, "POS": "VERB"},
             {"LOWER": {"IN": ["$", "€", "£", "us$", "a", "an"]}}]])
        # "a Series B led by Norway's Aker": whoever leads a round is a firm
        led: list[dict[str, Any]] = [{"LOWER": {"IN": ["led", "co-led", "headed", "anchored", "spearheaded"]}},
                                     {"LOWER": "by"}]
        lead_name: dict[str, Any] = {"POS": "PROPN", "IS_TITLE": True, "OP": "+"}
        place: list[dict[str, Any]] = [{"ENT_TYPE": {"IN": ["GPE", "NORP"]}}, {"ORTH": {"IN": ["'s", "’s"]}}]
        self.cue_matcher.add("CUE_LED", [[*led, lead_name], [*led, *place, lead_name]])
        # "a consortium called the AI Infrastructure Partnership", "a startup named Kestrel": the name given is a firm
        called_head = {"LOWER": {"IN": [*_CUE_HEADS, "consortium", "venture", "vehicle"]}}
        self.cue_matcher.add("CUE_CALLED", [
            [called_head, {"LOWER": {"IN": ["called", "named", "dubbed"]}}, {"LOWER": "the", "OP": "?"}, lead_name],
            [called_head, {"LOWER": "known"}, {"LOWER": "as"}, {"LOWER": "the", "OP": "?"}, lead_name]])
        # "- Harvey (legal AI): $150M led by …", "• Suno: …": the name opening a list item is the item's firm
        self.cue_matcher.add("CUE_ITEM", [[{"ORTH": {"IN": ["-", "•", "*", "–", "—"]}}, lead_name,
                                           {"ORTH": {"IN": ["(", ":"]}}]])
        # "Enfabrica's chief executive", "hire Windsurf's founders": whoever has a CEO, founders or staff is a firm
        self.cue_matcher.add("CUE_OWNER", [[lead_name, {"ORTH": {"IN": ["'s", "’s"]}},
                                            {"LOWER": {"IN": _OWNED_BY_FIRMS}}]])
        self.cue_matcher.add("CUE_SUFFIX", [[{"IS_TITLE": True, "OP": "+"}, {"ORTH": {"IN": _LEGAL_SUFFIX}}],
                                            # "Orbital Mind, Inc. announced": a press release's legal name
                                            [{"IS_TITLE": True, "OP": "+"}, {"ORTH": ","},
                                             {"ORTH": {"IN": _INCORPORATED}}],
                                            # "IDG Capital", "DST Global Partners": an acronym opening the name
                                            [{"IS_UPPER": True, "LENGTH": {">=": 2}, "LOWER": {"NOT_IN": ["ai"]}},
                                             {"IS_TITLE": True, "OP": "*"}, {"ORTH": {"IN": _LEGAL_SUFFIX}}]])
        # "the takeover of Alphawave", "agreed to acquire Tabular", "$2 billion for Tabular": what is bought is a firm
        # (the model may tag an unknown name as a common noun: "its acquisition of Splunk")
        name = {"POS": {"IN": ["PROPN", "NOUN", "NUM", "X", "ADJ"]}, "TEXT": {"REGEX": _NAMELIKE.pattern}, "OP": "+"}
        # (the tagger may call "MosaicML" a number or "Lovable" an adjective)
        based = [{"ORTH": "-"}, {"LOWER": "based"}]  # "the acquisition of Tallinn-based Sonarik"
        self.cue_matcher.add("CUE_BOUGHT", [[{"LOWER": {"IN": _BUY_NOUNS}}, {"LOWER": "of"}, name],
                                            [{"LOWER": {"IN": _BUY_NOUNS}}, {"LOWER": "of"}, name, *based, name],
                                            [{"LEMMA": {"IN": ["acquire", "buy"]}, "POS": "VERB"}, name],
                                            [{"LEMMA": {"IN": ["acquire", "buy"]}, "POS": "VERB"}, {"LIKE_NUM": True},
                                             {"LOWER": {"IN": ["%", "percent"]}}, {"LOWER": "of"}, name],
                                            [{"LEMMA": {"IN": ["acquire", "buy"]}, "POS": "VERB"}, name, *based, name],
                                            [{"LOWER": {"IN": ["billion", "million", "bn"]}}, {"LOWER": "for"},
                                             name]])

    def __call__(self, doc: Doc) -> Doc:
        _TOKENS[id(doc)] = list(doc)  # every reader below walks the whole text: make its tokens once
        try:
            return self._find(doc)
        finally:
            _TOKENS.pop(id(doc), None)

    def _find(self, doc: Doc) -> Doc:
        mentions: list[FirmMention] = []
        taken = [False] * len(doc)

        def take(span: Span, name: str | None, via: str) -> None:
            if len(span) > 1 and span[-1].text in ("'s", "’s"):
                span = span[:-1]  # the model's ORG may keep the possessive: "Quill Data's"
            if via in ("cue", "ner", "list") and (whole := _whole_name(span)) is not span:
                span, name = whole, _tidy(whole.text)
            if any(taken[span.start:span.end]) or (via != "alias" and span.text.rstrip(".").lower() in _LEGAL_FORMS):
                return  # ("Brightline Neural, Inc.": the legal form is the tail of the name before it)
            for i in range(span.start, span.end):
                taken[i] = True
            mentions.append(FirmMention(span.start, span.end, span.start_char, span.end_char, name, span.text, via))

        for ent in doc.ents:
            if ent.label_ == "FIRM":
                longer = self._longer_name(ent) if self.unknown_firms else None
                if longer is not None:  # "Lumen Forge", "Magic Leap": a common-word name inside another firm's
                    take(longer, _tidy(longer.text), "cue")
                    continue
                if self._common_word(ent):
                    continue  # "Together with the $11.9 billion deal…": the word, not Together AI
                take(ent, self.base.payer(ent.ent_id_ or ent.text), "alias")
        desc_spans = [doc[s:e] for _, s, e in self.desc_matcher(doc)]
        for span in sorted(desc_spans, key=lambda s: (s.start, -(s.end - s.start))):
            key = span.text.lower()
            name, _tags = self.descriptors.get(key) or self.descriptors.get("the " + key) or (None, frozenset())
            # ("the New Jersey-based cloud provider" is definite; "the Veldhoven-based company" is left to context)
            hometown = bool(name or _tags or tags_of(self.descriptors, key))
            if name is None and not (_descriptor_is_definite(span, hometown=hometown) or key in self.descriptors):
                continue  # "a chipmaker" or "chipmaker" alone names no one in particular
            if not tags_of(self.descriptors, key) and not _anaphor_ok(span):
                continue
            take(_with_article(span, hometown=hometown), self.base.payer(name) if name else None,
                 "descriptor" if name else "context")
        for span in _generic_descriptions(doc):
            take(span, None, "context")
        if self.unknown_firms:
            for span in [*_apposed_names(doc, mentions, taken), *_described_names(doc, taken)]:
                if _tidy(span.text) and _tidy(span.text).lower() not in self.base.not_firms:
                    take(span, _tidy(span.text), "cue")
        if self.unknown_firms:
            for ent in doc.ents:
                if ent.label_ == "ORG" and self._plausible_new_firm(ent := _trim_lead(ent)) \
                        and not _home_town(ent, taken):
                    take(ent, _tidy(ent.text), "ner")
            for match_id, s, e in sorted(self.cue_matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
                label = doc.vocab.strings[match_id]
                span = doc[s:e]
                described = False
                if label == "CUE_HEAD":
                    span = doc[s + 1:e]
                    # "the German company Bitwerk": a name in apposition to a described firm noun is that firm's,
                    # whatever person the model takes it for
                    root = span.root
                    described = doc[s].lower_ in _FIRM_HEADS and (
                        (root.dep_ == "appos" and root.head.i == s) or (doc[s].dep_ == "compound"
                                                                       and doc[s].head.i == root.i)) \
                        and (any(c.dep_ == "det" for c in [*doc[s].children, *root.children])
                             or (doc[s].lower_ in _BARE_HEADS and s > 0 and doc[s - 1].dep_ in ("compound", "amod")
                                 and doc[s - 1].head.i == s))  # ("Munich defence-AI firm Helsing")
                elif label == "CUE_RAISER":
                    end = next(i for i in range(s, e) if doc[i].pos_ != "PROPN" or not doc[i].is_title)
                    span = doc[s:end]
                    if _person_name_at(doc, s) or (s > 0 and doc[s - 1].pos_ == "PROPN"):
                        continue  # "Elon Musk's $6 billion round": a person owns no round; "X Y" is cut short
                elif label == "CUE_CALLED":
                    first = s + (3 if doc[s + 1].lower_ == "known" else 2)
                    first += doc[first].lower_ == "the"
                    span = doc[first:e]
                    if e < len(doc) and doc[e].pos_ == "PROPN":
                        continue  # a name cut short
                elif label == "CUE_ITEM":
                    span = doc[s + 1:e - 1]
                    line = _doc_text_upto(doc, doc[s].idx)
                    if line.strip() or not any(t.like_num or t.text in ("$", "€", "£") for t in doc[e:e + 8]):
                        continue  # not the start of a line, or an item with no figure: a heading, a quote
                elif label == "CUE_BACKED":
                    span = doc[s:e - 2]
                elif label == "CUE_LED":
                    first = max(i for i in range(s, e) if doc[i].lower_ in ("by", "'s", "’s")) + 1
                    span = doc[first:e]
                    if _person_name_at(doc, first) or (e < len(doc) and (doc[e].pos_ == "PROPN"
                                                                           or doc[e].text in ("'s", "’s"))):
                        continue  # "led by Elon Musk", a name cut short, or the place in "led by Norway's Aker"
                elif label == "CUE_OWNER":
                    span = doc[s:e - 2]
                    if doc[e - 1].lower_ == "chief" and e < len(doc) and doc[e].lower_ == "of":
                        continue  # "Musk's chief of staff"
                    if len(span) >= 2 and all(x.ent_type_ == "PERSON" for x in span):
                        continue  # "Sam Altman's staff"
                    described = True
                elif label == "CUE_BOUGHT":
                    based_at = [i for i in range(s, e) if doc[i].lower_ == "based" and doc[i - 1].text == "-"]
                    first = based_at[-1] + 1 if based_at else next(
                        (i for i in range(s, e) if _NAMELIKE.match(doc[i].text)
                         and doc[i].pos_ in ("PROPN", "NOUN", "NUM", "X", "ADJ")
                         and doc[i].lower_ not in _BUY_NOUNS), e)
                    span = doc[first:e]
                    if e < len(doc) and doc[e].pos_ in ("NOUN", "PROPN"):
                        continue  # "bought Intel stock": the name only modifies what was bought
                legal = None
                if label == "CUE_SUFFIX" and doc[e - 2].text == ",":
                    span, legal = doc[s:e - 2], doc[s:e]  # ("Orbital Mind, Inc." is the firm Orbital Mind)
                bought = described or label in ("CUE_BOUGHT", "CUE_RAISER", "CUE_LED", "CUE_CALLED")
                span = _trim_lead(span)
                if span.text and self._plausible_new_firm(span, bought=bought, suffixed=label == "CUE_SUFFIX",
                                                          called=label == "CUE_CALLED"):
                    take(legal if legal is not None and legal.start == span.start else span, _tidy(span.text), "cue")
            for found in _NAME_DEFINED.finditer(doc.text):  # 'Halcyon Reasoning ("Halcyon" or "the Company")'
                named = doc.char_span(found.start(1), found.end(1), alignment_mode="contract")
                if named is not None and len(named) and not any(taken[named.start:named.end]) \
                        and self._plausible_new_firm(named, suffixed=True):
                    take(named, _tidy(named.text), "cue")
            for span in [*_bought_with(doc, mentions, taken), *_deal_parties(doc, mentions, taken)]:
                if self._plausible_new_firm(span, bought=True):
                    take(span, _tidy(span.text), "cue")
            for span in _list_members(doc, mentions, taken):
                name = _tidy(span.text)
                if name and name not in _LEGAL_SUFFIX and name.lower() not in self.base.not_firms \
                        and not span[0].is_stop:
                    take(span, _tidy(span.text), "list")
        if self.unknown_firms:
            for span, name in _short_names(doc, mentions, taken):
                take(span, name, "cue")
        filer = _defined_filer(doc, mentions) or self._titled_filer(doc)
        if filer is not None:  # a filing's "the Company" / "we" / "our" is the filer it defines
            name, definition = filer
            spans = [doc[t.i:t.i + 1] if t.lower_ in ("we", "us", "our") else doc[t.i - 1:t.i + 1] for t in _all(doc)
                     if t.sent.start != definition and (t.lower_ in ("we", "us", "our") or (
                         t.text == "Company" and t.i > 0 and doc[t.i - 1].lower_ == "the"))]
            mentions = [m for m in mentions if not any(m.start < x.end and x.start < m.end for x in spans)]
            mentions += [FirmMention(x.start, x.end, x.start_char, x.end_char, name, x.text, "defined") for x in spans]
        mentions.sort(key=lambda m: m.start)
        mentions = _first_words_named(mentions)
        doc._.firms = self._resolve_context(mentions, doc)
        return doc

    def _common_word(self, ent: Span) -> bool:
        """A firm whose name is an ordinary word ("Together", "Scale", "Figure") is named only where the tagger
        reads a name or a noun, not an adverb ("Together with…" opening a sentence, where every word is
        capitalised; mid-sentence the capital letter already says it is a name)."""
        first = ent[0]
        doc = first.doc
        opens = bool(first.is_sent_start) or (first.i > 0 and doc[first.i - 1].is_quote)  # or a quotation
        described = ent.end < len(doc) and doc[ent.end].text == "," and any(  # "Poolside, the coding startup,"
            t.lower_ in _GENERIC_HEADS for t in doc[ent.end + 1:min(ent.end + 7, len(doc))])
        return self._word_name(ent) and opens and first.pos_ in ("ADV", "ADP", "SCONJ", "CCONJ", "PART", "DET") \
            and not described

    def _titled_filer(self, doc: Doc) -> tuple[str, int] | None:
        """A filing excerpt that never defines its terms ("CoreWeave S-1 excerpt: …", "Tidewater Compute, Inc. -
        Form 8-K", then "we", "our", "the Company"): the one firm its headline names is the filer."""
        title = doc._.title
        if not title or not (_FILING_TITLE.search(title) or _FILING_TERM.search(doc.text)):
            return None
        names = self._title_firms(title)
        return (next(iter(names)), -1) if len(names) == 1 else None

    def _title_firms(self, title: str | None) -> set[str]:
        """Canonical names of the firms a headline names: base aliases, and new names with a legal suffix."""
        if not title:
            return set()
        tdoc = self.make_doc(title)
        names = {self.base.payer(tdoc.vocab.strings[k]) for k, _s, _e in self.title_matcher(tdoc)}
        names |= {_tidy(m.group(1)) for m in _SUFFIXED.finditer(title)} - {""}
        return {self.base.canonical(n) or n for n in names}

    def _word_name(self, ent: Span) -> bool:
        """One token naming a firm whose name is also an ordinary word (`ambiguous` in the base)."""
        rec = self.base.get(self.base.canonical(ent.ent_id_ or ent.text) or "")
        return rec is not None and rec.ambiguous and len(ent) == 1

    def _longer_name(self, ent: Span) -> Span | None:
        """A firm whose name is a common word ("Lumen", "Magic", "Scale") followed by more capitalised name words
        ("Lumen Forge", "Scale Venture Partners") is another firm that only starts with that word."""
        if not self._word_name(ent):
            return None
        doc = ent.doc
        end = ent.end
        while end < len(doc) and end - ent.end < 3 and doc[end - 1].whitespace_ and doc[end].pos_ == "PROPN" \
                and doc[end].is_title and doc[end].ent_type_ in ("", "ORG", "PERSON") \
                and doc[end].lower_ not in _ROLE_WORDS and not _person_name_at(doc, end):
            end += 1
        return doc[ent.start:end] if end > ent.end else None

    def _plausible_new_firm(self, span: Span, *, bought: bool = False, suffixed: bool = False,
                            called: bool = False) -> bool:
        text = _tidy(span.text)
        if not text or not text[0].isupper() or len(span) > 6 or text.lower() in self.base.not_firms:
            return False
        if text.split()[-1].lower() in _NOT_FIRM_HEADS:
            return False  # "the AI Opportunities Action Plan": a government plan, not a firm
        if text.rstrip(".") in _LEGAL_SUFFIX or text in _LEGAL_SUFFIX:
            return False  # "Meta Platforms, Inc.": a bare legal suffix is the tail of the name before it
        doc = span.doc
        if span.end < len(doc) and doc[span.end].text == "-" and not span[-1].whitespace_:
            return False  # "the London AI-video company": the words modify a noun, they name no one
        if self.base.canonical(text) in self.base:
            return True
        if all(t.is_stop or t.is_punct or t.like_num for t in span):
            return False
        if all(t.is_upper for t in span if t.is_alpha) and any(len(t) > 4 for t in span if t.is_alpha):
            return False  # "HEIDELBERG", "NEW YORK": a capitalised heading or dateline word, not a new firm's name
        if len(span) == 1 and any(e.label_ == "PERSON" and len(e) >= 2 and e[-1].text == text for e in doc.ents):
            return False  # "CFO Colette Kress … Kress said": a person's surname, not a firm
        if len(span) == 1 and any(t.text == text and t.i >= 2 and doc[t.i - 1].is_title and (
                doc[t.i - 2].lower_ in _TITLES or doc[t.i - 1].lower_ in _TITLES) for t in _all(doc)):
            return False  # ("CFO Colette Kress" once, whatever the model made of the name): the surname again
        if any(t.lower_ in _TITLES for t in span):
            return False  # "CFO Colette Kress": a person with a title
        if all(t.is_upper for t in span if t.is_alpha) and (span.start == 0 or "\n" in doc[span.start - 1].text) \
                and span.end < len(doc) and doc[span.end].text in ("(", ",", "-", "—", "–", "/"):
            return False  # "OSLO (Wire) -": a short dateline
        if span[0].tag_ in ("VBG", "VBD", "VBN", "VB", "RB", "IN", "DT", "PRP$", "JJR", "JJS"):
            return False  # "Turning Cloud …", "Why Big Tech …": a headline, not a name
        last = span.sent[-1] if span.sent[-1].text.strip() else span.sent[-2] if len(span.sent) > 1 else span.sent[-1]
        if not re.search(r"[.!?\"”’')\]:]$", last.text):
            return False  # headings and table cells have no final punctuation and are full of capitalised words
        if span.start > 0 and doc[span.start - 1].pos_ == "PROPN" and doc[span.start - 1].is_title \
                and doc[span.start - 1].ent_type_ not in ("FIRM", "DATE"):  # (but "In March Corvalis closed…")
            return False  # "Sutskever" of "Ilya Sutskever", "Digital" of "Aramco Digital": a fragment of a name
        last = span[-1]
        if len(span) == 1 and last.dep_ in ("compound", "amod") and last.head.lower_ in _GENERIC_HEADS \
                and span.start > 0 and doc[span.start - 1].lower_ == "the":
            return False  # "the Emirati group": a description, not a name
        if len(span) == 1 and span[0].tag_ == "JJ":
            return False  # "Emirati", "European": an adjective of origin
        # What is bought ("the takeover of Alphawave") is a firm even when the model guesses a place or a person.
        # A name ending in a corporate word ("Kopi Labs", "Sound Ventures") is no person, whatever the model says.
        place = () if called else ("LOC",) if suffixed else ("LOC", "FAC")  # ("Vireo Labs" as a facility)
        bad = ("MONEY", "DATE", "PERCENT", "CARDINAL") + place + (
            () if bought else ("NORP",) if suffixed else ("GPE", "PERSON", "NORP"))
        # ("Zentrova AI" tagged as a place: the corporate word outranks the model's guess)
        return not any(t.ent_type_ in bad for t in span)

    def _resolve_context(self, mentions: list[FirmMention], doc: Doc) -> list[FirmMention]:
        out: list[FirmMention] = []
        titled = self._title_firms(doc._.title)
        headline = next(iter(titled)) if len(titled) == 1 else None
        for k, m in enumerate(mentions):
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            if m.via in ("context", "descriptor") and nxt is not None and nxt.start == m.end and nxt.name \
                    and nxt.via not in ("context", "anaphor", "descriptor"):
                # "the AI startup Mistral AI": a descriptor right before a name is that firm's title
                out.append(FirmMention(m.start, m.end, m.start_char, m.end_char, nxt.name, m.text, "apposed"))
                continue
            prev = out[-1] if out else None
            if m.via == "context" and prev is not None and prev.name and m.text[:1].lower() == "t" \
                    and m.start >= 1 and prev.end == m.start - 1 and doc[m.start - 1].text == ",":
                # "Anysphere, the company behind Cursor, …": an apposition names its firm
                out.append(FirmMention(m.start, m.end, m.start_char, m.end_char, prev.name, m.text, "apposed"))
                continue
            if m.via == "context" and m.text.lower().startswith("the same "):
                # "Meta later signed a deal with the same company": the firm named last, other than the clause's
                # own subject (the counterparty just told, not the actor)
                own = _clause_verb(doc[m.start])
                name = next((p.name for p in reversed(out) if p.name and p.via not in ("anaphor", "context") and not (
                    own is not None and _is_subject(doc[p.start:p.end])
                    and _clause_verb(doc[p.start:p.end].root, as_subject=True) == own)), None)
                out.append(FirmMention(m.start, m.end, m.start_char, m.end_char, name, m.text, "anaphor"))
                continue
            if m.via == "context":
                tags = tags_of(self.descriptors, m.text.lower())
                words = m.text.lower().split()
                by_head = not tags and len(words) > 2 and words[0] == "the" and words[-1] in ("startup", "start-up") \
                    and (not _described_tags(m.text) or "-based" in m.text.lower())
                if by_head:  # "the artificial intelligence startup", "the Oslo-based startup"
                    tags = tags_of(self.descriptors, "the " + words[-1])
                if tags:  # (not a firm named for its alumni, nor a person owning a fund: "Ashton Kutcher's fund")
                    name = self._nearest([p for p in out if not _staff_modifier(doc, p) and not (
                        by_head and p.name not in self.base and doc[p.start:p.end].root.dep_ == "poss")], m, tags)
                    via = "context"
                else:
                    kind = _described_tags(m.text)
                    name = self._nearest_all(out, m, kind) if kind else None
                    if name is None:
                        name = _cataphor(doc, m, mentions) or self._salient(out, m, doc)
                        if m.text[:1].lower() == "t" and m.end - m.start == 2:  # "the company", not "it"
                            name = _topic_instead(out, m, doc, name)
                    via = "anaphor"
                if name is None and headline is not None and not any(p.name for p in out) and (
                        not tags or self._fits(headline, tags)):
                    name = headline  # "the company" before the text names any firm: the one its headline names
                m = FirmMention(m.start, m.end, m.start_char, m.end_char, name, m.text, via)
            out.append(m)
        return out

    def _nearest(self, before: list[FirmMention], m: FirmMention, tags: frozenset[str]) -> str | None:
        for prev in reversed(before):
            if m.start_char - prev.end_char > _WINDOW_CHARS:
                return None
            if prev.name and prev.via not in ("context", "anaphor") and self._fits(prev.name, tags):
                return prev.name
        return None

    def _nearest_all(self, before: list[FirmMention], m: FirmMention, tags: frozenset[str]) -> str | None:
        """"The e-commerce group", "the Korean chip designer": the nearest firm named before that has every
        trait the description names."""
        for prev in reversed(before):
            if m.start_char - prev.end_char > _ANAPHOR_WINDOW:
                return None
            if prev.name and prev.via not in ("context", "anaphor") and prev.name in self.base \
                    and all(self.base.has_tags(prev.name, (t,)) for t in tags):
                return prev.name
        return None

    def _fits(self, name: str, tags: frozenset[str]) -> bool:
        """A firm new to the base is most likely an AI start-up: let "the startup" find it."""
        if name not in self.base:  # (but "Sound Ventures" is a fund by its name)
            return tags <= {"startup", "ai_lab"} and name.split()[-1] not in _FUND_NAME_WORDS
        return self.base.has_tags(name, tags)

    def _salient(self, before: list[FirmMention], m: FirmMention, doc: Doc) -> str | None:
        """"The company" / "it": the firm that was last a clause subject, else the nearest firm before it."""
        nearest = None
        if m.text.lower() in ("its", "it"):
            verb = _clause_verb(doc[m.start], as_subject=True)
            obj_rel = verb is not None and any(  # "OpenAI, in which it has invested": the pronoun is someone else
                g.lower_ in ("which", "whom") and g.dep_ == "pobj" for c in doc[verb].children if c.dep_ == "prep"
                for g in c.children)
            object_it = m.text.lower() == "it" and doc[m.start].dep_ in ("dobj", "pobj", "dative") and any(
                c.dep_ == "nsubj" and c.lower_ in ("which", "that", "who") for c in doc[verb].children) \
                if verb is not None else False  # "Creandum, which backed it at seed": "it" is not Creandum
            if verb is not None and doc[verb].dep_ == "relcl" and doc[verb].head.i < m.start and not obj_rel \
                    and not object_it and not (m.text.lower() == "its" and _bindable(doc[m.start:m.end])):
                # "X, which counts A and B among its investors": the pronoun is the relative clause's head
                holder = doc[verb].head.i
                for prev in reversed(before):
                    if prev.start <= holder < prev.end:
                        return prev.name
            if obj_rel and verb is not None and doc[verb].dep_ == "relcl":
                # the antecedent: the relative clause's head, or the name right before "in which"
                rel = min(c.i for c in doc[verb].children if c.dep_ == "prep")
                k = rel - 1 if rel > 0 and doc[rel - 1].text != "," else rel - 2
                # ("bets beyond OpenAI, in which it has invested": a name before "in which" is the antecedent)
                named = any(p.start <= k < p.end for p in before)
                before = [p for p in before if not (p.start <= k < p.end
                                                    or (not named and _in_antecedent(doc, verb, p)))]
                ante = doc[k] if named else doc[verb].head.head if doc[verb].head.dep_ == "appos" else doc[verb].head
                bet = ante.head.head if ante.dep_ == "pobj" and ante.head.dep_ == "prep" else None
                owner = next((c for c in bet.children if c.dep_ == "poss"), None) if bet is not None else None
                for prev in reversed(before):  # "Amazon's bet on Anthropic, in which it has invested": the owner
                    if owner is not None and prev.start <= owner.i < prev.end and prev.name:
                        return prev.name
        own_verb = _clause_verb(doc[m.start]) if _bindable(doc[m.start:m.end]) else None
        sent = doc[m.start].sent
        if m.text.lower() == "its":
            here = [p for p in before if p.start >= sent.start and p.name and p.via not in ("anaphor", "context")]
            owners = [p for p in here if p.end < len(doc) and doc[p.end].lower_ in ("'s", "’s")
                      and doc[p.start:p.end].root.head.dep_ in ("attr", "nsubj", "nsubjpass", "appos", "pobj")]
            if owners and not any(_is_subject(doc[p.start:p.end]) for p in here):
                return owners[-1].name  # "the investment is Meta's biggest bet since its purchase of WhatsApp"
        opener = m.start - sent.start <= 1 and sent.start > 0 and (
            own_verb is None or (m.text[:1].lower() == "t" and _is_subject(doc[m.start:m.end])))
        if opener:  # ("For Amazon the contract is a win. The company has put $8 billion into…": Amazon)
            # "For Nscale the deal caps a busy month. It closed…": a sentence-initial subject pronoun after a
            # sentence naming a single firm stands for that firm
            prev_sent = doc[sent.start - 1].sent
            if not prev_sent.text.strip() and prev_sent.start > 0:
                prev_sent = doc[prev_sent.start - 1].sent
            names = {p.name for p in before if p.name and p.via not in ("anaphor", "context")
                     and prev_sent.start <= p.start < prev_sent.end}
            main = _main_subject(before, prev_sent, doc)
            if main is not None:
                return main  # centring: a sentence-initial "It"/"Its" continues the previous main-clause subject
            if len(names) == 1:
                return names.pop()
        excluded: set[str] = set()  # the clause's own subject: a firm is not its own counterparty
        for prev in reversed(before):
            if m.start_char - prev.end_char > _ANAPHOR_WINDOW:
                break
            if not prev.name:
                continue
            if own_verb is not None and _is_subject(doc[prev.start:prev.end]) \
                    and _clause_verb(doc[prev.start:prev.end].root, as_subject=True) == own_verb:
                if nearest is not None:
                    return nearest  # the clause's own subject is excluded: the closest other firm is meant
                excluded.add(prev.name)
                continue  # "Amazon invested in the company" / "Amazon remains its partner": not Amazon itself
            if own_verb is not None and doc[own_verb].dep_ == "relcl" and _in_antecedent(doc, own_verb, prev):
                if nearest is not None:
                    return nearest
                excluded.add(prev.name)
                continue  # "Amazon, which has invested in the company, ...", "Anthropic, the OpenAI rival in which
                # it has invested": the antecedent and the firms describing it are not "it"
            if prev.name in excluded:
                continue  # "Amazon is in talks… Amazon, which has put $8bn into the startup": not Amazon again
            if nearest is None and prev.via != "anaphor":
                nearest = prev.name
            head_sent = doc[prev.start].sent
            if prev.start < sent.start and len(head_sent) <= 12 and not any(
                    t.pos_ in ("VERB", "AUX") and t.ent_type_ != "FIRM" for t in head_sent):
                return prev.name  # a heading naming firms ("Meta and FuriosaAI.") sets the topic
            if _is_subject(doc[prev.start:prev.end]):
                if prev.start < sent.start:  # an earlier sentence: its main-clause subject outranks a side clause's
                    return _main_subject(before, doc[prev.start].sent, doc) or prev.name
                return prev.name
        return nearest


def _in_antecedent(doc: Doc, relcl: int, m: FirmMention) -> bool:
    """Whether firm m is the relative clause's antecedent, a firm inside it ("the OpenAI rival"), or the firm
    the antecedent stands in apposition to ("Anthropic, the OpenAI rival in which …")."""
    head = doc[relcl].head
    if m.start <= head.i < m.end:
        return True
    inside = [t.i for t in head.subtree if t.i < relcl and not (doc[relcl].left_edge.i <= t.i)]
    if any(m.start <= i < m.end for i in inside):
        return True
    return head.dep_ == "appos" and m.start <= head.head.i < m.end


_NOT_SHORT = {"The", "A", "An", "New", "Global", "General", "First", "United", "National", "American", "European",
              "Open", "Deep", "Data", "Cloud", "AI", "Digital", "Advanced", "International"}


_NAME_DEFINED = re.compile(r'([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,4}),? \(["“][A-Z]')


_DIGIT_NAME = re.compile(r"^\d+[A-Z][A-Za-z]+$")
_FUND_NAME_WORDS = {"Ventures", "Capital", "Partners", "Fund", "Investments", "Holdings", "Group", "Management"}
_STAFF_NOUNS = {"executive", "employee", "researcher", "founder", "co-founder", "engineer", "alumnus", "alumni",
                "staff", "staffer", "veteran", "scientist"}


def _staff_modifier(doc: Doc, m: FirmMention) -> bool:
    """"founded by former OpenAI executives": a firm named only to say whose people they were is not what a later
    "the startup" stands for."""
    root = doc[m.start:m.end].root
    return root.dep_ in ("compound", "nmod", "amod") and root.head.lemma_.lower() in _STAFF_NOUNS


def _home_town(ent: Span, taken: list[bool]) -> bool:
    """"Aleph Alpha, of Heidelberg, which…": the place a firm just named is from, set off by commas."""
    doc = ent.doc
    return ent.start >= 3 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text == "," \
        and taken[ent.start - 3] and ent.end < len(doc) and doc[ent.end].text in (",", ";", ")")


def _first_words_named(mentions: list[FirmMention]) -> list[FirmMention]:
    """"Brightline Neural, Inc. … Brightline's technology": a one-word name the model found on its own is the
    new firm whose full name starts with it, when exactly one does."""
    longer: dict[str, set[str]] = {}
    for m in mentions:
        words = (m.name or "").split()
        if m.via in ("cue", "ner", "list") and len(words) >= 2 and m.name:
            longer.setdefault(words[0], set()).add(m.name)
    if not longer:
        return mentions
    return [replace(m, name=next(iter(longer[m.name]))) if m.via == "ner" and m.name and " " not in m.name
            and len(longer.get(m.name, ())) == 1 else m for m in mentions]


def _short_names(doc: Doc, mentions: list[FirmMention], taken: list[bool]) -> list[tuple[Span, str]]:
    """"Northlight Cloud, Inc. … Northlight also announced…": a new firm is later called by its first word."""
    firsts: dict[str, str] = {}
    for m in mentions:
        words = (m.name or "").split()
        if m.via in ("cue", "ner", "list") and len(words) >= 2 and words[0] not in _NOT_SHORT \
                and len(words[0]) >= 3 and words[0][0].isupper() and words[0][1:].islower():
            firsts.setdefault(words[0], m.name or "")
    # The whole name said again ("Orbital Mind, Inc. … Orbital Mind has also signed"), whatever the model tags it
    wholes: dict[str, dict[tuple[str, ...], str]] = {}  # by first word, so each token looks up only its own
    for m in mentions:
        if m.via in ("cue", "ner", "list") and m.name and len(m.name.split()) >= 2 and m.text.startswith(m.name):
            wholes.setdefault(m.name.split()[0], {})[tuple(m.name.split())] = m.name
    out = []
    seen = list(taken)
    if wholes:
        for t in _all(doc):
            for parts, whole in wholes.get(t.text, {}).items():
                end = t.i + len(parts)
                if end <= len(doc) and not any(seen[t.i:end]) and tuple(x.text for x in doc[t.i:end]) == parts \
                        and not (end < len(doc) and doc[end].pos_ == "PROPN"):
                    out.append((doc[t.i:end], whole))
                    seen[t.i:end] = [True] * len(parts)
                    break
    # a first word the model itself tagged as this firm elsewhere is the firm wherever it stands
    known = {m.text for m in mentions if m.via == "ner" and m.text in firsts}
    for t in _all(doc):
        name = firsts.get(t.text)
        if name is not None and t.text in known and not seen[t.i] and not (
                t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            out.append((doc[t.i:t.i + 1], name))
            continue
        if name is None or seen[t.i] or t.pos_ != "PROPN" or (
                t.ent_type_ in ("GPE", "LOC") and t.dep_ not in ("nsubj", "nsubjpass", "poss")) or (
                t.ent_type_ == "NORP" and (t.dep_ not in ("nsubj", "nsubjpass", "poss", "dobj", "dative")
                                           or any(c.dep_ == "det" for c in t.children))):
            continue  # (the model often takes the short name for a person's, a place's or a people's; "Paris" as a
            # place, "the Chinese" as a people; but "Veridian also announced" is the firm)
        if (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN") or (t.i > 0 and doc[t.i - 1].pos_ == "PROPN"):
            continue  # "Northlight Ventures", "Anna Northlight": another name with the same word
        out.append((doc[t.i:t.i + 1], name))
    return out


_FILING_TITLE = re.compile(r"\b(?:S-1|F-1|S-4|10-K|10-Q|8-K|20-F|6-K)\b|registration statement|prospectus|"
                           r"annual report|quarterly report|\bfiling\b", re.I)
_FILING_TERM = re.compile(r"(?<=[a-z,;] )the Company\b")  # capitalised mid-sentence: a filing's defined term
_SUFFIXED = re.compile(r"([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,4}),? (?:Inc|Corp|Corporation|Ltd|plc|N\.V|S\.A|AG|SE)\b")
_DEFINED_TERM = re.compile(r'["“](?:the Company|we|us|our)[,.]?["”]|\bthe ["“]Company[,.]?["”]')


def _defined_filer(doc: Doc, mentions: list[FirmMention]) -> tuple[str, int] | None:
    """A filing that defines its terms names the firm "the Company" and "we" stand for ('"the Company" refers to
    Intel', 'References to "we" and "our" refer to Amazon.com, Inc.', 'Intel Corporation ("the Company")'):
    that firm and the start of the defining sentence, or None."""
    found = _DEFINED_TERM.search(doc.text)
    if not found:
        return None
    span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    named = [x for x in mentions if x.name and sent.start <= x.start < sent.end]
    refer = re.search(r"\brefers?\s+to\b", doc.text[found.end():sent.end_char])
    if refer:
        after = [x for x in named if x.start_char >= found.end() + refer.end()]
        return (after[0].name, sent.start) if after and after[0].name else None
    before = [x for x in named if x.end_char <= found.start()]
    return (before[-1].name, sent.start) if before and before[-1].name else None


def _topic_instead(before: list[FirmMention], m: FirmMention, doc: Doc, name: str | None) -> str | None:
    """"The company" in an article about one firm is that firm: when the text so far names one firm far more
    often than any other (at least three times, twice the runner-up) and that firm was mentioned in the two
    previous sentences or this one, a definite description that salience gave to another firm goes to it."""
    counts: dict[str, int] = {}
    for p in before:
        if p.name:
            counts[p.name] = counts.get(p.name, 0) + 1
    if not counts:
        return name
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if top == name or n < 3 or n < 2 * runner:
        return name
    sent = doc[m.start].sent
    root = doc[m.start:m.end].root
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "in", "into") and any(
            p.name == name and p.via == "alias" and sent.start <= p.start < m.start for p in before):
        return name  # "invested $300 million in Anthropic for 10% of the company": the firm just named
    if m.start - sent.start <= 1 and sent.start > 0 and _is_subject(doc[m.start:m.end]):
        prev = doc[sent.start - 1].sent
        if len({p.name for p in before if p.name and prev.start <= p.start < prev.end}) == 1:
            return name  # a sentence-opening subject continues the one firm the sentence before named
    lo = doc[m.start].sent.start
    for _ in range(2):  # the topic firm must have been mentioned within the two sentences before
        lo = doc[lo - 1].sent.start if lo > 0 else lo
        if lo > 0 and not doc[lo:doc[lo].sent.end].text.strip():
            lo = doc[lo - 1].sent.start
    if not any(p.name == top and lo <= p.start < m.start for p in before):
        return name
    return top


# Words of a description that name a trait of the firm meant ("the e-commerce group", "the Korean chip designer").
_WORD_TAGS = {"e-commerce": "ecommerce", "ecommerce": "ecommerce", "search": "search", "chip": "chipmaker",
              "chipmaker": "chipmaker", "semiconductor": "chipmaker", "cloud": "cloud", "social": "social",
              "robotics": "robotics", "telecom": "telecom", "telecoms": "telecom", "retail": "retailer",
              "japanese": "japan", "korean": "korea", "french": "france", "german": "germany", "british": "uk",
              "chinese": "china", "saudi": "saudi", "emirati": "uae", "taiwanese": "taiwan", "dutch": "netherlands",
              "canadian": "canada", "indian": "india", "israeli": "israel", "swiss": "switzerland",
              "norwegian": "norway", "swedish": "sweden", "qatari": "qatar", "singaporean": "singapore",
              "american": "us", "finnish": "finland", "australian": "australia",
              # a home city says as much ("the Paris lab", "the Seoul chip designer")
              "paris": "france", "london": "uk", "berlin": "germany", "munich": "germany", "tokyo": "japan",
              "seoul": "korea", "beijing": "china", "shanghai": "china", "hangzhou": "china", "shenzhen": "china",
              "riyadh": "saudi", "dhabi": "uae", "dubai": "uae", "toronto": "canada", "montreal": "canada",
              "amsterdam": "netherlands", "stockholm": "sweden", "oslo": "norway", "helsinki": "finland",
              "zurich": "switzerland", "bengaluru": "india", "mumbai": "india", "taipei": "taiwan",
              "sydney": "australia", "israel": "israel", "aviv": "israel"}


def _described_tags(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower())
    return frozenset(_WORD_TAGS[w] for w in words if w in _WORD_TAGS)


def _main_subject(before: list[FirmMention], sent: Span, doc: Doc) -> str | None:
    """The firm that is the subject of a sentence's main verb ("The company is also a partner in X, under which
    Y will…" → the company), or None when the main clause has no firm subject."""
    for p in before:
        if p.start < sent.start or p.start >= sent.end or not p.name:
            continue
        root = doc[p.start:p.end].root
        if root.dep_ in _SUBJECT_DEPS and root.head.dep_ == "ROOT" and root.head.i >= sent.start \
                and not any(c.dep_ == "conj" for c in root.children):
            return p.name
    return None


def tags_of(descriptors: dict[str, tuple[str | None, frozenset[str]]], key: str) -> frozenset[str]:
    """Context tags of a generic descriptor phrase (empty for plain anaphors like "the company")."""
    entry = descriptors.get(key) or descriptors.get("the " + key.split(" ", 1)[-1]) or (None, frozenset())
    return entry[1]


_DEAL_HEADS = {"purchase", "acquisition", "takeover", "deal", "investment", "agreement", "contract", "partnership",
               "round", "stake", "merger", "buyout", "transaction", "offer", "bid"}


def _is_subject(span: Span) -> bool:
    """True when a mention is (inside) the subject of its clause: the salient firm for later anaphors."""
    tok = span.root
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN" \
            and tok.head.lemma_.lower() in _DEAL_HEADS:
        return False  # "The Core Scientific purchase is …": the subject is the deal, not the firm it names
    if tok.dep_ == "ROOT" and tok.pos_ not in ("VERB", "AUX") and not any(c.dep_ == "conj" for c in tok.children):
        return True  # "Figure AI." as a heading or a verbless sentence: the topic of what follows
    owner = False
    for _ in range(4):
        if tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children):
            return False  # one of a list of firms is not what a singular "it" stands for
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.dep_ not in _NP_LINKS or tok.head.i == tok.i or (owner and tok.dep_ == "appos"):
            return False  # ("Microsoft, OpenAI's largest investor, …": OpenAI only describes the subject)
        owner = owner or tok.dep_ == "poss"
        tok = tok.head
    return False


def _bindable(span: Span) -> bool:
    """"The company" can never be its own clause's subject ("Amazon invested in the company"); "its" may be
    ("Amazon said its unit…"), except as the owner of a predicate noun ("Amazon remains its partner")."""
    if span[0].lower_ not in ("its", "it"):
        return True
    if span[0].lower_ == "it" and span[0].dep_ in ("dobj", "pobj", "dative"):
        return True  # "Google has poured money into it": an object pronoun is never its own clause's subject
    head = span[0].head
    return span[0].lower_ == "its" and head.dep_ in ("attr", "acomp") and head.head.lemma_ in ("be", "remain", "stay")


def _clause_verb(tok: Token, *, as_subject: bool = False) -> int | None:
    """The verb whose clause a token sits in (None when the token is itself a subject: it binds nothing)."""
    if tok.dep_ in _SUBJECT_DEPS and not as_subject:
        return None
    x = tok
    for _ in range(12):
        if x.pos_ in ("VERB", "AUX") and x.i != tok.i and not (
                any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)
                and not any(c.dep_ in _SUBJECT_DEPS for c in x.children) and x.head.i != x.i):
            return x.i  # (a to-infinitive shares the clause of the verb it hangs from: "was in talks to buy it")
        if x.head.i == x.i:
            return None
        x = x.head
    return None


_GENERIC_HEADS = {"startup", "start-up", "company", "developer", "maker", "group", "firm", "lab", "laboratory",
                  "provider", "designer", "manufacturer", "operator", "giant", "conglomerate", "upstart", "outfit"}


def _generic_descriptions(doc: Doc) -> list[Span]:
    """"The humanoid-robot maker closed…", "The London self-driving company has signed…": a definite description
    as a clause subject (or, see `_generic_objects`, as the object of money) stands for the firm the text is
    about (resolved like "the company")."""
    out = []
    for t in _all(doc):
        if t.dep_ not in _SUBJECT_DEPS or t.tag_ not in ("NN", "NNP"):
            continue
        if t.lower_ not in _GENERIC_HEADS and not (t.lower_ == "up" and t.i >= 2 and doc[t.i - 1].text == "-"
                                                   and doc[t.i - 2].lower_ == "start"):
            continue  # "start-up" is split into three tokens
        left = t.left_edge
        if left.lower_ != "the" or t.i - left.i > 5 or t.i - left.i < 2:
            continue  # plain "the company" is already an anaphor; "a company" names no one
        if _names_inside(doc[left.i:t.i + 1]):
            continue  # "the Amazon-backed startup", "the OpenAI rival": a firm is named inside
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN":
            continue  # "the AI startup Mistral AI": the name follows
        out.append(doc[left.i:t.i + 1])
    same = [doc[t.i - 2:t.i + 1] for t in _all(doc) if t.i >= 2 and doc[t.i - 1].lower_ == "same"
            and doc[t.i - 2].lower_ == "the" and t.lower_ in _SAME_HEADS]  # "a deal with the same company"
    return out + same + _generic_objects(doc)  # and the same descriptions as objects


_SAME_HEADS = {"company", "firm", "startup", "start-up", "group", "lab", "developer", "provider", "cloud", "operator",
               "chipmaker", "maker", "investor", "backer", "fund", "buyer", "customer", "partner", "neocloud"}


_OBJECT_HEADS = {"startup", "start-up", "venture", "upstart", "outfit", "developer", "lab"}
_VENDOR_HEADS = {"company", "maker", "designer", "group", "firm", "giant", "supplier", "vendor"}
_OBJECT_CUES = {"into", "in", "to", "for", "on", "behind", "back", "fund", "finance", "bankroll", "acquire", "buy"}


def _generic_objects(doc: Doc) -> list[Span]:
    """"Put $8 billion into the San Francisco-based startup", "committed $1B to the coding-model startup": a
    definite description as the object of money or a purchase stands for the firm the text is about. Read from
    the words, not the parse: the small model often takes "startup" for a verb there."""
    out = []
    for t in _all(doc):
        if t.lower_ not in _OBJECT_HEADS | _VENDOR_HEADS or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            continue
        k = t.i - 1
        while k >= 0 and t.i - k <= 5 and doc[k].lower_ != "the" and (
                doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "VERB") or doc[k].text == "-"):
            k -= 1
        if k < 1 or doc[k].lower_ != "the" or t.i - k < 2:
            continue
        cue = doc[k - 1].lemma_.lower()
        if not (cue in _OBJECT_CUES and t.lower_ in _OBJECT_HEADS) \
                and not (cue == "from" and t.lower_ in _VENDOR_HEADS):
            continue  # ("buys 10,000 processors from the American chip company": the seller, by its trade)
        if not _names_inside(doc[k:t.i + 1]):
            out.append(doc[k:t.i + 1])
    return out


def _names_inside(span: Span) -> bool:
    """A firm or person named inside a description; a place before "-based" is only where the firm sits."""
    return any(x.ent_type_ in ("FIRM", "ORG", "PERSON") and not (
        x.i + 2 < len(x.doc) and x.doc[x.i + 1].text == "-" and x.doc[x.i + 2].lower_ in ("based", "headquartered"))
        for x in span)


_NOT_NAME_ENTS = {"PERSON", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "CARDINAL", "FAC", "EVENT",
                  "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "TIME", "QUANTITY", "ORDINAL"}


_FUND_WORDS = {"Capital", "Partners", "Ventures", "Management", "Fund", "Holdings", "Investments", "Group"}


def _list_members(doc: Doc, mentions: list[FirmMention], taken: list[bool]) -> list[Span]:
    """"Andreessen Horowitz, Sequoia Capital, DST Global and SV Angel": a proper name coordinated with named firms
    is a firm too, even when the gazetteer and the model miss it."""
    out: list[Span] = []
    known = [m for m in mentions if m.name and m.via in ("alias", "ner", "cue")]
    if len(known) < 2:
        return out
    seen: set[int] = set()
    known_roots = {doc[m.start:m.end].root.i for m in known}
    for m in known:
        root = doc[m.start:m.end].root
        for c in root.conjuncts:
            if c.i in seen or taken[c.i] or (c.pos_ != "PROPN" and not _DIGIT_NAME.match(c.text)) or (
                    not c.is_title and not c.is_upper):
                continue  # ("Lux Capital and 8VC joined": a name may start with a digit)
            seen.add(c.i)
            left = c.i
            while left - 1 >= 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == c.i \
                    and doc[left - 1].pos_ == "PROPN" and not taken[left - 1]:
                left -= 1
            span = doc[left:c.i + 1]
            if left > 0 and doc[left - 1].pos_ == "PROPN":
                continue  # "Associates" of "T. Rowe Price Associates": the tail of a longer name
            firm_list = sum(1 for x in (root, *root.conjuncts) if x.i in known_roots) >= 2
            bad = _NOT_NAME_ENTS - {"PERSON"} if span[-1].text in _LEGAL_SUFFIX or firm_list or _DIGIT_NAME.match(
                span[0].text) else _NOT_NAME_ENTS  # (no person's name starts with a digit)
            if any(t.ent_type_ in bad for t in span) or len(span) > 4:
                continue
            out.append(span)
    for t in _all(doc):  # "Sequoia Capital, 1789 Capital and DST Global": a fund's name may start with a number
        if t.text in _FUND_WORDS and t.i >= 2 and doc[t.i - 1].like_num and not (taken[t.i] or taken[t.i - 1]) \
                and doc[t.i - 2].text in (",", "and") and any(
                    m.end in (t.i - 1, t.i - 2) or m.start in (t.i + 2, t.i + 3) for m in known):
            out.append(doc[t.i - 1:t.i + 1])
    return out


def _bought_with(doc: Doc, mentions: list[FirmMention], taken: list[bool]) -> list[Span]:
    """"bought Deci … and OctoAI", "its acquisitions of Silo AI, Mipsology and Nod.ai": a name coordinated with a
    firm that is bought is a firm bought too."""
    firm_at = {i for m in mentions if m.name and m.via not in ("context", "anaphor") for i in range(m.start, m.end)}
    out = []
    for t in _all(doc):
        if t.dep_ != "conj" or t.pos_ not in ("PROPN", "NOUN") or taken[t.i] or not _NAMELIKE.match(t.text) \
                or t.head.i not in firm_at or t.ent_type_ in ("LOC", "DATE", "NORP"):
            continue
        x = t.head
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        buyer = x.head.head if x.dep_ == "pobj" and x.head.lower_ == "of" else x.head if x.dep_ == "dobj" else None
        if buyer is None or not (buyer.lemma_.lower() in ("acquire", "buy", "purchase") or buyer.lower_ in (
                *_BUY_NOUNS, "acquisitions", "purchases", "takeovers")):
            continue
        left = t.i
        while left - 1 >= 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == t.i \
                and _NAMELIKE.match(doc[left - 1].text) and not taken[left - 1]:
            left -= 1
        out.append(doc[left:t.i + 1])
        firm_at.update(range(left, t.i + 1))  # ("Mipsology and Nod.ai": the next name is coordinated with this one)
    return out


def _apposed_names(doc: Doc, mentions: list[FirmMention], taken: list[bool]) -> list[Span]:
    """"Sakura Internet, the data center operator of Osaka": a proper name that a firm description stands beside
    (as its apposition) is a firm, even when the model misses it or half-guesses a person."""
    out = []
    for m in mentions:
        if m.via != "context" or m.name is not None:
            continue
        root = doc[m.start:m.end].root
        head = root.head
        if root.dep_ != "appos" and m.start >= 2 and doc[m.start - 1].text == "," and m.text[:1].lower() == "t":
            head = doc[m.start - 2]  # "Then came Tabular, the company started by …": the parse lost the apposition
        elif root.dep_ != "appos":
            continue
        if head.pos_ != "PROPN" or head.i >= m.start or taken[head.i] \
                or not _NAMELIKE.match(head.text):  # ("SchedMD, the company behind Slurm")
            continue
        left = head.i
        while left - 1 >= 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == head.i \
                and doc[left - 1].pos_ == "PROPN" and _NAMELIKE.match(doc[left - 1].text) and not taken[left - 1]:
            left -= 1
        span = doc[left:head.i + 1]
        if len(span) > 4 or all(t.ent_type_ == "PERSON" for t in span) or any(
                t.ent_type_ in ("GPE", "LOC", "DATE", "FAC", "EVENT") for t in span) or any(
                t.ent_type_ == "NORP" and (t.tag_ != "NNP" or t.text.endswith(("an", "ese", "ish", "i")))
                for t in span):
            continue  # (a place or a people; "Tabular" the model may call a people, "Chinese" is one)
        out.append(span)
    return out


_LEAD_WORDS = {"and", "but", "or", "also", "then", "so", "while", "plus"}
_COMPANY_ENDS = {*_LEGAL_SUFFIX, "Co.", "Co", "Company", "Corporation"}


def _whole_name(span: Span) -> Span:
    """"Weights & Biases", "Run:ai": a name joined by an ampersand, or by a colon with no space, is one name."""
    doc = span.doc
    start, end = span.start, span.end
    while end + 1 < len(doc):
        joint, nxt = doc[end], doc[end + 1]
        amp = joint.text == "&" and (nxt.is_title or nxt.is_upper)
        colon = joint.text == ":" and not doc[end - 1].whitespace_ and not joint.whitespace_ and nxt.is_alpha
        if not (amp or colon):
            break
        end += 2
    while start >= 2 and doc[start - 1].text == "&" and (doc[start - 2].is_title or doc[start - 2].is_upper):
        start -= 2
    return span if (start, end) == (span.start, span.end) else doc[start:end]


def _trim_lead(span: Span) -> Span:
    """"And Periodic Labs", "The Walt Disney Co.": a conjunction that opens a sentence, or the article before a
    name that ends like a company's, is not part of the name."""
    while len(span) > 1 and span[0].lower_ in _LEAD_WORDS:
        span = span[1:]
    if len(span) > 2 and span[0].lower_ == "the" and span[-1].text in _COMPANY_ENDS:
        span = span[1:]
    return span


# Nouns that make an apposition a firm's description ("Covariant, the robotics-AI company"); a person can also be
# "a developer" or "an investor", so those count only for names the model does not take for a person's.
_FIRM_NOUNS = {"startup", "start-up", "firm", "company", "lab", "neocloud", "upstart", "outfit", "chipmaker",
               "manufacturer", "conglomerate", "subsidiary", "unicorn"}
_FIRM_NOUNS_NOT_PERSON = {"developer", "maker", "designer", "operator", "provider", "supplier", "specialist"}


def _described_names(doc: Doc, taken: list[bool]) -> list[Span]:
    """"Covariant, the robotics-AI company", "Vireo Labs, a startup in Austin": a proper name that an apposition
    describes as a firm is a firm, whatever place, person or product the model takes it for."""
    out = []
    for t in _all(doc):
        if t.dep_ != "appos" or t.pos_ != "NOUN" or t.lower_ not in _FIRM_NOUNS | _FIRM_NOUNS_NOT_PERSON:
            continue
        head, first = t.head, t.left_edge
        if head.pos_ != "PROPN" or head.i >= t.i or not _NAMELIKE.match(head.text) \
                or first.lower_ not in ("the", "a", "an") or first.i != head.i + 2 or doc[head.i + 1].text != ",":
            continue
        span = _name_at(doc, head, taken, person_ok=True)
        if span is None or any(taken[span.start:span.end]) or any(
                x.ent_type_ in ("DATE", "MONEY", "CARDINAL", "PERCENT", "FIRM") for x in span):
            continue  # (part of a longer name, or another mention's)
        if t.lower_ in _FIRM_NOUNS_NOT_PERSON and any(x.ent_type_ == "PERSON" for x in span) and _kind_of_words(
                {w for x in doc[first.i + 1:t.i + 1] for w in x.lower_.split("-")}) is None:
            continue  # "Jane Ruiz, a developer at the lab"; but "Halcyon Grid, a GPU cloud provider" is a firm
        out.append(span)
    return out


_RAISING = {"raise", "secure", "close", "land", "bank", "net", "clinch", "take", "finish", "complete", "collect",
            "pull", "attract", "receive", "get", "bag"}
_JOINING = {"participate", "join", "invest", "lead", "co-lead", "colead", "back", "follow"}


def _name_at(doc: Doc, t: Token, taken: list[bool], *, person_ok: bool = False) -> Span | None:
    """The proper name whose last word is t (its compound words before it), if no other mention holds it."""
    if not (t.is_title or t.is_upper or t.text[:1].isdigit()) or taken[t.i]:
        return None
    if t.pos_ != "PROPN" and not (t.pos_ in ("NOUN", "ADJ") and t.is_title and t.i != t.sent.start
                                  and not any(c.dep_ == "det" for c in t.children)):
        return None  # (a capitalised word the model takes for a noun is a name only inside a sentence)
    left = t.i
    while left - 1 >= 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i == t.i \
            and doc[left - 1].pos_ == "PROPN" and not taken[left - 1] \
            and doc[left - 1].ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY"):  # ("In March Corvalis")
        left -= 1
    span = _trim_lead(doc[left:t.i + 1])
    if len(span) > 4 or (left > 0 and doc[left - 1].pos_ == "PROPN" and not taken[left - 1]
                         and doc[left - 1].ent_type_ not in ("DATE", "TIME")):
        return None
    if len(span) >= 2 and all(x.ent_type_ == "PERSON" for x in span) and not person_ok:
        return None  # "Jeff Bezos participated": a person's full name
    return span


def _deal_parties(doc: Doc, mentions: list[FirmMention], taken: list[bool]) -> list[Span]:
    """"Lovable closed a $330M Series B", "Inovo and Point Nine also participated", "with Greenoaks leading": who
    raises a round or takes part in one is a firm, even when the gazetteer and the model miss it."""
    out: list[Span] = []
    firsts = {m.name.split()[0] for m in mentions if m.name and " " in m.name}  # ("Quarry" of "Quarry Robotics"
    # is left to the short-name reader)
    for v in _all(doc):
        lem = v.lemma_.lower()
        if lem == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in v.children):
            lem = "participate"  # "Bosch and SAP took part"
        if v.pos_ != "VERB" or lem not in _RAISING | _JOINING:
            continue
        if lem in _RAISING:
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            if obj is None or not any(x.ent_type_ == "MONEY" or x.lower_ in _ROUND_NOUNS for x in obj.subtree):
                continue
        elif not any(x.lower_ in _ROUND_NOUNS or x.ent_type_ == "MONEY" for x in v.sent):
            continue  # (joining or investing in a sentence with no round or money)
        subjects = [c for c in v.children if c.dep_ == "nsubj"]
        if lem in _JOINING and v.dep_ in ("acl", "advcl") and v.tag_ == "VBG" and v.head.dep_ == "pobj":
            subjects.append(v.head)  # "with Greenoaks leading"
        for subj in subjects:
            for t in (subj, *subj.conjuncts) if lem in _JOINING else (subj,):
                span = _name_at(doc, t, taken)
                if span is not None and span.text not in firsts:
                    out.append(span)
    return out


def _cataphor(doc: Doc, m: FirmMention, mentions: list[FirmMention]) -> str | None:
    """"As part of its investment, Nvidia will also…": a possessive in the phrase that opens a sentence, before
    the comma, stands for the clause's subject named right after it."""
    tok = doc[m.start]
    if tok.lower_ != "its" or tok.dep_ != "poss":
        return None
    sent = tok.sent
    comma = next((t for t in doc[tok.i + 1:min(tok.i + 8, sent.end)] if t.text == ","), None)
    verb = sent.root
    if comma is None or not any(t.dep_ == "prep" and t.head.i == verb.i for t in doc[sent.start:tok.i]):
        return None  # ("As part of its investment" hangs off the main verb)
    subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i > comma.i), None)
    if subj is None or any(t.pos_ in ("VERB", "AUX") for t in doc[sent.start:comma.i]):
        return None
    named = next((x for x in mentions if x.start <= subj.i < x.end), None)
    return named.name if named is not None and named.via not in ("anaphor", "context") else None


# What a firm is to another: "it is a shareholder / the largest customer / a founding partner".
_ROLE_NOUNS = {"investor", "backer", "shareholder", "stakeholder", "owner", "partner", "customer", "client",
               "supplier", "provider", "lender", "funder", "member", "parent", "subsidiary", "acquirer", "buyer"}


def _anaphor_ok(span: Span) -> bool:
    """Pronouns stand for firms only as arguments, not as the dummy subject of "it is" or "it said that"."""
    if span[0].lower_ not in ("it", "its"):
        return True
    tok = span[0]
    if tok.lower_ == "it" and tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return False
    if tok.lower_ == "it" and tok.head.pos_ == "ADJ":
        return False  # "make it more expensive to run …": the dummy subject of an adjective
    # the dummy "it" of "it is likely that", "it seems to"; but "it had been in talks to buy X" is the firm, and so
    # is "it is a founding equity partner in Stargate"
    role = any(c.dep_ == "attr" and c.lemma_.lower() in _ROLE_NOUNS for c in tok.head.children)
    return not (tok.lower_ == "it" and tok.dep_ == "nsubj" and tok.head.lemma_ in ("be", "seem", "appear") and (
        tok.head.lemma_ != "be" or not any(c.dep_ == "prep" for c in tok.head.children)) and not role)


def _descriptor_is_definite(span: Span, *, hometown: bool = False) -> bool:
    return span[0].lower_ == "the" or _article_before(span, hometown=hometown) is not None


def _article_before(span: Span, *, hometown: bool = False) -> int | None:
    """Where "the" stands before a descriptor, past a home-town modifier when asked: "the cloud provider", "the
    New Jersey-based cloud provider"."""
    doc = span.doc
    i = span.start - 1
    if hometown and i >= 0 and doc[i].lower_ == "based" and i >= 2 and doc[i - 1].text == "-":
        i -= 2
        while i >= 0 and doc[i].pos_ == "PROPN" and span.start - i <= 6:
            i -= 1
    return i if i >= 0 and doc[i].lower_ == "the" else None


def _with_article(span: Span, *, hometown: bool = False) -> Span:
    at = _article_before(span, hometown=hometown)
    if at is not None and span[0].lower_ != "the":
        return span.doc[at:span.end]
    return span


# Legal forms that are not part of a firm's usual short name ("Aker ASA" → "Aker").
_LEGAL_FORMS = {"inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "asa", "ag", "sa", "s.a.", "gmbh", "plc", "nv",
                "n.v.", "se", "ab", "oyj", "spa", "s.p.a.", "bv", "b.v.", "co.", "pte", "pte.", "limited"}
# Names of plans, laws and events that the model tags as organisations.
_NOT_FIRM_HEADS = {"plan", "act", "programme", "program", "strategy", "initiative", "agenda", "bill", "policy",
                   "summit", "conference", "index", "award", "awards", "report", "law", "regulation", "directive",
                   "mission", "ministry", "university"}


def _doc_text_upto(doc: Doc, char: int) -> str:
    """The text of the current line before a character offset."""
    text = doc.text
    return text[text.rfind("\n", 0, char) + 1:char]


def _person_name_at(doc: Doc, i: int) -> bool:
    """A person's full name starts at token i ("Oracle Larry Ellison said"): two or more tokens the model calls
    PERSON."""
    return doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B" and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"


def _tidy(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    abbr = re.match(r"^[^()]{3,}\(\s*([A-Z][\w&.-]{1,12})\s*\)?$", text)
    if abbr:  # "Innovation Park Artificial Intelligence (Ipai)": the bracketed short form is the name used
        text = abbr.group(1)
    words = text.split()
    while words and words[0].lower() in _STOP_START:
        words.pop(0)
    while len(words) > 1 and words[-1].lower().strip(",") in _LEGAL_FORMS:
        words.pop()
    return " ".join(words).strip(" ,.;:")


# --- what a text says a firm new to the base is ---------------------------------------------------------------------
_CLOUD_WORDS = {"cloud", "neocloud", "hyperscaler", "colocation", "hosting"}
_COMPUTE_WORDS = {"data", "datacenter", "datacentre", "gpu", "gpus", "compute", "computing", "infrastructure"}
_COMPUTE_HEADS = {"provider", "operator", "developer", "builder", "host", "specialist", "platform", "company", "firm",
                  "startup", "start", "landlord", "miner", "supplier"}
_CHIP_WORDS = {"chipmaker", "chip", "chips", "semiconductor", "semiconductors", "silicon", "accelerator"}
_MAKER_HEADS = {"maker", "designer", "company", "startup", "start", "firm", "manufacturer", "developer", "supplier",
                "vendor", "chipmaker"}
_FUND_DESC = {"venture", "ventures", "vc", "investor", "investment", "fund", "equity", "capital"}
_FUND_HEADS = {"firm", "fund", "investor", "manager", "group", "arm", "company", "partnership", "house", "vehicle"}
_NAME_KINDS = (({"Cloud", "Compute", "Computing", "GPU", "Hosting", "Datacenters", "Datacentres"}, "cloud"),
               ({"Semiconductor", "Semiconductors", "Silicon", "Chips", "Microelectronics"}, "chipmaker"),
               ({"Capital", "Ventures", "Partners", "Investments", "VC", "Fund"}, "vc"))
_KIND_TAGS = {"cloud": frozenset({"cloud", "neocloud", "data_center"}), "chipmaker": frozenset({"chipmaker"}),
              "vc": frozenset({"investor", "vc"})}


def _kind_of_words(words: set[str]) -> str | None:
    """The trade a firm's description names: "a GPU cloud provider" → cloud, "the chip startup" → chipmaker."""
    if words & _CLOUD_WORDS:
        return "cloud"
    if (words & _CHIP_WORDS and words & _MAKER_HEADS) or {"gpu", "maker"} <= words:
        return "chipmaker"
    if (words & _COMPUTE_WORDS and words & _COMPUTE_HEADS) or "miner" in words:
        return "cloud"  # ("an AI infrastructure provider", "a bitcoin miner turned AI host")
    if words & _FUND_DESC and words & _FUND_HEADS:
        return "vc"
    return None


def _description_words(doc: Doc, m: FirmMention) -> set[str]:
    """The words describing one mention: the modifiers before it ("GPU cloud provider Halcyon") and an apposition
    after it ("Halcyon, a GPU cloud provider,")."""
    words: set[str] = set()
    k = m.start - 1
    while k >= 0 and m.start - k <= 5 and doc[k].pos_ in ("NOUN", "ADJ", "PROPN") and doc[k].ent_type_ != "FIRM" \
            and not doc[k].is_title:
        words.update(doc[k].lower_.split("-"))
        k -= 1
    end = m.end
    # ('Fjordline AI Cloud AS ("Fjordline"), an operator…': past the rest of a legal name and its defined short name)
    while end < len(doc) and end - m.end < 10 and doc[end].text != "," and (
            doc[end].pos_ == "PROPN" or doc[end].is_punct or doc[end].is_quote or doc[end].is_upper):
        end += 1
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        for t in doc[end + 2:end + 12]:
            if (t.is_punct and t.text != "-") or (t.pos_ in ("VERB", "AUX") and doc[t.i - 1].text != "-") \
                    or t.pos_ == "PRON" or t.ent_type_ == "FIRM" or (
                    t.pos_ == "ADP" and t.lower_ != "of"):  # ("an operator of renewable-powered GPU data centres")
                break
            words.update(t.lower_.split("-"))
    return words


_CHIP_NOUNS = {"chip", "chips", "gpu", "gpus", "processor", "processors", "accelerator", "accelerators", "npu", "npus"}


def _names_its_chips(doc: Doc, m: FirmMention) -> bool:
    """"orders of Huawei Ascend chips", "Kunlun chips": a name right before chips (or a chip product) makes them."""
    k = m.end
    while k < len(doc) and k - m.end < 3 and doc[k].pos_ in ("PROPN", "NUM") and doc[k].lower_ not in _CHIP_NOUNS:
        k += 1
    return k < len(doc) and doc[k].lower_ in _CHIP_NOUNS


def _sells_chips(doc: Doc, m: FirmMention) -> bool:
    """"ordered 100,000 Ascend chips from Huawei": the firm chips are bought from makes or sells them."""
    root = doc[m.start:m.end].root
    if root.dep_ != "pobj" or root.head.lower_ != "from":
        return False
    verb = root.head.head
    if verb.lower_ in _CHIP_NOUNS:
        return True  # ("100,000 Ascend chips from Huawei")
    return verb.lemma_.lower() in ("buy", "order", "purchase", "procure", "source", "obtain") and any(
        t.lower_ in _CHIP_NOUNS for c in verb.children if c.dep_ == "dobj" for t in c.subtree)


def infer_kinds(doc: Doc, firms: list[FirmMention], base: FirmBase) -> dict[str, FirmRecord]:
    """Firms new to the base, with the kind the text gives them: by their name ("Halcyon Compute", "Brightline
    Capital") or by how the text describes them. A firm described in two ways gets no kind."""
    kinds: dict[str, set[str]] = {}
    for m in firms:
        if not m.name or m.name in base or m.via in ("anaphor", "context"):
            continue
        found = kinds.setdefault(m.name, set())
        if m.via == "apposed":
            kind = _kind_of_words(set(re.split(r"[\s-]+", m.text.lower())))
        else:
            kind = _kind_of_words(_description_words(doc, m))
            words = set(m.name.split())
            kind = kind or next((k for names, k in _NAME_KINDS if words & names), None)
            kind = kind or ("chipmaker" if _names_its_chips(doc, m) or _sells_chips(doc, m) else None)
        if kind is not None:
            found.add(kind)
    return {name: FirmRecord(firm=Firm(name=name, kind=next(iter(ks)), known=False),  # type: ignore[arg-type]
                             tags=_KIND_TAGS[next(iter(ks))])
            for name, ks in kinds.items() if len(ks) == 1}
