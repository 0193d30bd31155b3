# Two commands on a fresh machine with Python 3.11 and make:
#   make run    create .venv if needed, install hiap and its built-in plugins, start the interview
#   make test   same set-up, then lint, type-check and the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PLUGINS := $(wildcard plugins/*/pyproject.toml)
FILE ?=

.PHONY: run test lint typecheck examples bench clean help

help:
	@echo "make run      start the guided interview (FILE=path.hiap.yaml to resume one)"
	@echo "make test     lint, type-check and run the whole test suite"
	@echo "make examples render every example in examples/ to Word"
	@echo "make bench    print the benchmark figures"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(PLUGINS)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]' $(foreach p,$(dir $(PLUGINS)),-e ./$(p))
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/hiap assess $(FILE)

lint: $(STAMP)
	$(BIN)/ruff check hiap plugins tests tools
	$(BIN)/ruff format --check hiap plugins tests tools

typecheck: $(STAMP)
	$(BIN)/mypy hiap $(foreach p,$(dir $(PLUGINS)),$(p)src)

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q tests $(foreach p,$(dir $(PLUGINS)),$(p)tests)

examples: $(STAMP)
	@mkdir -p examples/build
	@for f in examples/*.hiap.yaml; do $(BIN)/hiap render "$$f" -o "examples/build/$$(basename "$$f" .hiap.yaml).docx" || exit 1; done

bench: $(STAMP)
	@for b in tests/bench/bench_*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

clean:
	rm -rf $(VENV) build examples/build .pytest_cache .mypy_cache .ruff_cache
