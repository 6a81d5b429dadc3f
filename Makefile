# kehoach — every target creates/updates .venv first, so a fresh clone needs only python3 (>= 3.11).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv test test-fast lint demo eval eval-real bench fuzz schema clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,export,browse]"
	touch $(STAMP)

venv: $(STAMP)

## sysdeps: Tesseract (+ Vietnamese model) for scans, LibreOffice for .doc; installed as root, else the command is printed
sysdeps:
	@bash .ci/sysdeps

## test: the whole test suite (README's test command)
test: venv sysdeps
	HF_HUB_OFFLINE=1 $(PY) -m pytest

## test-fast: the suite without the slow integration tests and the PostgreSQL runs (under 30 s)
test-fast: venv
	HF_HUB_OFFLINE=1 $(PY) -m pytest -m "not slow and not pg" -q

## lint: ruff check, ruff format --check, mypy (pydantic plugin) — what CI and pre-commit run
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## demo: migrate the default SQLite database, ingest corpus/, print a summary and a sample query
demo: venv sysdeps
	$(BIN)/kehoach db upgrade
	$(BIN)/kehoach ingest corpus/
	$(BIN)/kehoach tasks --agency "Sở Tư pháp" --role lead --format table

## eval: score the extractor against corpus/*.gold.json
eval: venv
	$(BIN)/kehoach eval corpus/

## eval-real: gold-free survey of real plans (tasks, share with a lead/deadline, refused tables, seconds)
REAL ?= ../shared/real_plans
eval-real: venv
	$(BIN)/kehoach eval --no-gold $(REAL)

## eval-inputs: the corpus as a clerk receives it, scored row by row: each plan scanned at 200 and 300 dpi, with a
## scrambled font map, and the layout fixtures as DOCX (inputs made once under .cache/inputs/eval; OCR: ~3-6 s a
## page). A subset in a folder of its own (eval scores every file in the folder):
##   make eval-inputs PLANS=corpus/soc_trang_56-KH-UBND_2022.pdf EVAL_INPUTS=.cache/inputs/eval-soc-trang
PLANS ?= corpus/*.pdf
EVAL_INPUTS ?= .cache/inputs/eval
eval-inputs: venv sysdeps
	HF_HUB_OFFLINE=1 nice -n 10 $(PY) -m tests.scankit eval-set $(EVAL_INPUTS) $(PLANS)
	HF_HUB_OFFLINE=1 nice -n 10 $(BIN)/kehoach eval $(EVAL_INPUTS)

## bench: speed and memory of extract vs raw pdfplumber, and of the nightly batch
## (the batch part also runs on PostgreSQL at $KEHOACH_TEST_PG, by default the local server)
bench: venv
	HF_HUB_OFFLINE=1 KEHOACH_TEST_PG=$${KEHOACH_TEST_PG:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} \
		$(PY) bench/bench.py
	HF_HUB_OFFLINE=1 $(PY) bench/bench_inputs.py

## fuzz: 1,000 mutants of the corpus and layout fixtures through `extract`, in worker processes under
## per-file time and memory limits; fails on any traceback, hang or crash (CPU-heavy: runs niced)
fuzz: venv
	HF_HUB_OFFLINE=1 nice $(PY) -m fuzz.run $(FUZZ_ARGS)

schema: venv
	$(PY) -m schemas

clean:
	rm -rf $(VENV) kehoach.db .pytest_cache .ruff_cache
