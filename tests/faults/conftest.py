"""The fault suite runs with ``make test-faults`` (REGWATCH_FAULTS=1); ``make test`` skips it to stay quick."""
from __future__ import annotations

import os

import pytest

from tests.helpers import FAULT_SUITE

RUN_FAULTS = os.environ.get("REGWATCH_FAULTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if RUN_FAULTS:
        return
    skip = pytest.mark.skip(reason=FAULT_SUITE)
    for item in items:
        if "tests/faults/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)
