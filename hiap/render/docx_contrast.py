"""Accessible shades for a council template's title, heading and caption colours.

Many council templates still carry Word 2010's blues (``4F81BD``: 4.0:1 on white), which fail
WCAG 2.2 AA for text smaller than 18pt (14pt bold). hiap keeps the template's hue and darkens it
just enough to pass, in the document it writes (the council's template is never changed), and
says which style it changed, from what, to what, so the council can fix the template itself.
The colours are judged exactly as the accessibility check judges them (``hiap.render.a11y``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Paragraph styles hiap writes with that a template commonly colours.
PARAGRAPH_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "Footer")
#: Character styles hiap writes with.
CHARACTER_STYLES = ("Hyperlink",)
#: A little above the threshold, so rounding in other checkers never tips a shade back under it.
MARGIN = 0.1


@dataclass(frozen=True)
class Shade:
    """One style whose colour hiap replaced in its output."""

    style: str
    was: str
    now: str
    ratio: float
    needed: float

    def sentence(self) -> str:
        return (
            f"the template's '{self.style}' colour #{self.was.upper()} has a contrast of {self.ratio:.1f}:1 on "
            f"white, below the {self.needed:g}:1 that text of its size needs; the document uses the darker "
            f"#{self.now} instead (change the style in the template to stop this note)"
        )


def darker(colour: str, needed: float, back: str = "FFFFFF") -> str:
    """The same hue, darkened in 1% steps until it reaches ``needed`` against ``back``."""
    from hiap.render.docx_ext import contrast_ratio

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    for step in range(1, 101):
        keep = 1 - step / 100
        shade = f"{round(r * keep):02X}{round(g * keep):02X}{round(b * keep):02X}"
        if contrast_ratio(shade, back) >= needed + MARGIN:
            return shade
    return "000000"


def _probe(style_id: str, character: bool) -> tuple[Any, Any]:
    """A detached paragraph (and run) in the style, to ask the checker how it would be drawn."""
    from hiap.render.docx_ext import make, sub

    p = make("w:p")
    run = None
    if character:
        run = sub(p, "w:r")
        sub(sub(run, "w:rPr"), "w:rStyle", {"w:val": style_id})
    else:
        sub(sub(p, "w:pPr"), "w:pStyle", {"w:val": style_id})
    return p, run


def _set_colour(style: Any, colour: str) -> None:
    """The style's own colour, replacing any theme colour (Word draws a theme colour over w:val)."""
    from hiap.render import docx_ext as ext
    from hiap.render.docx_ext import qn

    rpr = style.find(qn("w:rPr"))
    if rpr is None:
        rpr = ext.insert_in_order(style, ext.make("w:rPr"), ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"))
    for old in rpr.findall(qn("w:color")):
        rpr.remove(old)
    ext.insert_in_order(
        rpr,
        ext.make("w:color", {"w:val": colour}),
        (
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ),
    )


def accessible_shades(doc: Any, style_ids: dict[str, str]) -> list[Shade]:
    """Darken, in ``doc``, every style hiap writes with whose colour fails contrast; say which."""
    import re

    from hiap.render.a11y import MIN_CONTRAST, _Styles
    from hiap.render.docx_ext import contrast_ratio, qn

    styles = _Styles(doc)
    default_size = 10.0
    size_el = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if size_el is not None and (size_el.get(qn("w:val")) or "").isdigit():
        default_size = int(size_el.get(qn("w:val"))) / 2
    changed: list[Shade] = []
    for name, character in [(n, False) for n in PARAGRAPH_STYLES] + [(n, True) for n in CHARACTER_STYLES]:
        style_id = style_ids.get(name)
        style = styles.by_id.get(style_id or "")
        if style is None:
            continue
        p, run = _probe(style_id or "", character)
        colour = styles.text_colour(p, run)
        if not colour or not re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
            continue
        fill = styles.paragraph_fill(p) or "FFFFFF"
        needed = 3.0 if styles.is_large(p, run, default_size) else MIN_CONTRAST
        ratio = contrast_ratio(colour, fill)
        if ratio >= needed:
            continue
        shade = darker(colour, needed, fill)
        _set_colour(style, shade)
        changed.append(Shade(style=name, was=colour, now=shade, ratio=ratio, needed=needed))
    return changed


__all__ = ["Shade", "accessible_shades", "darker"]
