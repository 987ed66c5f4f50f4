# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-faults clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/regwatch demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The fault suite: crashes, a mail outage, eight source faults, overlapping runs, bad input.
# Figures land in faults-report/*.json (see RELIABILITY.md). CRASH_CYCLES=50 is the full run.
CRASH_CYCLES ?= 50
FAULT_SEED ?= 20261128
test-faults: $(STAMP)
	REGWATCH_FAULTS=1 REGWATCH_CRASH_CYCLES=$(CRASH_CYCLES) REGWATCH_FAULT_SEED=$(FAULT_SEED) \
	REGWATCH_FAULT_REPORT=faults-report $(BIN)/python -m pytest -q -s -W ignore::UserWarning tests/faults

clean:
	rm -rf $(VENV) demo-out faults-report .pytest_cache
