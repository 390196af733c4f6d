"""`dealwatch report`: one self-contained HTML page (inline CSS, inline SVG, a few lines of JS) of the deals.

The page must open anywhere, offline and years later, so it references nothing outside itself: no CDN, no web
fonts, no external scripts. Everything is computed here in Python — including the network layout, a small
deterministic force-directed layout — and every piece of text from the database goes through `html.escape`,
because evidence sentences and firm names come from scraped news and may contain markup.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

from warehouse import db

MAX_NODES = 40  # a network of more firms is unreadable (and the O(n²) layout gets slow); loop firms always make it
TOP_LOOPS = 10
TOP_DEALS = 25
LOOP_MAX_LENGTH = 4
LAYOUT_ITERATIONS = 220

NET_W, NET_H = 1200, 780
TL_W, TL_H = 1200, 280

TYPE_COLORS: dict[str, str] = {
    "equity_investment": "#2563eb",
    "funding_round": "#7c3aed",
    "credits": "#0891b2",
    "cloud_commitment": "#16a34a",
    "chip_supply": "#c2410c",
    "acquisition": "#475569",
    "acquihire_license": "#db2777",
    "partnership": "#94a3b8",
}
TYPE_LABELS: dict[str, str] = {
    "equity_investment": "equity investment",
    "funding_round": "funding round",
    "credits": "credits",
    "cloud_commitment": "cloud commitment",
    "chip_supply": "chip supply",
    "acquisition": "acquisition",
    "acquihire_license": "acqui-hire / licence",
    "partnership": "partnership",
}
LOOP_COLOR = "#e11d48"
CONFIRMED = ("announced", "completed")

FLOWS_SQL = """
SELECT f.deal_id, f.payer, f.payee, f.type, f.amount_usd, f.status, f.deal_date, f.n_sources, f.evidence,
       CAST(d.first_seen AS DATE) AS first_seen
FROM money_flows f JOIN deals d USING (deal_id)
WHERE $since IS NULL OR f.deal_date >= $since
ORDER BY f.amount_usd DESC NULLS LAST, f.payer, f.payee, f.type, f.deal_id
"""


@dataclass(frozen=True)
class Flow:
    """One resolved deal as a money flow (a row of the `money_flows` view plus when it was first seen)."""

    deal_id: str
    payer: str
    payee: str
    type: str
    amount_usd: float | None
    status: str
    deal_date: date | None
    n_sources: int
    evidence: str
    first_seen: date | None


@dataclass
class Edge:
    """All deals of one type from one payer to one payee: one arrow in the network."""

    payer: str
    payee: str
    type: str
    deals: list[Flow] = field(default_factory=list)
    loops: set[int] = field(default_factory=set)  # 1-based ranks of the loops this edge is on

    @property
    def amount(self) -> float | None:
        amounts = [d.amount_usd for d in self.deals if d.amount_usd is not None]
        return sum(amounts) if amounts else None

    @property
    def confirmed(self) -> bool:
        return any(d.status in CONFIRMED for d in self.deals)


# --- entry point ---------------------------------------------------------------------------------------------

def write_report(db_path: str | Path, out: str | Path, *, since: date | None = None) -> Path:
    """Read the database (read-only, short session) and write the report atomically; returns the path."""
    with db.session(db_path, read_only=True) as con:
        flows = load_flows(con, since)
        loops = db.find_loops(con, max_length=LOOP_MAX_LENGTH, since=since) if flows else []
    page = render(flows, loops, since=since, db_name=Path(db_path).name)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)  # a reader (or a browser reload) never sees half a page
    return out


def load_flows(con: Any, since: date | None = None) -> list[Flow]:
    """Every money flow on or after `since` (deal date, else the day it was first seen), largest first."""
    return [Flow(*row) for row in con.execute(FLOWS_SQL, {"since": since}).fetchall()]


def rank_loops(loops: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Largest round-trip volume (smallest edge amount) first, then shorter loops; unknown volumes last."""
    return sorted(loops, key=lambda lp: (lp["min_amount_usd"] is None, -(lp["min_amount_usd"] or 0.0),
                                         len(lp["firms"]), lp["firms"]))


# --- formatting ----------------------------------------------------------------------------------------------

def money(v: float | None) -> str:
    """$13B / $350M style, the way the news writes it; None is an undisclosed amount."""
    if v is None:
        return "undisclosed"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(v) >= scale:
            return f"${v / scale:,.3g}{suffix}"
    return f"${v:,.0f}"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind.replace("_", " "))


def _color(kind: str) -> str:
    return TYPE_COLORS.get(kind, "#64748b")


def _f(x: float) -> str:
    return f"{x:.1f}"


def _clip(text: str, n: int = 420) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --- network: data, layout, SVG ------------------------------------------------------------------------------

def build_edges(flows: Sequence[Flow], ranked_loops: Sequence[dict[str, Any]]) -> list[Edge]:
    """Group deals into arrows (payer, payee, type) and mark the arrows that carry a loop's deals."""
    edges: dict[tuple[str, str, str], Edge] = {}
    for f in flows:
        edges.setdefault((f.payer, f.payee, f.type), Edge(f.payer, f.payee, f.type)).deals.append(f)
    by_deal = {d.deal_id: e for e in edges.values() for d in e.deals}
    for rank, lp in enumerate(ranked_loops, 1):
        for le in lp["edges"]:
            if le["deal_id"] in by_deal:
                by_deal[le["deal_id"]].loops.add(rank)
    return list(edges.values())


def choose_nodes(flows: Sequence[Flow], ranked_loops: Sequence[dict[str, Any]],
                 limit: int = MAX_NODES) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Firms to draw: every loop firm (best loops first), then the largest by money in + out, up to `limit`."""
    stats: dict[str, dict[str, float]] = defaultdict(lambda: {"in": 0.0, "out": 0.0, "n_in": 0, "n_out": 0})
    for f in flows:
        stats[f.payer]["out"] += f.amount_usd or 0.0
        stats[f.payer]["n_out"] += 1
        stats[f.payee]["in"] += f.amount_usd or 0.0
        stats[f.payee]["n_in"] += 1
    chosen = list(dict.fromkeys(firm for lp in ranked_loops for firm in lp["firms"] if firm in stats))
    rest = sorted((f for f in stats if f not in set(chosen)),
                  key=lambda f: (-(stats[f]["in"] + stats[f]["out"]), -(stats[f]["n_in"] + stats[f]["n_out"]), f))
    return (chosen + rest)[:limit], dict(stats)


def layout(n: int, links: Iterable[tuple[int, int, float]], width: float = 1.0, height: float = 1.0,
           iterations: int = LAYOUT_ITERATIONS) -> list[tuple[float, float]]:
    """Deterministic Fruchterman–Reingold layout in the unit box (same input, same picture, no randomness).

    Starts from a sunflower spiral (index order, so the first nodes — the loop firms — start near the centre),
    adds a weak pull to the centre so separate components stay in view, then rescales to fill the box.
    """
    if n == 0:
        return []
    if n == 1:
        return [(width / 2, height / 2)]
    golden = math.pi * (3 - math.sqrt(5))
    xs = [math.sqrt((i + 0.5) / n) * math.cos(i * golden) for i in range(n)]
    ys = [math.sqrt((i + 0.5) / n) * math.sin(i * golden) for i in range(n)]
    weights: dict[tuple[int, int], float] = {}
    for a, b, w in links:
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = max(weights.get(key, 0.0), w)
    pairs = [(a, b, w) for (a, b), w in weights.items()]
    if n > 20:  # each round costs n²; big components settle in fewer rounds, which keeps 1,000 deals fast
        iterations = max(100, iterations * 20 // n)
    k = math.sqrt(4.0 / n)  # ideal edge length in a 2×2 box
    k2 = k * k
    temp = 0.25
    cool = temp / (iterations + 1)
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):
            xi, yi = xs[i], ys[i]
            fx = -0.12 * xi / k  # gravity towards the centre
            fy = -0.12 * yi / k
            for j in range(i + 1, n):
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                d2 = ddx * ddx + ddy * ddy + 1e-9
                rep = k2 / d2
                fx += ddx * rep
                fy += ddy * rep
                dx[j] -= ddx * rep
                dy[j] -= ddy * rep
            dx[i] += fx
            dy[i] += fy
        for a, b, w in pairs:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy) + 1e-9
            att = w * d / k
            dx[a] -= ddx * att
            dy[a] -= ddy * att
            dx[b] += ddx * att
            dy[b] += ddy * att
        for i in range(n):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) + 1e-12
            step = min(d, temp) / d
            xs[i] += dx[i] * step
            ys[i] += dy[i] * step
        temp -= cool
    # Blend each coordinate with its rank: a hub's neighbours otherwise clump while a few leaves stretch the box.
    for coords in (xs, ys):
        lo, hi = min(coords), max(coords)
        ranks = sorted(range(n), key=lambda i: (coords[i], i))
        for r, i in enumerate(ranks):
            coords[i] = 0.45 * (coords[i] - lo) / ((hi - lo) or 1.0) + 0.55 * r / (n - 1)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = width / (x1 - x0) if x1 > x0 else 0.0
    sy = height / (y1 - y0) if y1 > y0 else 0.0
    return [((x - x0) * sx if sx else width / 2, (y - y0) * sy if sy else height / 2) for x, y in zip(xs, ys,
                                                                                                       strict=True)]


def components(n: int, links: Iterable[tuple[int, int, float]]) -> list[list[int]]:
    """Connected components (ignoring direction), largest first, ties by their first node."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in links:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def pack_layout(n: int, links: Sequence[tuple[int, int, float]], width: float, height: float
                ) -> list[list[float]]:
    """Lay out each component on its own and give each a cell of the box (pixels), sized by its firm count.

    One force layout over disconnected parts flings them to the corners and squeezes each into a clump; giving
    every component its own cell, sized by its node count, keeps loops open and readable.
    """
    comps = components(n, links)
    weights = [float(len(c)) if len(c) > 2 else 1.0 + 0.6 * (len(c) - 1) for c in comps]
    boxes: list[tuple[float, float, float, float]] = [(0.0, 0.0, width, height)] * len(comps)

    def split(items: list[int], x: float, y: float, w: float, h: float) -> None:
        """A balanced binary treemap: halve the weight, cut the longer side in that proportion."""
        if len(items) == 1:
            boxes[items[0]] = (x, y, w, h)
            return
        total = sum(weights[i] for i in items)
        acc, cut = 0.0, 1
        for k in range(1, len(items)):
            acc += weights[items[k - 1]]
            cut = k
            if acc >= total / 2:
                break
        frac = sum(weights[i] for i in items[:cut]) / total
        if w >= h:
            split(items[:cut], x, y, w * frac, h)
            split(items[cut:], x + w * frac, y, w * (1 - frac), h)
        else:
            split(items[:cut], x, y, w, h * frac)
            split(items[cut:], x, y + h * frac, w, h * (1 - frac))

    split(list(range(len(comps))), 0.0, 0.0, width, height)
    link_list = list(links)
    pos = [[0.0, 0.0] for _ in range(n)]
    for c, comp in enumerate(comps):
        local = {node: k for k, node in enumerate(comp)}
        sub = [(local[a], local[b], w) for a, b, w in link_list if a in local and b in local]
        x0, y0, cw, ch = boxes[c]
        if len(comp) == 2:  # a pair lies along its cell's longer side
            unit = [(0.0, 0.5), (1.0, 0.5)] if cw >= ch else [(0.5, 0.0), (0.5, 1.0)]
        else:
            unit = layout(len(comp), sub)
        inset_x, inset_y = min(80.0, cw * 0.22), min(50.0, ch * 0.25)
        x0, y0 = x0 + inset_x, y0 + inset_y
        for node, (ux, uy) in zip(comp, unit, strict=True):
            pos[node] = [x0 + ux * (cw - 2 * inset_x), y0 + uy * (ch - 2 * inset_y)]
    return pos


def _separate(pos: list[list[float]], radii: Sequence[float], gap: float = 70.0, rounds: int = 40) -> None:
    """Push overlapping circles (plus room for a label) apart, in pixels, in place."""
    n = len(pos)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx = pos[j][0] - pos[i][0]
                dy = pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                need = radii[i] + radii[j] + gap
                if d < need:
                    if d < 1e-6:
                        dx, dy, d = 1.0, 0.0, 1.0
                    push = (need - d) / 2
                    pos[i][0] -= dx / d * push
                    pos[i][1] -= dy / d * push
                    pos[j][0] += dx / d * push
                    pos[j][1] += dy / d * push
                    moved = True
        if not moved:
            return


def network_svg(flows: Sequence[Flow], ranked_loops: Sequence[dict[str, Any]]) -> tuple[str, int, int]:
    """The money-flow network as inline SVG; returns (svg, firms drawn, firms in total)."""
    firms, stats = choose_nodes(flows, ranked_loops)
    index = {f: i for i, f in enumerate(firms)}
    edges = [e for e in build_edges(flows, ranked_loops) if e.payer in index and e.payee in index]
    amounts = [e.amount for e in edges if e.amount]
    max_edge = max(amounts) if amounts else 1.0
    vols = [stats[f]["in"] + stats[f]["out"] for f in firms]
    max_vol = max(vols) if vols and max(vols) > 0 else 1.0
    radii = [7.0 + 27.0 * math.sqrt(v / max_vol) for v in vols]
    spread = max(2.0, 6.0 * min(1.0, math.sqrt(60 / max(len(edges), 1))))  # many arrows: thinner, or they hide all
    loop_firms = {f for lp in ranked_loops for f in lp["firms"]}

    links = [(index[e.payer], index[e.payee], 1.0) for e in edges]
    pos = pack_layout(len(firms), links, NET_W - 40, NET_H - 60)
    for p in pos:
        p[0] += 20
        p[1] += 30
    _separate(pos, radii)
    for p, r, firm in zip(pos, radii, firms, strict=True):  # keep every node and its label inside the picture
        half_label = max(r, 3.8 * len(firm) + 6)  # ~7.5 px a character at 13 px, bold
        p[0] = min(max(p[0], half_label + 4), NET_W - half_label - 4)
        p[1] = min(max(p[1], r + 12), NET_H - r - 24)

    # Neighbours, for the hover focus (a node lights up its own edges and the firms at their other end).
    neighbours: dict[int, set[int]] = defaultdict(set)
    for e in edges:
        a, b = index[e.payer], index[e.payee]
        neighbours[a].add(b)
        neighbours[b].add(a)

    # Arrows between the same two firms (either direction) fan out so none hides another.
    between: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in edges:
        between[(min(e.payer, e.payee), max(e.payer, e.payee))].append(e)

    halos, plain, looped = [], [], []
    for (lo, hi), group in between.items():
        group.sort(key=lambda e: (e.payer != lo, e.type))
        m = len(group)
        for k, e in enumerate(group):
            a, b = index[e.payer], index[e.payee]
            ax, ay = pos[index[lo]]
            bx, by = pos[index[hi]]
            length = math.hypot(bx - ax, by - ay) or 1.0
            # perpendicular of the canonical (lo → hi) direction; offsets are in that frame for the whole group
            px, py = -(by - ay) / length, (bx - ax) / length
            offset = (min(0.08 * length, 36.0) if m == 1
                      else (k - (m - 1) / 2) * min(max(30.0, 0.14 * length), 56.0))
            sx, sy = pos[a]
            tx, ty = pos[b]
            cx = (sx + tx) / 2 + px * offset * 2
            cy = (sy + ty) / 2 + py * offset * 2
            amount = e.amount
            width = 1.6 + spread * math.sqrt(amount / max_edge) if amount else 1.4
            if e.loops:
                width += 1.6
            path, arrow = _arrow_path((sx, sy), (cx, cy), (tx, ty), radii[a], radii[b], width)
            classes = ["edge", "loop" if e.loops else "", "" if e.confirmed else "unconfirmed",
                       f"f-n{a}", f"f-n{b}", *_loop_classes(e.loops)]
            cls = " ".join(c for c in classes if c)
            color = _color(e.type)
            tip = _edge_title(e)
            dash = "" if e.confirmed else f' stroke-dasharray="{_f(width * 2.2)} {_f(width * 1.6)}"'
            item = (f'<g class="{cls}" data-payer="{_e(e.payer)}" data-payee="{_e(e.payee)}" data-type="{_e(e.type)}">'
                    f"<title>{_e(tip)}</title>"
                    f'<path class="hit" d="{path}" fill="none" stroke="transparent" stroke-width="{_f(width + 10)}"/>'
                    f'<path class="line" d="{path}" fill="none" stroke="{color}" stroke-width="{_f(width)}"'
                    f' stroke-linecap="round"{dash}/>'
                    f'<polygon class="head" points="{arrow}" fill="{color}"/></g>')
            if e.loops:
                halo_cls = " ".join(["halo", f"f-n{a}", f"f-n{b}", *_loop_classes(e.loops)])
                halos.append(f'<path class="{halo_cls}" d="{path}" fill="none" stroke="{LOOP_COLOR}" '
                             f'stroke-width="{_f(width + 9)}" stroke-linecap="round" stroke-opacity="0.28"/>')
                looped.append(item)
            else:
                plain.append(item)

    nodes, labels = [], []
    firm_loops: dict[str, set[int]] = defaultdict(set)
    for rank, lp in enumerate(ranked_loops, 1):
        for f in lp["firms"]:
            firm_loops[f].add(rank)
    for i, firm in enumerate(firms):
        x, y = pos[i]
        s = stats[firm]
        on_loop = firm in loop_firms
        cls = " ".join(c for c in ["node", "loop" if on_loop else "", f"f-n{i}",
                                   *(f"f-n{j}" for j in sorted(neighbours[i])),
                                   *_loop_classes(firm_loops[firm])] if c)
        tip = (f"{firm}\npaid {money(s['out'] or None)} in {int(s['n_out'])} deal(s)\n"
               f"received {money(s['in'] or None)} in {int(s['n_in'])} deal(s)"
               + (f"\non {len(firm_loops[firm])} loop(s)" if on_loop else ""))
        stroke = f'stroke="{LOOP_COLOR}" stroke-width="3"' if on_loop else 'stroke="#334155" stroke-width="1.5"'
        nodes.append(f'<g class="{cls}" data-node="n{i}" data-firm="{_e(firm)}"><title>{_e(tip)}</title>'
                     f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(radii[i])}" fill="#f8fafc" {stroke}/></g>')
        label_cls = cls.replace("node", "label", 1)
        weight = ' font-weight="700"' if on_loop else ""
        labels.append(f'<text class="{label_cls}" x="{_f(x)}" y="{_f(y + radii[i] + 15)}" text-anchor="middle"'
                      f"{weight}>{_e(firm)}</text>")

    svg = (f'<svg id="network" viewBox="0 0 {NET_W} {NET_H}" role="img" '
           f'aria-label="Money-flow network: {len(firms)} firms, {len(edges)} arrows">'
           f'<g class="layer-plain">{"".join(plain)}</g><g class="layer-halo">{"".join(halos)}</g>'
           f'<g class="layer-loop">{"".join(looped)}</g><g class="layer-nodes">{"".join(nodes)}</g>'
           f'<g class="layer-labels">{"".join(labels)}</g></svg>')
    return svg, len(firms), len(stats)


def _loop_classes(ranks: Iterable[int]) -> list[str]:
    """Classes the loop cards' hover uses; only listed loops have a card, so only they get one (keeps pages small)."""
    return [f"lp-{r}" for r in sorted(ranks) if r <= TOP_LOOPS]


def _arrow_path(s: tuple[float, float], c: tuple[float, float], t: tuple[float, float], rs: float, rt: float,
                width: float) -> tuple[str, str]:
    """A quadratic curve from circle s to circle t bending through c, stopped short for an arrowhead at t."""
    def toward(p: tuple[float, float], q: tuple[float, float], dist: float) -> tuple[float, float]:
        dx, dy = q[0] - p[0], q[1] - p[1]
        d = math.hypot(dx, dy) or 1.0
        return p[0] + dx / d * dist, p[1] + dy / d * dist

    head_len = 9.0 + 1.6 * width
    head_half = 4.5 + 1.0 * width
    start = toward(s, c, rs + 2)
    tip = toward(t, c, rt + 3)
    ux, uy = tip[0] - c[0], tip[1] - c[1]
    d = math.hypot(ux, uy) or 1.0
    ux, uy = ux / d, uy / d
    base = (tip[0] - ux * head_len, tip[1] - uy * head_len)
    end = (tip[0] - ux * head_len * 0.7, tip[1] - uy * head_len * 0.7)
    path = f"M{_f(start[0])},{_f(start[1])} Q{_f(c[0])},{_f(c[1])} {_f(end[0])},{_f(end[1])}"
    left = (base[0] - uy * head_half, base[1] + ux * head_half)
    right = (base[0] + uy * head_half, base[1] - ux * head_half)
    arrow = " ".join(f"{_f(x)},{_f(y)}" for x, y in (tip, left, right))
    return path, arrow


def _edge_title(e: Edge) -> str:
    head = f"{e.payer} → {e.payee}: {_type_label(e.type)}"
    if len(e.deals) == 1:
        d = e.deals[0]
        lines = [head, f"{money(d.amount_usd)} · {d.status}"]
    else:
        lines = [f"{head} · {len(e.deals)} deals, {money(e.amount)}"]
        lines += [f"  {money(d.amount_usd)} · {d.status}" + (f" · {d.deal_date}" if d.deal_date else "")
                  for d in e.deals[:8]]
        if len(e.deals) > 8:
            lines.append(f"  … and {len(e.deals) - 8} more")
    if e.loops:
        lines.append("on loop " + ", ".join(f"#{r}" for r in sorted(e.loops)[:10]))
    return "\n".join(lines)


# --- loops, deals, timeline ----------------------------------------------------------------------------------

def loops_html(ranked_loops: Sequence[dict[str, Any]], limit: int = TOP_LOOPS) -> str:
    """One card per top loop: the cycle, its round-trip volume and every leg with its evidence sentence."""
    if not ranked_loops:
        return '<p class="empty">No loops: no chain of these deals leads money back to where it started.</p>'
    cards = []
    for rank, lp in enumerate(ranked_loops[:limit], 1):
        path = " → ".join(_e(f) for f in [*lp["firms"], lp["firms"][0]])
        flag = ('<span class="pill ok">confirmed</span>' if lp["confirmed"]
                else '<span class="pill warn">rests on talks, plans or reports</span>')
        legs = []
        for e in lp["edges"]:
            legs.append(
                f'<li><div class="leg"><b>{_e(e["source_firm"])} → {_e(e["target_firm"])}</b>'
                f'<span class="type" style="--c:{_color(e["type"])}">{_e(_type_label(e["type"]))}</span>'
                f'<span class="amt">{_e(money(e["amount_usd"]))}</span>'
                f'<span class="status">{_e(e["status"])}</span></div>'
                f'<blockquote>“{_e(_clip(e["evidence"] or ""))}”</blockquote></li>')
        cards.append(
            f'<article class="loop-card" id="loop-{rank}" data-loop="{rank}">'
            f'<h3><span class="rank">{rank}</span>{path}</h3>'
            f'<p class="meta">round-trip <b>{_e(money(lp["min_amount_usd"]))}</b> · {len(lp["edges"])} legs · '
            f'{flag}</p><ol class="legs">{"".join(legs)}</ol></article>')
    more = (f'<p class="note">{len(ranked_loops) - limit} more loop(s) are highlighted in the network but not '
            f"listed; <code>dealwatch loops</code> prints them all.</p>" if len(ranked_loops) > limit else "")
    return "".join(cards) + more


def deals_html(flows: Sequence[Flow], limit: int = TOP_DEALS) -> str:
    """The largest deals by amount (flows arrive sorted largest first)."""
    rows = []
    for f in flows[:limit]:
        rows.append(
            f'<tr title="{_e(_clip(f.evidence or "", 300))}">'
            f'<td><span class="type" style="--c:{_color(f.type)}">{_e(_type_label(f.type))}</span></td>'
            f"<td>{_e(f.payer)}</td><td>{_e(f.payee)}</td>"
            f'<td class="num">{_e(money(f.amount_usd))}</td><td>{_e(f.status)}</td>'
            f'<td class="num">{f.n_sources}</td><td>{_e(f.first_seen or "")}</td></tr>')
    return ('<table class="deals"><thead><tr><th>type</th><th>payer</th><th>payee</th><th class="num">amount</th>'
            '<th>status</th><th class="num">sources</th><th>first seen</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _bucket(d: date, unit: str) -> int:
    months = d.year * 12 + d.month - 1
    return {"month": months, "quarter": months // 3, "year": d.year}[unit]


def _bucket_label(b: int, unit: str) -> str:
    if unit == "month":
        return f"{b // 12}-{b % 12 + 1:02d}"
    if unit == "quarter":
        return f"{b // 4}-Q{b % 4 + 1}"
    return str(b)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return max(1, math.ceil(top / 5))


def timeline_svg(flows: Sequence[Flow]) -> tuple[str, str]:
    """Deals per month stacked by type (quarters or years when the span is long); returns (svg, unit)."""
    dated = [f for f in flows if f.deal_date]
    if not dated:
        return '<p class="empty">No dated deals.</p>', "month"
    lo_d, hi_d = min(f.deal_date for f in dated), max(f.deal_date for f in dated)  # type: ignore[type-var]
    unit = "month"
    span = _bucket(hi_d, "month") - _bucket(lo_d, "month") + 1  # type: ignore[arg-type]
    if span > 48:
        unit = "quarter" if span / 3 <= 48 else "year"
    first, last = _bucket(lo_d, unit), _bucket(hi_d, unit)  # type: ignore[arg-type]
    n = last - first + 1
    counts: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    for f in dated:
        cell = counts[_bucket(f.deal_date, unit) - first][f.type]  # type: ignore[arg-type]
        cell[0] += 1
        cell[1] += f.amount_usd or 0.0
    top = max(sum(int(c[0]) for c in by_type.values()) for by_type in counts.values())
    step = _nice_step(top)
    y_max = step * math.ceil(top / step)
    left, right, top_m, bottom = 46.0, 12.0, 14.0, 42.0
    plot_w, plot_h = TL_W - left - right, TL_H - top_m - bottom
    slot = plot_w / n
    bar = max(1.0, min(slot * 0.72, 60.0))
    parts = []
    for v in range(0, y_max + 1, step):
        y = top_m + plot_h - plot_h * v / y_max
        parts.append(f'<line x1="{_f(left)}" x2="{_f(TL_W - right)}" y1="{_f(y)}" y2="{_f(y)}" class="grid"/>'
                     f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" text-anchor="end" class="axis">{v}</text>')
    order = list(TYPE_COLORS) + sorted({f.type for f in dated} - set(TYPE_COLORS))
    label_every = max(1, math.ceil(n / 16))
    for i in range(n):
        x = left + slot * i + (slot - bar) / 2
        y = top_m + plot_h
        label = _bucket_label(first + i, unit)
        for kind in order:
            if kind not in counts.get(i, {}):
                continue
            cnt, amt = counts[i][kind]
            h = plot_h * cnt / y_max
            y -= h
            tip = f"{label} · {_type_label(kind)}: {int(cnt)} deal(s), {money(amt or None)}"
            parts.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(bar)}" height="{_f(h)}" fill="{_color(kind)}">'
                         f"<title>{_e(tip)}</title></rect>")
        if i % label_every == 0:
            parts.append(f'<text x="{_f(x + bar / 2)}" y="{_f(TL_H - bottom + 18)}" text-anchor="middle" '
                         f'class="axis">{_e(label)}</text>')
    svg = (f'<svg id="timeline" viewBox="0 0 {TL_W} {TL_H}" role="img" '
           f'aria-label="Deals per {unit}, stacked by type">{"".join(parts)}</svg>')
    return svg, unit


def legend_html(kinds: Iterable[str]) -> str:
    items = [f'<li><span class="swatch" style="--c:{_color(k)}"></span>{_e(_type_label(k))}</li>'
             for k in TYPE_COLORS if k in set(kinds)]
    return f'<ul class="legend">{"".join(items)}</ul>'


# --- the page ------------------------------------------------------------------------------------------------

def render(flows: Sequence[Flow], loops: Sequence[dict[str, Any]], *, since: date | None = None,
           db_name: str = "", generated: datetime | None = None) -> str:
    """The whole page as one string (pure: no I/O, so it can be tested and timed on its own)."""
    generated = generated or datetime.now(UTC)
    scope = f"deals since {since.isoformat()}" if since else "all deals"
    head = (f'<header><h1>dealwatch — money loops in AI financing</h1><p class="sub">{_e(scope)} in '
            f"<code>{_e(db_name)}</code> · generated {_e(generated.strftime('%Y-%m-%d %H:%M UTC'))}</p>")
    if not flows:
        body = (head + '</header><main><section id="empty"><h2>No deals yet</h2><p>There are no deals with a '
                f"named payer and payee in this database ({_e(scope)}). Ingest some news first, e.g. "
                "<code>dealwatch ingest url URL</code> or <code>dealwatch demo</code>, then run "
                "<code>dealwatch report</code> again.</p></section></main>")
        return _page(body, script=False)

    ranked = rank_loops(loops)
    net, drawn, total_firms = network_svg(flows, ranked)
    timeline, unit = timeline_svg(flows)
    kinds = {f.type for f in flows}
    volume = sum(f.amount_usd or 0.0 for f in flows)
    dates = [f.deal_date for f in flows if f.deal_date]
    span = f"{min(dates)} – {max(dates)}" if dates else "undated"
    shown = f"top {TOP_DEALS} of {len(flows)}" if len(flows) > TOP_DEALS else f"all {len(flows)}"
    stats = (f'<ul class="stats"><li><b>{len(flows)}</b> deals</li><li><b>{total_firms}</b> firms</li>'
             f"<li><b>{_e(money(volume or None))}</b> disclosed</li><li><b>{len(ranked)}</b> loops</li>"
             f"<li>{_e(span)}</li></ul>")
    capped = (f" Showing the {drawn} firms with the most money in and out of {total_firms}; every loop firm is "
              "shown." if drawn < total_firms else "")
    body = (
        head + stats + "</header><main>"
        '<section id="network-section"><h2>Money-flow network</h2>'
        '<p class="note">Arrows run from payer to payee, coloured by deal type; arrow width grows with the amount, '
        "circle size with money in + out. <b class=\"loopword\">Red-glowing arrows</b> and red-ringed firms are on a "
        "loop: money that comes back to where it started. Dashed arrows rest only on talks, plans or reports. "
        f"Hover an arrow or a firm for details, or a loop card below to trace it.{_e(capped)}</p>"
        + legend_html(kinds)
        + '<ul class="legend"><li><span class="swatch loop-swatch"></span>on a loop</li>'
        '<li><span class="swatch dashed"></span>talks / plans / reports only</li></ul>'
        + f'<div class="net-wrap">{net}</div></section>'
        f'<section id="loops"><h2>Top loops <small>by round-trip volume (the smallest leg), then length</small></h2>'
        f"{loops_html(ranked)}</section>"
        f'<section id="deals"><h2>Largest deals <small>{shown}</small></h2>'
        f"{deals_html(flows)}</section>"
        f'<section id="timeline-section"><h2>Deals by {unit} <small>stacked by type</small></h2>'
        f"{legend_html(kinds)}{timeline}</section></main>"
        '<footer>Deals with a named payer and payee (partnerships, denied deals and cumulative totals are left '
        "out). Amounts are as reported, in USD; “undisclosed” where the news gave none.</footer>"
    )
    return _page(body, script=True)


def _page(body: str, *, script: bool) -> str:
    js = f"<script>{SCRIPT}</script>" if script else ""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>dealwatch report</title><style>{CSS}</style></head><body>{body}{js}</body></html>\n")


CSS = """
:root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--loop:#e11d48}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:var(--ink);background:var(--bg)}
header,main,footer{max-width:1320px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:26px;margin:0 0 2px}
h2{font-size:20px;margin:0 0 8px}
h2 small{font-size:13px;font-weight:400;color:var(--muted);margin-left:6px}
.sub,.note,footer{color:var(--muted);font-size:13px}
.note{max-width:1000px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef2f7;padding:1px 4px;
 border-radius:4px}
.stats{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:10px 0 0}
.stats li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 12px}
section{background:#fff;border:1px solid var(--line);border-radius:12px;padding:16px 20px;margin:16px 0}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:6px 0;font-size:13px}
.swatch{display:inline-block;width:22px;height:5px;border-radius:3px;background:var(--c);margin-right:6px;
 vertical-align:middle}
.loop-swatch{height:9px;background:var(--loop);opacity:.45}
.dashed{background:repeating-linear-gradient(90deg,#475569 0 6px,transparent 6px 10px)}
.loopword{color:var(--loop)}
.net-wrap{border-top:1px solid var(--line);margin-top:6px}
svg{display:block;width:100%;height:auto}
#network text.label{font-size:13px;fill:#0f172a;paint-order:stroke;stroke:#fff;stroke-width:4px;
 stroke-linejoin:round}
#network .edge:not(.loop){opacity:.6}
#network .edge:hover{opacity:1}
#network .edge:hover .line{filter:brightness(.8)}
#network .node{cursor:default}
#network.focus .edge,#network.focus .node,#network.focus .label,#network.focus .halo{opacity:.1}
#network.focus .lit{opacity:1}
#network.focus .halo.lit{opacity:1;stroke-opacity:.5}
.loop-card{border:1px solid var(--line);border-left:4px solid var(--loop);border-radius:8px;padding:10px 14px;
 margin:10px 0;transition:background .15s}
.loop-card:hover{background:#fff1f2}
.loop-card h3{margin:0;font-size:17px}
.rank{display:inline-block;min-width:24px;height:24px;border-radius:12px;background:var(--loop);color:#fff;
 text-align:center;font-size:13px;line-height:24px;margin-right:8px}
.meta{margin:2px 0 4px;color:var(--muted);font-size:13px}
.pill{border-radius:10px;padding:0 8px;font-size:12px}
.ok{background:#dcfce7;color:#166534}.warn{background:#fef3c7;color:#92400e}
.legs{margin:4px 0 0;padding-left:20px}
.legs li{margin:6px 0}
.leg{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.type{border-left:4px solid var(--c);padding-left:6px;font-size:13px}
.amt{font-variant-numeric:tabular-nums;font-weight:600}
.status{color:var(--muted);font-size:13px}
blockquote{margin:2px 0 0;padding:2px 10px;border-left:2px solid var(--line);color:#334155;font-size:13.5px;
 font-style:italic}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#f1f5f9}
#timeline .grid{stroke:#e2e8f0}
#timeline .axis{font-size:12px;fill:#64748b}
#timeline rect:hover{opacity:.75}
.empty{color:var(--muted)}
footer{padding-bottom:28px}
"""

# Progressive enhancement only: the page reads fully without it. Hovering a loop card or a firm dims the rest
# of the network; the data-* attributes it sets let a headless browser confirm the SVG was really drawn.
SCRIPT = """
(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (ev) {
    errors.push(String(ev.message));
    document.body.setAttribute("data-js-errors", errors.join(" | "));
  });
  var net = document.getElementById("network");
  if (!net) { document.body.setAttribute("data-ready", "1"); return; }
  function focus(cls) {
    net.classList.toggle("focus", !!cls);
    Array.prototype.forEach.call(net.querySelectorAll(".lit"), function (el) { el.classList.remove("lit"); });
    if (cls) {
      Array.prototype.forEach.call(net.querySelectorAll("." + cls), function (el) { el.classList.add("lit"); });
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-loop]"), function (card) {
    var cls = "lp-" + card.getAttribute("data-loop");
    card.addEventListener("mouseenter", function () { focus(cls); });
    card.addEventListener("mouseleave", function () { focus(null); });
  });
  Array.prototype.forEach.call(net.querySelectorAll(".node"), function (node) {
    var cls = "f-" + node.getAttribute("data-node");
    node.addEventListener("mouseenter", function () { focus(cls); });
    node.addEventListener("mouseleave", function () { focus(null); });
  });
  var drawn = 0;
  Array.prototype.forEach.call(net.querySelectorAll(".edge.loop .line"), function (p) {
    var box = p.getBBox();
    if (box.width + box.height > 0) { drawn += 1; }
  });
  net.setAttribute("data-loop-edges-drawn", String(drawn));
  document.body.setAttribute("data-ready", "1");
})();
"""
