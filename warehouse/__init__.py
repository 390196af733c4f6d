"""DuckDB storage stage: schema migrations, idempotent writes, deal resolution and loop queries. No spaCy here."""
