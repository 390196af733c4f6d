-- dealwatch core schema (version 1): sources, articles, firms, mentions (deal evidence), deals, runs.
CREATE TABLE IF NOT EXISTS sources (
    url             VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,          -- feed | sitemap | page
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    added_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    etag            VARCHAR,
    last_modified   VARCHAR,
    last_polled_at  TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_error      VARCHAR,
    failures        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR PRIMARY KEY,     -- sha256 of the canonical URL, or of the text for pasted articles
    url               VARCHAR,                 -- canonical URL when known
    source_url        VARCHAR,                 -- where it was fetched from, or the local path
    listing_url       VARCHAR,                 -- the feed or sitemap that linked it
    title             VARCHAR,
    published         TIMESTAMPTZ,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    is_stub           BOOLEAN NOT NULL DEFAULT FALSE,
    language          VARCHAR,
    site_name         VARCHAR,
    ingested_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    extractor_version VARCHAR                  -- version whose mentions are stored for this article
);

CREATE TABLE IF NOT EXISTS firms (
    name       VARCHAR PRIMARY KEY,
    kind       VARCHAR NOT NULL,
    parent     VARCHAR,
    known      BOOLEAN NOT NULL,               -- FALSE: first found in article text, not in the knowledge base
    first_seen TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS firm_aliases (
    alias VARCHAR PRIMARY KEY,
    name  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id        VARCHAR PRIMARY KEY,     -- hash of article, extractor version, type, parties, offsets
    article_id        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    type              VARCHAR NOT NULL,
    source_firm       VARCHAR,
    target_firm       VARCHAR,
    amount_usd        DOUBLE,
    amount_low_usd    DOUBLE,
    amount_high_usd   DOUBLE,
    amount_qualifier  VARCHAR,
    currency          VARCHAR,
    amount_original   VARCHAR,
    valuation_usd     DOUBLE,
    status            VARCHAR NOT NULL,
    deal_date         DATE,
    evidence          VARCHAR NOT NULL,
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    cumulative        BOOLEAN NOT NULL DEFAULT FALSE,
    source_text       VARCHAR,
    target_text       VARCHAR
);

CREATE TABLE IF NOT EXISTS deals (
    deal_id          VARCHAR PRIMARY KEY,
    type             VARCHAR NOT NULL,
    source_firm      VARCHAR,
    target_firm      VARCHAR,
    amount_usd       DOUBLE,
    amount_low_usd   DOUBLE,
    amount_high_usd  DOUBLE,
    amount_qualifier VARCHAR,
    currency         VARCHAR,
    amount_original  VARCHAR,
    valuation_usd    DOUBLE,
    status           VARCHAR NOT NULL,
    deal_date        DATE,
    first_seen       TIMESTAMPTZ,
    last_seen        TIMESTAMPTZ,
    n_mentions       INTEGER NOT NULL,
    n_sources        INTEGER NOT NULL,
    evidence         VARCHAR,
    cumulative       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS deal_mentions (
    deal_id    VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,
    PRIMARY KEY (deal_id, mention_id)
);

CREATE TABLE IF NOT EXISTS runs (
    run_id      VARCHAR PRIMARY KEY,
    flow        VARCHAR NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR NOT NULL,               -- running | completed | failed
    stats       JSON,
    error       VARCHAR
);
