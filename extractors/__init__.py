"""spaCy extraction stage: firms, amounts and deals from article text. Never imports DuckDB."""

from extractors.nlp import EXTRACTOR_VERSION, Extraction, build_nlp, extract_articles, extract_deals

__all__ = ["EXTRACTOR_VERSION", "Extraction", "build_nlp", "extract_articles", "extract_deals"]
