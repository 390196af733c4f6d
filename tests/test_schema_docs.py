"""docs/schema.md stays true: every ```sql block in it runs against a real, populated warehouse and finds rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import warehouse_sample

from warehouse import db

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
BLOCKS = re.findall(r"^```sql\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.M | re.S)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return warehouse_sample.build(tmp_path_factory.mktemp("docs") / "sample.duckdb")


def test_the_doc_has_ten_example_queries() -> None:
    assert len(BLOCKS) >= 11  # the comments query plus ten research queries


@pytest.mark.parametrize("sql", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_every_sql_block_runs_and_finds_rows(sample: Path, sql: str) -> None:
    with db.session(sample, read_only=True) as con:
        cols, rows = db.run_query(con, sql)
    assert cols and rows, f"no rows from:\n{sql}"


def test_loop_and_status_examples_find_what_the_sample_holds(sample: Path) -> None:
    loops_sql = next(b for b in BLOCKS if "money_flows GROUP BY payer, payee" in b)
    talks_sql = next(b for b in BLOCKS if "'in_talks'" in b)
    with db.session(sample, read_only=True) as con:
        loops = {tuple(r[0]) for r in con.execute(loops_sql).fetchall()}
        talks = con.execute(talks_sql).fetchall()
        expected = {tuple(lp["firms"]) for lp in db.find_loops(con, max_length=3)}
    assert loops == expected == {("Amazon", "OpenAI"), ("Microsoft", "OpenAI"), ("Nvidia", "OpenAI", "Oracle")}
    assert [(r[0], r[1], r[5]) for r in talks] == [("Amazon", "OpenAI", 32)]
