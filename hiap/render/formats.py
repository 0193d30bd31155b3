"""The built-in output formats, registered by the core plugin through ``output_formats``, and
the one way any format's file is written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hiap.hookspecs_models import OutputFormat
from hiap.models.assessment import Assessment


def _docx(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.docx_writer import write_docx  # python-docx only when Word is asked for

    write_docx(a, path, options)


def _md(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.markdown_writer import write_markdown

    write_markdown(a, path, options)


def _html(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.html_writer import write_html

    write_html(a, path, options)


def _pdf(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.pdf_writer import write_pdf

    write_pdf(a, path, options)


def _json(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.json_writer import write_json

    write_json(a, path, options)


def builtin_formats() -> list[OutputFormat]:
    return [
        OutputFormat(name="docx", suffix=".docx", description="Word appendix for the committee paper", render=_docx),
        OutputFormat(name="md", suffix=".md", description="Markdown preview with the same content", render=_md),
        OutputFormat(
            name="html", suffix=".html", description="Web page with the same content, appendix and annex", render=_html
        ),
        OutputFormat(
            name="pdf", suffix=".pdf", description="PDF of the Word appendix and annex (needs LibreOffice)", render=_pdf
        ),
        OutputFormat(name="json", suffix=".json", description="Machine-readable assessment", render=_json),
    ]


def write_format(fmt: OutputFormat, assessment: Assessment, out: Path, options: dict[str, Any]) -> None:
    """Write ``out`` in ``fmt``; a plugin's format can neither half-write the file nor pass its
    failure off as hiap's.

    The built-in writers replace the file in one step themselves. A plugin's writer is handed a
    temporary file beside the target (with the target's suffix, for libraries that go by it),
    isolated like any plugin call; only when it returns is the target replaced. If it fails, the
    previous file is untouched and the error names the plugin (exit 2, not an internal error).
    """
    from hiap import isolate, safeio
    from hiap.errors import PluginError

    if fmt.source == "core":
        fmt.render(assessment, out, options)
        return
    with safeio.replacing(out, "document", "-o", suffix=".tmp" + out.suffix) as (fd, temporary):
        os.close(fd)
        outcome = isolate.run(fmt.render, assessment, temporary, options)
        if not outcome.ok:
            raise PluginError(
                f"{safeio.shown_path(out)}: plugin '{fmt.source}' failed to write the '{fmt.name}' format: "
                f"{outcome.error}; the previous file is unchanged (run 'hiap plugins' for details)"
            )
