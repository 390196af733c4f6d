"""Shared fixtures: a real loopback HTTP server over tests/fixtures, Prefect's test harness, temp databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from flows.site_server import SiteServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def site() -> Iterator[SiteServer]:
    """tests/fixtures served on 127.0.0.1; /status/404 and /status/500 answer with those errors."""
    with SiteServer(FIXTURES) as server:
        yield server


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every flow test (starting one costs several seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "dealwatch.duckdb"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from extractors import build_nlp

    return build_nlp()


@pytest.fixture
def user_env() -> dict[str, str]:
    """The environment a user's shell has: none of the API or database settings Prefect's test harness adds."""
    keep = {"PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_HOME"}
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") or k in keep}
