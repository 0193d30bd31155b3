# Two commands on a fresh machine with Python 3.11 and make (nothing else: plain venv and pip):
#   make run    create .venv, install hiap and its built-in plugins from the lock, start the interview
#   make test   the same with the test tools, then lint, type-check and the whole test suite
#
# The lock is requirements/*.txt: exact versions with hashes, one file valid on Windows, macOS and
# Linux (`make lock` regenerates it). pyproject.toml keeps the ranges hiap supports;
# `make test-latest` runs the suite against the newest releases those ranges allow.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PIP     := $(BIN)/python -m pip --disable-pip-version-check
LATEST  := .venv-latest
FILE    ?=
TESTS   := tests $(wildcard plugins/*/tests)
#: what `make test-latest` runs (CI narrows it to the bad-input and command-line tests)
LATEST_TESTS ?= $(TESTS)
#: `make wheelhouse PLATFORM=win_amd64` gathers wheels for a Windows laptop instead of this machine,
#: for the Python version WHEEL_PYTHON (the laptop's: 3.11, 3.12, ...)
PLATFORM ?=
WHEEL_PYTHON ?= 3.11
WHEELHOUSE := wheelhouse

.PHONY: run test test-latest fuzz lint typecheck examples bench wheelhouse lock clean help

help:
	@echo "make run          start the guided interview (FILE=path.hiap.yaml to resume one)"
	@echo "make test         lint, type-check and run the whole test suite"
	@echo "make test-latest  the test suite against the newest releases pyproject.toml allows"
	@echo "make fuzz         the property tests with new random examples (make test draws the same ones)"
	@echo "make wheelhouse   a folder of wheels that installs hiap offline (PLATFORM=win_amd64 for Windows)"
	@echo "make examples     render every example in examples/ to Word"
	@echo "make bench        print the benchmark figures"
	@echo "make lock         regenerate the lock (requirements/*.txt) after changing dependencies"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Dependencies from the lock (hash-checked, nothing resolved), then hiap itself without its
# dependencies, built by the locked setuptools; `pip check` proves the lock is complete.
$(VENV)/.run-installed: $(BIN)/python requirements/run.txt pyproject.toml
	@echo "Installing hiap and what it needs into $(VENV) (from requirements/run.txt)..."
	@$(PIP) install --quiet --require-hashes --no-deps -r requirements/run.txt
	@$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@$(PIP) check >/dev/null || { $(PIP) check; exit 1; }
	@touch $@

$(VENV)/.test-installed: $(BIN)/python requirements/test.txt pyproject.toml
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/test.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@$(PIP) check >/dev/null || { $(PIP) check; exit 1; }
	@touch $@

# Ctrl-C saves and exits 130; under make that is a clean stop, not a failure, and the resume
# line hiap prints is the make command that resumes.
run: $(VENV)/.run-installed
	@HIAP_RESUME_COMMAND='make run FILE={file}' $(BIN)/hiap assess $(if $(FILE),"$(FILE)") || [ $$? -eq 130 ]

lint: $(VENV)/.test-installed
	$(BIN)/ruff check hiap plugins tests tools
	$(BIN)/ruff format --check hiap plugins tests tools

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy hiap $(foreach p,$(wildcard plugins/*/src),$(p))

test: $(VENV)/.test-installed lint typecheck
	$(BIN)/python -m pytest -q $(TESTS)

# Hypothesis draws new examples (the gate in make test draws the same ones every run).
fuzz: $(VENV)/.test-installed
	HIAP_HYPOTHESIS=explore $(BIN)/python -m pytest -q tests/test_fuzz.py tests/test_interview_engine.py tests/test_interview_session.py tests/test_faithful.py

# A fresh environment with the newest releases the ranges allow (no lock), then the suite.
test-latest:
	@rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip --disable-pip-version-check install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	@$(LATEST)/bin/python tools/lock_diff.py requirements/test.txt
	HIAP_TESTING_LATEST=1 $(LATEST)/bin/python -m pytest -q -p no:cacheprovider $(LATEST_TESTS)

# Wheels for hiap (its built-in plugins inside) and every locked dependency, for an offline
# install: pip install --no-index --find-links wheelhouse hiap (or pipx, which also needs pip)
wheelhouse: $(VENV)/.run-installed
	@rm -rf $(WHEELHOUSE)
	$(PIP) wheel --quiet --no-deps --no-build-isolation --wheel-dir $(WHEELHOUSE) .
	$(PIP) download --quiet --require-hashes --no-deps --dest $(WHEELHOUSE) -r requirements/run.txt \
		$(if $(PLATFORM),--only-binary=:all: --platform $(PLATFORM) --python-version $(WHEEL_PYTHON) --implementation cp)
	@# pipx brings its own environment's pip up to date first: offline, it finds it here
	$(PIP) download --quiet --no-deps --only-binary=:all: --dest $(WHEELHOUSE) pip
	@echo "Wrote $(WHEELHOUSE)/. Install offline with: pip install --no-index --find-links $(WHEELHOUSE) hiap"

# Regenerate the lock with uv's resolver (one file valid on every platform; pip-compile only
# resolves for the machine it runs on). uv is needed only here, never to install. Pins stay
# where the ranges still allow them; UPGRADE=1 moves every one to the newest release.
lock: $(BIN)/python
	$(PIP) install --quiet uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(if $(UPGRADE),--upgrade) \
		pyproject.toml requirements/build.in -o requirements/run.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(if $(UPGRADE),--upgrade) \
		--extra test pyproject.toml requirements/build.in -o requirements/test.txt
	# the same versions in the standard lock format (PEP 751), for tools that read pylock.toml
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra test -c requirements/test.txt \
		pyproject.toml requirements/build.in -o pylock.toml

examples: $(VENV)/.run-installed
	@mkdir -p examples/build
	@for f in examples/*.hiap.yaml; do $(BIN)/hiap render "$$f" -o "examples/build/$$(basename "$$f" .hiap.yaml).docx" || exit 1; done

bench: $(VENV)/.test-installed
	@for b in tests/bench/bench_*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

clean:
	rm -rf $(VENV) $(LATEST) $(WHEELHOUSE) build dist examples/build .pytest_cache .mypy_cache .ruff_cache
