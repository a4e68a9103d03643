# CSC Workforce. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CSCW := $(BIN)/cscw
PORT ?= 8000
SEED ?= 1
SCALE ?= 1
# The demo authority's history ends on 30 September 2025; the demo server treats that as today.
DEMO_TODAY ?= 2025-09-30
GOVUK_FRONTEND_VERSION := $(shell cat src/csc_workforce/web/static/govuk/VERSION)

.DEFAULT_GOAL := help
.PHONY: help install pdf-libraries lock demo serve seed test lint typecheck pytest test-fast test-e2e browser postgres-test container-test benchmark vendor-govuk clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# The dependencies come from the lock files, every file checked against its hash; the package
# itself is installed editable on top, without resolving anything again.
$(VENV)/.installed: $(BIN)/activate requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# matplotlib builds its font cache the first time it is imported on a machine: here, once
	$(BIN)/python -c "import matplotlib.font_manager"
	touch $@

install: $(VENV)/.installed pdf-libraries ## Create .venv and install the locked dependencies and the package

# make lock: pins again after pyproject.toml changed, keeping every pin that still fits.
# make lock UPGRADE=all: the newest versions pyproject.toml allows; UPGRADE="django polars": those.
UPGRADE ?=
LOCK := $(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock" \
	$(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))

lock: install ## Pin the dependencies again (requirements*.txt); UPGRADE=all or UPGRADE="pkg ..." to upgrade
	$(LOCK) pyproject.toml -o requirements.txt
	$(LOCK) pyproject.toml --extra dev --constraint requirements.txt -o requirements-dev.txt

demo: install ## Migrate, seed the fictional authority Northfield, print logins, serve on PORT (8000) with the worker
	@$(CSCW) demo seed --seed $(SEED) --scale $(SCALE)
	@CSCW_TODAY=$(DEMO_TODAY) $(CSCW) serve --port $(PORT) --with-worker

serve: install ## Serve what the database holds, without seeding, with the background worker
	@$(CSCW) migrate --no-input
	@$(CSCW) serve --port $(PORT) --with-worker

lint: install ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install ## mypy with django-stubs
	$(BIN)/mypy

# WeasyPrint (the annual report's PDF) lays text out with Pango: Debian's libraries, installed
# with apt when they are missing (needs root), as `make browser` installs chromium.
pdf-libraries: ## Install the system libraries WeasyPrint needs for PDF (Pango; needs root and apt when missing)
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null) \
	  || echo "Pango is missing and could not be installed (that needs root and apt): everything works except PDF downloads; install libpango-1.0-0 and libpangoft2-1.0-0 to have them"

browser: ## Install Debian's chromium for the browser tests (needs root and apt)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

pytest: test-fast test-e2e ## The whole test suite: unit and web tests, then browser tests

test-fast: install ## The test suite without browser tests (on DATABASE_URL, default SQLite)
	$(BIN)/pytest -n 2 -m "not e2e" --ignore=tests/e2e

test-e2e: install browser ## Only the browser tests (Playwright driving Debian chromium, with axe)
	$(BIN)/pytest -m e2e tests/e2e

test: lint typecheck pytest ## Lint, types and the whole test suite

postgres-test: install ## The suite without browser tests on a throw-away PostgreSQL database
	bash .ci/postgres-test

container-test: ## Build the container image and smoke-test compose.yaml (needs a container engine)
	bash .ci/container-test

benchmark: install ## Run every benchmark at 1x and 10x, printing each figure against its target (benchmarks/README.md)
	@failed=""; for script in benchmarks/[a-z]*.py; do echo "== $$script"; \
	  $(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "Over target or failed:$$failed"; exit 1; fi

vendor-govuk: ## Re-vendor GOV.UK Frontend (needs npm): make vendor-govuk GOVUK_FRONTEND_VERSION=x.y.z
	scripts/vendor-govuk.sh $(GOVUK_FRONTEND_VERSION)

clean: ## Remove .venv and var/ (the local database, secret key and collected static files)
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
