"""The appendix opened by a real word processor: LibreOffice converts it to PDF, pypdf reads it back.

Marked ``soffice``: CI installs LibreOffice and runs these. Without it they fail with a message
rather than skip silently; deselect them locally with ``-m "not soffice"``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hiap.models.principles import PRINCIPLES
from hiap.render.content import document_title
from hiap.render.docx_writer import write_docx
from tests.docx_fixtures import make_assessment, make_council_template

pytestmark = pytest.mark.soffice

COUNCIL = {"name": "Borsetshire Council"}


def _to_pdf(docx: Path, tmp_path: Path) -> PdfReader:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: install it, or deselect with -m 'not soffice'")
    outdir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(str(outdir / (docx.stem + ".pdf")))


def _text(page: Any) -> str:
    return " ".join(page.extract_text().split())


@pytest.fixture(scope="module")
def house_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    tmp = tmp_path_factory.mktemp("lo-house")
    out = tmp / "appendix.docx"
    write_docx(make_assessment(), out, {"template": None, "appendix": None, "council": COUNCIL})
    return _to_pdf(out, tmp)


def test_pdf_has_the_title_summary_and_all_principles(house_pdf: PdfReader) -> None:
    assert 3 <= len(house_pdf.pages) <= 12
    everything = " ".join(_text(p) for p in house_pdf.pages)
    assert document_title(make_assessment()) in everything
    assert "Overall conclusion" in everything
    for number, title in PRINCIPLES.items():
        assert f"{number}. {title}" in everything, title
    assert house_pdf.metadata is not None and house_pdf.metadata.title == document_title(make_assessment())


def test_summary_has_page_one_to_itself(house_pdf: PdfReader) -> None:
    first = _text(house_pdf.pages[0])
    for expected in (
        "Summary",
        "Key facts about the decision",
        "Overall conclusion",
        "The eight Marmot principles at a glance",
        "Groups most affected",
        "Most important actions",
    ):
        assert expected in first, expected
    # all three top actions fit, and the detail starts on page 2
    assert "Move the Church Road stop" in first
    assert "Findings by Marmot principle" not in first
    assert _text(house_pdf.pages[1]).startswith("Paragraph for the report's health and equality implications")


def test_footer_numbers_the_pages(house_pdf: PdfReader) -> None:
    total = len(house_pdf.pages)
    for number, page in enumerate(house_pdf.pages, start=1):
        assert f"Page {number} of {total}" in _text(page)


def test_page_is_a4(house_pdf: PdfReader) -> None:
    box = house_pdf.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=1) and float(box.height) == pytest.approx(841.9, abs=1)


def test_council_template_header_footer_and_content_survive(tmp_path: Path) -> None:
    template = make_council_template(tmp_path / "council.docx")
    out = tmp_path / "council-appendix.docx"
    write_docx(make_assessment(), out, {"template": template, "appendix": "D", "council": COUNCIL})
    pdf = _to_pdf(out, tmp_path)
    first = _text(pdf.pages[0])
    assert "Borsetshire Council – Committee papers" in first
    assert "OFFICIAL – Borsetshire Council" in first
    assert re.search(rf"Page 1 of {len(pdf.pages)}\b", first)
    assert "Insert the report title here" not in " ".join(_text(p) for p in pdf.pages)
    assert first.startswith("Borsetshire Council – Committee papers Appendix D: Health in All Policies assessment")
