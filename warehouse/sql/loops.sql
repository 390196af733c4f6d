-- name: find_loops
-- Directed cycles in money_flows up to $max_length edges. Parallel deals between the same ordered pair are one
-- edge (the largest deal stands for it). Each cycle is walked only from its alphabetically smallest firm, so a
-- cycle entered from any firm is one row. Filters: $since / $until (deal_date), $statuses, $types, $min_amount.
WITH RECURSIVE flows AS (
    SELECT * FROM money_flows
    WHERE ($since IS NULL OR deal_date >= $since)
      AND ($until IS NULL OR deal_date <= $until)
      AND ($statuses IS NULL OR list_contains($statuses, status))
      AND ($types IS NULL OR list_contains($types, type))
      AND ($min_amount IS NULL OR amount_usd >= $min_amount)
),
edges AS (
    SELECT payer AS src, payee AS dst,
           arg_max(deal_id, struct_pack(a := coalesce(amount_usd, -1), r :=
               CASE status WHEN 'completed' THEN 5 WHEN 'announced' THEN 4 WHEN 'planned' THEN 3
                           WHEN 'in_talks' THEN 2 ELSE 1 END)) AS deal_id
    FROM flows GROUP BY payer, payee
),
walk(start_firm, last_firm, firms, deal_ids, depth) AS (
    SELECT src, dst, [src, dst], [deal_id], 1 FROM edges WHERE dst > src
    UNION ALL
    SELECT w.start_firm, e.dst, list_append(w.firms, e.dst), list_append(w.deal_ids, e.deal_id), w.depth + 1
    FROM walk w JOIN edges e ON e.src = w.last_firm
    WHERE w.depth < $max_length
      AND w.last_firm <> w.start_firm
      AND (e.dst = w.start_firm OR (e.dst > w.start_firm AND NOT list_contains(w.firms, e.dst)))
)
SELECT firms[1:len(firms) - 1] AS firms, deal_ids, depth AS length
FROM walk
WHERE last_firm = start_firm
ORDER BY depth, firms;
