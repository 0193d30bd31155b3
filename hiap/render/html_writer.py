"""HTML: the Word appendix's content as one self-contained page, for a council's website.

Councils publish assessments beside the committee papers, where screen-reader users read them,
so the page meets WCAG 2.2 AA by construction: the language and a title set, headings in order
(the document title is ``h1``, a section ``h2``, its sub-headings ``h3`` and ``h4``), every table
with a caption and header cells scoped to their column or row, ratings in words and symbols with
any shading only repeating them, colours above 4.5:1, and print styles for A4. It has no script
and loads nothing: the styles are inline, so the file reads the same saved to a laptop, attached
to an email or put on a web server.

Every text comes from an answers file someone typed, so all of it is escaped (``html.escape``);
only links to ``http(s)`` sources hiap itself recognises become ``<a href>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hiap.models.assessment import Assessment
from hiap.models.document import Block, Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.render.content import (
    LEAD_IN,
    LINKED_SOURCE,
    annex,
    annex_title,
    document_subtitle,
    document_title,
    plan,
)

#: Pale fills behind rating words (the Word appendix's); the dark text on each is above 12:1.
RATING_FILLS: dict[str, str] = {
    "positive": "#e2f0d9",
    "negative": "#f8dddb",
    "mixed": "#fcefc9",
    "neutral": "#ededed",
    "uncertain": "#e6e4f2",
}

#: Dark grey on white is 17:1; the link blue 8.6:1 and the header fill leaves the text above 13:1.
STYLE = """
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 1rem; line-height: 1.5;
  margin: 0 auto; padding: 1.5rem; max-width: 52rem; color: #1a1a1a; background: #ffffff; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.45rem; margin: 2rem 0 0.75rem; border-bottom: 2px solid #1f3864; padding-bottom: 0.2rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
h1, h2, h3, h4 { color: #1f3864; }
.subtitle { font-size: 1.15rem; margin: 0 0 1.5rem; }
a { color: #1d4f91; text-decoration: underline; }
a:focus, a:hover { outline: 3px solid #1a1a1a; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.4rem; caption-side: top; }
th, td { border: 1px solid #595959; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
thead th { background: #dce3ee; color: #1a1a1a; }
tbody th { font-weight: normal; }
.callout { border-left: 6px solid #1f3864; background: #f2f2f2; color: #1a1a1a; padding: 0.6rem 0.9rem;
  margin: 1rem 0; }
.callout p { margin: 0; }
.annex { margin-top: 3rem; border-top: 3px solid #1f3864; padding-top: 1rem; }
@page { size: A4; margin: 2cm 2cm 2.2cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 12.5pt; } h4 { font-size: 11.5pt; }
  h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, .callout { break-inside: avoid; page-break-inside: avoid; }
  .annex { break-before: page; page-break-before: always; border-top: none; margin-top: 0; }
  a { color: #1a1a1a; }
}
""".strip()

_BLANK_LINE = re.compile(r"\n\s*\n")
#: Characters no HTML document may carry (control codes pasted from other systems).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """One line of text: runs of spaces or line breaks would read as layout, not content."""
    return " ".join(_NOT_TEXT.sub("", str(text)).split())


def esc(text: str) -> str:
    """Text as inert HTML: no tag, entity or attribute can be formed from it."""
    return html.escape(_clean(text), quote=True)


def _labelled(text: str) -> str:
    """A paragraph whose lead-in labels ("Reasoning:", at its start or a sentence's) are bold,
    as in the Word appendix; the text around them is escaped."""
    out, position = [], 0
    for match in LEAD_IN.finditer(text):
        out.append(html.escape(text[position : match.start()], quote=True))
        out.append(f"<strong>{html.escape(match['label'])}:</strong>")
        position = match.end()
    out.append(html.escape(text[position:], quote=True))
    return "".join(out)


def _rating_of(text: str) -> str | None:
    from hiap.render.docx_writer import rating_of  # the same words give the same shading as in Word

    return rating_of(text)


class _Page:
    """Writes sections as HTML, numbering the tables across the page as Word numbers them."""

    def __init__(self) -> None:
        self.tables = 0
        self.out: list[str] = []

    def article(
        self, title: str, sections: Sequence[DocSection], *, subtitle: str | None = None, css: str = ""
    ) -> None:
        self.out.append(f'<article class="{css}">' if css else "<article>")
        self.out.append(f"<h1>{esc(title)}</h1>")
        if subtitle:
            self.out.append(f'<p class="subtitle">{_labelled(_clean(subtitle))}</p>')
        for section in sections:
            self.section(section)
        self.out.append("</article>")

    def section(self, section: DocSection) -> None:
        self.out.append(f"<section><h2>{esc(section.title)}</h2>")
        for block in section.blocks:
            self.block(block)
        self.out.append("</section>")

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            # the section's own title is h2, so its sub-headings are one and two levels down
            self.out.append(f"<h{block.level + 2}>{esc(block.text)}</h{block.level + 2}>")
        elif isinstance(block, Paragraph):
            for part in _BLANK_LINE.split(str(block.text).strip()):
                if text := _clean(part):
                    self.out.append(f"<p>{_labelled(text)}</p>")
        elif isinstance(block, Bullets):
            items = [self.item(text) for item in block.items if (text := _clean(item))]
            if items:
                self.out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        elif isinstance(block, Callout):
            self.out.append(
                f'<div class="callout" role="note"><p><strong>{esc(block.label)}:</strong> {esc(block.text)}</p></div>'
            )
        elif isinstance(block, Table):
            self.table(block)

    @staticmethod
    def item(text: str) -> str:
        linked = LINKED_SOURCE.match(text)
        if not linked:
            return html.escape(text, quote=True)
        # the title is the link text; the address follows in plain text for printed copies
        url = html.escape(linked["url"], quote=True)
        return f'<a href="{url}">{html.escape(linked["title"], quote=True)}</a> – {url}'

    def table(self, block: Table) -> None:
        header = [_clean(h) or "-" for h in block.header]
        rows = [[_clean(c) or "-" for c in row] for row in block.rows]
        if not rows:
            rows = [["None recorded"] + ["-"] * (len(header) - 1)]
        self.tables += 1
        rating_col = header.index("Rating") if "Rating" in header else None
        out = [f"<table><caption>Table {self.tables}: {esc(block.caption)}</caption><thead><tr>"]
        out += [f'<th scope="col">{html.escape(h, quote=True)}</th>' for h in header]
        out.append("</tr></thead><tbody>")
        for row in rows:
            shaded = rating_col if rating_col is not None else (1 if len(row) == 2 and row[0] == "Rating" else None)
            out.append("<tr>")
            for col, text in enumerate(row):
                cell = html.escape(text, quote=True)
                fill = RATING_FILLS.get(_rating_of(text) or "") if col == shaded else None
                style = f' style="background:{fill}"' if fill else ""
                if col == 0:
                    # the first column names the row (a principle, an item, a question)
                    out.append(f'<th scope="row"{style}>{cell}</th>')
                else:
                    out.append(f"<td{style}>{cell}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        self.out.append("".join(out))

    def document(self, title: str, *, description: str = "") -> str:
        from hiap import __version__

        head = [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f'<meta name="generator" content="hiap {esc(__version__)}">',
        ]
        if description:
            head.append(f'<meta name="description" content="{esc(description)}">')
        head += [f"<style>\n{STYLE}\n</style>", "</head>", "<body>", "<main>"]
        return "\n".join([*head, *self.out, "</main>", "</body>", "</html>"]) + "\n"


def sections_html(
    title: str, sections: Sequence[DocSection], *, subtitle: str | None = None, description: str = ""
) -> str:
    """Any document made of format-neutral sections (the board report) as one HTML page."""
    page = _Page()
    page.article(title, sections, subtitle=subtitle)
    return page.document(title, description=description)


def to_html(a: Assessment, appendix: str | None = None) -> str:
    """The appendix and, after it, its annex: one page, so a reader online finds every answer.

    The annex starts a new printed page, as it is a document of its own in Word.
    """
    from hiap import wording

    title = document_title(a, appendix)
    page = _Page()
    decision = wording.lead_in("decision", document_subtitle(a))
    page.article(title, plan(a, appendix), subtitle=decision)
    page.article(annex_title(a, appendix), annex(a, appendix), subtitle=decision, css="annex")
    return page.document(
        wording.page_title(_clean(a.title), title),
        description=f"Health in All Policies assessment of {_clean(a.title)}",
    )


def write_html(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_html(a, options.get("appendix")))
