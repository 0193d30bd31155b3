"""The Word appendix: the content plan written into the house or the council's template.

Accessibility is built in, not hoped for (design notes A3): real heading styles in order, a
repeating header row, caption and description on every table, no merged or empty cells, ratings
in words and symbols with any shading only repeating them, language and title set, A4.
The body is built with lxml directly, which keeps a large assessment as quick to write as a
one-paragraph python-docx document.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.models.assessment import Assessment
from hiap.models.document import Block, Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.render.content import LEAD_IN_LABELS, document_title, plan
from hiap.render.docx_layout import HeightEstimate, StyleMetrics, column_widths

#: Pale fills behind rating words; black text on each is above 14:1, and the words carry the meaning.
RATING_FILLS: dict[str, str] = {
    "positive": "E2F0D9",
    "negative": "F8DDDB",
    "mixed": "FCEFC9",
    "neutral": "EDEDED",
    "uncertain": "E6E4F2",
}
TABLE_HEADER_FILL = "DCE3EE"
#: Tables up to this many data rows are kept on one page (each row "keeps with next").
KEEP_TOGETHER_ROWS = 12
#: Space above text that follows a table, in twips.
SPACE_AFTER_TABLE = 160
#: Share of page 1 the summary's estimated height may take before the detail is moved to page 2.
SUMMARY_PAGE_SHARE = 0.99

#: Lead-in labels the content plan puts before findings; shown bold so a reader can scan for them.
_LEAD_IN = re.compile(
    r"^(?P<label>" + "|".join(re.escape(label) for label in LEAD_IN_LABELS) + r"):(?: (?P<rest>\S.*))?$"
)
_LINKED_SOURCE = re.compile(r"^(?P<title>.+?) – (?P<url>https?://\S+)$")
_BLANK_LINE = re.compile(r"\n\s*\n")
_RATING_BY_WORD = sorted(((word, key) for key, word in wording.RATING_WORDS.items()), key=lambda item: -len(item[0]))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """One line of text: runs of spaces or line breaks would read as layout, not content.

    Characters XML cannot carry (control codes pasted from other systems) are dropped.
    """
    return " ".join(_NOT_XML.sub("", str(text)).split())


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs, as in the Markdown copy."""
    return [c for part in _BLANK_LINE.split(str(text).strip()) if (c := _clean(part))]


def rating_of(text: str) -> str | None:
    """The rating a cell's words state ("Negative (major) (-)" is negative), if any."""
    for word, key in _RATING_BY_WORD:
        if text.startswith(word):
            return key
    return None


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run(text: str, *, bold: bool = False, style_id: str | None = None) -> str:
    props = (f'<w:rStyle w:val="{_esc(style_id)}"/>' if style_id else "") + ("<w:b/>" if bold else "")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}<w:t{space}>{_esc(text)}</w:t></w:r>"


class _Builder:
    """Writes the body as WordprocessingML text, parsed once at the end.

    One parse is several times quicker than creating each element through lxml's API, which is
    what keeps a large assessment within reach of a one-paragraph python-docx document.
    """

    def __init__(self, doc: Any, style_ids: dict[str, str]) -> None:
        from docx.oxml.ns import qn

        from hiap.render import docx_ext as ext

        self.ext = ext
        self.doc = doc
        self.ids = style_ids
        self.body = doc.element.body
        self.sect = self.body.findall(qn("w:sectPr"))[-1]
        self.width = ext.text_width(self.sect)
        self.tables = 0
        self.normal_id = style_ids.get("Normal", "Normal")
        self.after_table = False
        self.height = HeightEstimate(StyleMetrics(doc.styles.element), self.width)
        self.out: list[str] = []

    def finish(self) -> None:
        """Parse what was written and put it before the final section properties."""
        from docx.oxml import parse_xml
        from lxml import etree

        from hiap.render.docx_ext import R_NS, W_NS

        # the whole body in one parse, section properties (header and footer links) included
        sect = etree.tostring(self.sect, encoding="unicode")
        body = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(self.out)}{sect}</w:body>')
        old = self.doc.element.body
        self.doc.element.replace(old, body)

    def summary_fits(self) -> bool:
        """Whether what is written so far fits on page 1 by the estimate (which errs tall)."""
        self.height.active = False
        return self.height.total <= self.ext.page_body_height(self.sect) * SUMMARY_PAGE_SHARE

    def _p(
        self,
        style: str,
        runs: str,
        *,
        keep_next: bool = False,
        page_break_before: bool = False,
        in_table: bool = False,
        measure: str | None = None,
    ) -> str:
        style_id = self.ids[style]
        # text straight after a table needs air above it; spacing, never an empty paragraph
        space_before = not in_table and self.after_table and style in ("Normal", "List Bullet")
        if not in_table:
            self.after_table = False
        props = ""
        if style_id != self.normal_id:
            props += f'<w:pStyle w:val="{_esc(style_id)}"/>'
        if keep_next:
            props += "<w:keepNext/>"
        if page_break_before:
            props += "<w:pageBreakBefore/>"
        if space_before:
            props += f'<w:spacing w:before="{SPACE_AFTER_TABLE}"/>'
        if measure is not None:
            self.height.paragraph(style_id, measure, extra_before=SPACE_AFTER_TABLE / 20 if space_before else 0.0)
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"

    def paragraph(self, style: str, text: str, **options: Any) -> None:
        self.out.append(self._p(style, _run(text) if text else "", measure=text, **options))

    def heading(self, text: str, level: int, *, page_break_before: bool = False) -> None:
        # keep a heading with what follows even when a council's heading styles do not say so
        self.paragraph(
            "Title" if level == 0 else f"Heading {level}",
            _clean(text),
            page_break_before=page_break_before,
            keep_next=True,
        )

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            # a section's own title is Heading 1, so its sub-headings are one and two levels down
            self.heading(block.text, block.level + 1)
        elif isinstance(block, Paragraph):
            for text in _paragraphs(block.text):
                lead_in = _LEAD_IN.match(text)
                if lead_in:
                    rest = lead_in["rest"] or ""
                    runs = _run(f"{lead_in['label']}:" + (" " if rest else ""), bold=True) + (
                        _run(rest) if rest else ""
                    )
                    self.out.append(self._p("Normal", runs, measure=text))
                else:
                    self.paragraph("Normal", text)
        elif isinstance(block, Bullets):
            self.bullets(block.items)
        elif isinstance(block, Callout):
            self.callout(block.label, block.text)
        elif isinstance(block, Table):
            self.table(block)

    def bullets(self, items: Sequence[str]) -> None:
        from hiap.render.docx_ext import RT_HYPERLINK

        for item in items:
            text = _clean(item)
            if not text:
                continue
            linked = _LINKED_SOURCE.match(text)
            if linked:
                # the title is the link text; the address follows in plain text for printed copies
                rid = self.doc.part.relate_to(linked["url"], RT_HYPERLINK, is_external=True)
                runs = (
                    f'<w:hyperlink r:id="{_esc(rid)}">{_run(linked["title"], style_id=self.ids.get("Hyperlink"))}'
                    f"</w:hyperlink>{_run(' – ' + linked['url'])}"
                )
                self.out.append(self._p("List Bullet", runs, measure=text))
            else:
                self.paragraph("List Bullet", text)

    def callout(self, label: str, text: str) -> None:
        label, text = _clean(label), _clean(text)
        self.out.append(self._p("hiap Callout", _run(f"{label}: ", bold=True) + _run(text)))
        self.height.paragraph(self.ids["hiap Callout"], f"{label}: {text}", extra_before=8.0, extra_indent=8.0)

    def table(self, block: Table) -> None:
        self.tables += 1
        header = [_clean(h) or "-" for h in block.header]
        rows = [[_clean(c) or "-" for c in row] for row in block.rows]
        if not rows:
            rows = [["None recorded"] + ["-"] * (len(header) - 1)]
        caption = _clean(block.caption)
        self.paragraph("Caption", f"Table {self.tables}: {caption}", keep_next=True)
        metrics = self.height.styles.get(self.ids["hiap Table Text"])
        widths = column_widths(header, rows, self.width, metrics.size, metrics.factor)
        description = f"{caption}: {len(rows)} rows; columns {', '.join(header)}."
        out = self.out
        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{_esc(self.ids["Table Grid"])}"/>'
            f'<w:tblW w:w="{self.width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/>'
            f'<w:tblCaption w:val="{_esc(caption[:255])}"/><w:tblDescription w:val="{_esc(description[:255])}"/>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
        )
        rating_col = header.index("Rating") if "Rating" in header else None
        keep = len(rows) <= KEEP_TOGETHER_ROWS
        self._row(header, widths, header_row=True, keep_next=True)
        for index, row in enumerate(rows):
            fills: dict[int, str] = {}
            if rating_col is not None:
                fills[rating_col] = row[rating_col]
            elif len(row) == 2 and row[0] == "Rating":
                fills[1] = row[1]
            shading = {col: fill for col, text in fills.items() if (fill := RATING_FILLS.get(rating_of(text) or ""))}
            self._row(row, widths, shading=shading, keep_next=keep and index < len(rows) - 1)
        out.append("</w:tbl>")
        self.after_table = True

    def _row(
        self,
        cells: Sequence[str],
        widths: Sequence[int],
        *,
        header_row: bool = False,
        keep_next: bool = False,
        shading: dict[int, str] | None = None,
    ) -> None:
        style = "hiap Table Heading" if header_row else "hiap Table Text"
        self.height.table_row(self.ids[style], cells, widths)
        parts = [
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            if header_row
            else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        ]
        # every cell paragraph of a row is alike but for its text, so its opening is built once
        props = f'<w:pStyle w:val="{_esc(self.ids[style])}"/>' + ("<w:keepNext/>" if keep_next else "")
        opening = f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>"
        for col, (text, width) in enumerate(zip(cells, widths, strict=True)):
            fill = TABLE_HEADER_FILL if header_row else (shading or {}).get(col)
            shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            # cell text is already cleaned: no leading or trailing spaces to preserve
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{opening}{_esc(text)}</w:t></w:r></w:p></w:tc>'
            )
        parts.append("</w:tr>")
        self.out.append("".join(parts))


def _when(value: str | None) -> dt.datetime | None:
    """An answers-file timestamp as naive UTC, which is what core properties store."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(str(value)[:10]), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _set_properties(doc: Any, a: Assessment, title: str, council: dict[str, Any]) -> None:
    core = doc.core_properties
    council_name = str(council.get("name") or "").strip()
    author = (a.signoff.get("assessor") or "").strip() or council_name

    def cap(text: str) -> str:
        return _clean(text)[:255]

    core.title = cap(title)
    core.subject = cap(f"Health in All Policies assessment of {a.title}")
    core.author = cap(author)
    core.last_modified_by = cap(author)
    core.keywords = cap(
        "; ".join(
            k
            for k in (
                "Health in All Policies",
                "Marmot principles",
                "health equity",
                "health impact assessment",
                council_name,
            )
            if k
        )
    )
    core.category = "Committee report appendix"
    label, text = wording.overall(a)
    core.comments = cap(f"{label}: {text}")
    core.content_status = "Approved" if a.approved else ("Complete" if a.complete else "Draft")
    core.version = cap(", ".join(f"{p.name} {p.version}" for p in a.plugins if p.version) or "1")
    core.identifier = cap(a.decision.get("reference") or "")
    core.revision = 1
    created = _when(a.created) or _when(a.updated)
    modified = _when(a.updated) or created
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    core.created = created or now
    core.modified = modified or now


def build_document(title: str, sections: Sequence[DocSection], options: dict[str, Any]) -> Any:
    """Any document made of format-neutral sections (the assessment, the board report) in the
    house or council template: title, headings in order, the first section alone on page 1 when
    it fits there, language set. Returns the python-docx Document for the caller's properties."""
    from hiap.render import docx_ext as ext
    from hiap.render.docx_template import prepare

    template = options.get("template")
    prepared = prepare(Path(template) if template else None, dict(options.get("council") or {}))
    doc = prepared.doc
    builder = _Builder(doc, prepared.style_ids)
    builder.heading(title, 0)
    for index, section in enumerate(sections):
        # the one-minute summary has page 1 to itself when it fits there; the detail starts on page 2
        builder.heading(section.title, 1, page_break_before=index == 1 and builder.summary_fits())
        for block in section.blocks:
            builder.block(block)
    builder.finish()
    ext.set_language(doc)
    return doc


def render_docx(a: Assessment, options: dict[str, Any]) -> bytes:
    """The finished ``.docx`` as bytes; the same assessment gives the same XML."""
    appendix = options.get("appendix")
    title = document_title(a, appendix)
    doc = build_document(title, plan(a, appendix), options)
    _set_properties(doc, a, title, dict(options.get("council") or {}))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    """Write the appendix in one step, so an open or half-written file is never left behind."""
    from hiap.yamlio import atomic_write

    atomic_write(path, render_docx(a, options))
