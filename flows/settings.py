"""One settings object, built at the edge (CLI or flow entry) from arguments and DEALWATCH_* variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.fetch import DEFAULT_USER_AGENT, FetchPolicy


class Settings(BaseSettings):
    """Where the database lives and how politely and how fast to work."""

    model_config = SettingsConfigDict(env_prefix="DEALWATCH_", extra="ignore")

    db: Path = Path("dealwatch.duckdb")
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False  # loopback/private hosts refused unless set (the demo and tests set it)
    obey_robots: bool = True
    max_total: int = 16
    per_host: int = 2
    per_host_delay: float = 0.0
    retries: int = 3
    batch_size: int = Field(default=64, ge=1)  # articles per fetch/parse/extract/store batch
    n_process: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)  # spaCy worker processes
    nlp_batch_size: int = Field(default=32, ge=1)

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(user_agent=self.user_agent, allow_private=self.allow_private,
                           obey_robots=self.obey_robots, max_total=self.max_total, per_host=self.per_host,
                           per_host_delay=self.per_host_delay, retries=self.retries)
