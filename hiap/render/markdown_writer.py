"""Markdown: the same content as the Word appendix, for previews, diffs and web pages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hiap.models.assessment import Assessment
from hiap.models.document import Bullets, Callout, DocSection, Heading, Paragraph, Table
from hiap.render.content import document_title, plan


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or "-"


def sections_markdown(title: str, sections: Sequence[DocSection]) -> str:
    """Any document made of format-neutral sections (the assessment, the board report) as Markdown."""
    lines = [f"# {title}", ""]
    for section in sections:
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Heading):
                lines += [f"{'#' * (block.level + 2)} {block.text}", ""]
            elif isinstance(block, Paragraph):
                lines += [block.text.strip(), ""]
            elif isinstance(block, Bullets):
                lines += [f"- {' '.join(item.split())}" for item in block.items] + [""]
            elif isinstance(block, Callout):
                lines += [f"> **{block.label}:** {' '.join(block.text.split())}", ""]
            elif isinstance(block, Table):
                lines += [
                    f"*Table: {block.caption}*",
                    "",
                    "| " + " | ".join(_cell(h) for h in block.header) + " |",
                    "|" + "|".join("---" for _ in block.header) + "|",
                ]
                lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(a: Assessment, appendix: str | None = None) -> str:
    return sections_markdown(document_title(a, appendix), plan(a, appendix))


def write_markdown(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.yamlio import atomic_write

    atomic_write(path, to_markdown(a, options.get("appendix")))
