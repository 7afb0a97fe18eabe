# Heritage Hub: `make run` starts the site, `make test` runs the suite. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, else a private copy installed from PyPI into .tools/ on first use.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
MANAGE := $(UV) run --locked python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help port-free install translations migrate demo admin run test check lint format messages bench

help: ## List the targets with what they do
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

# With both search clients: the tests check the Elasticsearch and OpenSearch mappings without a server.
install: $(filter .tools/bin/uv,$(UV)) ## Install the locked dependencies into .venv
	$(UV) sync --locked --extra elasticsearch --extra opensearch

translations: install ## Compile the .po files under locale/ (those changed since they were compiled)
	@stale=$$(for po in locale/*/LC_MESSAGES/*.po; do [ "$${po%.po}.mo" -nt "$$po" ] || echo "$$po"; done); \
		if [ -n "$$stale" ]; then $(MANAGE) compile_translations; else echo "Translations are compiled."; fi

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo content (safe to repeat)
	$(MANAGE) load_demo

admin: migrate ## Create the demo admin (DEMO_ADMIN_PASSWORD, else a random password printed once)
	$(MANAGE) create_demo_admin

# Links in e-mails, feeds and the demo Site follow the address served (an explicit SITE_URL wins).
run demo admin: export SITE_URL ?= http://$(HOST):$(PORT)

# Checked before any set-up, so a busy port fails in a second rather than after the install.
port-free:
	@python3 -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], int(sys.argv[2])))' $(HOST) $(PORT) 2>/dev/null \
		|| { echo "Port $(PORT) on $(HOST) is in use or not available. Pick another: make run PORT=8012"; exit 1; }

# The server's first process also migrates, loads the demo and creates the admin, so a second
# run with nothing to do starts in seconds (each start of Django costs several).
run: port-free translations ## Install, migrate, load demo content and serve http://127.0.0.1:8000 (another port: make run PORT=8012)
	$(MANAGE) runserver --prepare-demo $(HOST):$(PORT)

# axe-core for the accessibility tests, from npm where Node.js is installed (they skip without it).
NPM := $(shell command -v npm 2>/dev/null)
node_modules/axe-core/axe.min.js: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

test: translations $(if $(NPM),node_modules/axe-core/axe.min.js) ## Run the whole test suite
	$(UV) run --locked pytest

lint: install ## Check style with ruff
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

format: install ## Reformat the code with ruff
	$(UV) run --locked ruff check --fix .
	$(UV) run --locked ruff format .

check: lint ## Lint, Django system checks, missing migrations, the production deploy check, bandit, deptry
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
# Production refuses to start without a shared cache; the check does not connect to it.
	SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \
		CACHE_URL=redis://127.0.0.1:6379/0 DJANGO_SETTINGS_MODULE=cms.settings.production \
		$(UV) run --locked python manage.py check --deploy --fail-level WARNING
# bandit: reviewed false positives, each with its reason, are in .ci/bandit-baseline.json.
	$(UV) run --locked bandit -r cms courses search partnerbourse -q -b .ci/bandit-baseline.json
# deptry: every package imported is declared, every declared one used (exceptions in pyproject.toml).
	$(UV) run --locked deptry .

messages: install ## Extract UI strings into locale/*/django.po (needs GNU gettext)
	$(MANAGE) makemessages --all --no-location --no-obsolete --ignore=.venv --ignore=.tools --ignore=tests

bench: install ## Benchmark and smoke-test the site under gunicorn (wrk if installed); BENCH_ARGS="--help"
	$(UV) run --locked python benchmarks/http_benchmark.py $(BENCH_ARGS)
