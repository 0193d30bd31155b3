"""Shared fixtures: the mini checklist set, and running the real ``hiap`` as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from hiap.checklist.catalogue import Catalogue, build
from hiap.checklist.loader import load_checklist_file

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent

# The gate (make test, CI) draws the same examples every run, so main is green or red for a
# reason in the code, never for the luck of a draw; `make fuzz` explores new examples instead.
settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, database=None, print_blob=True)
settings.load_profile(os.environ.get("HIAP_HYPOTHESIS", "gate"))


@pytest.fixture(autouse=True, scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled catalogues go to a folder of the test run's, never the user's cache."""
    before = os.environ.get("HIAP_CACHE_DIR")
    os.environ["HIAP_CACHE_DIR"] = str(tmp_path_factory.mktemp("hiap-cache"))
    yield
    if before is None:
        os.environ.pop("HIAP_CACHE_DIR", None)
    else:
        os.environ["HIAP_CACHE_DIR"] = before


@pytest.fixture
def mini_catalogue() -> Catalogue:
    return build(
        [load_checklist_file(FIXTURES / "mini" / "groups.yaml"), load_checklist_file(FIXTURES / "mini" / "core.yaml")]
    )


@pytest.fixture
def mini_with_sector() -> Catalogue:
    return build(
        [
            load_checklist_file(FIXTURES / "mini" / "groups.yaml"),
            load_checklist_file(FIXTURES / "mini" / "core.yaml"),
            load_checklist_file(FIXTURES / "mini" / "sector.yaml", origin="housing"),
        ]
    )


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def hiap(tmp_path: Path) -> Run:
    """Run ``python -m hiap`` in a temporary folder, as a user would."""

    def run(
        *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(tmp_path / "no-config"), **(env or {})}
        full_env.pop("HIAP_DEBUG", None)
        return subprocess.run(
            [sys.executable, "-m", "hiap", *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=full_env,
            input=input,
            timeout=120,
        )

    return run
