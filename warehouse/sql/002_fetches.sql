-- Version 2: one row per fetch attempt outcome, near-duplicate links, and the deal status history.
CREATE TABLE IF NOT EXISTS fetches (
    url         VARCHAR NOT NULL,
    run_id      VARCHAR,
    fetched_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    final_url   VARCHAR,
    status      INTEGER,
    bytes       BIGINT,
    elapsed_ms  DOUBLE,
    attempts    INTEGER,
    error_kind  VARCHAR,
    error       VARCHAR
);

CREATE TABLE IF NOT EXISTS pages (
    url             VARCHAR PRIMARY KEY,
    etag            VARCHAR,
    last_modified   VARCHAR,
    last_status     INTEGER,
    last_error_kind VARCHAR,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    article_id      VARCHAR
);

ALTER TABLE articles ADD COLUMN IF NOT EXISTS simhash UBIGINT;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS authors VARCHAR[];
ALTER TABLE articles ADD COLUMN IF NOT EXISTS modified TIMESTAMPTZ;

CREATE TABLE IF NOT EXISTS deal_status_history (
    deal_id     VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    first_seen  TIMESTAMPTZ,                    -- publication date of the first article with this status
    article_id  VARCHAR,
    amount_usd  DOUBLE
);
