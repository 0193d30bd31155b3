"""The appendix opened by a real word processor: LibreOffice converts it to PDF, pypdf reads it back.

Marked ``soffice``: CI installs LibreOffice and runs these. Without it they fail with a message
rather than skip silently; deselect them locally with ``-m "not soffice"``.

Page counts are the issue's: a rapid assessment fits 6 A4 pages and a full one 10, in the house
style and in a council template, with no page but the last more than half empty, and page 1
on its own page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hiap.models.assessment import Assessment
from hiap.models.principles import PRINCIPLES
from hiap.render.content import document_subtitle, document_title
from hiap.render.docx_writer import write_docx
from tests.docx_fixtures import make_assessment, make_council_template
from tests.rendering import EXAMPLES, ROUTES, file_assessment, route_assessment, text_depth, to_pdf

pytestmark = pytest.mark.soffice

COUNCIL = {"name": "Borsetshire Council"}
#: Most pages an appendix may take, by depth of assessment.
PAGES = {"none": 3, "rapid": 6, "full": 10}


def _text(page: Any) -> str:
    return " ".join(page.extract_text().split())


@pytest.fixture(scope="module")
def house_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    tmp = tmp_path_factory.mktemp("lo-house")
    out = tmp / "appendix.docx"
    write_docx(make_assessment(), out, {"template": None, "appendix": None, "council": COUNCIL})
    return PdfReader(str(to_pdf([out], tmp)[out]))


def test_pdf_has_the_title_summary_and_all_principles(house_pdf: PdfReader) -> None:
    assert 3 <= len(house_pdf.pages) <= 10
    everything = " ".join(_text(p) for p in house_pdf.pages)
    assert document_title(make_assessment()) in everything
    assert "Overall conclusion" in everything
    for number, title in PRINCIPLES.items():
        assert f"{number}. {title}" in everything, title
    assert house_pdf.metadata is not None and house_pdf.metadata.title == document_title(make_assessment())


def test_summary_has_page_one_to_itself(house_pdf: PdfReader) -> None:
    first = _text(house_pdf.pages[0])
    for expected in (
        document_subtitle(make_assessment()),
        "Summary",
        "Key facts about the decision",
        "Overall conclusion",
        "The eight Marmot principles",
        "Who is affected",
        "Main actions",
    ):
        assert expected in first, expected
    # all three top actions fit, and the detail starts on page 2
    assert "Move the Church Road stop" in first
    assert "Findings by Marmot principle" not in first
    assert _text(house_pdf.pages[1]).startswith("Paragraph for the covering report")


def test_footer_numbers_the_pages(house_pdf: PdfReader) -> None:
    total = len(house_pdf.pages)
    for number, page in enumerate(house_pdf.pages, start=1):
        assert f"Page {number} of {total}" in _text(page)


def test_page_is_a4(house_pdf: PdfReader) -> None:
    box = house_pdf.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=1) and float(box.height) == pytest.approx(841.9, abs=1)


def test_council_template_header_footer_and_page_one(tmp_path: Path) -> None:
    template = make_council_template(tmp_path / "council.docx", modern_colours=False)
    out = tmp_path / "council-appendix.docx"
    write_docx(make_assessment(), out, {"template": template, "appendix": "D", "council": COUNCIL})
    pdf = PdfReader(str(to_pdf([out], tmp_path)[out]))
    first = _text(pdf.pages[0])
    assert "Borsetshire Council – Committee papers" in first
    assert "OFFICIAL – Borsetshire Council" in first
    assert re.search(rf"Page 1 of {len(pdf.pages)}\b", first)
    assert "Insert the report title here" not in " ".join(_text(p) for p in pdf.pages)
    # a short title and the decision as the subtitle keep page 1 to one page, actions included
    assert first.startswith("Borsetshire Council – Committee papers Appendix D: Health in All Policies assessment")
    assert "Town centre parking charges" in first and "Main actions" in first
    assert _text(pdf.pages[1]).startswith("Borsetshire Council – Committee papers Paragraph for the covering report")


def _appendices(tmp_path: Path) -> list[tuple[str, Assessment]]:
    named = [(path.name.removesuffix(".hiap.yaml"), file_assessment(path)) for path in EXAMPLES]
    return named + [(f"route-{name}", route_assessment(name)) for name in ROUTES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, Assessment, PdfReader]]:
    """Every example and route, in the house style and in a council template, as PDF pages."""
    tmp = tmp_path_factory.mktemp("lo-pages")
    template = make_council_template(tmp / "council.docx", modern_colours=False)
    jobs = []
    for name, a in _appendices(tmp):
        for style, chosen in (("house", None), ("council", template)):
            out = tmp / f"{name}.{style}.docx"
            write_docx(a, out, {"template": chosen, "appendix": "C", "council": COUNCIL})
            jobs.append((name, style, a, out))
    pdfs = to_pdf([out for *_, out in jobs], tmp)
    return [(name, style, a, PdfReader(str(pdfs[out]))) for name, style, a, out in jobs]


def test_appendices_are_short_by_depth(rendered: list[tuple[str, str, Assessment, PdfReader]]) -> None:
    counts = {f"{name} ({style})": (a.route, len(pdf.pages)) for name, style, a, pdf in rendered}
    assert {route for route, _ in counts.values()} >= {"none", "rapid", "full"}
    too_long = {k: v for k, v in counts.items() if v[1] > PAGES[v[0] or "full"]}
    assert not too_long, too_long


def test_no_page_but_the_last_is_more_than_half_empty(rendered: list[tuple[str, str, Assessment, PdfReader]]) -> None:
    empty = [
        f"{name} ({style}) page {number}: text reaches {depth:.0%} of the page"
        for name, style, _, pdf in rendered
        for number, page in enumerate(pdf.pages[:-1], start=1)
        if (depth := text_depth(page)) < 0.5
    ]
    assert not empty, empty


def test_page_one_is_the_summary_alone_in_every_template(
    rendered: list[tuple[str, str, Assessment, PdfReader]],
) -> None:
    for name, style, a, pdf in rendered:
        first = _text(pdf.pages[0])
        assert "Main actions" in first or "Who is affected" in first, (name, style)
        label = "Draft" if a.draft else ("Screening conclusion" if a.screened_out else "Overall conclusion")
        assert f"{label}:" in first, (name, style)
        if len(pdf.pages) > 2:  # the detail starts on page 2, never half-way through page 1's summary
            assert "Main actions" in first, (name, style)
