"""The accessibility self-check: passes hiap's output, and catches each rule on a broken copy."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, RGBColor

from hiap.errors import InputError
from hiap.render import docx_ext as ext
from hiap.render.a11y import check_docx
from hiap.render.docx_writer import render_docx
from tests.docx_fixtures import make_assessment, png_bytes

OPTIONS: dict[str, Any] = {"template": None, "appendix": None, "council": {"name": "Borsetshire Council"}}


@pytest.fixture(scope="module")
def good() -> bytes:
    return render_docx(make_assessment(), OPTIONS)


def _broken(good: bytes, tmp_path: Path, change: Callable[[Any], None]) -> list[str]:
    doc = Document(io.BytesIO(good))
    change(doc)
    path = tmp_path / "broken.docx"
    doc.save(str(path))
    return check_docx(path)


def _first_table(doc: Any) -> Any:
    return doc.tables[0]._tbl


def _heading(doc: Any, text: str) -> Any:
    return next(p for p in doc.paragraphs if p.text == text)


def test_hiap_output_passes(good: bytes, tmp_path: Path) -> None:
    path = tmp_path / "good.docx"
    path.write_bytes(good)
    assert check_docx(path) == []


def test_missing_title(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.core_properties.title = ""

    assert _broken(good, tmp_path, change) == ["the document has no title (set File > Info > Properties > Title)"]


def test_missing_language(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        for lang in list(doc.styles.element.iter(qn("w:lang"))):
            lang.getparent().remove(lang)

    assert _broken(good, tmp_path, change) == [
        "no document language is set in the styles' defaults (docDefaults w:lang)"
    ]


def test_skipped_heading_level(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        _heading(doc, "Who is affected").style = doc.styles["Heading 3"]

    assert _broken(good, tmp_path, change) == [
        "heading 'Who is affected' is Heading 3 after Heading 1: a level is skipped"
    ]


def test_first_heading_must_be_level_one(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Notes"
    doc.add_heading("Background", level=2)
    doc.add_paragraph("Text.")
    path = tmp_path / "h2.docx"
    doc.save(str(path))
    problems = check_docx(path)
    assert "the first heading 'Background' is Heading 2: start with Heading 1" in problems


def test_heading_detected_by_outline_level_of_a_custom_style(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        style = doc.styles.add_style("Council Head", WD_STYLE_TYPE.PARAGRAPH)
        style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
        _heading(doc, "Who is affected").style = style

    assert _broken(good, tmp_path, change) == [
        "heading 'Who is affected' is Heading 4 after Heading 1: a level is skipped"
    ]


def test_no_headings(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Plain"
    doc.add_paragraph("Only body text.")
    path = tmp_path / "plain.docx"
    doc.save(str(path))
    assert "the document has no headings (use Heading 1, Heading 2 ... styles)" in check_docx(path)


def test_table_without_header_row(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        header = _first_table(doc).find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}")
        header.getparent().remove(header)

    assert _broken(good, tmp_path, change) == [
        "table 1 ('Key facts about the decision') has no header row (Table Properties > Row > Repeat as header row)"
    ]


def test_table_without_caption_or_description(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        pr = _first_table(doc).find(qn("w:tblPr"))
        for tag in ("w:tblCaption", "w:tblDescription"):
            pr.remove(pr.find(qn(tag)))

    assert _broken(good, tmp_path, change) == ["table 1 has no caption or description (Table Properties > Alt Text)"]


def test_merged_cells(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        table = doc.tables[0]
        table.cell(1, 0).merge(table.cell(1, 1))

    problems = _broken(good, tmp_path, change)
    assert any(p.startswith("table 1 ('Key facts about the decision') has merged cells") for p in problems)


def test_vertically_merged_cells(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        table = doc.tables[0]
        table.cell(1, 0).merge(table.cell(2, 0))

    assert any("has merged cells" in p for p in _broken(good, tmp_path, change))


def test_empty_cell(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        cell = doc.tables[0].cell(2, 1)
        for t in cell._tc.iter(qn("w:t")):
            t.text = ""

    assert _broken(good, tmp_path, change) == [
        "table 1 ('Key facts about the decision'), row 3, column 2 is empty; write '-' or words such as 'None'"
    ]


def test_shaded_cell_with_low_contrast(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        cell = doc.tables[0].cell(1, 1)
        ext.shade_cell(cell._tc, "777777")
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0x33, 0x33, 0x33)

    problems = _broken(good, tmp_path, change)
    assert problems == [
        "table 1 ('Key facts about the decision'), row 2, column 2: text on the shading 777777 "
        "has contrast 2.8:1, below 4.5:1"
    ]


def test_shaded_cell_with_automatic_text_colour_passes_if_either_reads(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        ext.shade_cell(doc.tables[0].cell(1, 1)._tc, "1F3864")  # Word draws auto text white on navy

    assert _broken(good, tmp_path, change) == []


def test_shaded_empty_cell_is_reported(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        cell = doc.tables[0].cell(3, 1)
        ext.shade_cell(cell._tc, "F8DDDB")
        for t in cell._tc.iter(qn("w:t")):
            t.text = ""

    assert _broken(good, tmp_path, change) == [
        "table 1 ('Key facts about the decision'), row 4, column 2 is empty; write '-' or words such as 'None'"
    ]


def test_low_contrast_text_style(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.styles["Heading 2"].font.color.rgb = RGBColor.from_string("4F81BD")

    assert _broken(good, tmp_path, change) == [
        "text in style 'heading 2' ('Who is affected') is 4F81BD on FFFFFF: contrast 4.0:1, below 4.5:1"
    ]


def test_large_text_needs_only_three_to_one(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.styles["Title"].font.color.rgb = RGBColor.from_string("4F81BD")  # 18pt bold: 4.0:1 is enough

    assert _broken(good, tmp_path, change) == []


def _add_picture(doc: Any, where: Any) -> Any:
    run = where.add_paragraph().add_run()
    return run.add_picture(io.BytesIO(png_bytes()), width=Mm(20))


def test_image_without_alt_text_in_body_and_header(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        _add_picture(doc, doc)
        _add_picture(doc, doc.sections[0].header)

    problems = _broken(good, tmp_path, change)
    assert "image 'Picture 1' in the document has no alt text (a description)" in problems
    assert any(p.endswith("in the header has no alt text (a description)") for p in problems)


def test_image_with_alt_text_passes(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        shape = _add_picture(doc, doc)
        shape._inline.docPr.set("descr", "Map of the three wards affected")

    assert _broken(good, tmp_path, change) == []


def test_floating_image(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        shape = _add_picture(doc, doc)
        inline = shape._inline
        inline.docPr.set("descr", "Map of the wards")
        anchor = parse_xml(
            f'<wp:anchor {nsdecls("wp")} behindDoc="0" distT="0" distB="0" distL="0" distR="0" '
            'simplePos="0" locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="1"/>'
        )
        for child in list(inline):
            anchor.append(child)
        inline.getparent().replace(inline, anchor)

    assert _broken(good, tmp_path, change) == ["image 'Picture 1' floats over the text; set it to 'In line with text'"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "https://www.gov.uk/guidance",
            "link text 'https://www.gov.uk/guidance' is a bare web address; describe where it goes",
        ),
        ("click here", "link text 'click here' does not say where it goes"),
        ("Read more.", "link text 'Read more.' does not say where it goes"),
    ],
)
def test_link_text(good: bytes, tmp_path: Path, text: str, message: str) -> None:
    def change(doc: Any) -> None:
        p = doc.add_paragraph("See the guidance: ")
        ext.add_hyperlink(p._p, doc.part, "https://www.gov.uk/guidance", text, None)

    assert _broken(good, tmp_path, change) == [message]


def test_runs_of_spaces(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.add_paragraph("Signed:      Date:")

    assert _broken(good, tmp_path, change) == [
        "the text 'Signed:      Date:' uses three or more spaces in a row for layout"
    ]


def test_empty_paragraph_as_spacer(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        _heading(doc, "Who is affected")._p.addprevious(parse_xml(f"<w:p {nsdecls('w')}/>"))

    problems = _broken(good, tmp_path, change)
    assert len(problems) == 1
    assert problems[0].startswith("an empty paragraph after 'Symbols: ++ major positive")
    assert problems[0].endswith("is used for spacing; use paragraph spacing instead")


def test_paragraph_after_a_final_table_is_allowed(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Table last"
    doc.add_heading("Heading", level=1)
    table = doc.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Name", "Value"
    ext.mark_header_row(table.rows[0]._tr)
    ext.set_table_caption(table._tbl, "Names", "One column of names")
    doc.add_paragraph()  # Word needs a paragraph after a table that ends the document
    for section in doc.sections:
        ext.set_a4(section._sectPr)
    path = tmp_path / "last.docx"
    doc.save(str(path))
    assert check_docx(path) == []


def test_page_size_must_be_a4(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.sections[-1].page_width, doc.sections[-1].page_height = Mm(215.9), Mm(279.4)

    assert _broken(good, tmp_path, change) == ["the page size is 215.9 x 279.4 mm, not A4 (210 x 297 mm)"]


def test_landscape_a4_is_a4(good: bytes, tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        doc.sections[-1].page_width, doc.sections[-1].page_height = Mm(297), Mm(210)

    assert _broken(good, tmp_path, change) == []


def test_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("just text")
    with pytest.raises(InputError) as caught:
        check_docx(path)
    assert caught.value.field == "document"
    assert "not a Word file" in caught.value.format()


def test_macro_enabled_documents_can_still_be_checked(good: bytes, tmp_path: Path) -> None:
    path = tmp_path / "report.docm"
    path.write_bytes(good)
    assert check_docx(path) == []


def test_contrast_ratio_matches_wcag() -> None:
    assert ext.contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert ext.contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert ext.contrast_ratio("4F81BD", "FFFFFF") == pytest.approx(4.03, abs=0.01)
    assert ext.effective_contrast("auto", "1F3864") > 10
    with pytest.raises(ValueError):
        ext.luminance("blue")
