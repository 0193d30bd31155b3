"""A council's own template: kept look, replaced body, filled gaps, and refused bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from hiap.errors import ExitCode, InputError
from hiap.render import docx_ext as ext
from hiap.render.a11y import check_docx
from hiap.render.content import document_title
from hiap.render.docx_template import NEEDED_STYLES, open_word, prepare
from hiap.render.docx_writer import render_docx, write_docx
from tests.docx_fixtures import make_assessment, make_council_template

COUNCIL = {"name": "Borsetshire Council"}
TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MISSING = (
    "Title",
    "heading 1",
    "heading 2",
    "heading 3",
    "List Bullet",
    "caption",
    "Table Grid",
    "Hyperlink",
    "footer",
)


def _render(template: Path, tmp_path: Path, name: str = "out.docx") -> tuple[Path, Any]:
    out = tmp_path / name
    write_docx(make_assessment(), out, {"template": template, "appendix": "B", "council": COUNCIL})
    return out, Document(str(out))


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a package, replacing (or, with None, dropping) members; others are kept as they are."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info, change[info.filename])  # type: ignore[arg-type]
            else:
                zout.writestr(info, zin.read(info.filename))
        for name, data in change.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
    return target


def _as_dotx(source: Path, target: Path) -> Path:
    types = zipfile.ZipFile(source).read("[Content_Types].xml").replace(DOCUMENT_CT, TEMPLATE_CT)
    return _rewrite(source, target, {"[Content_Types].xml": types})


@pytest.fixture
def council(tmp_path: Path) -> Path:
    return make_council_template(tmp_path / "council.docx")


def test_council_template_keeps_its_look_and_loses_its_boilerplate(council: Path, tmp_path: Path) -> None:
    out, doc = _render(council, tmp_path)
    section = doc.sections[-1]
    assert "Borsetshire Council – Committee papers" in [p.text for p in section.header.paragraphs]
    footer_text = [ext.paragraph_text(p._p) for p in section.footer.paragraphs]
    assert footer_text[0] == "OFFICIAL – Borsetshire Council"
    assert footer_text[-1].startswith("Page ") and ext.has_page_field(section.footer._element)
    assert "Council Body" in {s.name for s in doc.styles}
    assert abs(section.left_margin - Mm(25)) < Mm(0.1)  # the council's margins survive
    body_text = [p.text for p in doc.paragraphs]
    assert "Insert the report title here" not in body_text
    assert "This template must be used for all committee reports." not in body_text
    assert body_text[0] == document_title(make_assessment(), "B")
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.core_properties.title == body_text[0]
    # the boilerplate's own (caption-less) table is gone: every table is hiap's
    assert all(t._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}") is not None for t in doc.tables)
    assert check_docx(out) == []


def test_header_logo_is_kept_and_given_alt_text(council: Path, tmp_path: Path) -> None:
    before = Document(str(council)).sections[0].header._element
    assert [d.get("descr") or "" for d in before.iter(qn("wp:docPr"))] == [""]
    _, doc = _render(council, tmp_path)
    header = doc.sections[-1].header
    pics = list(header._element.iter(qn("wp:docPr")))
    assert [d.get("descr") for d in pics] == ["Borsetshire Council logo"]
    blip = next(header._element.iter(qn("a:blip")))
    assert header.part.related_parts[blip.get(qn("r:embed"))].content_type == "image/png"


def test_existing_page_number_is_not_repeated(council: Path, tmp_path: Path) -> None:
    doc = Document(str(council))
    footer_p = doc.sections[0].footer.paragraphs[0]
    ext.add_page_x_of_y(footer_p._p)
    doc.save(str(council))
    _, out = _render(council, tmp_path)
    instructions = [t.text.strip() for t in out.sections[-1].footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_dotx_template_is_accepted_and_output_is_a_document(council: Path, tmp_path: Path) -> None:
    dotx = _as_dotx(council, tmp_path / "council.dotx")
    with pytest.raises(ValueError):
        Document(str(dotx))  # python-docx alone refuses it (python-docx #363)
    out, doc = _render(dotx, tmp_path)
    types = zipfile.ZipFile(out).read("[Content_Types].xml")
    assert DOCUMENT_CT in types and TEMPLATE_CT not in types
    assert "Borsetshire Council – Committee papers" in [p.text for p in doc.sections[-1].header.paragraphs]
    assert check_docx(out) == []


def test_attached_template_path_is_dropped(council: Path, tmp_path: Path) -> None:
    doc = Document(str(council))
    settings = doc.settings.element
    attached = ext.make("w:attachedTemplate")
    attached.set(qn("r:id"), "rId99")
    settings.insert(0, attached)
    doc.save(str(council))
    _, out = _render(council, tmp_path)
    assert out.settings.element.find(qn("w:attachedTemplate")) is None


def test_bare_template_gets_the_missing_styles_and_bullets(tmp_path: Path) -> None:
    bare = make_council_template(tmp_path / "bare.docx", strip_styles=MISSING)
    names_before = {s.name for s in Document(str(bare)).styles}
    assert not {"Heading 1", "List Bullet", "Title", "Caption"} & names_before
    assert set(prepare(bare).added_styles) >= {
        "Title",
        "heading 1",
        "heading 2",
        "heading 3",
        "List Bullet",
        "caption",
        "Table Grid",
        "Hyperlink",
        "hiap Callout",
    }
    # python-docx's default, like many council templates, has every built-in style but Hyperlink
    full = prepare(make_council_template(tmp_path / "full.docx")).added_styles
    assert full == ["Hyperlink", "hiap Table Text", "hiap Table Heading", "hiap Callout"]
    out, doc = _render(bare, tmp_path)
    names = {s.name for s in doc.styles}
    for needed in NEEDED_STYLES:
        assert needed in names, needed
    assert "Council Body" in names
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets
    num_id = bullets[0].style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    num = next(n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.iterchildren(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "bullet"
    # schema order: every abstractNum before the first num
    tags = [child.tag for child in numbering]
    assert tags.index(qn("w:num")) > max(i for i, t in enumerate(tags) if t == qn("w:abstractNum"))
    # copied styles point only at styles that exist
    ids = {s.style_id for s in doc.styles}
    for style in doc.styles.element.iterchildren(qn("w:style")):
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag))
            assert ref is None or ref.get(qn("w:val")) in ids
    assert check_docx(out) == []


def test_bullets_in_a_template_with_its_own_lists_get_their_own_numbering(council: Path, tmp_path: Path) -> None:
    bare = make_council_template(tmp_path / "lists.docx", strip_styles=("List Bullet",))
    doc = Document(str(bare))
    numbering = doc.part.numbering_part.element
    numbering.append(ext.make("w:num", {"w:numId": "7"}))
    numbering[-1].append(ext.make("w:abstractNumId", {"w:val": "0"}))
    doc.save(str(bare))
    _, out = _render(bare, tmp_path)
    num_ids = [n.get(qn("w:numId")) for n in out.part.numbering_part.element.iterchildren(qn("w:num"))]
    assert num_ids == ["7", "8"]


def test_style_id_taken_by_another_name_is_not_overwritten(tmp_path: Path) -> None:
    path = make_council_template(tmp_path / "clash.docx", strip_styles=("heading 2",))
    doc = Document(str(path))
    clash = next(s for s in doc.styles.element.iterchildren(qn("w:style")) if s.get(qn("w:styleId")) == "Heading3")
    clash.set(qn("w:styleId"), "Heading2")  # a council style called "heading 3" that uses the id Heading2
    doc.save(str(path))
    _, out = _render(path, tmp_path)
    by_name = {s.name: s.style_id for s in out.styles}
    assert by_name["Heading 3"] == "Heading2"
    assert by_name["Heading 2"] == "hiapHeading2"
    assert any(p.style.name == "Heading 2" for p in out.paragraphs)


def test_low_contrast_council_styles_are_kept_and_reported(tmp_path: Path) -> None:
    old = make_council_template(tmp_path / "old.docx", modern_colours=False)
    out, doc = _render(old, tmp_path)
    problems = check_docx(out)
    assert any("'heading 2'" in p and "4F81BD" in p for p in problems)
    assert doc.styles["Heading 2"].font.color.rgb == doc.styles["Heading 2"].font.color.rgb.from_string("4F81BD")


def _assert_refused(path: Path, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        render_docx(make_assessment(), {"template": path, "council": COUNCIL})
    error = caught.value
    assert error.exit_code == ExitCode.BAD_INPUT
    assert error.field == "template" and error.file == str(path)
    assert fragment in error.format()
    assert "\n" not in error.format()
    assert error.hint


def test_macro_enabled_templates_are_refused(council: Path, tmp_path: Path) -> None:
    docm = tmp_path / "council.docm"
    docm.write_bytes(council.read_bytes())
    _assert_refused(docm, "macro-enabled")
    dotm = tmp_path / "council.dotm"
    dotm.write_bytes(council.read_bytes())
    _assert_refused(dotm, "macro-enabled")
    hidden = _rewrite(council, tmp_path / "hidden.docx", {"word/vbaProject.bin": b"\x00" * 16})
    _assert_refused(hidden, "contains macros")
    types = (
        zipfile.ZipFile(council)
        .read("[Content_Types].xml")
        .replace(DOCUMENT_CT, b"application/vnd.ms-word.document.macroEnabled.main+xml")
    )
    renamed = _rewrite(council, tmp_path / "renamed.docx", {"[Content_Types].xml": types})
    _assert_refused(renamed, "contains macros")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"Dear Councillor,\nplease find attached", "not a zip package"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not a zip package"),
    ],
)
def test_files_that_are_not_word_are_refused(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "template.docx"
    path.write_bytes(content)
    _assert_refused(path, fragment)


def test_other_office_files_and_damaged_packages_are_refused(council: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(workbook, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr("xl/workbook.xml", "<workbook/>")
    _assert_refused(workbook, "Excel workbook")
    plain_zip = tmp_path / "photos.docx"
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("photo.txt", "not a document")
    _assert_refused(plain_zip, "no Office content types")
    broken = _rewrite(council, tmp_path / "broken.docx", {"word/styles.xml": b"<w:styles><unclosed>"})
    _assert_refused(broken, "damaged")
    no_body = _rewrite(council, tmp_path / "nobody.docx", {"word/document.xml": None})
    _assert_refused(no_body, "damaged")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(council.read_bytes()[:400])
    _assert_refused(truncated, "not a zip package")


def test_missing_template_and_folder_are_refused(tmp_path: Path) -> None:
    _assert_refused(tmp_path / "nowhere.dotx", "file not found")
    _assert_refused(tmp_path, "folder")


def test_open_word_reads_a_dotx_for_checking(council: Path, tmp_path: Path) -> None:
    dotx = _as_dotx(council, tmp_path / "c.dotx")
    doc = open_word(dotx, what="document")
    assert doc.paragraphs[0].text == "Insert the report title here"
    assert isinstance(doc.core_properties.title, str)
    packaged = io.BytesIO()
    doc.save(packaged)
    assert DOCUMENT_CT in zipfile.ZipFile(packaged).read("[Content_Types].xml")


# -- templates as Word and LibreOffice really make them (issue 18) ----------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _minimal_dotx(path: Path, styles: bool, header: str | None = None) -> Path:
    """The smallest template Word saves: a body, perhaps a styles part with only Normal, no numbering."""
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{TEMPLATE_CT.decode()}"/>']
    rels = []
    if styles:
        overrides.append(
            '<Override PartName="/word/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        )
        rels.append(f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>')
    sect = "<w:sectPr/>"
    if header is not None:
        overrides.append(
            '<Override PartName="/word/header1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        )
        rels.append(f'<Relationship Id="rId2" Type="{_REL}/header" Target="header1.xml"/>')
        sect = '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/></w:sectPr>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}" xmlns:r="{_REL}"><w:body>'
            f"<w:p><w:r><w:t>Letterhead</w:t></w:r></w:p>{sect}</w:body></w:document>",
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>',
        )
        if styles:
            z.writestr(
                "word/styles.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{_W}">'
                '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
                "</w:styles>",
            )
        if header is not None:
            z.writestr("word/header1.xml", header)
            z.writestr(
                "word/_rels/header1.xml.rels",
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
                f'<Relationship Id="rId7" Type="{_REL}/image" Target="https://tracker.example.invalid/pixel.png" '
                'TargetMode="External"/></Relationships>',
            )
    return path


@pytest.mark.parametrize("styles", [True, False], ids=["only-normal-style", "no-styles-part"])
def test_a_minimal_word_template_without_numbering_renders(tmp_path: Path, styles: bool) -> None:
    template = _minimal_dotx(tmp_path / "plain.dotx", styles=styles)
    out, doc = _render(template, tmp_path)
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]  # bullets need the numbering part
    assert check_docx(out) == []


def test_a_template_libreoffice_saved_renders(tmp_path: Path) -> None:
    template = Path(__file__).parent / "fixtures" / "templates" / "libreoffice-letterhead.dotx"
    out, doc = _render(template, tmp_path)
    assert doc.paragraphs[0].text
    assert check_docx(out) == []


_REMOTE_HEADER = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{_W}" xmlns:r="{_REL}" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:p>'
    '<w:r><w:t xml:space="preserve">Borsetshire Council </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "https://tracker.example.invalid/p.png" \\d </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:drawing><a:blip r:link="rId7"/></w:drawing></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '</w:p><w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;\\\\\\\\server\\\\share\\\\x.docx&quot; ">'
    "<w:r><w:t>included</w:t></w:r></w:fldSimple>"
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
)


def test_fields_and_links_that_fetch_remote_content_are_removed_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _minimal_dotx(tmp_path / "tracked.dotx", styles=True, header=_REMOTE_HEADER)
    out, doc = _render(template, tmp_path)
    err = capsys.readouterr().err
    assert "tracked.dotx: template: removed 2 fields (INCLUDEPICTURE, INCLUDETEXT) and 1 link to outside files" in err
    with zipfile.ZipFile(out) as z:
        everything = b"".join(z.read(n) for n in z.namelist())
    assert b"INCLUDEPICTURE" not in everything and b"INCLUDETEXT" not in everything
    assert b"tracker.example.invalid" not in everything and b"r:link" not in everything
    header = doc.sections[0].header
    assert "Borsetshire Council" in header.paragraphs[0].text  # the rest of the header is kept
    assert ext.has_page_field(header._element)  # and an ordinary PAGE field with it
