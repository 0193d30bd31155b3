"""Real assessments to render in tests: the worked examples, the 1.0 files kept as upgrade
fixtures, and the core routes of ``tests/routes.py``; and LibreOffice to read the pages back."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hiap.answers import answers_file
from hiap.models.answers import Answer, AnswersFile
from hiap.models.assessment import Assessment
from hiap.pipeline import Engine, assess, open_engine
from tests.conftest import FIXTURES, ROOT
from tests.routes import FULL, RAPID, SCREENED_OUT

EXAMPLES = sorted((ROOT / "examples").glob("*.hiap.yaml"))
V1 = sorted((FIXTURES / "v1").glob("*.hiap.yaml"))
ROUTES: dict[str, dict[str, Any]] = {"screened-out": SCREENED_OUT, "rapid": RAPID, "full": FULL}


@cache
def engine(plugins: bool = True) -> Engine:
    """Every installed plugin (what the examples need), or the core alone (what the routes answer)."""
    return open_engine() if plugins else open_engine(only="", entry_points=False)


def answers_of(values: dict[str, Any]) -> AnswersFile:
    answers = AnswersFile()
    for key, value in values.items():
        answers.set(key, Answer(value=value))
    return answers


def route_assessment(name: str) -> Assessment:
    return assess(answers_of(ROUTES[name]), engine(plugins=False))


def file_assessment(path: Path) -> Assessment:
    e = engine()
    return assess(answers_file.load_validated(path, e.catalogue), e)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice (soffice) is not installed: install it, or deselect with -m 'not soffice'")
    return found


def to_pdf(docs: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert Word files to PDF in one LibreOffice run (its start-up is most of the time)."""
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [soffice(), "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf", "--outdir", str(outdir)]
        + [str(d) for d in docs],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {d: outdir / (d.stem + ".pdf") for d in docs}


def text_depth(page: Any) -> float:
    """How far down the page its body text reaches, as a share of the page's height (running
    headers and the 'Page X of Y' footer left out)."""
    height = float(page.mediabox.height)
    lowest = height
    seen: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            seen.append(float(tm[5]) * float(cm[3]) + float(cm[5]))

    page.extract_text(visitor_text=visit)
    body = [y for y in seen if 0.08 * height < y < 0.9 * height]
    if body:
        lowest = min(body)
    return (height - lowest) / height
