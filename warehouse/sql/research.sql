-- Queries behind warehouse/research.py (firm profiles and the Parquet export). $name / $firm are parameters.

-- name: resolve_firm
-- The canonical firm for a name or alias, case-insensitively. Exact-case firm names win, then any-case firm
-- names, then aliases, then names that only occur in deals (databases whose firms table lags behind).
SELECT name, kind, known
FROM (
    SELECT f.name, f.kind, f.known, CASE WHEN f.name = $name THEN 0 ELSE 1 END AS rank
    FROM firms f WHERE lower(f.name) = lower($name)
    UNION ALL
    SELECT a.name, f.kind, coalesce(f.known, FALSE), CASE WHEN a.alias = $name THEN 2 ELSE 3 END
    FROM firm_aliases a LEFT JOIN firms f ON f.name = a.name
    WHERE lower(a.alias) = lower($name)
    UNION ALL
    SELECT DISTINCT p.name, NULL, FALSE, 4
    FROM (SELECT source_firm AS name FROM deals UNION SELECT target_firm FROM deals) p
    WHERE lower(p.name) = lower($name)
)
ORDER BY rank, name
LIMIT 1;

-- name: firm_deals
-- Every resolved deal naming the firm on either side. direction follows the money: out = the firm is the payer
-- (source_firm). money_flow tells whether the deal is an edge of money_flows (partnerships, denied deals,
-- cumulative totals and self-deals are not).
SELECT CASE WHEN d.source_firm = $firm THEN 'out' ELSE 'in' END AS direction,
       CASE WHEN d.source_firm = $firm THEN d.target_firm ELSE d.source_firm END AS counterparty,
       d.type, d.amount_usd, d.status, d.n_sources, d.deal_id, d.evidence,
       coalesce(d.deal_date, CAST(d.first_seen AS DATE)) AS deal_date,
       mf.deal_id IS NOT NULL AS money_flow
FROM deals d LEFT JOIN money_flows mf USING (deal_id)
WHERE d.source_firm = $firm OR d.target_firm = $firm
ORDER BY d.amount_usd DESC NULLS LAST, deal_date, d.deal_id;

-- name: firm_counterparties
-- Money paid to and received from each counterparty over money_flows. A sum is 0 when there is no flow in that
-- direction and NULL when there are flows but none states a USD amount; deals counts flows both ways.
SELECT counterparty,
       CASE WHEN count(*) FILTER (WHERE direction = 'out') = 0 THEN 0.0
            ELSE sum(amount_usd) FILTER (WHERE direction = 'out') END AS paid_usd,
       CASE WHEN count(*) FILTER (WHERE direction = 'in') = 0 THEN 0.0
            ELSE sum(amount_usd) FILTER (WHERE direction = 'in') END AS received_usd,
       count(*) AS deals
FROM (
    SELECT CASE WHEN payer = $firm THEN 'out' ELSE 'in' END AS direction,
           CASE WHEN payer = $firm THEN payee ELSE payer END AS counterparty,
           amount_usd
    FROM money_flows
    WHERE payer = $firm OR payee = $firm
)
GROUP BY counterparty
ORDER BY coalesce(paid_usd, 0) + coalesce(received_usd, 0) DESC, deals DESC, counterparty;

-- name: schema_objects
-- User tables and views of the open database, with their comments.
SELECT name, kind, comment
FROM (
    SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
    UNION ALL
    SELECT view_name, 'view', comment FROM duckdb_views()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
)
ORDER BY kind, name;

-- name: schema_columns
-- Columns of user tables and views, in declaration order, with types and comments.
SELECT table_name, column_name, data_type, is_nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
ORDER BY table_name, column_index;
