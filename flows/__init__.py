"""Prefect flows and the CLI: the only place that composes fetch → parse → extract → store."""

import os

# Prefect reads these at import time: no telemetry calls from a machine without network, no analytics noise.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
# Our stage loggers reach Prefect's run logs (libraries add no handlers of their own).
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline,extractors,warehouse,flows")
