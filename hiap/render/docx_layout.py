"""Rough page layout: how wide a text is and how tall a paragraph or table row will be.

Word lays out pages only when the file is opened, so hiap estimates: to share table widths so
short columns never wrap, and to decide whether the one-minute summary fits page 1 (only then is
the detail moved to page 2; a forced break after an overflowing summary would leave a page with
one line on it). Widths are Arial's (and Liberation Sans's, its metric twin), erring wide.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Advance widths in thousandths of an em, by class of character (Arial/Helvetica metrics).
_NARROW = frozenset("fijltI.,:;'!|()[] ")
_MEDIUM_NARROW = frozenset('r-/"*`^{}')
_WIDE = frozenset("mwMW@%")
_CAPITAL = frozenset("ABCDEFGHJKLNOPQRSTUVXYZ&")
#: Space a table cell loses to its side margins, in points (85 twips each side, plus slack).
CELL_PADDING_PT = 12.0
#: Height a table row adds beyond its lines, in points, where the table style does not say: the
#: house style's top and bottom cell margins (1 pt each) and the rule.
ROW_OVERHEAD_PT = 2.6


@functools.lru_cache(maxsize=4096)
def _em(text: str) -> float:
    total = 0
    for ch in text:
        if ch in _NARROW:
            total += 260
        elif ch in _MEDIUM_NARROW:
            total += 333
        elif ch in _WIDE:
            total += 860
        elif ch in _CAPITAL:
            total += 700
        else:
            total += 556
    return total / 1000


#: How wide common fonts set compared with Arial; unknown fonts (and theme fonts) are assumed wider.
FONT_WIDTH: dict[str, float] = {
    "arial": 1.0,
    "helvetica": 1.0,
    "liberation sans": 1.0,
    "arimo": 1.0,
    "calibri": 0.9,
    "carlito": 0.9,
    "times new roman": 0.9,
    "liberation serif": 0.9,
    "cambria": 0.97,
    "caladea": 0.97,
    # Georgia is wide; LibreOffice, lacking it, sets DejaVu Serif, whose narrow letters (i, l, t)
    # are much wider than Arial's
    "georgia": 1.13,
    "garamond": 0.88,
    "gill sans mt": 0.92,
    "open sans": 1.05,
    "verdana": 1.16,
    "tahoma": 1.06,
    "segoe ui": 1.02,
    "trebuchet ms": 1.02,
    "century gothic": 1.12,
    "dejavu sans": 1.13,
    "dejavu serif": 1.13,
}
UNKNOWN_FONT_WIDTH = 1.1


def font_factor(name: str | None) -> float:
    return FONT_WIDTH.get((name or "").strip().lower(), UNKNOWN_FONT_WIDTH)


def text_width(text: str, size: float, bold: bool = False, factor: float = 1.0) -> float:
    """Width in points of ``text`` on one line at ``size`` points (``factor`` scales from Arial)."""
    return _em(text) * size * (1.07 if bold else 1.0) * factor


#: Beyond this many characters a cell's lines are estimated, not wrapped word by word: the
#: widths it decides are the same, and a 5 MiB answers file's annex no longer takes seconds.
LONG_TEXT = 4000
#: The share of a line that wrapping at word boundaries leaves empty, on average, in prose.
WRAP_WASTE = 1.08


@functools.lru_cache(maxsize=4096)
def _word_ems(text: str) -> tuple[float, ...]:
    """Each word's width in ems: a cell is wrapped at many trial widths, its words measured once."""
    return tuple(_em(word) for word in text.split())


@functools.lru_cache(maxsize=16384)
def line_count(text: str, width: float, size: float, bold: bool = False, factor: float = 1.0) -> int:
    """Lines ``text`` takes when wrapped at word boundaries into ``width`` points."""
    if width <= 0:
        return max(1, len(text))
    scale = size * (1.07 if bold else 1.0) * factor
    if _em(text) * scale <= width:
        return 1
    if len(text) > LONG_TEXT:  # a page of text or more: its length over the width, with wrapping's waste
        return max(1, math.ceil(_em(text) * scale / width * WRAP_WASTE))
    space = _em(" ") * scale
    lines, used = 1, 0.0
    for em in _word_ems(text):
        w = em * scale
        if used and used + space + w > width:
            lines += 1
            used = 0.0
        if w > width:  # a word longer than the line breaks where it must, once per line's width
            extra = math.ceil(w / width) - 1
            lines += extra
            w -= extra * width
        used += (space if used else 0.0) + w
    return lines


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], total: int, size: float = 10.0, factor: float = 1.0
) -> list[int]:
    """Share ``total`` twips so short columns never wrap and the long text gets the room.

    Each column wants its longest line and needs its longest word. If all wants fit, the spare
    goes mostly to the longest columns. If not, every column starts at its need, and the rest
    of the width is handed out a step at a time to whichever column makes the table shortest
    when widened: that is the column whose text wraps most (an action's text, not its owner's
    name), so the table reads with the fewest lines and short columns are never split.
    """
    count = len(header)
    regular, bold = size * factor * 20, size * factor * 1.07 * 20  # twips per em
    padding = int(CELL_PADDING_PT * 20)
    needs: list[int] = []
    wants: list[int] = []
    #: what each column wants for its cells alone: a header may wrap at its words, a cell should not
    fits: list[int] = []
    for col in range(count):
        cells = [str(row[col]) for row in rows]
        head = str(header[col])
        longest_word = max((_em(w) for t in (head, *cells) for w in t.split()), default=_em("-"))
        needs.append(min(int(longest_word * bold) + padding, total // count))
        widest_cell = max((_em(c) for c in cells), default=0.0) * regular
        fits.append(max(needs[-1], int(widest_cell) + padding))
        wants.append(max(fits[-1], int(_em(head) * bold) + padding))
    if sum(wants) <= total:
        spare, weight = total - sum(wants), sum(w * w for w in wants)
        widths = [w + spare * w * w // weight for w in wants]
    elif sum(needs) >= total:
        widths = [total * n // sum(needs) for n in needs]
    else:
        widths = _share_by_height(header, rows, needs, fits, wants, total, size * factor)
    widths[-1] += total - sum(widths)
    return widths


#: The width handed out per step when sharing by height, as a share of the table's width.
_STEPS = 48


def _share_by_height(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    needs: list[int],
    fits: list[int],
    wants: list[int],
    total: int,
    size: float,
) -> list[int]:
    """Widths from the needs up, a step at a time to the column that saves the most lines.

    Short columns (dates, names, 'Worse off', counts) first get room for their cells, so those
    never wrap; their headers may, at the words."""
    count = len(needs)
    # a date, a count, 'Worse off': up to 1.25 even shares and three words a cell; an owner's long
    # job title may wrap where the action beside it takes more lines anyway
    words = [max((len(str(row[col]).split()) for row in rows), default=1) for col in range(count)]
    short = [w <= total * 5 // (4 * count) and n <= 3 for w, n in zip(fits, words, strict=True)]
    widths = [f if s else n for f, n, s in zip(fits, needs, short, strict=True)]
    if sum(widths) > total:
        widths = list(needs)
    step = max(20, total // _STEPS)
    table = [tuple(str(c) for c in header), *(tuple(str(c) for c in row) for row in rows)]

    tried: dict[tuple[int, int], list[int]] = {}  # the same trial width comes up step after step

    def lines(col: int, width: int) -> list[int]:
        if (col, width) not in tried:
            usable = width / 20 - CELL_PADDING_PT
            tried[col, width] = [line_count(row[col], usable, size, bold=index == 0) for index, row in enumerate(table)]
        return tried[col, width]

    current = [lines(col, widths[col]) for col in range(len(widths))]

    def height(columns: list[list[int]]) -> int:
        return sum(map(max, zip(*columns, strict=True)))  # each row is as tall as its tallest cell

    left = total - sum(widths)
    while left >= step:
        base = height(current)
        options = []
        for col in range(len(widths)):
            if widths[col] < wants[col]:
                trial = lines(col, widths[col] + step)
                saving = base - height([trial if c == col else current[c] for c in range(len(widths))])
                # when no single step saves a line, the column that wraps most grows
                options.append((saving, sum(current[col]), -col, trial))
        if not options:
            break
        saving, _, negative_col, trial = max(options, key=lambda o: o[:3])
        widths[-negative_col] += step
        current[-negative_col] = trial
        left -= step
    growing = [col for col in range(len(widths)) if widths[col] < wants[col]] or list(range(len(widths)))
    for col in growing:  # what is left (less than a step) goes to the columns still wrapping
        widths[col] += left // len(growing)
    return widths


@dataclass(frozen=True)
class Metrics:
    """What the estimate needs of a paragraph style, in points."""

    size: float
    bold: bool
    before: float
    after: float
    line: float
    indent: float
    factor: float = 1.0


class StyleMetrics:
    """Resolves size, spacing and indents through a style's ``basedOn`` chain to docDefaults."""

    def __init__(self, styles_element: Any) -> None:
        from hiap.render.docx_ext import qn

        self.qn = qn
        self.by_id = {s.get(qn("w:styleId")): s for s in styles_element.iterchildren(qn("w:style"))}
        defaults = styles_element.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self.cache: dict[str, Metrics] = {}

    def _chain(self, style_id: str) -> list[Any]:
        qn = self.qn
        chain, seen = [], set()
        current = self.by_id.get(style_id)
        while current is not None and current.get(qn("w:styleId")) not in seen:
            seen.add(current.get(qn("w:styleId")))
            chain.append(current)
            based = current.find(qn("w:basedOn"))
            current = self.by_id.get(based.get(qn("w:val"))) if based is not None else None
        return chain

    def _find(self, chain: list[Any], container: str, tag: str, attr: str) -> str | None:
        qn = self.qn
        for style in chain:
            el = style.find(f"{qn(container)}/{qn(tag)}")
            if el is not None and el.get(qn(attr)) is not None:
                return str(el.get(qn(attr)))
        base = self.default_rpr if container == "w:rPr" else self.default_ppr
        if base is not None:
            el = base.find(qn(tag))
            if el is not None and el.get(qn(attr)) is not None:
                return str(el.get(qn(attr)))
        return None

    def row_overhead(self, table_style_id: str) -> float:
        """Height a table row adds beyond its lines, in points: the table style's top and bottom
        cell margins (through its ``basedOn`` chain) and one horizontal rule."""
        qn = self.qn
        margins: dict[str, float] = {}
        rule = 0.0
        for style in self._chain(table_style_id):
            tbl = style.find(qn("w:tblPr"))
            if tbl is None:
                continue
            mar = tbl.find(qn("w:tblCellMar"))
            for side in ("top", "bottom"):
                el = mar.find(qn(f"w:{side}")) if mar is not None else None
                if el is None or side in margins or (el.get(qn("w:type")) or "dxa") != "dxa":
                    continue
                width = el.get(qn("w:w"), "0")
                if width.isdigit():  # a malformed width is left to the default
                    margins[side] = int(width) / 20
            borders = tbl.find(qn("w:tblBorders"))
            inside = borders.find(qn("w:insideH")) if borders is not None else None
            if not rule and inside is not None and inside.get(qn("w:val")) not in ("nil", "none"):
                try:
                    rule = int(inside.get(qn("w:sz"), "4")) / 8
                except ValueError:
                    rule = 0.5
        if not margins and not rule:
            return ROW_OVERHEAD_PT
        return sum(margins.values()) + rule

    def get(self, style_id: str) -> Metrics:
        if style_id in self.cache:
            return self.cache[style_id]
        qn = self.qn
        chain = self._chain(style_id)

        def number(value: str | None, default: float) -> float:
            try:
                return float(value) if value is not None else default
            except ValueError:
                return default

        size = number(self._find(chain, "w:rPr", "w:sz", "w:val"), 20) / 2
        bold = False
        for style in chain:
            b = style.find(f"{qn('w:rPr')}/{qn('w:b')}")
            if b is not None:
                bold = b.get(qn("w:val"), "true") not in ("0", "false", "off")
                break
        line_value = number(self._find(chain, "w:pPr", "w:spacing", "w:line"), 240)
        rule = self._find(chain, "w:pPr", "w:spacing", "w:lineRule") or "auto"
        natural = size * 1.15
        line = (
            natural * line_value / 240 if rule == "auto" else max(line_value / 20, natural if rule == "atLeast" else 0)
        )
        indent = (
            number(self._find(chain, "w:pPr", "w:ind", "w:left"), 0)
            + number(self._find(chain, "w:pPr", "w:ind", "w:right"), 0)
        ) / 20
        if not indent and any(s.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None for s in chain):
            indent = 18.0  # a list style indented by its numbering
        font = self._find(chain, "w:rPr", "w:rFonts", "w:ascii")
        metrics = Metrics(
            size=size,
            bold=bold,
            line=line,
            indent=indent,
            factor=font_factor(font),
            before=number(self._find(chain, "w:pPr", "w:spacing", "w:before"), 0) / 20,
            after=number(self._find(chain, "w:pPr", "w:spacing", "w:after"), 0) / 20,
        )
        self.cache[style_id] = metrics
        return metrics


class HeightEstimate:
    """Running total of the height of what has been written, in points, erring tall."""

    def __init__(self, styles: StyleMetrics, width_twips: int, row_overhead: float = ROW_OVERHEAD_PT) -> None:
        self.styles = styles
        self.width = width_twips / 20
        #: what a table row adds beyond its lines: the template's cell margins and rule
        self.row_overhead = row_overhead
        self.total = 0.0
        #: switched off once the page-1 decision is made; the rest of a long document needs no estimate
        self.active = True

    def paragraph(
        self,
        style_id: str,
        text: str,
        *,
        extra_before: float = 0.0,
        extra_indent: float = 0.0,
        after: float | None = None,
        size: float | None = None,
    ) -> None:
        if not self.active:
            return
        m = self.styles.get(style_id)
        scale = size / m.size if size else 1.0
        lines = line_count(text, self.width - m.indent - extra_indent, size or m.size, m.bold, m.factor)
        self.total += m.before + extra_before + lines * m.line * scale + (m.after if after is None else after)

    def table_row(self, style_id: str, cells: Sequence[str], widths_twips: Sequence[int]) -> None:
        if not self.active:
            return
        self.total += self.row_height(style_id, cells, widths_twips)

    def row_height(self, style_id: str, cells: Sequence[str], widths_twips: Sequence[int]) -> float:
        """How tall one table row will be, in points (whether or not the estimate is running)."""
        m = self.styles.get(style_id)
        lines = max(
            line_count(t, w / 20 - CELL_PADDING_PT, m.size, m.bold, m.factor)
            for t, w in zip(cells, widths_twips, strict=True)
        )
        return m.before + lines * m.line + m.after + self.row_overhead


def header_overflow(part_element: Any, distance_twips: int, margin_twips: int, line_pt: float = 14.0) -> float:
    """Points by which a header (or footer) reaches past its page margin, pushing the body in.

    Word places the header ``distance`` from the page edge and starts the body below whichever
    is lower, the margin or the header's end; a council letterhead with a logo often reaches
    past the margin, so page 1 has less room than the margins say.
    """
    from hiap.render.docx_ext import qn

    height = 0.0
    for p in part_element.iter(qn("w:p")):
        pictures = [int(e.get("cy", "0")) / 12700 for e in p.iter(qn("wp:extent"))]
        height += max(pictures) if pictures else line_pt
    return max(0.0, distance_twips / 20 + height - margin_twips / 20)
