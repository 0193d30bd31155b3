"""Opt in to hiap's plugin test kit; a fixture that writes Fingertips exports into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from evidence_files import fingertips_bytes

pytest_plugins = ["hiap.testing"]


@pytest.fixture
def write_export(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: list[dict[str, str]], name: str = "export.csv", **kwargs: Any) -> Path:
        path = tmp_path / name
        path.write_bytes(fingertips_bytes(rows, **kwargs))
        return path

    return write
