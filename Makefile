# Quick start:  make shell   (set up everything, then talk to the assistant)
#               make test    (set up everything, then run every test)
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
INDEX := knowledge/index/manifest.json
SOURCES := $(shell find knowledge/sources -type f 2>/dev/null)
KNOWLEDGE_CODE := $(wildcard knowledge/*.py knowledge/ingest/*.py)

.PHONY: help install lock index test test-python eval bench coverage clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

install: $(INSTALLED)  ## create .venv (Python 3.10) with the locked dependencies

$(INSTALLED): requirements.lock scripts/install scripts/find-python310
	scripts/install

lock: install  ## re-resolve requirements.in into requirements.lock (slow: pip backtracks)
	scripts/lock

index: $(INDEX)  ## build or update the knowledge index (incremental)

$(INDEX): $(INSTALLED) $(SOURCES) $(KNOWLEDGE_CODE)
	$(PY) -m knowledge build

test: install index  ## run all tests
	$(PY) -m pytest

eval: install index  ## retrieval quality on the dev set
	$(PY) eval/retrieval.py

bench: install index  ## speed and memory figures
	$(PY) bench/search.py

coverage: install  ## article x language table with word counts, and problems
	$(PY) -m knowledge.library --check

clean:  ## remove built artefacts (not .venv)
	rm -rf knowledge/index knowledge/index.tmp knowledge/index.old .pytest_cache
