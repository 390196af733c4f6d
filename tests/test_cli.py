"""The CLI contract: help on every command, one-line errors, extract's JSON shape, read-only sql, loops, demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from flows.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
DEAL_KEYS = {"type", "source_firm", "target_firm", "amount_usd", "amount_low_usd", "amount_high_usd",
             "amount_qualifier", "currency", "amount_original", "valuation_usd", "status", "date", "evidence",
             "start_char", "end_char", "confidence"}


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, (*prefix, name)))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("path", _commands(main), ids=lambda p: " ".join(p) or "dealwatch")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    cmd: click.Command = main
    for name in path:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    assert cmd.help and len(cmd.help.strip()) > 20, f"{path} lacks help text"
    assert "Example:" in cmd.help, f"{path} help lacks an example"


def _run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("dealwatch")
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True, timeout=300,
                          env=env)


def test_extract_jsonl_follows_the_contract(user_env: dict[str, str]) -> None:
    paths = sorted(str(p) for p in (FIXTURES / "articles").glob("*.txt"))
    res = _run("extract", *paths, str(FIXTURES / "articles/openai-broadcom.html"), "--format", "jsonl", env=user_env)
    assert res.returncode == 0, res.stderr
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["input"] for d in docs] == [*paths, str(FIXTURES / "articles/openai-broadcom.html")]
    deals = [x for d in docs for x in d["deals"]]
    assert deals, "no deals found in the fixture articles"
    for d in docs:
        assert set(d["article"]) == {"title", "published", "url", "text"}
        for deal in d["deals"]:
            assert set(deal) == DEAL_KEYS
            assert d["article"]["text"][deal["start_char"]:deal["end_char"]] == deal["evidence"]
            assert 0 <= deal["confidence"] <= 1


def test_extract_reads_stdin(user_env: dict[str, str]) -> None:
    text = "Nvidia agreed to invest $2 billion in the AI startup Mistral AI, the companies said on Tuesday."
    res = _run("extract", "-", "--format", "json", stdin=text, env=user_env)
    assert res.returncode == 0, res.stderr
    deals = json.loads(res.stdout)[0]["deals"]
    assert [(d["source_firm"], d["target_firm"], d["amount_usd"]) for d in deals] == [
        ("Nvidia", "Mistral AI", 2e9)]


@pytest.mark.parametrize("args,needle", [
    (["extract", "no/such/file.txt"], "no such file"),
    (["extract", "pyproject.toml"], "unsupported file type"),
    (["sql", "SELECT 1"], "no database at"),
    (["sources", "add", "not a url"], "not an http(s) URL"),
])
def test_errors_are_one_readable_line(args: list[str], needle: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code != 0
    lines = [ln for ln in result.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], result.output


def test_a_run_that_fails_inside_its_flow_is_one_readable_line(tmp_path: Path, user_env: dict[str, str]) -> None:
    """A real process and a real Prefect run: the flow's failure reaches the user once, not as Prefect's traceback
    too, nor as late attempts to ship logs to the temporary API that stopped with the run."""
    bad = tmp_path / "not-a-database.duckdb"
    bad.write_text("not a database", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Nvidia invested $2 billion in Mistral AI, the companies said.", encoding="utf-8")
    env = {k: v for k, v in user_env.items() if k != "PREFECT_LOGGING_LEVEL"}  # what a user's shell has
    res = _run("--db", str(bad), "ingest", "text", str(story), env=env)
    assert res.returncode == 1
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "not a valid DuckDB" in lines[0], res.stderr


def test_sql_is_read_only(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "sources", "add", "https://example.com/feed.xml"]).exit_code == 0
    ok = runner.invoke(main, ["--db", str(db), "sql", "SELECT url, kind FROM sources", "--format", "csv"])
    assert ok.exit_code == 0 and "https://example.com/feed.xml,feed" in ok.output
    bad = runner.invoke(main, ["--db", str(db), "sql", "DELETE FROM sources"])
    assert bad.exit_code != 0 and "read-only" in bad.output.lower()


def test_demo_end_to_end_via_the_cli(tmp_path: Path, user_env: dict[str, str]) -> None:
    db = tmp_path / "demo.duckdb"
    res = _run("--db", str(db), "demo", env=user_env)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Money loops" in res.stdout and "no loops found" not in res.stdout
    loops = json.loads(_run("--db", str(db), "loops", "--format", "json", env=user_env).stdout)
    cycles = {frozenset(lp["firms"]) for lp in loops}
    assert frozenset({"Microsoft", "OpenAI"}) in cycles
    assert any(len(c) == 3 for c in cycles), cycles
    for lp in loops:
        assert set(lp) >= {"firms", "edges", "min_amount_usd"}
        for e in lp["edges"]:
            assert set(e) >= {"source_firm", "target_firm", "type", "amount_usd", "status", "evidence"}
