-- name: find_loops
-- Directed cycles in money_flows of 2 to $max_length edges. Output: firms (in cycle order, starting at the
-- alphabetically smallest firm), deal_ids (edge i goes firms[i] → firms[i + 1], the last one back to firms[1])
-- and length, ordered by length, then firms. Each cycle is one row whichever firm it is entered from.
-- Parallel deals between the same ordered pair are one edge (the largest deal, then the most authoritative
-- status, stands for it). Filters: $since / $until (deal_date), $statuses, $types, $min_amount.
--
-- Method (meet in the middle): a cycle of length L is entered only at its smallest firm S, walked forward
-- ceil(L/2) edges from S to a middle firm M and backward floor(L/2) edges from S to M; the two half-paths are
-- joined on (S, M) and must share no firm. Only half-length paths are enumerated: a plain walk enumerates every
-- path of L - 1 edges from every firm, which on hub-heavy graphs (hundreds of deals through a few firms) is
-- orders of magnitude more rows. Firms and edges are numbered first (numbers follow name order, so "smallest"
-- is unchanged) because integer lists are much cheaper to build, compare and sort than lists of names.
WITH RECURSIVE flows AS (
    SELECT * FROM money_flows
    WHERE ($since IS NULL OR deal_date >= $since)
      AND ($until IS NULL OR deal_date <= $until)
      AND ($statuses IS NULL OR list_contains($statuses, status))
      AND ($types IS NULL OR list_contains($types, type))
      AND ($min_amount IS NULL OR amount_usd >= $min_amount)
),
pairs AS (
    SELECT payer AS src, payee AS dst,
           arg_max(deal_id, struct_pack(a := coalesce(amount_usd, -1), r :=
               CASE status WHEN 'completed' THEN 5 WHEN 'announced' THEN 4 WHEN 'planned' THEN 3
                           WHEN 'in_talks' THEN 2 ELSE 1 END, d := deal_id)) AS deal_id
    FROM flows GROUP BY payer, payee
),
-- A firm on a cycle both pays and receives; edges touching any other firm cannot close a loop.
kept AS (
    SELECT * FROM pairs WHERE src IN (SELECT dst FROM pairs) AND dst IN (SELECT src FROM pairs)
),
firm_ids AS MATERIALIZED (
    SELECT name, CAST(row_number() OVER (ORDER BY name) AS INTEGER) AS id
    FROM (SELECT src AS name FROM kept UNION SELECT dst FROM kept)
),
edges AS MATERIALIZED (
    SELECT a.id AS src, b.id AS dst, CAST(row_number() OVER (ORDER BY k.deal_id) AS INTEGER) AS eid, k.deal_id
    FROM kept k JOIN firm_ids a ON a.name = k.src JOIN firm_ids b ON b.name = k.dst
),
-- Forward half S → … → M; every firm after S is larger than S.
fwd(s, m, firms, eids, depth) AS (
    SELECT src, dst, [src, dst], [eid], 1 FROM edges WHERE dst > src
    UNION ALL
    SELECT f.s, e.dst, list_append(f.firms, e.dst), list_append(f.eids, e.eid), f.depth + 1
    FROM fwd f JOIN edges e ON e.src = f.m
    WHERE f.depth < ($max_length + 1) // 2
      AND e.dst > f.s
      AND NOT list_contains(f.firms, e.dst)
),
-- Backward half M → … → S, grown from S against the edge direction.
bwd(s, m, firms, eids, depth) AS (
    SELECT dst, src, [src, dst], [eid], 1 FROM edges WHERE src > dst
    UNION ALL
    SELECT b.s, e.src, list_prepend(e.src, b.firms), list_prepend(e.eid, b.eids), b.depth + 1
    FROM bwd b JOIN edges e ON e.dst = b.m
    WHERE b.depth < $max_length // 2
      AND e.src > b.s
      AND NOT list_contains(b.firms, e.src)
),
-- The forward half is ceil(L/2) long, so each cycle has exactly one split.
cycles AS (
    SELECT list_concat(f.firms, b.firms[2:len(b.firms) - 1]) AS firms,
           list_concat(f.eids, b.eids) AS eids,
           f.depth + b.depth AS length
    FROM fwd f JOIN bwd b ON f.s = b.s AND f.m = b.m AND f.depth - b.depth IN (0, 1)
    WHERE f.depth + b.depth <= $max_length
      AND NOT list_has_any(f.firms[2:], b.firms[2:len(b.firms) - 1])
),
lookup AS (
    SELECT (SELECT list(name ORDER BY id) FROM firm_ids) AS names,
           (SELECT list(deal_id ORDER BY eid) FROM edges) AS deals
)
SELECT list_transform(c.firms, lambda i: l.names[i]) AS firms,
       list_transform(c.eids, lambda i: l.deals[i]) AS deal_ids,
       c.length
FROM cycles c, lookup l
ORDER BY c.length, c.firms;
