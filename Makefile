# Two commands for a fresh machine:  `make demo` builds and shows the demo, `make test` runs
# every test. Both install what they need: uv (from PyPI, when missing) and the locked
# environment in .venv.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen --no-sync
DATA ?= data
DEMO_LANDING := $(DATA)/landing
DEMO_WAREHOUSE := $(DATA)/warehouse/attt.duckdb
LAST_MONTH := $(shell date -d "$$(date +%Y-%m-01) -1 day" +%Y-%m)

.PHONY: demo test lint pytest bench bench-national dagster clean-demo

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

demo: .venv/.synced
	rm -rf $(DEMO_LANDING) $(DEMO_WAREHOUSE)
	$(RUN) attt demo-data --out $(DEMO_LANDING) --scale small
	$(RUN) attt run --landing $(DEMO_LANDING) --warehouse $(DEMO_WAREHOUSE)
	$(RUN) attt files --warehouse $(DEMO_WAREHOUSE) | tail -n 3
	$(RUN) attt quality --warehouse $(DEMO_WAREHOUSE) --period $(LAST_MONTH)
	$(RUN) attt export scores --warehouse $(DEMO_WAREHOUSE) --period $(LAST_MONTH) \
		| cut -d, -f1-4,12-16 | head -n 12

test: .venv/.synced lint pytest bench

lint: .venv/.synced
	$(RUN) ruff check .

pytest: .venv/.synced
	$(RUN) pytest

# Benchmarks print figures; on small data here, at national scale by hand (make bench-national).
bench: .venv/.synced
	$(RUN) python benchmarks/bench_botnet_ingest.py --scale small
	$(RUN) python benchmarks/bench_pipeline.py --scale small

bench-national: .venv/.synced
	$(RUN) python benchmarks/bench_botnet_ingest.py --scale national
	$(RUN) python benchmarks/bench_pipeline.py --scale national

# The Dagster UI on the project's definitions, its instance kept under the data folder.
dagster: .venv/.synced
	mkdir -p $(DATA)/dagster
	DAGSTER_HOME=$(abspath $(DATA)/dagster) $(RUN) dagster dev -m orchestration.definitions
