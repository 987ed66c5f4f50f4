# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo lint test test-faults test-dates clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/regwatch demo

# ruff and mypy, both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The fault suite: crashes, a mail outage, eight source faults, overlapping runs, bad input, bounded work.
# Figures land in faults-report/*.json (see RELIABILITY.md). CRASH_CYCLES=50 is the full run.
CRASH_CYCLES ?= 50
FAULT_SEED ?= 20261128
test-faults: $(STAMP)
	REGWATCH_FAULTS=1 REGWATCH_CRASH_CYCLES=$(CRASH_CYCLES) REGWATCH_FAULT_SEED=$(FAULT_SEED) \
	REGWATCH_FAULT_REPORT=faults-report $(BIN)/python -m pytest -q -s -W ignore::UserWarning tests/faults

# The suite and a short fault run with the system clock moved (libfaketime): a year back, 30 days
# ahead, two years ahead. Tests pin regwatch's own clock (REGWATCH_NOW), so every shift must pass.
SHIFTS ?= -365d +30d +730d
test-dates: $(STAMP)
	@command -v faketime >/dev/null || { echo "make test-dates needs faketime: apt-get install faketime"; exit 2; }
	@set -e; for shift in $(SHIFTS); do \
	  echo "== system clock moved $$shift: $$(faketime -f "$$shift" date -u +%F)"; \
	  faketime -f "$$shift" $(MAKE) --no-print-directory test; \
	  faketime -f "$$shift" $(MAKE) --no-print-directory test-faults CRASH_CYCLES=3; \
	done

clean:
	rm -rf $(VENV) demo-out faults-report .pytest_cache .mypy_cache .ruff_cache
