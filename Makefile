# Two commands set everything up from a clean clone:
#   make demo   -> creates .venv, installs storyfuse alone (no extras), summarises the sample
#   make test   -> creates .venv, installs storyfuse[dev] (every extra and the tools), then
#                  ruff, mypy, the layer contract and the test suite (what .ci/run calls)
#   make test-fast -> the same set-up, then the tests not marked slow (no benchmarks, no
#                  full-data-set checks, no Dask, no lint): the loop to run while editing
# `make test` also installs Debian's chromium for the browser test when it runs as root with
# apt-get; otherwise that one test skips, saying why (CI requires it: see .ci/run).
VENV ?= .venv
CHROMIUM ?= /usr/bin/chromium
PY := $(VENV)/bin/python
# One stamp per install: the demo's (storyfuse alone) does not satisfy the tests' (.[dev]),
# so `make test` after `make demo` still installs the dev extra; .[dev] covers the demo.
STAMP := $(VENV)/.installed-dev
DEMO_STAMP := $(VENV)/.installed-core

.PHONY: demo test test-fast lint browser serve

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP) $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(VENV)/bin/storyfuse demo

# The bundled sample in a store of its own, served at http://127.0.0.1:8000 (Ctrl-C stops it).
serve: $(STAMP)
	mkdir -p build
	$(VENV)/bin/storyfuse ingest "$$($(PY) -c 'from storyfuse.samples import sample_dir; print(sample_dir())')" --db build/sample.sqlite
	$(VENV)/bin/storyfuse serve --db build/sample.sqlite

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: no Chromium at $(CHROMIUM) (sudo apt-get install chromium); the browser test will skip" >&2; fi

test: $(STAMP) lint browser
	$(PY) -m pytest -q

# The slow marker (pyproject.toml) is on benchmarks, whole-data-set checks and Dask runs.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"
