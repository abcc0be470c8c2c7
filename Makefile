# Two commands set everything up from a clean clone:
#   make demo   -> creates .venv, installs storyfuse, summarises the bundled sample story
#   make test   -> the same set-up, then the test suite, ruff and mypy (what .ci/run calls)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/storyfuse demo

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(PY) -m pytest -q
