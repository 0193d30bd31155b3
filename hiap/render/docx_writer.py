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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hiap import wording
from hiap.models.assessment import Assessment
from hiap.models.document import Block, Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.models.principles import IMPACT_DIRECTION
from hiap.render.content import (
    LEAD_IN,
    LINKED_SOURCE,
    after_page_one,
    annex,
    annex_path,
    annex_title,
    document_subtitle,
    document_title,
    plan,
    summary_variants,
)
from hiap.render.docx_layout import HeightEstimate, StyleMetrics, column_widths, header_overflow

#: Pale fills behind rating words; black text on each is above 14:1, and the words carry the meaning.
RATING_FILLS: dict[str, str] = {
    "positive": "E2F0D9",
    "negative": "F8DDDB",
    "mixed": "FCEFC9",
    "neutral": "EDEDED",
    "uncertain": "E6E4F2",
}
TABLE_HEADER_FILL = "DCE3EE"
#: Tables up to this many data rows are kept on one page (each row "keeps with next")...
KEEP_TOGETHER_ROWS = 8
#: ...when they take no more than this share of a page: moving a taller one whole to the next
#: page would leave the page before it half empty.
KEEP_TOGETHER_SHARE = 0.3
#: Space above text that follows a table, in twips.
SPACE_AFTER_TABLE = 160
#: Space between a table's caption and the table, in twips.
CAPTION_AFTER = 60
#: Share of page 1 the summary's estimated height may take: the estimate errs tall (by 7 to 9
#: per cent in Word and LibreOffice, house style and council templates alike).
SUMMARY_PAGE_SHARE = 1.05
#: The detail is moved to page 2 only below this share, so an estimate a little short never
#: leaves page 2 holding the end of the summary alone.
SUMMARY_BREAK_SHARE = 1.0
#: The detail starts on a page of its own only when page 1 is at least this full; a shorter
#: summary is followed on the same page, so no page is left more than half empty.
SUMMARY_FULL_ENOUGH = 0.5
#: The appendix asks more: a short summary (a decision screened out) is followed on the same
#: page, so a two-page appendix is not spread over three.
APPENDIX_FULL_ENOUGH = 0.75

#: Largest title size, in points: a council template's 26 or 28 pt Title would take page 1's room
#: for actions (its colour, font and rule are kept).
TITLE_MAX_PT = 20

_BLANK_LINE = re.compile(r"\n\s*\n")
_RATING_BY_WORD = sorted(
    [
        *((word, key) for key, word in wording.RATING_WORDS.items()),
        *((word, IMPACT_DIRECTION[key][0]) for key, word in wording.EFFECT_WORDS.items()),
    ],
    key=lambda item: -len(item[0]),
)


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


def _labelled_runs(text: str) -> str:
    """Runs for a paragraph whose labels ("Reasoning:", at its start or a sentence's) are bold."""
    runs, position = [], 0
    for match in LEAD_IN.finditer(text):
        if match.start() > position:
            runs.append(_run(text[position : match.start()]))
        runs.append(_run(f"{match['label']}:", bold=True))
        position = match.end()
    if position < len(text):
        runs.append(_run(text[position:]))
    return "".join(runs)


class _Builder:
    """Writes the body as WordprocessingML text, parsed once at the end.

    One parse is several times quicker than creating each element through lxml's API, which is
    what keeps a large assessment within reach of a one-paragraph python-docx document.
    """

    def __init__(self, doc: Any, style_ids: dict[str, str]) -> None:
        from hiap.render import docx_ext as ext
        from hiap.render.docx_ext import qn

        self.ext = ext
        self.doc = doc
        self.ids = style_ids
        self.body = doc.element.body
        self.sect = self.body.findall(qn("w:sectPr"))[-1]
        self.width = ext.text_width(self.sect)
        self.tables = 0
        self.section_title = ""
        self.normal_id = style_ids.get("Normal", "Normal")
        self.after_table = False
        metrics = StyleMetrics(doc.styles.element)
        self.height = HeightEstimate(
            metrics, self.width, metrics.row_overhead(style_ids.get("Table Grid", "TableGrid"))
        )
        self.out: list[str] = []
        #: the variant of page 1 written, once ``page_one`` has chosen
        self.chosen: DocSection | None = None

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

    def page_height(self) -> float:
        """Room for the body on a page, in points: between the margins, less any header or
        footer (a letterhead with a logo) that reaches past its margin."""
        from hiap.render.docx_ext import qn

        height = self.ext.page_body_height(self.sect)
        section = self.doc.sections[-1]
        mar = self.sect.find(qn("w:pgMar"))
        for part, distance, margin in (
            (section.header, "w:header", "w:top"),
            (section.footer, "w:footer", "w:bottom"),
        ):
            if part.is_linked_to_previous or mar is None:
                continue
            try:
                dist, edge = int(mar.get(qn(distance), "720")), abs(int(mar.get(qn(margin), "1134")))
            except ValueError:
                continue
            height -= header_overflow(part._element, dist, edge)
        return height

    def snapshot(self) -> tuple[int, float, int, bool]:
        return len(self.out), self.height.total, self.tables, self.after_table

    def rollback(self, state: tuple[int, float, int, bool]) -> None:
        del self.out[state[0] :]
        self.height.total, self.tables, self.after_table = state[1], state[2], state[3]

    def section(self, section: DocSection, *, page_break_before: bool = False) -> None:
        self.section_title = _clean(section.title)
        self.heading(section.title, 1, page_break_before=page_break_before)
        for block in section.blocks:
            self.block(block)

    def page_one(self, variants: Sequence[DocSection], full_enough: float = SUMMARY_FULL_ENOUGH) -> bool:
        """Write the first variant of page 1 that fits it (the estimate errs tall, so within
        ``SUMMARY_PAGE_SHARE``), else the last; True when the detail may start on page 2: page 1
        surely fits and is full enough."""
        room = self.page_height()
        heights = []
        for variant in variants:
            state = self.snapshot()
            self.section(variant)
            heights.append(self.height.total - state[1])
            self.rollback(state)
        start = self.height.total
        # the fullest variant the (tall-erring) estimate allows: a shorter one is never preferred
        # just because it surely fits, or page 1 gives up actions to leave a fifth of it blank
        chosen = next((i for i, h in enumerate(heights) if start + h <= room * SUMMARY_PAGE_SHARE), len(variants) - 1)
        self.section(variants[chosen])
        self.chosen = variants[chosen]
        self.height.active = False
        return room * full_enough <= self.height.total <= room * SUMMARY_BREAK_SHARE

    def _p(
        self,
        style: str,
        runs: str,
        *,
        keep_next: bool = False,
        page_break_before: bool = False,
        in_table: bool = False,
        measure: str | None = None,
        after: int | None = None,
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
        if space_before or after is not None:
            props += (
                "<w:spacing"
                + (f' w:before="{SPACE_AFTER_TABLE}"' if space_before else "")
                + (f' w:after="{after}"' if after is not None else "")
                + "/>"
            )
        if measure is not None:
            self.height.paragraph(
                style_id,
                measure,
                extra_before=SPACE_AFTER_TABLE / 20 if space_before else 0.0,
                after=after / 20 if after is not None else None,
            )
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"

    def paragraph(self, style: str, text: str, **options: Any) -> None:
        self.out.append(self._p(style, _run(text) if text else "", measure=text, **options))

    def heading(self, text: str, level: int, *, page_break_before: bool = False) -> None:
        if level == 0 and self.height.styles.get(self.ids["Title"]).size > TITLE_MAX_PT:
            text = _clean(text)
            size = f'<w:sz w:val="{TITLE_MAX_PT * 2}"/><w:szCs w:val="{TITLE_MAX_PT * 2}"/>'
            runs = f"<w:r><w:rPr>{size}</w:rPr><w:t>{_esc(text)}</w:t></w:r>"
            self.out.append(self._p("Title", runs, keep_next=True))
            self.height.paragraph(self.ids["Title"], text, size=TITLE_MAX_PT)
            return
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
                if LEAD_IN.search(text):
                    self.out.append(self._p("Normal", _labelled_runs(text), measure=text))
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
            linked = LINKED_SOURCE.match(text)
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
        header = [_clean(h) or "-" for h in block.header]
        rows = [[_clean(c) or "-" for c in row] for row in block.rows]
        if not rows:
            rows = [["None recorded"] + ["-"] * (len(header) - 1)]
        caption = _clean(block.caption)
        if caption.casefold() != self.section_title.casefold():
            # a visible caption, unless the heading just above already says the same
            self.tables += 1
            # close above its table whatever the template's paragraph spacing
            self.paragraph("Caption", f"Table {self.tables}: {caption}", keep_next=True, after=CAPTION_AFTER)
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
        keep = len(rows) <= KEEP_TOGETHER_ROWS and self._table_height(header, rows, widths) <= (
            self.page_height() * KEEP_TOGETHER_SHARE
        )
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

    def _table_height(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> float:
        return sum(
            self.height.row_height(self.ids["hiap Table Heading" if i == 0 else "hiap Table Text"], cells, widths)
            for i, cells in enumerate([header, *rows])
        )

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
    author = (a.decision.get("assessor") or "").strip() or council_name

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
    core.version = cap(versions(a))
    core.identifier = cap(a.decision.get("reference") or "")
    core.revision = 1
    created = _when(a.created) or _when(a.updated)
    modified = _when(a.updated) or created
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    core.created = created or now
    core.modified = modified or now


def versions(a: Assessment) -> str:
    """The tool and question sets that made the document: for the properties, never the body."""
    from hiap import __version__

    parts = [f"hiap {__version__}"]
    parts += [f"{p.name} {p.version}" for p in a.plugins if p.version and p.contributed]
    parts += [f"{name} checklist {now} (answered under {given})" for name, (given, now) in sorted(a.versions.items())]
    return "; ".join(parts)


def build_document(
    title: str,
    sections: Sequence[DocSection],
    options: dict[str, Any],
    *,
    subtitle: str | None = None,
    page_one: Sequence[DocSection] = (),
    notes: list[str] | None = None,
    full_enough: float = SUMMARY_FULL_ENOUGH,
    rest: Callable[[DocSection, Sequence[DocSection]], Sequence[DocSection]] | None = None,
) -> Any:
    """Any document made of format-neutral sections (the appendix, its annex, the board report)
    in the house or council template: title and subtitle, headings in order, language set.

    ``page_one`` holds shorter versions of the first section: the first that fits page 1 is
    used, and the detail starts on page 2 only when page 1 is full enough. Where the template's
    title, heading or caption colours fail contrast, an accessible shade is used and a sentence
    saying so is added to ``notes``. ``rest`` gives the sections after page 1 once its variant is
    chosen (a page 1 that left facts out puts them on page 2). Returns the python-docx Document
    for the caller's properties.
    """
    from hiap.render import docx_ext as ext
    from hiap.render.docx_contrast import accessible_shades
    from hiap.render.docx_template import prepare

    template = options.get("template")
    prepared = prepare(Path(template) if template else None, dict(options.get("council") or {}))
    doc = prepared.doc
    shades = accessible_shades(doc, prepared.style_ids)
    if notes is not None:
        notes.extend(f"{Path(template).name}: {shade.sentence()}" for shade in shades if template)
    builder = _Builder(doc, prepared.style_ids)
    builder.heading(title, 0)
    if subtitle:
        builder.paragraph("Subtitle", _clean(subtitle), keep_next=True)
    if sections:
        break_after = builder.page_one([sections[0], *page_one], full_enough)
        after = rest(builder.chosen, sections[1:]) if rest and builder.chosen else sections[1:]
        for index, section in enumerate(after):
            builder.section(section, page_break_before=index == 0 and break_after)
    builder.finish()
    ext.set_language(doc)
    return doc


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def accessibility_notes(doc: Any, what: str) -> list[str]:
    """What the document's own accessibility check finds, one sentence each, naming the document."""
    from hiap.render.a11y import check_document

    return [f"{what} fails hiap's accessibility check: {problem}" for problem in check_document(doc)]


def appendix_document(a: Assessment, options: dict[str, Any], notes: list[str] | None = None) -> Any:
    """The appendix as a python-docx Document: page 1 fitted to one page in the template."""
    appendix = options.get("appendix")
    title = document_title(a, appendix)
    sections = plan(a, appendix)
    variants = summary_variants(a)[1:]
    doc = build_document(
        title,
        sections,
        options,
        subtitle=document_subtitle(a),
        page_one=variants,
        notes=notes,
        full_enough=APPENDIX_FULL_ENOUGH,
        rest=lambda chosen, after: after_page_one(a, after, chosen),
    )
    _set_properties(doc, a, title, dict(options.get("council") or {}))
    return doc


def annex_document(a: Assessment, options: dict[str, Any]) -> Any:
    """The annex: every answer as given, question by question."""
    appendix = options.get("appendix")
    title = annex_title(a, appendix)
    doc = build_document(title, annex(a, appendix), options, subtitle=document_subtitle(a))
    _set_properties(doc, a, title, dict(options.get("council") or {}))
    doc.core_properties.category = "Committee report appendix: background record"
    return doc


def render_docx(a: Assessment, options: dict[str, Any]) -> bytes:
    """The appendix as ``.docx`` bytes; the same assessment gives the same XML."""
    return _save(appendix_document(a, options))


def render_annex_docx(a: Assessment, options: dict[str, Any]) -> bytes:
    """The annex as ``.docx`` bytes."""
    return _save(annex_document(a, options))


def write_docx(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    """Write the appendix and, beside it, its annex, each in one step (never half-written), and
    warn about template colours replaced and anything that fails the accessibility check."""
    from hiap.console import warn
    from hiap.yamlio import atomic_write

    notes: list[str] = []
    appendix = appendix_document(a, options, notes)
    record = annex_document(a, options)
    notes += accessibility_notes(appendix, "the appendix") + accessibility_notes(record, "the annex")
    atomic_write(path, _save(appendix))
    atomic_write(annex_path(path), _save(record))
    for note in dict.fromkeys(notes):
        warn(note)
