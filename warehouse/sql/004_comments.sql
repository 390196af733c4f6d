-- Version 4: a comment on every table, view and column, so the schema documents itself in any DuckDB client
-- (`SELECT * FROM duckdb_columns()`, `DESCRIBE`, the Parquet export's README). Conventions used below:
-- money is in US dollars (USD) as a plain number (4e9 = $4 billion); times are TIMESTAMPTZ (UTC);
-- money flows from source_firm (payer) to target_firm (payee).
-- A later migration that recreates a view (CREATE OR REPLACE VIEW) drops its comments: re-comment it there
-- (tests/test_schema_comments.py fails on any table, view or column without a comment).

-- sources ------------------------------------------------------------------------------------------------------
COMMENT ON TABLE sources IS 'One row per listing the nightly run polls (RSS/Atom feed, sitemap or single page). Managed with `dealwatch sources add|remove`.';
COMMENT ON COLUMN sources.url IS 'Listing URL (primary key).';
COMMENT ON COLUMN sources.kind IS 'What the URL is: feed | sitemap | page.';
COMMENT ON COLUMN sources.enabled IS 'Polled by the nightly run only when TRUE; `sources add` re-enables (removed sources are deleted).';
COMMENT ON COLUMN sources.added_at IS 'When the source was registered (UTC).';
COMMENT ON COLUMN sources.etag IS 'ETag of the last successful poll, sent back as If-None-Match.';
COMMENT ON COLUMN sources.last_modified IS 'Last-Modified header of the last successful poll, sent back as If-Modified-Since (raw header text).';
COMMENT ON COLUMN sources.last_polled_at IS 'When the listing was last polled, successful or not (UTC).';
COMMENT ON COLUMN sources.last_success_at IS 'When the listing last answered with content or 304 Not Modified (UTC).';
COMMENT ON COLUMN sources.last_error IS 'Error of the last failed poll as "error_kind: message"; NULL after a success.';
COMMENT ON COLUMN sources.failures IS 'Consecutive failed polls; reset to 0 on success.';

-- articles -----------------------------------------------------------------------------------------------------
COMMENT ON TABLE articles IS 'One row per news article (fetched page, feed entry or pasted text): main text and metadata. Re-ingesting the same URL updates the row.';
COMMENT ON COLUMN articles.article_id IS 'Primary key: first 32 hex chars of sha256("url:" + canonical URL), or of "text:" + content_hash for pasted text without a URL.';
COMMENT ON COLUMN articles.url IS 'Canonical URL of a fetched article (link rel=canonical or og:url, else the final fetched URL, normalised); NULL for pasted text and for local files that state none.';
COMMENT ON COLUMN articles.source_url IS 'Where the article was fetched from, or the local file path it was read from.';
COMMENT ON COLUMN articles.listing_url IS 'The feed or sitemap (sources.url) that linked the article; NULL when ingested directly.';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.published IS 'Publication time from the page or feed (UTC); NULL when the page gives none (then ingested_at stands in).';
COMMENT ON COLUMN articles.text IS 'Main text the deals were extracted from; mentions.start_char/end_char index into it.';
COMMENT ON COLUMN articles.content_hash IS 'sha256 hex of text; an unchanged hash with the same extractor_version means nothing to redo.';
COMMENT ON COLUMN articles.is_stub IS 'TRUE for paywall or teaser pages: stored but not extracted, and ignored when resolving deals.';
COMMENT ON COLUMN articles.language IS 'Primary language subtag declared by the page (e.g. en: html lang, meta or JSON-LD), if any.';
COMMENT ON COLUMN articles.site_name IS 'Publisher name from the page metadata (og:site_name, JSON-LD publisher, application-name), if any.';
COMMENT ON COLUMN articles.ingested_at IS 'When the article was first stored (UTC); not changed by updates.';
COMMENT ON COLUMN articles.extractor_version IS 'Version of the extractor whose mentions are stored for this article; older mentions are replaced on re-extraction.';
COMMENT ON COLUMN articles.simhash IS '64-bit SimHash of text (word 3-shingles), for near-duplicate detection.';
COMMENT ON COLUMN articles.duplicate_of IS 'article_id of an earlier near-identical article (syndicated copy); NULL for originals. Copies count once as an independent source.';
COMMENT ON COLUMN articles.authors IS 'Bylines as listed by the page; empty list when none.';
COMMENT ON COLUMN articles.modified IS 'Last-modified time stated by the page (article:modified_time etc.), if any (UTC).';

-- firms --------------------------------------------------------------------------------------------------------
COMMENT ON TABLE firms IS 'One row per firm under its canonical name: the knowledge base, plus firms first found in article text (known = FALSE). Deals refer to firms by name.';
COMMENT ON COLUMN firms.name IS 'Canonical firm name (primary key), e.g. Amazon for Amazon / AWS / Amazon Web Services.';
COMMENT ON COLUMN firms.kind IS 'big_tech | cloud | chipmaker | ai_lab | vc | sovereign | other (firms found only in text are other).';
COMMENT ON COLUMN firms.parent IS 'Canonical name of the parent for subsidiaries and corporate VC arms; NULL otherwise.';
COMMENT ON COLUMN firms.known IS 'TRUE: from the knowledge base. FALSE: first found in article text, not in the knowledge base.';
COMMENT ON COLUMN firms.first_seen IS 'When the firm row was created (UTC): knowledge-base load or first article naming it.';

COMMENT ON TABLE firm_aliases IS 'One row per alternative name (alias or product name, e.g. AWS, ChatGPT) mapping to a canonical firm name.';
COMMENT ON COLUMN firm_aliases.alias IS 'Alternative name as written in text, e.g. AWS (primary key; case as in the knowledge base).';
COMMENT ON COLUMN firm_aliases.name IS 'Canonical firm name the alias stands for (firms.name).';

-- mentions -----------------------------------------------------------------------------------------------------
COMMENT ON TABLE mentions IS 'One row per deal statement extracted from one article (the evidence): who pays whom, how much, with what status. Many mentions resolve into one deal.';
COMMENT ON COLUMN mentions.mention_id IS 'Primary key: hash of article, extractor version, type, parties, character offsets, amount and cumulative flag.';
COMMENT ON COLUMN mentions.article_id IS 'Article the statement comes from (articles.article_id).';
COMMENT ON COLUMN mentions.extractor_version IS 'Extractor version that produced the mention; only mentions of the article''s current version are resolved.';
COMMENT ON COLUMN mentions.type IS 'equity_investment | funding_round | credits | cloud_commitment | chip_supply | partnership | acquisition | acquihire_license.';
COMMENT ON COLUMN mentions.source_firm IS 'Payer (canonical name): investor, cloud/chip customer, acquirer, licensee. For partnership the pair is unordered. NULL when the text names no one.';
COMMENT ON COLUMN mentions.target_firm IS 'Payee (canonical name): investee, cloud/chip provider, acquired firm, licensor. For partnership the pair is unordered. NULL when the text names no one.';
COMMENT ON COLUMN mentions.amount_usd IS 'Amount in USD, filled only from figures stated in US dollars; NULL when none or in another currency.';
COMMENT ON COLUMN mentions.amount_low_usd IS 'Lower bound in USD for a range ("$10-15 billion"); NULL otherwise.';
COMMENT ON COLUMN mentions.amount_high_usd IS 'Upper bound in USD for a range; NULL otherwise.';
COMMENT ON COLUMN mentions.amount_qualifier IS 'How exact the amount is: exact | up_to | about | at_least | range; NULL without an amount.';
COMMENT ON COLUMN mentions.currency IS 'ISO currency of the figure as written (USD, EUR, GBP, …); NULL without an amount.';
COMMENT ON COLUMN mentions.amount_original IS 'The amount as written in the text, e.g. "€2 billion".';
COMMENT ON COLUMN mentions.valuation_usd IS 'Valuation of the payee stated with the deal, in USD; NULL when not stated.';
COMMENT ON COLUMN mentions.status IS 'announced | completed | in_talks | reported | planned | denied, as the text puts it.';
COMMENT ON COLUMN mentions.deal_date IS 'Date the text gives for the deal, if any (else see articles.published).';
COMMENT ON COLUMN mentions.evidence IS 'The sentence(s) stating the deal: exactly articles.text[start_char:end_char].';
COMMENT ON COLUMN mentions.start_char IS '0-based character offset of evidence in articles.text (Python slicing; add 1 for SQL substring).';
COMMENT ON COLUMN mentions.end_char IS 'Exclusive end offset of evidence in articles.text.';
COMMENT ON COLUMN mentions.confidence IS 'Extractor confidence in [0, 1] that the statement is a deal with these parties.';
COMMENT ON COLUMN mentions.cumulative IS 'TRUE when the amount is a running total ("bringing its total investment to $8 billion"), not one tranche.';
COMMENT ON COLUMN mentions.source_text IS 'Text describing the payer when it could not be resolved to a firm (e.g. "the search giant"); NULL otherwise.';
COMMENT ON COLUMN mentions.target_text IS 'Text describing the payee when it could not be resolved to a firm; NULL otherwise.';

-- deals --------------------------------------------------------------------------------------------------------
COMMENT ON TABLE deals IS 'One row per real-world deal, resolved from its mentions across articles (warehouse/resolve.py); rebuilt in full after each ingest, so deal_id is stable only while its first mention is. Money flows from source_firm to target_firm.';
COMMENT ON COLUMN deals.deal_id IS 'Primary key: hash of type family, parties, cumulative flag and the first mention.';
COMMENT ON COLUMN deals.type IS 'Most frequent type among its mentions: equity_investment | funding_round | credits | cloud_commitment | chip_supply | partnership | acquisition | acquihire_license.';
COMMENT ON COLUMN deals.source_firm IS 'Payer (firms.name): investor, cloud/chip customer, acquirer, licensee. Unordered for partnership. NULL if unnamed.';
COMMENT ON COLUMN deals.target_firm IS 'Payee (firms.name): investee, cloud/chip provider, acquired firm, licensor. Unordered for partnership. NULL if unnamed.';
COMMENT ON COLUMN deals.amount_usd IS 'Current amount in USD, from the most authoritative mention that states one; NULL if never stated in USD.';
COMMENT ON COLUMN deals.amount_low_usd IS 'Lower bound in USD when the current amount is a range; NULL otherwise.';
COMMENT ON COLUMN deals.amount_high_usd IS 'Upper bound in USD when the current amount is a range; NULL otherwise.';
COMMENT ON COLUMN deals.amount_qualifier IS 'exact | up_to | about | at_least | range, for the current amount.';
COMMENT ON COLUMN deals.currency IS 'ISO currency of the current amount as written.';
COMMENT ON COLUMN deals.amount_original IS 'Current amount as written in the text.';
COMMENT ON COLUMN deals.valuation_usd IS 'Most recently stated valuation of the payee, in USD.';
COMMENT ON COLUMN deals.status IS 'Current status: the most authoritative one seen (completed > announced > planned > in_talks > reported); denied when the latest mention denies a deal never announced or completed.';
COMMENT ON COLUMN deals.deal_date IS 'First date stated for the deal in its mentions; NULL if none (money_flows falls back to first_seen).';
COMMENT ON COLUMN deals.first_seen IS 'Publication time of the earliest article mentioning the deal (ingestion time when unknown), UTC.';
COMMENT ON COLUMN deals.last_seen IS 'Publication time of the latest article mentioning the deal, UTC.';
COMMENT ON COLUMN deals.n_mentions IS 'Number of mentions resolved into this deal (deal_mentions rows).';
COMMENT ON COLUMN deals.n_sources IS 'Number of independent articles behind the deal: near-duplicate copies (articles.duplicate_of) count once.';
COMMENT ON COLUMN deals.evidence IS 'Evidence sentence of the mention the current amount comes from.';
COMMENT ON COLUMN deals.cumulative IS 'TRUE for a running total across tranches; such rows are left out of money_flows so totals are not double counted.';

COMMENT ON TABLE deal_mentions IS 'Link table: one row per (deal, mention) — which extracted statements were resolved into which deal.';
COMMENT ON COLUMN deal_mentions.deal_id IS 'deals.deal_id.';
COMMENT ON COLUMN deal_mentions.mention_id IS 'mentions.mention_id.';

COMMENT ON TABLE deal_status_history IS 'One row per (deal, status): when each status first appeared in the news, e.g. in_talks in March, announced in May. Rebuilt with deals.';
COMMENT ON COLUMN deal_status_history.deal_id IS 'deals.deal_id.';
COMMENT ON COLUMN deal_status_history.status IS 'announced | completed | in_talks | reported | planned | denied.';
COMMENT ON COLUMN deal_status_history.first_seen IS 'Publication time of the first article with this status (ingestion time when unknown), UTC.';
COMMENT ON COLUMN deal_status_history.article_id IS 'That first article (articles.article_id).';
COMMENT ON COLUMN deal_status_history.amount_usd IS 'Amount in USD stated by that first article; NULL if it stated none.';

-- runs, fetches, pages -----------------------------------------------------------------------------------------
COMMENT ON TABLE runs IS 'One row per flow run (ingest or nightly) with its summary counts.';
COMMENT ON COLUMN runs.run_id IS 'Primary key: 16 hex chars.';
COMMENT ON COLUMN runs.flow IS 'Flow name: ingest_text | ingest_urls | ingest_feeds | nightly | reextract.';
COMMENT ON COLUMN runs.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'End time (UTC); NULL while running or if the process died.';
COMMENT ON COLUMN runs.status IS 'running | completed | failed.';
COMMENT ON COLUMN runs.stats IS 'JSON summary: counts (articles_new, mentions, deals, loops, pages_failed, …), failed_by_reason {error_kind: pages} and stage_seconds {stage: seconds}.';
COMMENT ON COLUMN runs.error IS 'One-line error of a failed run; NULL otherwise.';

COMMENT ON TABLE fetches IS 'One row per URL fetch outcome (success or failure) per run; append-only log.';
COMMENT ON COLUMN fetches.url IS 'Requested URL.';
COMMENT ON COLUMN fetches.run_id IS 'runs.run_id of the run that fetched it; NULL outside a run.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the fetch finished (UTC).';
COMMENT ON COLUMN fetches.final_url IS 'URL after redirects.';
COMMENT ON COLUMN fetches.status IS 'Final HTTP status code; NULL when no response came back.';
COMMENT ON COLUMN fetches.bytes IS 'Body size in bytes after content decoding (0 on failure).';
COMMENT ON COLUMN fetches.elapsed_ms IS 'Wall time of the fetch including retries, in milliseconds.';
COMMENT ON COLUMN fetches.attempts IS 'Requests made excluding redirect hops (1 + retries); 0 when refused before any request.';
COMMENT ON COLUMN fetches.error_kind IS 'NULL on success, else http_NNN | timeout | connect | reset | truncated | too_large | redirect_loop | too_many_redirects | content_type | robots | private_address | invalid_url | decode | not_modified | malformed | internal.';
COMMENT ON COLUMN fetches.error IS 'One-line error message; NULL on success.';

COMMENT ON TABLE pages IS 'One row per URL ever fetched (articles and listings): validators for conditional requests and back-off state after failures.';
COMMENT ON COLUMN pages.url IS 'Requested URL (primary key).';
COMMENT ON COLUMN pages.etag IS 'Last ETag seen, sent back as If-None-Match.';
COMMENT ON COLUMN pages.last_modified IS 'Last Last-Modified header seen (raw header text).';
COMMENT ON COLUMN pages.last_status IS 'HTTP status of the latest fetch; NULL when no response came back.';
COMMENT ON COLUMN pages.last_error_kind IS 'error_kind of the latest fetch (see fetches.error_kind); NULL on success.';
COMMENT ON COLUMN pages.failures IS 'Consecutive failed fetches; reset to 0 on success or 304.';
COMMENT ON COLUMN pages.next_attempt_at IS 'Not fetched again before this time (UTC): back-off of 2^failures hours, at most 7 days; NULL when healthy.';
COMMENT ON COLUMN pages.article_id IS 'Article parsed from the page (articles.article_id); NULL if none yet.';

COMMENT ON TABLE schema_migrations IS 'One row per applied schema migration (warehouse/sql/NNN_*.sql); max(version) is the schema version.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (primary key).';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name without number and .sql.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC).';

-- views --------------------------------------------------------------------------------------------------------
COMMENT ON VIEW money_flows IS 'One directed edge per resolved deal, money going from payer to payee; partnerships, denied deals, cumulative totals, self-deals and deals with an unnamed party are left out. Loops are cycles in this graph.';
COMMENT ON COLUMN money_flows.deal_id IS 'deals.deal_id.';
COMMENT ON COLUMN money_flows.payer IS 'Firm the money leaves (deals.source_firm).';
COMMENT ON COLUMN money_flows.payee IS 'Firm the money goes to (deals.target_firm).';
COMMENT ON COLUMN money_flows.type IS 'equity_investment | funding_round | credits | cloud_commitment | chip_supply | acquisition | acquihire_license.';
COMMENT ON COLUMN money_flows.amount_usd IS 'Amount in USD; NULL when not stated in USD.';
COMMENT ON COLUMN money_flows.amount_low_usd IS 'Lower bound in USD for ranges.';
COMMENT ON COLUMN money_flows.amount_high_usd IS 'Upper bound in USD for ranges.';
COMMENT ON COLUMN money_flows.status IS 'announced | completed | in_talks | reported | planned (denied deals are excluded).';
COMMENT ON COLUMN money_flows.deal_date IS 'Stated deal date, else the date the deal was first seen in the news.';
COMMENT ON COLUMN money_flows.n_sources IS 'Independent articles behind the deal.';
COMMENT ON COLUMN money_flows.evidence IS 'One evidence sentence for the deal.';

COMMENT ON VIEW firm_exposure IS 'Money in and out per firm, counterparty and deal type, from money_flows: each deal appears twice, once as out for the payer and once as in for the payee.';
COMMENT ON COLUMN firm_exposure.firm IS 'The firm whose exposure the row describes.';
COMMENT ON COLUMN firm_exposure.direction IS 'out: firm paid counterparty; in: firm received from counterparty.';
COMMENT ON COLUMN firm_exposure.counterparty IS 'The other firm.';
COMMENT ON COLUMN firm_exposure.type IS 'Deal type (as in money_flows.type).';
COMMENT ON COLUMN firm_exposure.deals IS 'Number of deals.';
COMMENT ON COLUMN firm_exposure.amount_usd IS 'Sum of the deals'' amounts in USD; deals without a USD amount add nothing (NULL when none has one).';
