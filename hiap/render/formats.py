"""The built-in output formats, registered by the core plugin through ``output_formats``."""

from __future__ import annotations

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


def _json(a: Assessment, path: Path, options: dict[str, Any]) -> None:
    from hiap.render.json_writer import write_json

    write_json(a, path, options)


def builtin_formats() -> list[OutputFormat]:
    return [
        OutputFormat(name="docx", suffix=".docx", description="Word appendix for the committee paper", render=_docx),
        OutputFormat(name="md", suffix=".md", description="Markdown preview with the same content", render=_md),
        OutputFormat(name="json", suffix=".json", description="Machine-readable assessment", render=_json),
    ]
