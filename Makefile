# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install demo test lint typecheck unit clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# `make demo PORT=8010` serves on another port (default: the workspace's, 8000)
demo: install
	$(BIN)/vigile demo $(if $(PORT),--port $(PORT))

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q -n auto --dist loadfile

test: lint typecheck unit

clean:
	rm -rf $(VENV) vigile-demo .pytest_cache .mypy_cache .ruff_cache
