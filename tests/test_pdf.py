"""``hiap render --format pdf``: the CLI on every worked example, the pages counted by poppler's
``pdfinfo``; and, with no LibreOffice on the PATH, the one line saying how to install it.

The conversions need LibreOffice and are skipped, saying so, only where it is not installed
(``.ci/run`` installs it). Page counts are the Word appendix's targets: a rapid assessment fits
6 A4 pages and a full one 10.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.rendering import EXAMPLES, file_assessment

#: Most pages an appendix may take, by depth of assessment (as for the Word appendix).
PAGES = {"none": 3, "rapid": 6, "full": 10}


def pdfinfo(path: Path) -> dict[str, str]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.fail("pdfinfo is not installed (Debian: apt-get install poppler-utils)")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True, timeout=60)
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in done.stdout.splitlines())}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every example rendered as PDF through the CLI: the appendix and its annex."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF conversions cannot run")
    out = tmp_path_factory.mktemp("pdf")
    env = {**os.environ, "NO_COLOR": "1", "HIAP_CONFIG_DIR": str(out / "no-config")}
    written = {}
    for example in EXAMPLES:
        target = out / (example.name.removesuffix(".hiap.yaml") + ".pdf")
        done = subprocess.run(
            [sys.executable, "-m", "hiap", "render", str(example), "--format", "pdf", "-o", str(target)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        annex = target.with_name(target.stem + "-annex.pdf")
        assert f"Wrote {target}" in done.stdout and f"Wrote {annex}" in done.stdout
        written[example.name] = (target, annex)
    return written


def test_pages_by_depth(pdfs: dict[str, tuple[Path, Path]]) -> None:
    counts = {}
    for example in EXAMPLES:
        appendix, annex = pdfs[example.name]
        route = file_assessment(example).route or "full"
        counts[example.name] = (route, int(pdfinfo(appendix)["Pages"]), int(pdfinfo(annex)["Pages"]))
    print("\nPDF pages (depth, appendix, annex):", counts)  # the figures, shown with -s
    assert {route for route, _, _ in counts.values()} >= {"rapid", "full"}
    too_long = {name: c for name, c in counts.items() if c[1] > PAGES[c[0]]}
    assert too_long == {}
    assert all(c[1] >= 1 and c[2] >= 1 for c in counts.values())


def test_pdf_is_tagged_a4_titled_and_pdf_ua(pdfs: dict[str, tuple[Path, Path]]) -> None:
    for name, (appendix, annex) in pdfs.items():
        info = pdfinfo(appendix)
        assert info["Tagged"] == "yes", name
        assert re.match(r"595\.\d+ x 841\.\d+ pts \(A4\)", info["Page size"]), info["Page size"]
        assert info["Title"].startswith("Appendix"), info["Title"]
        assert pdfinfo(annex)["Title"].startswith("Annex"), name
        meta = subprocess.run(
            ["pdfinfo", "-meta", str(appendix)], capture_output=True, text=True, check=True, timeout=60
        ).stdout
        assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", meta), name


def test_without_libreoffice_says_how_to_install_it(hiap: Run, tmp_path: Path) -> None:
    from hiap.render.pdf_writer import _USUAL_PLACES

    if any(place.is_file() for place in _USUAL_PLACES.get(sys.platform, [])):
        pytest.skip("LibreOffice is installed where hiap finds it without the PATH")
    empty = tmp_path / "bin"
    empty.mkdir()
    target = tmp_path / "out.pdf"
    done = hiap("render", str(EXAMPLES[0]), "--format", "pdf", "-o", str(target), env={"PATH": str(empty)})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    line = lines[0]
    assert "LibreOffice" in line and "libreoffice.org" in line and "apt-get install libreoffice-writer" in line
    assert not target.exists() and not list(tmp_path.glob("*.pdf"))
