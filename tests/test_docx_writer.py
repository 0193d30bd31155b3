"""The Word appendix read back with python-docx: structure, content, properties and determinism."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from hiap.models.document import Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.models.principles import IMPACT_DIRECTION, PRINCIPLES, SHORT_LABELS
from hiap.render import docx_ext as ext
from hiap.render.a11y import check_docx
from hiap.render.content import annex_path, document_subtitle, document_title, plan
from hiap.render.docx_layout import column_widths, line_count, text_width
from hiap.render.docx_writer import RATING_FILLS, TABLE_HEADER_FILL, render_annex_docx, render_docx, write_docx
from hiap.wording import EFFECT_WORDS, RATING_WORDS
from tests.conftest import ROOT
from tests.docx_fixtures import make_assessment

OPTIONS: dict[str, Any] = {"template": None, "appendix": None, "council": {"name": "Borsetshire Council"}}


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def typical() -> bytes:
    return render_docx(make_assessment(), OPTIONS)


def _body_items(doc: Any) -> list[tuple[str, Any]]:
    """("p", paragraph element) and ("tbl", table element) in body order."""
    out = []
    for child in doc.element.body:
        if child.tag == qn("w:p"):
            out.append(("p", child))
        elif child.tag == qn("w:tbl"):
            out.append(("tbl", child))
    return out


def _style_name(doc: Any, p: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is None:
        return "Normal"
    return str(doc.styles.element.get_by_id(style.get(qn("w:val"))).name_val)


def _headings(doc: Any) -> list[tuple[str, str]]:
    return [
        (name, ext.paragraph_text(p))
        for kind, p in _body_items(doc)
        if kind == "p" and ((name := _style_name(doc, p)) == "Title" or name.lower().startswith("heading"))
    ]


def _cells(tbl: Any) -> list[list[str]]:
    return [
        ["".join(ext.paragraph_text(p) for p in tc.iter(qn("w:p"))) for tc in tr.iter(qn("w:tc"))]
        for tr in tbl.iter(qn("w:tr"))
    ]


def test_title_language_and_core_properties(typical: bytes) -> None:
    doc = _open(typical)
    a = make_assessment()
    core = doc.core_properties
    assert core.title == document_title(a) == "Appendix [X]: Health in All Policies assessment"
    assert core.subject == f"Health in All Policies assessment of {a.title}"
    assert core.author == "Sam Patel, Transport Planning Lead"
    assert core.last_modified_by == core.author
    assert "python-docx" not in (core.author + core.comments + core.last_modified_by)
    assert "Health in All Policies" in core.keywords and "Borsetshire Council" in core.keywords
    assert core.language == "en-GB"
    assert core.identifier == "CAB-2025-041"
    assert core.content_status == "Approved"
    # the tool and question sets go in the properties, never the body
    assert core.version.startswith("hiap ") and "transport 0.3.0" in core.version
    # the answers file's timestamps, converted to UTC
    assert core.created == dt.datetime(2025, 5, 2, 8, 30, tzinfo=dt.UTC)
    assert core.modified == dt.datetime(2025, 6, 10, 16, 45, tzinfo=dt.UTC)
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "en-GB"
    assert all(el.get(qn("w:val")) == "en-GB" for el in doc.styles.element.iter(qn("w:lang")))


def test_author_falls_back_to_the_council_name() -> None:
    a = make_assessment()
    a = a.model_copy(update={"decision": {k: v for k, v in a.decision.items() if k != "assessor"}})
    assert _open(render_docx(a, OPTIONS)).core_properties.author == "Borsetshire Council"


def test_missing_timestamps_fall_back_to_the_other_one() -> None:
    a = make_assessment().model_copy(update={"created": None, "updated": "2025-06-10"})
    core = _open(render_docx(a, OPTIONS)).core_properties
    assert core.created == core.modified == dt.datetime(2025, 6, 10, tzinfo=dt.UTC)


def test_a4_with_margins_and_compatibility_mode_15(typical: bytes) -> None:
    doc = _open(typical)
    section = doc.sections[-1]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    for margin in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
        assert Mm(19.5) <= margin <= Mm(25.5)
    modes = [
        c.get(qn("w:val"))
        for c in doc.settings.element.iter(qn("w:compatSetting"))
        if c.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


def test_headings_run_title_then_heading_1_2_3_without_skipping(typical: bytes) -> None:
    doc = _open(typical)
    headings = _headings(doc)
    assert headings[0] == ("Title", document_title(make_assessment()))
    assert headings[1] == ("heading 1", "Summary")
    # the decision is the subtitle: a paragraph, not a heading, straight under the short title
    subtitle = next(p for kind, p in _body_items(doc) if kind == "p" and _style_name(doc, p) == "Subtitle")
    assert ext.paragraph_text(subtitle) == document_subtitle(make_assessment())
    previous = 0
    for name, text in headings[1:]:
        level = int(name.split()[-1])
        assert level <= previous + 1, f"{text!r} skips a level"
        previous = level
    assert ("heading 2", "Who is affected") in headings
    assert ("heading 3", "Assumptions") in headings  # a plugin's level-2 heading
    assert ("heading 1", "Transport: expected change in how people travel") in headings


def test_summary_comes_first_and_the_detail_starts_on_a_new_page(typical: bytes) -> None:
    doc = _open(typical)
    items = _body_items(doc)
    texts = [ext.paragraph_text(el) if kind == "p" else "<table>" for kind, el in items]
    first_principle = texts.index(f"1. {PRINCIPLES[1]}")
    assert texts.index("Summary") < texts.index("Table 1: Key facts about the decision") < first_principle
    assert texts[texts.index("Table 1: Key facts about the decision") + 1] == "<table>"
    conclusion = next(i for i, t in enumerate(texts) if t.startswith("Overall conclusion: Adjust the decision."))
    glance = texts.index("Table 2: The eight Marmot principles: the assessor's ratings")
    actions = texts.index("Main actions")
    assert conclusion < glance < actions < first_principle
    first_table = next(el for kind, el in items if kind == "tbl")
    assert _cells(first_table)[1][0] == "Reference"  # the decision itself is the subtitle just above
    # the section after the summary opens page 2, by paragraph property rather than a blank page break
    second = next(
        el
        for kind, el in items
        if kind == "p" and _style_name(doc, el) == "heading 1" and ext.paragraph_text(el) != "Summary"
    )
    assert ext.paragraph_text(second) == "Paragraph for the covering report"
    assert second.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    assert sum(1 for el in doc.element.body.iter(qn("w:pageBreakBefore"))) == 1


def test_no_forced_page_break_when_the_summary_would_overflow() -> None:
    a = make_assessment().model_copy(update={"conclusion_reason": "Because of many things. " * 60})
    doc = _open(render_docx(a, OPTIONS))
    assert doc.element.body.find(f".//{qn('w:pageBreakBefore')}") is None


def test_all_eight_principles_appear_with_words_and_symbols(typical: bytes) -> None:
    doc = _open(typical)
    heading_texts = [t for _, t in _headings(doc)]
    for number, title in PRINCIPLES.items():
        assert f"{number}. {title}" in heading_texts
    glance = [el for kind, el in _body_items(doc) if kind == "tbl"][1]
    rows = _cells(glance)
    assert rows[0] == ["Marmot principle", "Rating", "Effect on the gap"]
    assert [r[0] for r in rows[1:]] == [f"{n}. {SHORT_LABELS[n]}" for n in range(1, 9)]
    # the assessor's rating in words and a symbol, distinct for major and minor
    assert rows[4][1] == "Minor negative (-)" and rows[5][1] == "Major positive (++)"
    assert rows[2][1] == "Minor positive (+)" and rows[3][1] == "Mixed (+/-)"
    assert rows[4][2] == "Widens the gap"


def test_rating_cells_are_shaded_only_behind_their_words(typical: bytes) -> None:
    doc = _open(typical)
    shaded = 0
    words = {**{w: IMPACT_DIRECTION[k][0] for k, w in EFFECT_WORDS.items()}, **{w: k for k, w in RATING_WORDS.items()}}
    for tc in doc.element.body.iter(qn("w:tc")):
        shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        if shd is None:
            continue
        fill = shd.get(qn("w:fill"))
        text = "".join(ext.paragraph_text(p) for p in tc.iter(qn("w:p")))
        if fill == TABLE_HEADER_FILL:
            continue
        shaded += 1
        rating = next(k for k, v in RATING_FILLS.items() if v == fill)
        assert any(text.startswith(w) and words[w] == rating for w in words), text
    assert shaded == 8  # the glance table's ratings, each repeating its words
    for fill in (*RATING_FILLS.values(), TABLE_HEADER_FILL):
        assert ext.contrast_ratio("000000", fill) >= 4.5


def test_every_table_has_a_header_row_caption_and_no_empty_or_merged_cells(typical: bytes) -> None:
    doc = _open(typical)
    items = _body_items(doc)
    tables = shown = 0
    for index, (kind, tbl) in enumerate(items):
        if kind != "tbl":
            continue
        tables += 1
        rows = tbl.findall(qn("w:tr"))
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}").get(qn("w:val"))
        before = items[index - 1][1]
        if _style_name(doc, before) == "caption":
            shown += 1
            assert ext.paragraph_text(before) == f"Table {shown}: {caption}"
        else:  # no visible caption only where the heading just above says the same
            assert _style_name(doc, before) == "heading 1" and ext.paragraph_text(before) == caption
        assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblDescription')}").get(qn("w:val")).startswith(caption)
        assert tbl.find(f".//{qn('w:gridSpan')}") is None and tbl.find(f".//{qn('w:vMerge')}") is None
        grid = [int(g.get(qn("w:w"))) for g in tbl.iter(qn("w:gridCol"))]
        assert all(len(r.findall(qn("w:tc"))) == len(grid) for r in rows)
        assert all(cell.strip() for row in _cells(tbl) for cell in row)
    assert tables >= 8 and shown < tables


def _expected_sequence(a: Any, appendix: str | None = None) -> list[str]:
    """The plan flattened the way the writer lays it out: one string per paragraph or cell."""

    def clean(text: str) -> str:
        return " ".join(text.split())

    out = [clean(document_title(a, appendix)), clean(document_subtitle(a))]
    tables = 0
    for section in plan(a, appendix):
        out.append(clean(section.title))
        for block in section.blocks:
            if isinstance(block, Heading):
                out.append(clean(block.text))
            elif isinstance(block, Paragraph):
                out += [clean(part) for part in block.text.strip().split("\n\n") if clean(part)]
            elif isinstance(block, Bullets):
                out += [clean(item) for item in block.items]
            elif isinstance(block, Callout):
                out.append(f"{clean(block.label)}: {clean(block.text)}")
            elif isinstance(block, Table):
                if clean(block.caption) != clean(section.title):
                    tables += 1
                    out.append(f"Table {tables}: {clean(block.caption)}")
                rows = block.rows or (("None recorded",) + ("-",) * (len(block.header) - 1),)
                out += [clean(c) or "-" for row in (block.header, *rows) for c in row]
    return out


def _actual_sequence(doc: Any) -> list[str]:
    out: list[str] = []
    for kind, el in _body_items(doc):
        if kind == "p":
            out.append(ext.paragraph_text(el))
        else:
            out += [c for row in _cells(el) for c in row]
    return out


@pytest.mark.parametrize("appendix", [None, "C"])
def test_content_is_exactly_the_plan_in_order(appendix: str | None) -> None:
    a = make_assessment()
    doc = _open(render_docx(a, {**OPTIONS, "appendix": appendix}))
    assert _actual_sequence(doc) == _expected_sequence(a, appendix)


def test_appendix_letter_reaches_title_and_implications() -> None:
    doc = _open(render_docx(make_assessment(), {**OPTIONS, "appendix": "C"}))
    text = _actual_sequence(doc)
    assert text[0] == "Appendix C: Health in All Policies assessment"
    assert text[1] == make_assessment().title
    assert any("attached as Appendix C." in t for t in text)
    assert not any("[X]" in t for t in text)
    # without a letter, a visible placeholder for the clerk to fill in
    default = _actual_sequence(_open(render_docx(make_assessment(), OPTIONS)))
    assert default[0] == "Appendix [X]: Health in All Policies assessment"
    assert any("attached as Appendix [X]." in t for t in default)


def test_empty_table_and_blank_text_are_written_as_words() -> None:
    section = DocSection(
        id="extra.empty",
        title="Plugin with nothing to list",
        after="groups",
        blocks=(
            Table(caption="Nothing yet", header=("Item", "Note")),
            Table(caption="Gaps", header=("Item", "Note"), rows=(("Parking", ""),)),
            Paragraph(text="   \n\n  spaced    out   text  "),
        ),
    )
    a = make_assessment().model_copy(update={"sections": [section]})
    path_bytes = render_docx(a, OPTIONS)
    doc = _open(path_bytes)
    tables = {
        tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}").get(qn("w:val")): _cells(tbl)
        for kind, tbl in _body_items(doc)
        if kind == "tbl"
    }
    assert tables["Nothing yet"][1] == ["None recorded", "-"]
    assert tables["Gaps"][1] == ["Parking", "-"]
    assert "spaced out text" in _actual_sequence(doc)


def test_multi_line_text_becomes_a_list_and_blank_lines_paragraphs() -> None:
    a = make_assessment().model_copy(
        update={"cumulative": "Older disabled people face several effects.\n\nThe bus cuts hit them too."}
    )
    text = _actual_sequence(_open(render_docx(a, OPTIONS)))
    first = text.index("Overlapping disadvantage and cumulative effects: Older disabled people face several effects.")
    assert text[first + 1] == "The bus cuts hit them too."
    assert "Parking survey 2024" in text and "Bus patronage data" in text  # one source a line, as typed


def test_footer_has_page_x_of_y_fields(typical: bytes) -> None:
    doc = _open(typical)
    footer = doc.sections[-1].footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert ext.paragraph_text(footer).startswith("Page ")
    assert " of " in ext.paragraph_text(footer)


def test_sources_are_the_assessors_once_each_with_their_links(typical: bytes) -> None:
    doc = _open(typical)
    links = [
        (ext.paragraph_text(h), doc.part.rels[h.get(qn("r:id"))].target_ref)
        for h in doc.element.body.iter(qn("w:hyperlink"))
    ]
    # a line of the assessor's evidence that names a known source gets its link; a source they
    # cited on an answer is listed once with its link too
    assert links == [
        ("Marmot Places: the eight principles", "https://www.instituteofhealthequity.org/"),
        ("Fingertips public health profiles", "https://fingertips.phe.org.uk/"),
    ]
    text = _actual_sequence(doc)
    start = text.index("Evidence and sources")
    listed = text[start + 1 :]
    assert "Marmot Places: the eight principles – https://www.instituteofhealthequity.org/" in listed
    assert listed.count("Fingertips public health profiles – https://fingertips.phe.org.uk/") == 1
    # a checklist's reading list is not the assessment's: sources nobody cited are left out
    assert "Public Sector Equality Duty guidance (EHRC)" not in text
    assert "Local directory" not in text  # the source of a service nobody cited


def test_our_output_passes_the_accessibility_check(tmp_path: Path) -> None:
    variants: list[dict[str, Any]] = [{}, {"missing": True}, {"scale": 4}]
    for index, kwargs in enumerate(variants):
        out = tmp_path / f"a{index}.docx"
        write_docx(make_assessment(**kwargs), out, OPTIONS)
        assert check_docx(out) == []
        assert check_docx(annex_path(out)) == []


def test_same_assessment_gives_the_same_files() -> None:
    first = zipfile.ZipFile(io.BytesIO(render_docx(make_assessment(), OPTIONS)))
    second = zipfile.ZipFile(io.BytesIO(render_docx(make_assessment(), OPTIONS)))
    assert first.namelist() == second.namelist()
    for name in first.namelist():
        assert first.read(name) == second.read(name), name
    assert b"python-docx" not in first.read("docProps/core.xml")


def test_a_different_assessment_gives_a_different_document() -> None:
    first = zipfile.ZipFile(io.BytesIO(render_docx(make_assessment(), OPTIONS))).read("word/document.xml")
    other = make_assessment().model_copy(update={"title": "Library opening hours"})
    second = zipfile.ZipFile(io.BytesIO(render_docx(other, OPTIONS))).read("word/document.xml")
    assert first != second


def test_write_docx_writes_the_appendix_and_its_annex_and_no_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "appendix.docx"
    write_docx(make_assessment(), out, OPTIONS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix-annex.docx", "appendix.docx"]
    assert zipfile.is_zipfile(out) and zipfile.is_zipfile(tmp_path / "appendix-annex.docx")


def test_house_template_is_small_and_accessible() -> None:
    house = ROOT / "hiap" / "render" / "house.docx"
    assert house.stat().st_size < 40_000
    doc = Document(str(house))
    names = {s.name for s in doc.styles}
    for needed in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "Caption",
        "Hyperlink",
        "Table Grid",
        "Footer",
        "hiap Table Text",
        "hiap Table Heading",
        "hiap Callout",
    ):
        assert needed in names
    for style in doc.styles.element.iterchildren(qn("w:style")):
        colour = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
        if colour is not None:
            assert ext.contrast_ratio(colour.get(qn("w:val")), "FFFFFF") >= 4.5
    assert doc.core_properties.author != "python-docx"


def test_house_template_script_rebuilds_the_committed_file() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, 'tools'); "
            "import make_house_template as m; sys.stdout.buffer.write(m.build())",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert result.stdout == (ROOT / "hiap" / "render" / "house.docx").read_bytes()


def test_column_widths_keep_short_columns_whole_and_give_the_long_text_the_room() -> None:
    header = ("No.", "Action", "By")
    rows = [("1", "Keep twelve blue badge bays on Market Street throughout the works " * 2, "30 September 2025")]
    widths = column_widths(header, rows, 9638)
    assert sum(widths) == 9638
    assert widths[2] >= int((text_width("30 September 2025", 10) + 12) * 20)
    assert widths[0] < widths[2] < widths[1]
    fits = column_widths(("Item", "Detail"), [("Key decision", "Yes, in two wards")], 9638)
    assert sum(fits) == 9638 and fits[1] > fits[0]
    # an action plan: the action's text gets more room than its owner or measure
    plan_rows = [
        (
            str(n),
            "Inspect every temporary accommodation property against the written standard before first use "
            "and every year after, recording hazards and accessibility",
            "Temporary Accommodation Manager",
            "31 March 2027",
            "Share of properties inspected",
        )
        for n in range(1, 6)
    ]
    widths = column_widths(("No.", "Action", "Owner", "By", "How success is measured"), plan_rows, 9638)
    assert widths[1] == max(widths) and widths[3] >= int((text_width("31 March 2027", 10) + 12) * 20)


def test_line_count_wraps_at_words() -> None:
    assert line_count("short", 100, 10) == 1
    assert line_count("word " * 40, 100, 10) > 5
    assert line_count("", 100, 10) == 1


def test_cli_import_does_not_load_python_docx() -> None:
    code = (
        "import sys, hiap.cli, hiap.render.formats, hiap.render.content, hiap.commands.check; "
        "print(any(m == 'docx' or m.startswith(('docx.', 'lxml')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


def test_finding_labels_are_bold_lead_ins(typical: bytes) -> None:
    doc = _open(typical)
    rated = next(p for p in doc.paragraphs if p.text.startswith("Rating: Minor negative (-)."))
    bold = [r.text for r in rated.runs if r.bold]
    assert bold == ["Rating:", "Reasoning:"]  # the rating and its reasoning read as one paragraph
    mitigation = next(p for p in doc.paragraphs if p.text.startswith("Mitigation: "))
    assert [r.text for r in mitigation.runs if r.bold] == ["Mitigation:", "Harm remaining after mitigation:"]
    implications = next(p for p in doc.paragraphs if p.text.startswith("A Health in All Policies assessment"))
    assert len(implications.runs) == 1 and not implications.runs[0].bold


def _body_text(data: bytes) -> str:
    return " ".join(" ".join(_actual_sequence(_open(data))).split())


def test_a_draft_says_so_and_states_no_conclusion() -> None:
    a = make_assessment(missing=True)
    doc = _open(render_docx(a, OPTIONS))
    text = _actual_sequence(doc)
    assert text[0] == "Appendix [X]: Health in All Policies assessment (draft)"
    assert (
        "Draft: Not complete, 1 answer to give and 1 other item to resolve. No conclusion has been reached yet." in text
    )
    facts = _cells(next(el for kind, el in _body_items(doc) if kind == "tbl"))
    assert ["Status", "Draft: not complete, 1 answer to give and 1 other item to resolve"] in facts
    implications = next(t for t in text if "is attached as Appendix" in t)
    assert implications.startswith("Draft: not complete, 1 answer to give")
    assert "reaches no conclusion" in implications
    body = _body_text(render_docx(a, OPTIONS))
    assert "Overall conclusion" not in body and "Adjust the decision" not in body
    assert doc.core_properties.content_status == "Draft"
    # what is left to do comes straight after page 1
    assert text.index("What is still to do") < text.index("Paragraph for the covering report")


def test_groups_read_as_people_with_the_assessors_own_words() -> None:
    doc = _open(render_docx(make_assessment(), OPTIONS))
    groups = next(
        _cells(el)
        for kind, el in _body_items(doc)
        if kind == "tbl" and _cells(el)[0] == ["People", "How they are affected", "Better or worse off"]
    )
    assert groups[1] == [
        "Disabled people",
        "Fewer accessible parking bays near the market during the works.",
        "Worse off",
    ]
    assert groups[2][0] == "People on low incomes" and groups[2][2] == "Mixed"
    text = _actual_sequence(doc)
    assert any(t.startswith("Likely to be worse off, as the assessor judged: disabled people") for t in text)
    # the basis for considering a group is the checklist's, not the assessor's: not printed
    assert "Statutory" not in _body_text(render_docx(make_assessment(), OPTIONS))


def test_no_ids_option_keys_or_tool_versions_in_the_body() -> None:
    body = _body_text(render_docx(make_assessment(), OPTIONS))
    for fragment in ("hiap ", "0.3.0", "p4.reasoning", "screening.", "major_negative", "minor_positive", "no_change"):
        assert fragment not in body, fragment


def test_the_annex_holds_every_answer_as_given() -> None:
    a = make_assessment()
    doc = _open(render_annex_docx(a, OPTIONS))
    text = _actual_sequence(doc)
    assert text[0] == "Annex to Appendix [X]: the assessment record" and text[1] == a.title
    for answered in a.answered:
        assert answered.answer in text
    assert "From the 2024 parking survey. Sources: Fingertips public health profiles" in text
    # an answer the checklist no longer asks is kept, named in words, with the reason
    assert "Screening: reach" in text and "Reach is now part of the reason for the depth of assessment." in text
    assert doc.core_properties.title == "Annex to Appendix [X]: the assessment record"


def test_line_counts_break_long_words_and_estimate_pages_of_text() -> None:
    """A word wider than the column takes one line per column width; a cell of more than a page
    of text (a 5 MiB answers file's annex) is estimated from its length, within a fifth of the
    word-by-word count, so the widths it decides stay the same."""
    from hiap.render import docx_layout

    word = "x" * 395  # nearly ten column widths of one unbroken word
    width = docx_layout.text_width("x" * 40, 10.0)
    assert docx_layout.line_count(word, width, 10.0) == 10
    prose = "An action with a long description of who does what, and by when. " * 80
    assert len(prose) > docx_layout.LONG_TEXT
    estimate = docx_layout.line_count(prose, 200.0, 10.0)
    exact = docx_layout.line_count(prose[: docx_layout.LONG_TEXT], 200.0, 10.0) * len(prose) / docx_layout.LONG_TEXT
    assert 0.8 * exact <= estimate <= 1.2 * exact
