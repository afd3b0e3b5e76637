# The front door. `make help` lists the targets; the README names the two that matter:
# `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
# Leaders' words are personal data: nothing leaves the deployment.
export RASA_TELEMETRY_ENABLED ?= false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install lock nlp train run shell test test-unit validate reference test-conversations test-integration test-teams test-browser test-production teams-package lint eval system-deps validate-deploy eval-safety eval-masking soak-stops bench bench-rasa clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-20s %s\n", $$1, $$2}'

# .venv links to a virtualenv kept outside the work tree under a fingerprint of the locks
# (scripts/cached-venv.sh), so a fresh clone with unchanged locks installs nothing.
$(VENV)/.installed: requirements.lock requirements-dev.lock scripts/cached-venv.sh
	@scripts/cached-venv.sh $(VENV) --require-hashes -r requirements.lock -r requirements-dev.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## create .venv (Python 3.10) and install the Python and npm lock files, only when they changed

# pip-tools lives in its own throwaway venv (build/), so its pins never meet Rasa's.
PIP_TOOLS := build/venv-pip-tools
PIP_COMPILE := $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
$(PIP_TOOLS)/bin/pip-compile:
	@python=$$(scripts/find-python310.sh) || exit 1; rm -rf $(PIP_TOOLS) && $$python -m venv $(PIP_TOOLS) && \
	$(PIP_TOOLS)/bin/pip install --quiet pip-tools==7.6.2 2>&1 | { grep -v 'is ignored: it is neither' || true; }; \
	test -x $@

# Resolution reuses the pins already in the locks (delete a line, or the file, to move a package).
# Hashing downloads every file of every pinned release where the index offers no JSON API: allow
# half an hour on a slow link. requirements-dev.in is constrained by the runtime lock.
lock: $(PIP_TOOLS)/bin/pip-compile ## resolve requirements.in (with Rasa's pins) and requirements-dev.in into hashed locks
	$(PIP_COMPILE) --output-file requirements.lock requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.in

nlp: install ## build the spaCy pipeline from knowledge/glossary.yml (only when it changed)
	$(PY) -m bot nlp

train: install ## train the Rasa model, only when data, domain, config or glossary changed
	$(PY) -m bot train

run: install ## install, build, train when needed, start the action server, Rasa and the web app (Ctrl-C stops all)
	$(PY) -m bot run

shell: install ## chat in the terminal
	$(PY) -m bot shell

lint: install ## static checks
	$(PY) -m ruff check bot actions tests scripts teams

validate: install ## validate knowledge content and Rasa training data (warnings fail)
	$(PY) -m bot knowledge validate
	$(PY) -m bot knowledge nlu --check
	$(PY) scripts/validate_data.py

# The verified reference facts and the SCIE source text, committed so tests run on a fresh clone.
SHARED_REFERENCE ?= ../shared/reference
REFERENCE_FIXTURE := tests/fixtures/reference

reference: ## refresh tests/fixtures/reference from ../shared/reference when it is present
	@if [ -d "$(SHARED_REFERENCE)" ]; then \
	  install -m 644 "$(SHARED_REFERENCE)/facts.yml" "$(SHARED_REFERENCE)/scie-system-leadership.txt" $(REFERENCE_FIXTURE)/ && \
	  echo "Copied $(SHARED_REFERENCE) into $(REFERENCE_FIXTURE); review with git diff $(REFERENCE_FIXTURE), then run make test-unit"; \
	else \
	  echo "$(SHARED_REFERENCE) not found: kept the committed copy in $(REFERENCE_FIXTURE)"; \
	fi

test-unit: install ## unit and action tests (no servers)
	$(PY) -m pytest -n auto tests/unit tests/actions

test-conversations: train ## end-to-end test conversations against the trained model
	$(RASA) test core --e2e --stories tests/conversations --model "$$($(PY) -m bot model-path)" \
	  --fail-on-prediction-errors --out results/conversations

test-integration: train ## start the real servers on free ports and talk to them over HTTP
	$(PY) -m pytest tests/integration --durations=10

system-deps: ## install Chromium, nginx, PostgreSQL's server and redis-server with apt when missing (root on Debian), or say how
	@scripts/system-deps.sh

test-browser: system-deps train ## the web widget in headless Chromium against the real servers
	$(PY) -m pytest tests/browser --durations=5
	npm run --silent test:browser

test-teams: train ## the Teams channel against a fake Bot Framework on loopback (starts the real coach)
	$(PY) -m pytest tests/teams --durations=5

test-production: system-deps train ## the production layout (nginx, 2+2 replicas) with its faults, on a private PostgreSQL and Redis
	$(PY) -m pytest tests/production --durations=5

# kubernetes-validate ships the Kubernetes schemas (offline); it needs a newer jsonschema than Rasa's.
KUBE_VALIDATE_VENV := build/venv-kubernetes-validate
$(KUBE_VALIDATE_VENV)/bin/kubernetes-validate: scripts/cached-venv.sh
	@scripts/cached-venv.sh $(KUBE_VALIDATE_VENV) kubernetes-validate==1.37.0 && test -x $@

validate-deploy: $(KUBE_VALIDATE_VENV)/bin/kubernetes-validate ## validate deploy/kubernetes/ offline against the Kubernetes 1.37 schemas (strict)
	$(KUBE_VALIDATE_VENV)/bin/kubernetes-validate --strict --quiet deploy/kubernetes/*.yaml deploy/kubernetes/secrets/*.yaml
	@echo "deploy/kubernetes: every resource is valid for Kubernetes 1.37"

# make test stops `make run` and `make run-prod` 3 ways each, once; this repeats them (STOP_ROUNDS=2 for a short soak).
STOP_ROUNDS ?= 20
soak-stops: system-deps train ## stop make run and make run-prod STOP_ROUNDS (20) times each way: during start-up, killed outright, under load
	STOP_ROUNDS=$(STOP_ROUNDS) $(PY) -m pytest -q tests/integration/test_stops.py tests/production/test_stops.py

teams-package: install ## build the Teams app package dist/teams-app.zip (needs TEAMS_APP_ID)
	$(PY) -m bot.ops.teams_package

test: system-deps lint validate-deploy test-unit validate test-conversations test-integration test-teams test-browser test-production ## everything CI runs
	@echo "make test: all suites passed"

# EVAL_SPLIT=test measures the held-out half of tests/eval/leaders.yml (figures only); EVAL_ARGS="--cases 'fu-*'" runs some dev cases.
EVAL_SPLIT ?= dev
eval: train ## answer quality through the running coach: the dev half (EVAL_SPLIT=test for the held-out half)
	EVAL_SPLIT="$(EVAL_SPLIT)" $(PY) -m bot eval $(EVAL_ARGS)

bench: train ## speed benchmarks: search, analytics (needs the local PostgreSQL), the action server's start-up, and bench-rasa's comparison
	@status=0; \
	$(PY) -m bot bench || status=1; \
	$(PY) -m bot.ops.bench_analytics || status=1; \
	$(PY) -m bot.ops.bench_action_server || status=1; \
	$(PY) -m bot.ops.bench_rasa $(BENCH_RASA_ARGS) || status=1; \
	exit $$status

bench-rasa: train ## the coach against a default `rasa init` assistant: latency, throughput, training, start, memory (BENCH_RASA_ARGS=--quick for a smoke test)
	$(PY) -m bot.ops.bench_rasa $(BENCH_RASA_ARGS)

# `make eval` runs the safety evaluation first; a missed target is reported, and the rest still runs.
eval: eval-safety eval-masking

eval-safety: install ## the safety evaluation, no servers: recall per level and false alarms (EVAL_SPLIT=dev|dev-cv|test|fresh|fresh2 ... fresh8)
	-$(PY) -m bot.ops.eval_safety

eval-masking: install ## masking of personal data, no servers: ordinary text changed, personal data missed (dev and held-out test)
	$(PY) -m bot.ops.eval_masking

clean: ## remove built artefacts (keeps .venv)
	rm -rf build models results dist var/*.db

# Production layout (bot/ops/production.py, deploy/): PostgreSQL, Redis, nginx, replicas (tested by `make test-production`).
PROD_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/coach

.PHONY: run-prod loadtest

run-prod: install ## production layout: 2 Rasa + 2 action servers, web app, nginx on PROD_PORT (8080); PostgreSQL, Redis
	DATABASE_URL="$${DATABASE_URL:-$(PROD_DATABASE_URL)}" $(PY) -m bot.ops.production

loadtest: install ## 50 leaders through nginx against a running `make run-prod` (3 s pauses, then none; then 8 and 32 without); checks PostgreSQL
	@status=0; export DATABASE_URL="$${DATABASE_URL:-$(PROD_DATABASE_URL)}"; \
	$(PY) loadtest/run.py --p95-target-ms 1000 || status=1; \
	$(PY) loadtest/run.py --no-pause --p95-target-ms 1000 || status=1; \
	$(PY) loadtest/run.py --no-pause --users 8 || status=1; \
	$(PY) loadtest/run.py --no-pause --users 32 || status=1; \
	exit $$status
