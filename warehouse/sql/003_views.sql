-- Version 3: analysis views. `money_flows` is one edge per resolved deal (payer → payee);
-- `firm_exposure` sums each firm's money out and in by counterparty and type.
CREATE OR REPLACE VIEW money_flows AS
SELECT
    d.deal_id,
    d.source_firm AS payer,
    d.target_firm AS payee,
    d.type,
    d.amount_usd,
    d.amount_low_usd,
    d.amount_high_usd,
    d.status,
    coalesce(d.deal_date, CAST(d.first_seen AS DATE)) AS deal_date,
    d.n_sources,
    d.evidence
FROM deals d
WHERE d.source_firm IS NOT NULL
  AND d.target_firm IS NOT NULL
  AND d.source_firm <> d.target_firm
  AND d.type <> 'partnership'
  AND d.status <> 'denied'
  AND NOT d.cumulative;

CREATE OR REPLACE VIEW firm_exposure AS
SELECT payer AS firm, 'out' AS direction, payee AS counterparty, type,
       count(*) AS deals, sum(amount_usd) AS amount_usd
FROM money_flows GROUP BY ALL
UNION ALL
SELECT payee AS firm, 'in' AS direction, payer AS counterparty, type,
       count(*) AS deals, sum(amount_usd) AS amount_usd
FROM money_flows GROUP BY ALL;
