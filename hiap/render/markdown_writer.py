"""Markdown: the same content as the Word appendix, for previews, diffs and web pages.

Every text comes from an answers file someone typed, so it is escaped before it becomes Markdown:
a Markdown page is usually turned into HTML, where ``<script>``, a ``javascript:`` link or an
injected heading would be live. HTML characters become entities, Markdown's own punctuation is
backslash-escaped (so no link, image, emphasis or code can be formed), and a line that would
start a block (a heading, a list, a quote, a fence, a table) has its first mark escaped too.
What hiap itself writes (headings, table rules, the callout label's bold) is added after.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hiap.models.assessment import Assessment
from hiap.models.document import Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.render.content import document_title, plan

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
#: Punctuation Markdown gives a meaning to anywhere in a line: code, emphasis, table cells,
#: strikethrough (CommonMark lets any of it be escaped).
_INLINE = re.compile(r"([\\`*_|~])")
#: A link or image needs "](" or "][" (and a reference definition "]:" at the start of a block),
#: so escaping that bracket is enough; "Appendix [X]" stays as it reads.
_LINK = re.compile(r"\](?=[(\[])")
_DEFINITION = re.compile(r"\](?=:)")
#: Marks that start a block only at the beginning of a line: headings, list items, setext
#: underlines; and an ordered list item ("1." or "1)").
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def escape(text: str, block: bool = True) -> str:
    """Text as literal Markdown: no HTML, no links or images, no emphasis, and (where the text
    begins a line or a list item: ``block``) no new blocks."""
    out = []
    for line in str(text).split("\n"):
        line = "".join(_HTML.get(ch, ch) for ch in line.strip())
        line = _LINK.sub(r"\\]", _INLINE.sub(r"\\\1", line))
        if block:
            line = _DEFINITION.sub(r"\\]", line)
            line = _BLOCK_START.sub(r"\\\1", line)
            line = _ORDERED.sub(r"\1\\\2", line)
        out.append(line)
    return "\n".join(out)


def _cell(text: str, block: bool = False) -> str:
    """One line of text inside a table cell, heading or callout (``block`` for a list item)."""
    return escape(" ".join(str(text).split()), block) or "-"


def sections_markdown(title: str, sections: Sequence[DocSection]) -> str:
    """Any document made of format-neutral sections (the assessment, the board report) as Markdown."""
    lines = [f"# {_cell(title)}", ""]
    for section in sections:
        lines += [f"## {_cell(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Heading):
                lines += [f"{'#' * (block.level + 2)} {_cell(block.text)}", ""]
            elif isinstance(block, Paragraph):
                lines += [_paragraph(block.text), ""]
            elif isinstance(block, Bullets):
                lines += [f"- {_cell(item, block=True)}" for item in block.items] + [""]
            elif isinstance(block, Callout):
                lines += [f"> **{_cell(block.label)}:** {_cell(block.text)}", ""]
            elif isinstance(block, Table):
                lines += [
                    f"*Table: {_cell(block.caption)}*",
                    "",
                    "| " + " | ".join(_cell(h) for h in block.header) + " |",
                    "|" + "|".join("---" for _ in block.header) + "|",
                ]
                lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _paragraph(text: str) -> str:
    """A paragraph keeps its line breaks (as hard breaks) but no line can start a block; blank
    lines inside it would end the paragraph, so they are kept as empty hard breaks."""
    lines = [escape(line) for line in text.strip().split("\n")]
    return "  \n".join(line or "&#8203;" for line in lines) if len(lines) > 1 else lines[0]


def to_markdown(a: Assessment, appendix: str | None = None) -> str:
    return sections_markdown(document_title(a, appendix), plan(a, appendix))


def write_markdown(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_markdown(a, options.get("appendix")))
