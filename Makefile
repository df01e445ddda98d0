# StoreLedger developer entry points. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Reinstall when the dependencies change, and when a top-level package appears:
# the editable install only maps the packages that existed when it ran.
INSTALL_INPUTS := pyproject.toml $(wildcard common/__init__.py headoffice/__init__.py edge_agent/__init__.py)

.PHONY: venv tools demo chain chain-down test bench protos lint

venv: $(VENV)/.installed tools

$(VENV)/.installed: $(INSTALL_INPUTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

tools:
	./scripts/ensure-tools.sh

demo: venv
	$(PY) scripts/demo.py

chain: venv
	$(PY) scripts/demo_chain.py up

chain-down:
	$(PY) scripts/demo_chain.py down

test: venv
	$(PY) -m pytest -q -ra

bench: venv
	$(PY) -m tests.benchmarks

protos:
	$(PY) tools/gen_protos.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy headoffice/domain headoffice/services headoffice/store tests/unit/headoffice/fakes.py edge_agent/domain edge_agent/services common --ignore-missing-imports
