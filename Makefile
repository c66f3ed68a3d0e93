# One entry point for people and CI. Python 3.12 (see .python-version).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8501

.PHONY: setup demo test test-quick test-neo4j neo4j neo4j-stop browsers bench clean

# The demo needs only the package; the tests add their extras (Playwright, PyYAML).
# uv (from PyPI) installs the same packages several times faster than pip; pip is the fallback.
$(BIN)/kg: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12+ is needed (falkordblite): set PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv || true
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e . || $(BIN)/pip install --quiet -e .
	touch $(BIN)/kg

$(VENV)/.test-extras: $(BIN)/kg
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[test]" || $(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/kg

# Ingest the bundled essays into a fresh embedded store and serve the app.
demo: setup
	$(BIN)/kg demo --port $(PORT)

test: $(VENV)/.test-extras
	$(BIN)/python -m pytest -q

# Everything but Neo4j, Chromium and the slow tests (whole-corpus scoring, packaging, kills): about a minute.
test-quick: $(VENV)/.test-extras
	KG_QUICK=1 $(BIN)/python -m pytest -q -m "not slow" --ignore=tests/browser -p no:cacheprovider

# The Neo4j tests against a server you name (NEO4J_URI; default the one `make neo4j` starts).
# `make test` runs them too, on a Neo4j of its own, whenever Java 17 and Maven are installed.
test-neo4j: $(VENV)/.test-extras
	NEO4J_URI=$${NEO4J_URI:-bolt://127.0.0.1:7687} NEO4J_USER=$${NEO4J_USER:-neo4j} \
	NEO4J_PASSWORD=$${NEO4J_PASSWORD:-kg-password} $(BIN)/python -m pytest -q tests/test_store_contract.py tests/test_neo4j.py

# A real Neo4j 5.26 Community on bolt://127.0.0.1:7687 (Java 17 + Maven; jars cached in ~/.m2, auth off).
neo4j: setup
	$(BIN)/python tools/neo4j/server.py start

neo4j-stop: setup
	$(BIN)/python tools/neo4j/server.py stop

# Chromium and a CJK font for the browser tests and PNG export (Debian/Ubuntu; needs root or sudo).
browsers:
	@command -v chromium >/dev/null && fc-list | grep -qi "Noto Sans CJK" && echo "chromium and CJK fonts present" || \
	{ SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
