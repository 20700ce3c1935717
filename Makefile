# The two commands of the README:
#   make demo   generate demo LiteLLM spend logs (and budgets) into DuckDB, build the project, print a summary
#   make test   every test, on DuckDB, on a throwaway PostgreSQL and on Spark in local mode
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ROWS ?= 200000
DEMO_DAYS ?= 30
export SPEND_DUCKDB_PATH ?= litellm_spend.duckdb

.PHONY: demo test setup postgres-binaries browser java lint clean

demo: setup
	$(BIN)/python -m litellm_spend_dev.generate_spend_logs --rows $(DEMO_ROWS) --days $(DEMO_DAYS)
	$(BIN)/python -m litellm_spend_dev.budget_tables
	$(BIN)/dbt build
	$(BIN)/litellm-spend summary
	@echo "Open the dashboard: $(BIN)/litellm-spend dashboard, then http://localhost:8501"

# Two workers, a test module at a time each (--dist loadscope), so a module's shared
# scenario (a module-scoped fixture) is built once per adapter, on one worker; the longest
# modules first (conftest.py).
test: setup postgres-binaries browser java
	$(BIN)/python -m pytest -n 2 --dist loadscope --no-loadscope-reorder

lint: setup
	$(BIN)/sqlfluff lint models macros tests/data tests/macros

setup: $(BIN)/.installed profiles.yml

# The pinned requirements, then the project's own package (pyproject.toml: the `litellm-spend`
# command), editable from scripts/: built with the pinned setuptools, so nothing more is downloaded.
$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

profiles.yml:
	cp profiles.example.yml profiles.yml

# The Postgres tests start a real PostgreSQL 15 server from Debian's binaries.
postgres-binaries:
	@test -x /usr/lib/postgresql/15/bin/initdb || { \
		echo "Installing PostgreSQL 15 server binaries (Debian postgresql-15)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15; }

# The dashboard's test drives a real headless Chromium through Debian's chromedriver.
browser:
	@test -x /usr/bin/chromium && test -x /usr/bin/chromedriver || { \
		echo "Installing Chromium and its WebDriver (Debian chromium, chromium-driver)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# The Spark tests run Spark in local mode inside the test process (pyspark), on a Java 17+ runtime.
java:
	@v=$$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); test "$${v:-0}" -ge 17 || { \
		echo "Installing a Java 17 runtime (Debian openjdk-17-jre-headless)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }

clean:
	rm -rf target logs $(SPEND_DUCKDB_PATH)
