"""Build ``hiap/render/house.docx``, hiap's own accessible Word template, from python-docx's default.

Why a script: python-docx's bundled default is US Letter, en-US, Cambria, compatibility mode 14
and has heading colours that fail WCAG contrast (design notes A1.0). This rebuilds the same
file every time, so a reviewer can read exactly what the house style is.

Run: ``.venv/bin/python tools/make_house_template.py`` (writes hiap/render/house.docx).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm

from hiap.render import docx_ext as ext

OUT = Path(__file__).resolve().parent.parent / "hiap" / "render" / "house.docx"

#: Text colours, each checked against white (and the fills below) when the script runs.
NAVY = "1F3864"  # headings and title: 11.6:1 on white
DARK_GREY = "404040"  # captions and footer: 10.4:1
LINK_BLUE = "0B4F9C"  # hyperlinks, also underlined
CALLOUT_FILL = "EEF2F8"
TABLE_HEADER_FILL = "DCE3EE"

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

DOC_DEFAULTS = f"""<w:docDefaults {W}>
  <w:rPrDefault><w:rPr>
    <w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>
    <w:sz w:val="22"/><w:szCs w:val="22"/>
    <w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>"""

# Fonts are set only in docDefaults, so styles copied into a council's template inherit its font.
STYLES = [
    f"""<w:style {W} w:type="paragraph" w:default="1" w:styleId="Normal">
  <w:name w:val="Normal"/><w:qFormat/>
</w:style>""",
    f"""<w:style {W} w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
  <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>
</w:style>""",
    f"""<w:style {W} w:type="table" w:default="1" w:styleId="TableNormal">
  <w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
  <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>
    <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
  </w:tblCellMar></w:tblPr>
</w:style>""",
    f"""<w:style {W} w:type="numbering" w:default="1" w:styleId="NoList">
  <w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Title">
  <w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/>
    <w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{NAVY}"/></w:pBdr>
    <w:spacing w:before="0" w:after="160" w:line="252" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:kern w:val="28"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Subtitle">
  <w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="160" w:line="252" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:color w:val="{NAVY}"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Heading1">
  <w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="100" w:line="240" w:lineRule="auto"/>
    <w:outlineLvl w:val="0"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Heading2">
  <w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>
  <w:unhideWhenUsed/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="180" w:after="60" w:line="240" w:lineRule="auto"/>
    <w:outlineLvl w:val="1"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Heading3">
  <w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/>
  <w:unhideWhenUsed/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="60" w:line="240" w:lineRule="auto"/>
    <w:outlineLvl w:val="2"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="ListBullet">
  <w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="357" w:hanging="357"/></w:pPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Caption">
  <w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/>
  <w:unhideWhenUsed/><w:qFormat/>
  <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:b/><w:bCs/><w:color w:val="{DARK_GREY}"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="character" w:styleId="Hyperlink">
  <w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:rPr><w:color w:val="{LINK_BLUE}"/><w:u w:val="single"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="table" w:styleId="TableGrid">
  <w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr><w:tblInd w:w="0" w:type="dxa"/>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>
    </w:tblBorders>
    <w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="20" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Header">
  <w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:color w:val="{DARK_GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:styleId="Footer">
  <w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>
  <w:rPr><w:color w:val="{DARK_GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
</w:style>""",
    # hiap's own styles; prefixed so they never collide with a council's "Table Text".
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="hiapTableText">
  <w:name w:val="hiap Table Text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="39"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="hiapTableHeading">
  <w:name w:val="hiap Table Heading"/><w:basedOn w:val="hiapTableText"/><w:uiPriority w:val="39"/><w:qFormat/>
  <w:pPr><w:keepNext/></w:pPr>
  <w:rPr><w:b/><w:bCs/></w:rPr>
</w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="hiapCallout">
  <w:name w:val="hiap Callout"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="39"/><w:qFormat/>
  <w:pPr><w:keepLines/>
    <w:pBdr><w:left w:val="single" w:sz="36" w:space="8" w:color="{NAVY}"/></w:pBdr>
    <w:shd w:val="clear" w:color="auto" w:fill="{CALLOUT_FILL}"/>
    <w:spacing w:before="120" w:after="120"/><w:ind w:left="227" w:right="113"/></w:pPr>
</w:style>""",
]

NUMBERING = f"""<w:numbering {W}>
  <w:abstractNum w:abstractNumId="0">
    <w:nsid w:val="4849A001"/><w:multiLevelType w:val="singleLevel"/><w:tmpl w:val="4849A001"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>
      <w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>
      <w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr>
      <w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/></w:rPr></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

APP_XML = b"""<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
  <Template>Normal.dotm</Template>
  <Application>hiap</Application>
  <DocSecurity>0</DocSecurity>
  <ScaleCrop>false</ScaleCrop>
  <LinksUpToDate>false</LinksUpToDate>
  <SharedDoc>false</SharedDoc>
  <HyperlinksChanged>false</HyperlinksChanged>
</Properties>
"""


def _check_colours() -> None:
    """Refuse to write a template whose own colours fail WCAG 2.2 AA (4.5:1 for body-size text)."""
    for name, fore, back in (
        ("heading", NAVY, "FFFFFF"),
        ("caption", DARK_GREY, "FFFFFF"),
        ("link", LINK_BLUE, "FFFFFF"),
        ("callout", "000000", CALLOUT_FILL),
        ("table header", "000000", TABLE_HEADER_FILL),
    ):
        ratio = ext.contrast_ratio(fore, back)
        if ratio < 4.5:
            raise SystemExit(f"{name} colour {fore} on {back} has contrast {ratio:.2f}:1, below 4.5:1")


def build() -> bytes:
    _check_colours()
    doc = Document()

    # Parts the default carries that hiap never uses: Word 2010 style effects, a custom XML item, a thumbnail.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            doc.part.drop_rel(rid)
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid)

    styles = doc.styles.element
    for child in list(styles):
        if child.tag in (qn("w:style"), qn("w:docDefaults")):
            styles.remove(child)
    styles.insert(0, parse_xml(DOC_DEFAULTS))
    for xml in STYLES:
        styles.append(parse_xml(xml))

    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    footer = section.footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    para.style = doc.styles["Footer"]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ext.add_page_x_of_y(para._p)

    ext.set_language(doc)
    ext.set_compatibility_mode(doc, 15)
    settings = doc.settings.element
    for tag in ("w:rsids", "w:proofState", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)

    core = doc.core_properties
    core.author = "hiap"
    core.last_modified_by = "hiap"
    core.comments = ""
    core.title = ""
    core.subject = ""
    core.keywords = ""
    core.language = ext.LANGUAGE

    for part in pkg.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML
        if str(part.partname) == "/word/theme/theme1.xml":
            # theme fonts become Arial too, for anything that still asks the theme
            part._blob = part.blob.replace(b'typeface="Calibri"', b'typeface="Arial"').replace(
                b'typeface="Cambria"', b'typeface="Arial"'
            )

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Fixed member dates and maximum compression, so the committed binary is small and reproducible."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
    ):
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def main() -> int:
    OUT.write_bytes(build())
    print(f"Wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
