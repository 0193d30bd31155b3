"""WordprocessingML helpers python-docx lacks: header rows, table captions, fields, links, language.

python-docx 1.2 has no API for these (see the design notes, part A1), so they live here as small
lxml functions, shared by the house-template script, the writer, the template loader and the
accessibility check. Element order follows the ECMA-376 schema so Word does not call the file corrupt.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from docx.oxml.ns import qn as _qn
from lxml import etree

#: ``w:tag`` to Clark notation, remembered: a render asks for the same few dozen names some
#: 25,000 times, and python-docx's ``qn`` splits and looks up the prefix on every call
qn = functools.cache(_qn)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

#: A4 in twentieths of a point (twips), portrait.
A4_TWIPS = (11906, 16838)
#: How far a page size may be from A4 and still count as A4 (rounding in other tools).
A4_TOLERANCE = 40

LANGUAGE = "en-GB"

_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def sub(parent: Any, tag: str, attrs: Mapping[str, str] | None = None, text: str | None = None) -> Any:
    """Append a child element; ``attrs`` use prefixed names (``w:val``)."""
    child = etree.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            child.set(qn(key), value)
    if text is not None:
        child.text = text
    return child


def make(tag: str, attrs: Mapping[str, str] | None = None) -> Any:
    """A detached element that declares the namespace of its prefix, for ``insert``."""
    from docx.oxml import OxmlElement

    return OxmlElement(tag, attrs={qn(k): v for k, v in (attrs or {}).items()})


def insert_in_order(parent: Any, child: Any, successors: Iterable[str]) -> Any:
    """Insert ``child`` before the first existing successor, so the schema order holds."""
    names = {qn(s) for s in successors}
    for index, existing in enumerate(parent):
        if existing.tag in names:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: Any, tag: str, successors: Iterable[str] = ()) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = insert_in_order(parent, make(tag), successors)
    return found


# -- colour contrast (WCAG 2.2 relative luminance) -------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if not _HEX.match(h):
        raise ValueError(f"not an RGB colour: {hex_colour!r}")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fore: str, back: str) -> float:
    """WCAG contrast ratio between two RGB colours, 1.0 to 21.0."""
    a, b = luminance(fore), luminance(back)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def effective_contrast(text_colour: str | None, fill: str) -> float:
    """Contrast of text on a fill; Word draws "auto" text black or white, whichever reads better."""
    if text_colour is None or text_colour.lower() == "auto" or not _HEX.match(text_colour):
        return max(contrast_ratio("000000", fill), contrast_ratio("FFFFFF", fill))
    return contrast_ratio(text_colour, fill)


# -- tables ---------------------------------------------------------------------------------------

_TRPR_TAIL = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_TBLPR_AFTER_CAPTION = ("w:tblDescription", "w:tblPrChange")


def _tr_pr(tr: Any) -> Any:
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = make("w:trPr")
        # trPr follows tblPrEx and precedes the cells
        ex = tr.find(qn("w:tblPrEx"))
        tr.insert(0 if ex is None else 1, trpr)
    return trpr


def mark_header_row(tr: Any) -> None:
    """Word's "Repeat as header row": screen readers announce it and PDF export tags it TH."""
    trpr = _tr_pr(tr)
    if trpr.find(qn("w:tblHeader")) is None:
        insert_in_order(trpr, make("w:tblHeader"), _TRPR_TAIL)


def set_table_caption(tbl: Any, caption: str, description: str) -> None:
    """Word's table Alt Text title and description (``tblCaption``/``tblDescription``)."""
    tblpr = tbl.find(qn("w:tblPr"))
    cap = get_or_add(tblpr, "w:tblCaption", _TBLPR_AFTER_CAPTION)
    cap.set(qn("w:val"), caption[:255])
    desc = get_or_add(tblpr, "w:tblDescription", ("w:tblPrChange",))
    desc.set(qn("w:val"), description[:255])


def shade_cell(tc: Any, fill: str) -> None:
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is None:
        tcpr = make("w:tcPr")
        tc.insert(0, tcpr)
    shd = get_or_add(tcpr, "w:shd", ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


# -- fields and links -----------------------------------------------------------------------------


def add_field(p: Any, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) the word processor fills in; ``shown`` is the text until then."""
    sub(sub(p, "w:r"), "w:fldChar", {"w:fldCharType": "begin"})
    instr = sub(sub(p, "w:r"), "w:instrText", text=f" {instruction} ")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    sub(sub(p, "w:r"), "w:fldChar", {"w:fldCharType": "separate"})
    sub(sub(p, "w:r"), "w:t", text=shown)
    sub(sub(p, "w:r"), "w:fldChar", {"w:fldCharType": "end"})


def add_text_run(p: Any, text: str, bold: bool = False, style_id: str | None = None) -> Any:
    r = sub(p, "w:r")
    if bold or style_id:
        rpr = sub(r, "w:rPr")
        if style_id:
            sub(rpr, "w:rStyle", {"w:val": style_id})
        if bold:
            sub(rpr, "w:b")
    t = sub(r, "w:t", text=text)
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def add_page_x_of_y(p: Any) -> None:
    """ "Page X of Y" built from PAGE and NUMPAGES fields (python-docx has no field API)."""
    add_text_run(p, "Page ")
    add_field(p, "PAGE", "1")
    add_text_run(p, " of ")
    add_field(p, "NUMPAGES", "1")


def has_page_field(element: Any) -> bool:
    instr = " ".join(t.text or "" for t in element.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple")))
    return bool(re.search(r"\bPAGE\b", instr + " " + simple))


def add_hyperlink(p: Any, part: Any, url: str, text: str, style_id: str | None) -> Any:
    """An external link whose visible text is ``text`` (never the bare address)."""
    rid = part.relate_to(url, RT_HYPERLINK, is_external=True)
    link = sub(p, "w:hyperlink")
    link.set(qn("r:id"), rid)
    add_text_run(link, text, style_id=style_id)
    return link


# -- document-wide settings -----------------------------------------------------------------------


def doc_defaults_rpr(styles_element: Any) -> Any:
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = make("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = get_or_add(defaults, "w:rPrDefault", ("w:pPrDefault",))
    return get_or_add(rpr_default, "w:rPr")


_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")


def set_language(doc: Any, language: str = LANGUAGE) -> None:
    """Proofing and screen-reader language: docDefaults, every style that sets its own, and settings.

    ``core_properties.language`` alone does not do it (python-docx #727); Word and LibreOffice
    read ``w:lang`` in the styles, and LibreOffice copies it to the PDF's /Lang.
    """
    styles = doc.styles.element
    lang = get_or_add(doc_defaults_rpr(styles), "w:lang", _RPR_AFTER_LANG)
    lang.set(qn("w:val"), language)
    for own in styles.iter(qn("w:lang")):
        if own.get(qn("w:val")):
            own.set(qn("w:val"), language)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
    doc.core_properties.language = language


def set_compatibility_mode(doc: Any, mode: int = 15) -> None:
    """Word 2013+ layout; mode 14 opens in Compatibility Mode with a banner in the title bar."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = insert_in_order(
            settings,
            make("w:compat"),
            ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping"),
        )
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    sub(
        compat,
        "w:compatSetting",
        {"w:name": "compatibilityMode", "w:uri": "http://schemas.microsoft.com/office/word", "w:val": str(mode)},
    )


def drop_attached_template(doc: Any) -> None:
    """Forget the council template's path, so Word does not look for it on every open."""
    settings = doc.settings.element
    for el in settings.findall(qn("w:attachedTemplate")):
        settings.remove(el)


def set_a4(sect_pr: Any) -> None:
    """A4 page in the section's own orientation; margins are left as they are."""
    pg = sect_pr.find(qn("w:pgSz"))
    if pg is None:
        pg = insert_in_order(
            sect_pr,
            make("w:pgSz"),
            (
                "w:pgMar",
                "w:paperSrc",
                "w:pgBorders",
                "w:lnNumType",
                "w:pgNumType",
                "w:cols",
                "w:formProt",
                "w:vAlign",
                "w:noEndnote",
                "w:titlePg",
                "w:textDirection",
                "w:bidi",
                "w:rtlGutter",
                "w:docGrid",
                "w:printerSettings",
                "w:sectPrChange",
            ),
        )
    landscape = pg.get(qn("w:orient")) == "landscape"
    width, height = A4_TWIPS
    pg.set(qn("w:w"), str(height if landscape else width))
    pg.set(qn("w:h"), str(width if landscape else height))


def is_a4(sect_pr: Any) -> tuple[bool, str]:
    """Whether the section's page is A4, and its size in millimetres for a message."""
    pg = sect_pr.find(qn("w:pgSz"))
    if pg is None:
        return False, "not set"
    try:
        w, h = int(pg.get(qn("w:w"), "0")), int(pg.get(qn("w:h"), "0"))
    except ValueError:
        return False, "not readable"
    size = f"{w * 25.4 / 1440:.1f} x {h * 25.4 / 1440:.1f} mm"
    short, long_ = sorted((w, h))
    ok = abs(short - A4_TWIPS[0]) <= A4_TOLERANCE and abs(long_ - A4_TWIPS[1]) <= A4_TOLERANCE
    return ok, size


def text_width(sect_pr: Any) -> int:
    """Width between the margins, in twips, for sizing table columns."""
    pg = sect_pr.find(qn("w:pgSz"))
    mar = sect_pr.find(qn("w:pgMar"))
    try:
        width = int(pg.get(qn("w:w"))) if pg is not None else A4_TWIPS[0]
        left = int(mar.get(qn("w:left"), "1134")) if mar is not None else 1134
        right = int(mar.get(qn("w:right"), "1134")) if mar is not None else 1134
        gutter = int(mar.get(qn("w:gutter"), "0") or 0) if mar is not None else 0
    except (TypeError, ValueError):
        return 9638
    return max(width - left - right - gutter, 2880)


def page_body_height(sect_pr: Any) -> float:
    """Height between the top and bottom margins, in points."""
    pg = sect_pr.find(qn("w:pgSz"))
    mar = sect_pr.find(qn("w:pgMar"))
    try:
        height = int(pg.get(qn("w:h"))) if pg is not None else A4_TWIPS[1]
        top = abs(int(mar.get(qn("w:top"), "1134"))) if mar is not None else 1134
        bottom = abs(int(mar.get(qn("w:bottom"), "1134"))) if mar is not None else 1134
    except (TypeError, ValueError):
        return 700.0
    return (height - top - bottom) / 20


def paragraph_text(p: Any) -> str:
    """Visible text of a paragraph, including text inside links, without field instructions."""
    t_tag, tab_tag, breaks = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
    parts: list[str] = []
    for run in p.iter(qn("w:r")):
        for el in run:
            if el.tag == t_tag:
                parts.append(el.text or "")
            elif el.tag == tab_tag:
                parts.append("\t")
            elif el.tag in breaks:
                parts.append("\n")
    return "".join(parts)


# -- content fetched from elsewhere ---------------------------------------------------------------

#: Fields that pull content in from another file or a server when the document is opened or
#: updated (a tracking pixel, a remote template, a DDE command): a council template never needs
#: them in its header or footer, and hiap's body replaces the rest.
REMOTE_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO", "DATABASE", "RD"}
)


def _field_name(instruction: str) -> str:
    words = instruction.replace('"', " ").split()
    return words[0].upper() if words else ""


def _drop(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def remove_remote_fields(root: Any) -> list[str]:
    """Remove every remote-content field (complex or simple) under ``root``; return their names.

    A complex field is a run with ``fldChar begin``, runs of instruction text, ``separate``, the
    shown result and ``end``, and may nest and span paragraphs: all its runs go, result included.
    """
    removed: list[str] = []
    open_fields: list[tuple[list[str], list[Any], list[bool]]] = []  # (instruction, runs, [in result])
    for run in list(root.iter(qn("w:r"))):
        char = run.find(qn("w:fldChar"))
        kind = char.get(qn("w:fldCharType")) if char is not None else None
        if kind == "begin":
            open_fields.append(([], [], [False]))
        for _instruction, runs, _state in open_fields:
            runs.append(run)
        if not open_fields:
            continue
        instruction, runs, state = open_fields[-1]
        if not state[0]:
            instruction.extend(t.text or "" for t in run.iter(qn("w:instrText")))
        if kind == "separate":
            state[0] = True
        elif kind == "end":
            open_fields.pop()
            name = _field_name("".join(instruction))
            if name in REMOTE_FIELDS:
                removed.append(name)
                for item in runs:
                    _drop(item)
    for simple in list(root.iter(qn("w:fldSimple"))):
        name = _field_name(simple.get(qn("w:instr"), ""))
        if name in REMOTE_FIELDS:
            removed.append(name)
            _drop(simple)
    return removed


def remove_external_links(part: Any) -> int:
    """Drop a part's relationships to outside files or addresses, other than hyperlinks (which are
    only followed when a reader clicks them), with whatever refers to them: a linked picture keeps
    its embedded copy if it has one, anything else goes with its run."""
    dropped = 0
    element = getattr(part, "_element", None)
    for rid, rel in list(part.rels.items()):
        if not rel.is_external or rel.reltype == RT_HYPERLINK:
            continue
        if element is not None:
            for node in list(element.iter()):
                if not isinstance(node.tag, str):
                    continue
                for attr, value in list(node.attrib.items()):
                    if value != rid or not attr.startswith(f"{{{R_NS}}}"):
                        continue
                    if node.tag.endswith("}blip") and attr == f"{{{R_NS}}}link" and node.get(f"{{{R_NS}}}embed"):
                        del node.attrib[attr]
                        continue
                    holder = next((a for a in node.iterancestors(qn("w:r"))), None)
                    _drop(holder if holder is not None else node)
                    break
        del part.rels[rid]
        dropped += 1
    return dropped
