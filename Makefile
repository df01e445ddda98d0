# StoreLedger developer entry points. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Reinstall when the dependencies change, and when a top-level package appears:
# the editable install only maps the packages that existed when it ran.
INSTALL_INPUTS := pyproject.toml $(wildcard common/__init__.py headoffice/__init__.py edge_agent/__init__.py sim/__init__.py)

.PHONY: venv tools demo chain chain-down test bench protos lint i18n i18n-extract i18n-update i18n-compile

venv: $(VENV)/.installed tools

# A .venv that is a link to another checkout's (a git worktree sharing one venv) is that
# checkout's to install: an editable install from here would point its console scripts and
# its package finder at this tree, under every other user of the venv.
$(VENV)/.installed: $(INSTALL_INPUTS)
	@if [ -L $(VENV) ]; then \
		echo "$(VENV) links to $$(readlink $(VENV)): not installing into it from this tree"; \
	else \
		set -e; \
		test -x $(PY) || $(PYTHON) -m venv $(VENV); \
		$(PY) -m pip install --quiet --upgrade pip; \
		$(PY) -m pip install --quiet -e '.[dev]'; \
		touch $@; \
	fi

tools:
	./scripts/ensure-tools.sh

demo: venv
	$(PY) scripts/demo.py

chain: venv
	$(PY) scripts/demo_chain.py up

chain-down:
	$(PY) scripts/demo_chain.py down

# The suite runs in TEST_WORKERS processes (pytest-xdist; 0 runs it in this one); an idle
# worker steals queued tests from a busy one (--dist worksteal), so the slow real-process
# tests at the end do not run on one worker while the other waits.
TEST_WORKERS ?= 2

# The suite starts thousands of processes (headoffice, edge-agent, pos, hoctl). With
# PYTHONDONTWRITEBYTECODE set (as this machine sets it), each of them would compile the tree's
# modules from source again (importing what `headoffice serve` imports: 2.0 -> 1.4 s);
# compiling them once first lets every process read the bytecode, as an installed wheel's would.
BYTECODE_DIRS := common headoffice edge_agent sim voucher_sim scripts tools tests

test: venv
	$(PY) -m compileall -q -j 0 $(BYTECODE_DIRS) > /dev/null
	$(PY) -m pytest -q -ra -n $(TEST_WORKERS) --dist worksteal

bench: venv
	$(PY) -m tests.benchmarks

protos:
	$(PY) tools/gen_protos.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy headoffice/domain headoffice/services headoffice/store tests/unit/headoffice/fakes.py edge_agent/domain edge_agent/services common sim --ignore-missing-imports

# Translations (docs/runtime.md, "Translations"): one gettext domain, catalogues zh_CN and en
# kept with Babel. Extract the messages the code marks into a template (not committed),
# merge it into each catalogue, then compile the .mo files (committed: the package runs
# without Babel; a unit test fails when a catalogue or a .mo file is behind the code).
# Run twice, it changes nothing: the catalogues keep their header dates, so only a change
# of messages shows in a diff.
I18N := common/i18n
POT := build/i18n/storeledger.pot
PYBABEL := $(VENV)/bin/pybabel

i18n: i18n-update i18n-compile

i18n-extract: venv
	mkdir -p $(dir $(POT))
	$(PYBABEL) -q extract -F $(I18N)/babel.cfg -c TRANSLATORS: --add-location=file \
		--sort-output --project=StoreLedger --version=0.1.0 --copyright-holder=StoreLedger -o $(POT) common edge_agent headoffice sim

i18n-update: i18n-extract
	$(PYBABEL) -q update -i $(POT) -d $(I18N)/locale -D storeledger --ignore-obsolete \
		--ignore-pot-creation-date

i18n-compile: venv
	$(PYBABEL) compile --statistics -d $(I18N)/locale -D storeledger
