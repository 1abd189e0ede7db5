# Quick start:  make shell   (set up everything, then talk to the assistant)
#               make test    (set up everything, then run every test)
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
INDEX := knowledge/index/manifest.json
SOURCES := $(shell find knowledge/sources -type f 2>/dev/null)
KNOWLEDGE_CODE := $(wildcard knowledge/*.py knowledge/ingest/*.py)

MODEL := models/assistant.tar.gz
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard components/*.py)
RASA := $(VENV)/bin/rasa
# The website chat's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM := /usr/bin/chromium
# The production profile's load balancer (make serve-prod, its tests): Debian's nginx, run as a plain process.
NGINX := /usr/sbin/nginx
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install lock index domain train shell serve serve-prod check-prod test eval bench bench-prod coverage clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

install: $(INSTALLED)  ## create .venv (Python 3.10) with the locked dependencies

$(INSTALLED): requirements.lock scripts/install scripts/find-python310 scripts/openmp_spin.pth
	scripts/install

lock: install  ## re-resolve requirements.in into requirements.lock (slow: pip backtracks)
	scripts/lock

index: $(INDEX)  ## build or update the knowledge index (incremental)

$(INDEX): $(INSTALLED) $(SOURCES) $(KNOWLEDGE_CODE)
	$(PY) -m knowledge build

domain: install  ## regenerate domain.yml responses from locales/*.yml
	$(PY) scripts/build_domain.py

train: $(MODEL)  ## train the Rasa model (only when its data or config changed)

# Fixed seeds (config.yml) and TensorFlow's deterministic kernels: the same data trains the same model.
$(MODEL): $(INSTALLED) $(TRAINING_DATA) $(wildcard locales/*.yml)
	$(PY) scripts/build_domain.py --check
	TF_DETERMINISTIC_OPS=1 TF_CUDNN_DETERMINISTIC=1 PYTHONHASHSEED=0 \
		$(RASA) train --fixed-model-name assistant --out models

shell: install index train  ## set up what is missing, start the action server, open rasa shell
	scripts/run shell

serve: install index train  ## embedded profile: action server (5055), Rasa + channels (5005), chat page (8080)
	scripts/run serve

serve-prod: install index train $(NGINX)  ## production profile: nginx, 2 Rasa, 2 action servers (README, "Production")
	scripts/run serve-prod

check-prod: install  ## say which production setting is missing, without starting anything
	$(PY) -m deploy check production

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(NGINX):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light

# The test stories only predict actions; endpoints.yml's variables must still resolve.
test: install index train $(CHROMIUM) $(NGINX)  ## all tests: lint, domain, data validation, pytest, test stories
	$(VENV)/bin/ruff check .
	$(PY) scripts/build_domain.py --check
	$(RASA) data validate
	$(PY) -m pytest
	ACTIONS_PORT=5055 ACTION_SERVER_TOKEN=not-called-by-test-stories \
		$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out results/core

eval: install index train  ## answers, retrieval, intents, languages, economies and assessment replies, dev and held-out
	$(PY) eval/retrieval.py
	$(PY) eval/nlu.py
	$(PY) eval/language.py
	$(PY) eval/answers.py --set blind-dev
	$(PY) eval/answers.py --set blind-test
	$(PY) eval/answers.py --set next-dev
	$(PY) eval/answers.py --set next-test
	$(PY) eval/economy.py --set dev
	$(PY) eval/economy.py --set test
	$(PY) eval/assessment_replies.py --set dev
	$(PY) eval/assessment_replies.py --set test

bench: install index train  ## speed and memory figures: search, then REST round trips
	$(PY) bench/search.py
	$(PY) bench/rest.py

bench-prod: install index train $(NGINX)  ## load test: production profile through nginx vs embedded, nothing lost
	$(PY) bench/prod.py

coverage: install  ## article x language table with word counts; economy x institution table; problems
	$(PY) -m knowledge.library --check
	$(PY) -m knowledge economy --coverage
	$(PY) -m knowledge assessment --check

clean:  ## remove built artefacts (not .venv)
	rm -rf knowledge/index knowledge/index.builds knowledge/index.link .pytest_cache models results
