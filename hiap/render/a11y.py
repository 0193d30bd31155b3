"""Accessibility self-check for Word files: the rules a clerk's upload is judged by, in code.

There is no maintained Python checker (design notes A3.4), so this implements the machine-checkable
rules of the Microsoft Accessibility Checker and GOV.UK guidance on the OOXML itself: title and
language, heading order, table header rows, captions and merged or empty cells, alt text and
inline images, link text, spacing done with blanks, contrast of shaded cells, and A4 pages.
Each problem is one plain sentence; an empty list means the file passed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: Link text that means nothing out of context (Microsoft checker, GOV.UK guidance).
GENERIC_LINK_TEXT = frozenset(
    {
        "click here",
        "here",
        "click",
        "this link",
        "link",
        "read more",
        "more",
        "more information",
        "find out more",
        "this page",
        "this",
        "website",
    }
)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
MIN_CONTRAST = 4.5


def _short(text: str, limit: int = 40, keep_spaces: bool = False) -> str:
    text = text.strip() if keep_spaces else " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Styles:
    """Heading level, text colour and name of each paragraph style, through ``basedOn``.

    What a style chain says is looked up once per style and property: a document has a dozen
    styles and thousands of runs, so the check stays a small part of a render."""

    def __init__(self, doc: Any) -> None:
        from hiap.render.docx_ext import qn

        self.qn = qn
        self.by_id: dict[str, Any] = {}
        self.default_id: str | None = None
        self._chains: dict[str | None, list[Any]] = {}
        self._values: dict[tuple[str | None, str, str], str | None] = {}
        for style in doc.styles.element.iterchildren(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            if sid is None:
                continue
            self.by_id[sid] = style
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self.default_id = sid

    def chain(self, style_id: str | None) -> list[Any]:
        cached = self._chains.get(style_id)
        if cached is None:
            cached = self._chains[style_id] = self._chain(style_id)
        return cached

    def _chain(self, style_id: str | None) -> list[Any]:
        qn = self.qn
        out, seen = [], set()
        current = self.by_id.get(style_id or self.default_id or "")
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            out.append(current)
            based = current.find(qn("w:basedOn"))
            current = self.by_id.get(based.get(qn("w:val"))) if based is not None else None
        return out

    def name(self, style_id: str | None) -> str:
        qn = self.qn
        style = self.by_id.get(style_id or "")
        if style is None:
            return style_id or "Normal"
        name = style.find(qn("w:name"))
        return name.get(qn("w:val")) if name is not None else style_id or ""

    def heading_level(self, p: Any) -> int | None:
        """0 for Title, 1-9 for headings (from the name or the outline level), None for body text."""
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(qn("w:val")) if style_el is not None else None
        direct = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if direct is not None:
            return _outline(direct.get(qn("w:val")))
        name = self.name(style_id).lower()
        if name == "title":
            return 0
        match = re.fullmatch(r"heading ([1-9])", name)
        if match:
            return int(match.group(1))
        for style in self.chain(style_id):
            outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if outline is not None:
                return _outline(outline.get(qn("w:val")))
        return None

    def style_id(self, p: Any) -> str | None:
        qn = self.qn
        style_el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return style_el.get(qn("w:val")) if style_el is not None else self.default_id

    def run_property(self, p: Any, run: Any | None, tag: str, attr: str = "w:val") -> str | None:
        """A run property from the run, its character style, its paragraph style chain, then docDefaults."""
        qn = self.qn
        if run is not None:
            rpr = run.find(qn("w:rPr"))
            if rpr is not None:
                own = rpr.find(qn(tag))
                if own is not None:
                    return own.get(qn(attr), "true")
                rstyle = rpr.find(qn("w:rStyle"))
                if rstyle is not None:
                    found = self.style_value(rstyle.get(qn("w:val")), tag, attr)
                    if found is not None:
                        return found
        return self.style_value(self.style_id(p), tag, attr)

    def style_value(self, style_id: str | None, tag: str, attr: str = "w:val") -> str | None:
        """A run property as a style (through ``basedOn``) sets it, or None."""
        key = (style_id, tag, attr)
        if key not in self._values:
            qn = self.qn
            path = f"{qn('w:rPr')}/{qn(tag)}"
            found = next((f for f in (s.find(path) for s in self.chain(style_id)) if f is not None), None)
            self._values[key] = found.get(qn(attr), "true") if found is not None else None
        return self._values[key]

    def text_colour(self, p: Any, run: Any | None) -> str | None:
        """The colour a run is drawn in: its own, else its styles', else automatic (None)."""
        return self.run_property(p, run, "w:color")

    def is_large(self, p: Any, run: Any | None, default_size: float) -> bool:
        """WCAG "large text": 18pt, or 14pt bold, which needs only 3:1."""
        try:
            size = float(self.run_property(p, run, "w:sz") or default_size * 2) / 2
        except ValueError:
            size = default_size
        bold = (self.run_property(p, run, "w:b") or "false") not in ("0", "false", "off")
        return size >= 18 or (bold and size >= 14)

    def paragraph_fill(self, p: Any) -> str | None:
        qn = self.qn
        shd = p.find(f"{qn('w:pPr')}/{qn('w:shd')}")
        if shd is None:
            for style in self.chain(self.style_id(p)):
                shd = style.find(f"{qn('w:pPr')}/{qn('w:shd')}")
                if shd is not None:
                    break
        fill = shd.get(qn("w:fill")) if shd is not None else None
        return fill if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill) else None


def _outline(value: str | None) -> int | None:
    try:
        level = int(value or "9")
    except ValueError:
        return None
    return level + 1 if 0 <= level <= 8 else None


def _level_name(level: int) -> str:
    return "Title" if level == 0 else f"Heading {level}"


def check_docx(path: Path) -> list[str]:
    """Problems that would fail an accessibility review, one sentence each; [] when it passes.

    Raises InputError when ``path`` is not a Word document at all.
    """
    from hiap.render.docx_template import open_word

    doc = open_word(Path(path), what="document", allow_macros=True)
    return check_document(doc)


def check_document(doc: Any) -> list[str]:
    """The checks on an open python-docx Document (what ``check_docx`` runs)."""
    from hiap.render import docx_ext as ext
    from hiap.render.docx_ext import qn

    problems: list[str] = []
    styles = _Styles(doc)
    body = doc.element.body

    if not (doc.core_properties.title or "").strip():
        problems.append("the document has no title (set File > Info > Properties > Title)")
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is None or not (lang.get(qn("w:val")) or "").strip():
        problems.append("no document language is set in the styles' defaults (docDefaults w:lang)")

    problems += _check_headings(body, styles)
    problems += _check_text_contrast(doc, styles)
    for number, tbl in enumerate(body.iter(qn("w:tbl")), start=1):
        problems += _check_table(tbl, number, styles)
    problems += _check_images(doc)
    problems += _check_links(doc)
    problems += _check_blanks(body)
    for sect in body.iter(qn("w:sectPr")):
        ok, size = ext.is_a4(sect)
        if not ok:
            problems.append(f"the page size is {size}, not A4 (210 x 297 mm)")
    return problems


def _check_headings(body: Any, styles: _Styles) -> list[str]:
    from hiap.render.docx_ext import paragraph_text, qn

    problems: list[str] = []
    previous: int | None = None
    found = False
    for p in body.iterchildren(qn("w:p")):
        level = styles.heading_level(p)
        if level is None:
            continue
        text = paragraph_text(p).strip()
        if level and not text:
            problems.append(f"an empty {_level_name(level)} paragraph is used for spacing; remove it")
            continue
        if level == 0:
            previous = previous if previous is not None else 0
            continue
        found = True
        if previous is None and level > 1:
            problems.append(f"the first heading '{_short(text)}' is {_level_name(level)}: start with Heading 1")
        elif previous is not None and level > previous + 1:
            problems.append(
                f"heading '{_short(text)}' is {_level_name(level)} after {_level_name(previous)}: a level is skipped"
            )
        previous = level
    if not found:
        problems.append("the document has no headings (use Heading 1, Heading 2 ... styles)")
    return problems


def _check_table(tbl: Any, number: int, styles: _Styles) -> list[str]:
    from hiap.render import docx_ext as ext
    from hiap.render.docx_ext import qn

    problems: list[str] = []
    tblpr = tbl.find(qn("w:tblPr"))
    caption = description = ""
    if tblpr is not None:
        cap = tblpr.find(qn("w:tblCaption"))
        desc = tblpr.find(qn("w:tblDescription"))
        caption = (cap.get(qn("w:val")) or "").strip() if cap is not None else ""
        description = (desc.get(qn("w:val")) or "").strip() if desc is not None else ""
    name = f"table {number}" + (f" ('{_short(caption)}')" if caption else "")
    rows = tbl.findall(qn("w:tr"))
    if not rows:
        return [f"{name} has no rows"]
    header = rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    if header is None or header.get(qn("w:val"), "true") in ("0", "false", "off"):
        problems.append(f"{name} has no header row (Table Properties > Row > Repeat as header row)")
    if not caption and not description:
        problems.append(f"{name} has no caption or description (Table Properties > Alt Text)")
    merged = (
        tbl.find(f".//{qn('w:vMerge')}") is not None
        or tbl.find(f".//{qn('w:hMerge')}") is not None
        or any(int(g.get(qn("w:val"), "1") or 1) > 1 for g in tbl.iter(qn("w:gridSpan")))
    )
    if merged:
        problems.append(f"{name} has merged cells; split them so each cell has its own row and column")
    for r, tr in enumerate(rows, start=1):
        for c, tc in enumerate(tr.findall(qn("w:tc")), start=1):
            has_picture = tc.find(f".//{qn('w:drawing')}") is not None
            text = "".join(ext.paragraph_text(p) for p in tc.iter(qn("w:p"))).strip()
            where = f"{name}, row {r}, column {c}"
            if not text and not has_picture:
                problems.append(f"{where} is empty; write '-' or words such as 'None'")
            shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            fill = shd.get(qn("w:fill")) if shd is not None else None
            if fill and fill.lower() not in ("auto", "ffffff") and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
                if not text:
                    continue  # already reported as empty: a shaded cell must say in words what it means
                for p in tc.iter(qn("w:p")):
                    runs = [run for run in p.iter(qn("w:r")) if run.find(qn("w:t")) is not None] or [None]
                    worst = min(ext.effective_contrast(styles.text_colour(p, run), fill) for run in runs)
                    if worst < MIN_CONTRAST:
                        problems.append(
                            f"{where}: text on the shading {fill} has contrast {worst:.1f}:1, below {MIN_CONTRAST}:1"
                        )
                        break
    return problems


def _check_text_contrast(doc: Any, styles: _Styles) -> list[str]:
    """Coloured text on white or on paragraph shading (shaded table cells are checked with their table)."""
    from hiap.render import docx_ext as ext
    from hiap.render.docx_ext import qn

    default_size = 10.0
    size_el = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if size_el is not None and (size_el.get(qn("w:val")) or "").isdigit():
        default_size = int(size_el.get(qn("w:val"))) / 2
    problems: list[str] = []
    reported: set[tuple[str, str, str]] = set()
    for p in doc.element.body.iter(qn("w:p")):
        cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
        if cell is not None and cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None:
            shd = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            if (shd.get(qn("w:fill")) or "auto").lower() not in ("auto", "ffffff"):
                continue
        fill = styles.paragraph_fill(p) or "FFFFFF"
        for run in p.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t"))).strip()
            if not text:
                continue
            colour = styles.text_colour(p, run)
            if colour is None or not re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
                continue
            ratio = ext.contrast_ratio(colour, fill)
            needed = 3.0 if styles.is_large(p, run, default_size) else MIN_CONTRAST
            key = (styles.name(styles.style_id(p)), colour.upper(), fill.upper())
            if ratio < needed and key not in reported:
                reported.add(key)
                problems.append(
                    f"text in style '{key[0]}' ('{_short(text)}') is {colour} on {fill}: contrast "
                    f"{ratio:.1f}:1, below {needed}:1"
                )
    return problems


def _parts(doc: Any) -> list[tuple[str, Any]]:
    """The document body and every header and footer, as (name, root element)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    out = [("the document", doc.element)]
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            kind = "header" if rel.reltype == RT.HEADER else "footer"
            out.append((f"the {kind}", rel.target_part.element))
    return out


def _check_images(doc: Any) -> list[str]:
    from hiap.render.docx_ext import qn

    problems: list[str] = []
    for where, root in _parts(doc):
        for doc_pr in root.iter(qn("wp:docPr")):
            if (doc_pr.get("descr") or "").strip() or doc_pr.find(f".//{_DECORATIVE}") is not None:
                continue
            label = doc_pr.get("name") or "an image"
            problems.append(f"image '{label}' in {where} has no alt text (a description)")
    for anchor in doc.element.body.iter(qn("wp:anchor")):
        doc_pr = anchor.find(qn("wp:docPr"))
        label = doc_pr.get("name") if doc_pr is not None else "an object"
        problems.append(f"image '{label}' floats over the text; set it to 'In line with text'")
    return problems


def _check_links(doc: Any) -> list[str]:
    from hiap.render.docx_ext import paragraph_text, qn

    problems: list[str] = []
    for where, root in _parts(doc):
        for link in root.iter(qn("w:hyperlink")):
            text = " ".join(paragraph_text(link).split())
            if not text:
                problems.append(f"a link in {where} has no text")
            elif _URL.match(text):
                problems.append(f"link text '{_short(text)}' is a bare web address; describe where it goes")
            elif text.lower().strip(".!: ") in GENERIC_LINK_TEXT:
                problems.append(f"link text '{text}' does not say where it goes")
    return problems


def _check_blanks(body: Any) -> list[str]:
    """Runs of spaces and empty paragraphs used to lay a page out (screen readers read each one)."""
    from hiap.render.docx_ext import paragraph_text, qn

    problems: list[str] = []
    content = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:fldSimple"))
    previous_text = ""
    children = list(body)
    for index, child in enumerate(children):
        if child.tag == qn("w:tbl"):
            previous_text = "a table"
            continue
        if child.tag != qn("w:p"):
            continue
        text = paragraph_text(child)
        if text.strip():
            previous_text = text
            continue
        if any(child.find(f".//{tag}") is not None for tag in content):
            continue
        if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            continue  # a section break
        if any(br.get(qn("w:type")) == "page" for br in child.iter(qn("w:br"))):
            continue
        nxt = children[index + 1] if index + 1 < len(children) else None
        if nxt is not None and nxt.tag == qn("w:sectPr") and index and children[index - 1].tag == qn("w:tbl"):
            continue  # Word needs a paragraph after a table that ends the document
        where = f"after '{_short(previous_text)}'" if previous_text else "at the start"
        problems.append(f"an empty paragraph {where} is used for spacing; use paragraph spacing instead")
    for p in body.iter(qn("w:p")):
        text = paragraph_text(p)
        if "   " in text:
            problems.append(
                f"the text '{_short(text, keep_spaces=True)}' uses three or more spaces in a row for layout"
            )
    return problems
