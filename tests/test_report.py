"""`dealwatch report`: a real DuckDB file in, one self-contained HTML page out — parsed, and drawn by Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from flows import report
from pipeline.models import Article, Deal
from warehouse import db

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
NASTY = "Acme <b>&amp; \"Sons\"</b>"  # a firm name that is also markup
SCRIPT_EVIDENCE = "Oracle will buy Nvidia chips <script>alert('pwned')</script> worth $40 billion."


def _deal(kind: str, src: str, tgt: str, amount: float | None, status: str = "announced", *, start: int = 0,
          evidence: str | None = None, when: date | None = None) -> Deal:
    return Deal(kind, src, tgt, amount_usd=amount, status=status,  # type: ignore[arg-type]
                evidence=evidence or f"{src} and {tgt} agreed a {kind.replace('_', ' ')}.",
                start_char=start, end_char=start + 10, date=when)


def _build(path: Path, articles: list[tuple[str, datetime, list[Deal]]]) -> None:
    """Store articles through the real warehouse code and resolve them into deals."""
    items = [db.StoredArticle(Article(text=f"text of {url}", url=url, published=published), tuple(deals), "v1")
             for url, published, deals in articles]
    with db.session(path) as con:
        db.store_articles(con, items)
        db.rebuild_deals(con)


@pytest.fixture
def loop_db(tmp_path: Path) -> Path:
    """Nvidia → OpenAI → Oracle → Nvidia, a two-firm loop through a firm whose name is markup, and bystanders."""
    path = tmp_path / "loops.duckdb"
    _build(path, [
        ("https://n.example/nvidia-openai", datetime(2025, 9, 22), [
            _deal("equity_investment", "Nvidia", "OpenAI", 100e9, "planned")]),
        ("https://n.example/openai-oracle", datetime(2025, 9, 10), [
            _deal("cloud_commitment", "OpenAI", "Oracle", 300e9, "reported")]),
        ("https://n.example/oracle-nvidia", datetime(2025, 5, 23), [
            _deal("chip_supply", "Oracle", "Nvidia", 40e9, "reported", evidence=SCRIPT_EVIDENCE)]),
        ("https://n.example/acme", datetime(2024, 11, 3), [
            _deal("equity_investment", "Microsoft", NASTY, 2e9, "completed", start=0),
            _deal("cloud_commitment", NASTY, "Microsoft", 1e9, "announced", start=40)]),
        ("https://n.example/bystanders", datetime(2025, 2, 14), [
            _deal("equity_investment", "Amazon", "Anthropic", 4e9, "completed", start=0),
            _deal("funding_round", "SoftBank", "OpenAI", 30e9, "in_talks", start=40)]),
    ])
    return path


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_report_has_sections_network_loops_and_nothing_external(loop_db: Path, tmp_path: Path) -> None:
    out = report.write_report(loop_db, tmp_path / "out" / "report.html")
    soup = _soup(out)
    for sid in ("network-section", "loops", "deals", "timeline-section"):
        assert soup.find(id=sid) is not None, sid

    net = soup.find("svg", id="network")
    firms = {g["data-firm"] for g in net.select("g.node")}
    assert {"Nvidia", "OpenAI", "Oracle", "Microsoft", NASTY, "Amazon", "Anthropic", "SoftBank"} <= firms
    assert {g["data-firm"] for g in net.select("g.node.loop")} == {"Nvidia", "OpenAI", "Oracle", "Microsoft", NASTY}
    loop_edges = {(g["data-payer"], g["data-payee"]) for g in net.select("g.edge.loop")}
    assert loop_edges == {("Nvidia", "OpenAI"), ("OpenAI", "Oracle"), ("Oracle", "Nvidia"),
                          ("Microsoft", NASTY), (NASTY, "Microsoft")}
    assert len(net.select("path.halo")) == len(loop_edges)
    assert not net.select('g.edge.loop[data-payer="Amazon"]')
    for g in net.select("g.edge"):  # every arrow has a head and a tooltip naming its firms, type and status
        assert g.find("polygon", class_="head") is not None
        tip = g.find("title").get_text()
        assert g["data-payer"] in tip and g["data-payee"] in tip and report.money(None) != tip
    tip = net.select_one('g.edge[data-payer="Nvidia"] title').get_text()
    assert "equity investment" in tip and "$100B" in tip and "planned" in tip
    assert "Nvidia" in net.select_one('g.node[data-firm="Nvidia"] title').get_text()

    # loops: the 3-firm loop (round trip $40B) outranks the $1B two-firm loop; each leg quotes its evidence
    cards = soup.select("article.loop-card")
    assert len(cards) == 2
    assert cards[0].h3.get_text(" ", strip=True).endswith("Nvidia → OpenAI → Oracle → Nvidia")
    assert "$40B" in cards[0].select_one(".meta").get_text()
    assert SCRIPT_EVIDENCE in cards[0].get_text()
    assert len(cards[0].select("blockquote")) == 3

    rows = soup.select("table.deals tbody tr")
    assert [r.find_all("td")[1].get_text() for r in rows[:2]] == ["OpenAI", "Nvidia"]
    assert rows[0].find_all("td")[3].get_text() == "$300B"
    assert len(soup.select("#timeline rect")) == 7  # one segment per (month, type); all deals differ here

    html = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    # every piece of scraped text is escaped: exactly one <script> (ours), the evidence's shows as text
    assert len(soup.find_all("script")) == 1 and "pwned" not in soup.find("script").get_text()
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in html
    assert "<b>&amp;" not in html and "Acme &lt;b&gt;&amp;amp;" in html


def test_since_filters_deals_and_loops(loop_db: Path, tmp_path: Path) -> None:
    soup = _soup(report.write_report(loop_db, tmp_path / "r.html", since=date(2025, 6, 1)))
    firms = {g["data-firm"] for g in soup.select("#network g.node")}
    assert firms == {"Nvidia", "OpenAI", "Oracle"}  # the May chip deal, the 2024 loop and February are gone
    assert not soup.select("#network g.loop") and not soup.select("article.loop-card")
    assert "since 2025-06-01" in soup.find(class_="sub").get_text()


def test_empty_database_says_there_are_no_deals(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with db.session(path):
        pass
    soup = _soup(report.write_report(path, tmp_path / "empty.html"))
    assert soup.find(id="empty") is not None and "No deals yet" in soup.get_text()
    assert soup.find("svg") is None and soup.find("script") is None


def test_cli_report_command(loop_db: Path, tmp_path: Path) -> None:
    from flows.cli import main

    out = tmp_path / "cli.html"
    res = CliRunner().invoke(main, ["--db", str(loop_db), "report", "--out", str(out), "--since", "2025-01-01"])
    assert res.exit_code == 0, res.output
    assert out.exists() and "report written to" in res.output


def test_layout_is_deterministic_and_inside_the_box() -> None:
    links = [(0, 1, 1.0), (1, 2, 2.0), (2, 0, 2.0), (3, 4, 1.0)]
    a = report.layout(6, links)
    assert a == report.layout(6, links)
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in a)
    assert len({(round(x, 3), round(y, 3)) for x, y in a}) == 6


def test_a_thousand_deals_render_well_under_a_second() -> None:
    firms = [f"Firm {i:03d}" for i in range(120)]
    types = list(report.TYPE_COLORS)[:-1]
    # two thirds of the deals among 40 hubs (one dense component: the layout's worst case), the rest anywhere
    ends = [(i % 40, (i * 7 + 3) % 40) if i % 3 else (i % 120, (i * 7 + 3) % 120) for i in range(1000)]
    flows = [report.Flow(f"d{i}", firms[ends[i][0]], firms[ends[i][1]], types[i % len(types)],
                         float((i % 50 + 1) * 1e8), ("announced", "reported", "completed")[i % 3],
                         date(2023 + i % 3, i % 12 + 1, 1), 1 + i % 4, f"evidence {i}", date(2025, 1, 1))
             for i in range(1000)]
    loops = [{"firms": [firms[ends[i][0]], firms[ends[i][1]]], "min_amount_usd": 1e8, "confirmed": True,
              "edges": [{"source_firm": firms[ends[i][0]], "target_firm": firms[ends[i][1]], "type": types[0],
                         "amount_usd": 1e8, "status": "announced", "evidence": "e", "deal_id": f"d{i}"}]}
             for i in range(1, 31)]
    t0 = time.perf_counter()
    page = report.render(flows, loops)
    elapsed = time.perf_counter() - t0
    print(f"render of 1,000 deals: {elapsed * 1000:.0f} ms, {len(page) / 1024:.0f} KiB")
    assert elapsed < 1.0  # typically ~0.2 s; the bound leaves room for a slow CI machine
    assert len(BeautifulSoup(page, "html.parser").select("#network g.node")) == report.MAX_NODES


# --- a real browser ------------------------------------------------------------------------------------------

def _chromium() -> str:
    """Debian's chromium: installed with apt-get when missing and we are root; otherwise skip, saying why."""
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get): "
                    "apt-get install -y chromium")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, timeout=300, env=env)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"], check=True,
                       capture_output=True, timeout=900, env=env)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        out = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"could not install chromium with apt-get: {out.decode(errors='replace')[-300:]}")
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if not found:
        pytest.skip("apt-get install chromium succeeded but no chromium binary appeared")
    return found


def _run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.timeout(1500)  # the first run may install chromium
def test_chromium_draws_the_loop_without_console_errors(loop_db: Path, tmp_path: Path) -> None:
    binary = _chromium()
    out = report.write_report(loop_db, tmp_path / "report.html")
    url = out.resolve().as_uri()

    dom = _run_chromium(binary, tmp_path / "profile-dom", "--virtual-time-budget=3000", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # headless Chromium logs every console message (console.error included) as INFO:CONSOLE, without a level;
    # the page logs nothing, so any console line at all is a failure
    console_errors = [ln for ln in dom.stderr.splitlines() if "Uncaught" in ln or ":CONSOLE" in ln]
    assert not console_errors, console_errors
    soup = BeautifulSoup(dom.stdout, "html.parser")
    body = soup.find("body")
    assert body is not None and body.get("data-ready") == "1", dom.stdout[-500:]
    assert body.get("data-js-errors") is None
    net = soup.find("svg", id="network")
    assert net.get("data-loop-edges-drawn") == "5"  # the browser laid out all five loop arrows with real extent
    assert {"Nvidia", "OpenAI", "Oracle"} <= {g["data-firm"] for g in net.select("g.node.loop")}

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    res = _run_chromium(binary, tmp_path / "profile-shot", "--hide-scrollbars", "--window-size=1400,1800",
                        f"--screenshot={shot}", url)
    assert res.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, res.stderr[-2000:]
    print(f"screenshot: {shot}")
