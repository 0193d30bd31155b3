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

from hiap.models.assessment import RATING_WORDS, Assessment
from hiap.models.document import Block, Bullets, Callout, Heading, Paragraph, Table
from hiap.render.content import document_title, plan

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

_LINKED_SOURCE = re.compile(r"^(?P<title>.+?) – (?P<url>https?://\S+)$")
_BLANK_LINE = re.compile(r"\n\s*\n")
_RATING_BY_WORD = sorted(((word, key) for key, word in RATING_WORDS.items()), key=lambda item: -len(item[0]))


def _clean(text: str) -> str:
    """One line of text: runs of spaces or line breaks would read as layout, not content."""
    return " ".join(str(text).split())


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs, as in the Markdown copy."""
    return [c for part in _BLANK_LINE.split(str(text).strip()) if (c := _clean(part))]


def rating_of(text: str) -> str | None:
    """The rating a cell's words state ("Negative (major) (-)" is negative), if any."""
    for word, key in _RATING_BY_WORD:
        if text.startswith(word):
            return key
    return None


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Share the text width by how much each column holds, never narrower than its longest word."""
    count = len(header)
    char = 118  # twips per character of 10pt Arial, bold capitals included, on average
    padding = 240
    floors: list[int] = []
    weights: list[float] = []
    for col in range(count):
        texts = [header[col], *(row[col] for row in rows)]
        longest_word = max((len(w) for t in texts for w in str(t).split()), default=1)
        floors.append(min(longest_word * char + padding, total // count + total // (2 * count)))
        lengths = sorted(len(str(t)) for t in texts)
        typical = lengths[int(len(lengths) * 0.8)] if len(lengths) > 1 else lengths[0]
        weights.append(min(max(typical, longest_word, 3), 60))
    spare = total - sum(floors)
    if spare <= 0:
        return [total // count] * (count - 1) + [total - (total // count) * (count - 1)]
    extra = [max(w * char + padding - f, 0) for w, f in zip(weights, floors, strict=True)]
    need = sum(extra) or 1
    widths = [f + int(spare * e / need) for f, e in zip(floors, extra, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


class _Builder:
    """Appends paragraphs and tables to the document body, in the template's style ids."""

    def __init__(self, doc: Any, style_ids: dict[str, str]) -> None:
        from docx.oxml.ns import qn

        from hiap.render import docx_ext as ext

        self.ext = ext
        self.qn = qn
        self.doc = doc
        self.ids = style_ids
        self.body = doc.element.body
        sect = self.body.findall(qn("w:sectPr"))
        self.sect = sect[-1]
        self.body.remove(self.sect)  # re-added last, so new content goes before it
        self.width = ext.text_width(self.sect)
        self.tables = 0
        self.normal_id = style_ids.get("Normal", "Normal")
        self.after_table = False

    def finish(self) -> None:
        self.body.append(self.sect)

    def paragraph(self, style: str, text: str | None = None, *, keep_next: bool = False,
                  page_break_before: bool = False, parent: Any = None) -> Any:
        sub = self.ext.sub
        p = sub(self.body if parent is None else parent, "w:p")
        style_id = self.ids[style]
        # text straight after a table needs air above it; spacing, never an empty paragraph
        space_before = parent is None and self.after_table and style in ("Normal", "List Bullet")
        if parent is None:
            self.after_table = False
        if style_id != self.normal_id or keep_next or page_break_before or space_before:
            ppr = sub(p, "w:pPr")
            if style_id != self.normal_id:
                sub(ppr, "w:pStyle", {"w:val": style_id})
            if keep_next:
                sub(ppr, "w:keepNext")
            if page_break_before:
                sub(ppr, "w:pageBreakBefore")
            if space_before:
                sub(ppr, "w:spacing", {"w:before": "160"})
        if text:
            self.ext.add_text_run(p, text)
        return p

    def heading(self, text: str, level: int, *, page_break_before: bool = False) -> None:
        self.paragraph("Title" if level == 0 else f"Heading {level}", _clean(text), page_break_before=page_break_before)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            # a section's own title is Heading 1, so its sub-headings are one and two levels down
            self.heading(block.text, block.level + 1)
        elif isinstance(block, Paragraph):
            for text in _paragraphs(block.text):
                self.paragraph("Normal", text)
        elif isinstance(block, Bullets):
            self.bullets(block.items)
        elif isinstance(block, Callout):
            self.callout(block.label, block.text)
        elif isinstance(block, Table):
            self.table(block)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            text = _clean(item)
            if not text:
                continue
            linked = _LINKED_SOURCE.match(text)
            if linked:
                # the title is the link text; the address follows in plain text for printed copies
                p = self.paragraph("List Bullet")
                self.ext.add_hyperlink(p, self.doc.part, linked["url"], linked["title"], self.ids.get("Hyperlink"))
                self.ext.add_text_run(p, f" – {linked['url']}")
            else:
                self.paragraph("List Bullet", text)

    def callout(self, label: str, text: str) -> None:
        p = self.paragraph("hiap Callout")
        self.ext.add_text_run(p, f"{_clean(label)}: ", bold=True)
        self.ext.add_text_run(p, _clean(text))

    def table(self, block: Table) -> None:
        ext, sub = self.ext, self.ext.sub
        self.tables += 1
        header = [_clean(h) or "-" for h in block.header]
        rows = [[_clean(c) or "-" for c in row] for row in block.rows]
        if not rows:
            rows = [["None recorded"] + ["-"] * (len(header) - 1)]
        caption = _clean(block.caption)
        self.paragraph("Caption", f"Table {self.tables}: {caption}", keep_next=True)

        tbl = sub(self.body, "w:tbl")
        pr = sub(tbl, "w:tblPr")
        sub(pr, "w:tblStyle", {"w:val": self.ids["Table Grid"]})
        sub(pr, "w:tblW", {"w:w": str(self.width), "w:type": "dxa"})
        sub(pr, "w:tblLayout", {"w:type": "fixed"})
        sub(pr, "w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
                              "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})
        columns = ", ".join(header)
        sub(pr, "w:tblCaption", {"w:val": caption[:255]})
        sub(pr, "w:tblDescription", {"w:val": f"{caption}: {len(rows)} rows; columns {columns}."[:255]})
        widths = column_widths(header, rows, self.width)
        grid = sub(tbl, "w:tblGrid")
        for w in widths:
            sub(grid, "w:gridCol", {"w:w": str(w)})

        rating_col = header.index("Rating") if "Rating" in header else None
        keep = len(rows) <= KEEP_TOGETHER_ROWS
        self._row(tbl, header, widths, header_row=True, keep_next=True)
        for index, row in enumerate(rows):
            fills: dict[int, str] = {}
            if rating_col is not None:
                fills[rating_col] = row[rating_col]
            elif len(row) == 2 and row[0] == "Rating":
                fills[1] = row[1]
            shading = {col: fill for col, text in fills.items() if (fill := RATING_FILLS.get(rating_of(text) or ""))}
            self._row(tbl, row, widths, shading=shading, keep_next=keep and index < len(rows) - 1)
        self.after_table = True

    def _row(self, tbl: Any, cells: Sequence[str], widths: Sequence[int], *, header_row: bool = False,
             keep_next: bool = False, shading: dict[int, str] | None = None) -> None:
        sub = self.ext.sub
        tr = sub(tbl, "w:tr")
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header_row:
            sub(trpr, "w:tblHeader")
        style = "hiap Table Heading" if header_row else "hiap Table Text"
        for col, (text, width) in enumerate(zip(cells, widths, strict=True)):
            tc = sub(tr, "w:tc")
            tcpr = sub(tc, "w:tcPr")
            sub(tcpr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
            fill = TABLE_HEADER_FILL if header_row else (shading or {}).get(col)
            if fill:
                sub(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
            self.paragraph(style, text, keep_next=keep_next, parent=tc)


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
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
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
    core.keywords = cap("; ".join(k for k in ("Health in All Policies", "Marmot principles", "health equity",
                                               "health impact assessment", council_name) if k))
    core.category = "Committee report appendix"
    core.comments = cap(f"Overall conclusion: {a.conclusion_words}")
    core.content_status = cap(a.status)
    core.version = cap(a.version or "1")
    core.identifier = cap(a.decision.get("reference") or "")
    core.revision = 1
    created = _when(a.created) or _when(a.updated)
    modified = _when(a.updated) or created
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    core.created = created or now
    core.modified = modified or now


def render_docx(a: Assessment, options: dict[str, Any]) -> bytes:
    """The finished ``.docx`` as bytes; the same assessment gives the same XML."""
    from hiap.render import docx_ext as ext
    from hiap.render.docx_template import prepare

    appendix = options.get("appendix")
    council = dict(options.get("council") or {})
    template = options.get("template")
    prepared = prepare(Path(template) if template else None, council)
    doc = prepared.doc
    title = document_title(a, appendix)

    builder = _Builder(doc, prepared.style_ids)
    builder.heading(title, 0)
    for index, section in enumerate(plan(a, appendix)):
        # the one-minute summary has page 1 to itself; the detail starts on page 2
        builder.heading(section.title, 1, page_break_before=index == 1)
        for block in section.blocks:
            builder.block(block)
    builder.finish()

    ext.set_language(doc)
    _set_properties(doc, a, title, council)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    """Write the appendix in one step, so an open or half-written file is never left behind."""
    from hiap.yamlio import atomic_write

    atomic_write(path, render_docx(a, options))
