# Two commands for a fresh machine:  `make demo` builds and shows the demo, `make test` runs
# every test. Both install what they need: uv (from PyPI, when missing) and the locked
# environment in .venv.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen --no-sync
DATA ?= data
# Every `attt` command of a target finds its warehouse and serving copy under this folder.
export ATTT_DATA_DIR := $(abspath $(DATA))
DEMO_LANDING := $(DATA)/landing
DEMO_WAREHOUSE := $(DATA)/warehouse/attt.duckdb
LAST_MONTH := $(shell date -d "$$(date +%Y-%m-01) -1 day" +%Y-%m)

# Demo accounts (name:role:unit); the password of each is demo-<name>-2026.
DEMO_ACCOUNTS := quantri:admin: phantich:analyst: hanoi:unit:HN boyte:unit:BYT
PORT ?= 8501

.PHONY: demo demo-accounts app test lint pytest browser bench bench-national dagster clean-demo

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv
	# Compiled bytecode at install: where PYTHONDONTWRITEBYTECODE is set (as on this machine),
	# every process would otherwise compile what it imports from source, about 4 s of each
	# pipeline run for Great Expectations, Dagster and dbt (issue 14).
	$(UV) sync --frozen --compile-bytecode
	@touch $@

demo: .venv/.synced
	rm -rf $(DEMO_LANDING) $(DEMO_WAREHOUSE)
	$(RUN) attt demo-data --out $(DEMO_LANDING) --scale small
	$(RUN) attt run --landing $(DEMO_LANDING) --warehouse $(DEMO_WAREHOUSE)
	$(RUN) attt files --warehouse $(DEMO_WAREHOUSE) | tail -n 3
	$(RUN) attt quality --period $(LAST_MONTH)
	$(RUN) attt export scores --period $(LAST_MONTH) --format table | head -n 14
	$(RUN) attt report --period $(LAST_MONTH)
	$(MAKE) --no-print-directory demo-accounts app

# (Re)creates the demo accounts in the app-state database and prints them.
demo-accounts: .venv/.synced
	@for spec in $(DEMO_ACCOUNTS); do \
		IFS=: read -r name role unit <<< "$$spec"; \
		echo "demo-$$name-2026" | $(RUN) attt users add "$$name" --role "$$role" \
			$${unit:+--unit $$unit} --password-stdin >/dev/null 2>&1 \
		|| echo "demo-$$name-2026" | $(RUN) attt users reset "$$name" --password-stdin >/dev/null; \
	done
	@echo "Demo accounts (user / password / role):"
	@for spec in $(DEMO_ACCOUNTS); do \
		IFS=: read -r name role unit <<< "$$spec"; \
		echo "  $$name / demo-$$name-2026 / $$role $$unit"; \
	done

# The app on the published serving copy: http://localhost:$(PORT)
app: .venv/.synced
	$(RUN) attt app --port $(PORT)

test: .venv/.synced browser lint pytest bench

# The real-browser test drives Debian's Chromium (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

lint: .venv/.synced
	$(RUN) ruff check .
	$(RUN) lint-imports

pytest: .venv/.synced
	$(RUN) pytest

# Benchmarks print figures; on small data here, at national scale by hand (make bench-national).
bench: .venv/.synced
	$(RUN) python benchmarks/bench_botnet_ingest.py --scale small
	$(RUN) python benchmarks/bench_pipeline.py --scale small
	$(RUN) python benchmarks/bench_app_queries.py --scale small
	$(RUN) python benchmarks/bench_agency_tree.py --scale small
	$(RUN) python benchmarks/bench_excel_sheet.py --scale small
	$(RUN) python benchmarks/bench_export.py --scale small
	$(RUN) python benchmarks/bench_report_cards.py --scale small

bench-national: .venv/.synced
	$(RUN) python benchmarks/bench_botnet_ingest.py --scale national
	$(RUN) python benchmarks/bench_pipeline.py --scale national
	$(RUN) python benchmarks/bench_app_queries.py --scale national
	$(RUN) python benchmarks/bench_agency_tree.py --scale national
	$(RUN) python benchmarks/bench_excel_sheet.py --scale national
	$(RUN) python benchmarks/bench_export.py --scale national
	$(RUN) python benchmarks/bench_report_cards.py --scale national

# The Dagster UI on the project's definitions, its instance kept under the data folder.
dagster: .venv/.synced
	mkdir -p $(DATA)/dagster
	DAGSTER_HOME=$(abspath $(DATA)/dagster) $(RUN) dagster dev -m orchestration.definitions
