"""``hiap render FILE``: answers file to document, non-interactively."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hiap.answers import answers_file
from hiap.commands import engine_from, format_named_by, install_hint, is_stdout, write_stdout
from hiap.pipeline import render_to


def output_path(answers_path: Path, suffix: str) -> Path:
    name = answers_path.name
    stem = name[: -len(answers_file.SUFFIX)] if name.endswith(answers_file.SUFFIX) else answers_path.stem
    return answers_path.with_name(stem + suffix)


def companion(fmt_name: str, out: Path) -> Path | None:
    """The annex a Word or PDF appendix is written with (Markdown, HTML and JSON carry it inside)."""
    from hiap.render.content import annex_path

    return annex_path(out) if fmt_name in ("docx", "pdf") else None


def warn_missing_plugins(assessment: Any, path: Path, host: Any = None) -> None:
    """The file says a plugin took part, but it is not loaded: its answers silently vanishing
    from the document would be worse than this line, which says what would bring it back."""
    from hiap.console import warn

    records = getattr(host, "records", {})
    for plugin in assessment.plugins:
        if plugin.status == "missing":
            record = records.get(plugin.name)
            if record is not None and record.status == "disabled":
                fix = f"it is {record.error}: switch it back on to include them"
            else:
                fix = (
                    f"it is not installed here: install the package that provides the '{plugin.name}' plugin "
                    f"into hiap's environment ({install_hint('PACKAGE')}); 'hiap plugins' lists what is installed"
                )
            warn(
                f"{path}: this assessment used plugin '{plugin.name}' {plugin.version or ''}".rstrip()
                + f", which is not loaded now, so its answers are left out of the document; {fix}"
            )


def _chosen_format(asked: str | None, output: Path | None, formats: dict[str, Any]) -> tuple[str, str | None]:
    """``--format``, else what ``-o``'s suffix names (``-o appendix.html`` is a web page, as in
    ``hiap portfolio``), else Word; and a warning to give once the file is written, where the name
    and the format disagree (a Word file named ``.html`` opens as nonsense in a browser)."""
    if output is None or is_stdout(output):
        return asked or "docx", None
    named = format_named_by(output, {name: fmt.suffix for name, fmt in formats.items()})
    if asked is None:
        if named is not None:
            return named, None
        ending = f"ends '{output.suffix}'" if output.suffix else "has no ending"
        return "docx", (
            f"{output}: the name {ending}, which is no format's: written as Word (docx); name the file "
            f"'{output.with_suffix('.docx').name}', or give --format"
        )
    if named is not None and named != asked and asked in formats:
        return asked, (
            f"{output}: the '{asked}' format was written to a file whose name ends '{output.suffix}' "
            f"(the '{named}' format's); leave out --format to write {named}, or name the file "
            f"'{output.with_suffix(formats[asked].suffix).name}'"
        )
    return asked, None


def cmd_render(args: argparse.Namespace) -> int:
    from hiap.answers.upgrade import newer_than_installed
    from hiap.console import warn
    from hiap.pipeline import assess
    from hiap.plugins import print_problems

    engine = engine_from(args)
    answers = answers_file.load_validated(args.file, engine.catalogue)
    assessment = assess(answers, engine)
    warn_missing_plugins(assessment, args.file, engine.host)
    for sentence in newer_than_installed(answers, engine.catalogue):
        warn(f"{args.file}: {sentence}")
    from hiap.pipeline import output_formats

    formats = output_formats(engine)
    fmt_name, mismatch = _chosen_format(args.format, args.output, formats)
    suffix = formats[fmt_name].suffix if fmt_name in formats else "." + fmt_name
    out = args.output or output_path(args.file, suffix)
    if is_stdout(out):
        write_stdout(
            suffix,
            lambda path: render_to(
                engine, assessment, fmt_name, path, args.template, args.appendix, inputs=(args.file,)
            ),
        )
    else:
        render_to(engine, assessment, fmt_name, out, args.template, args.appendix, inputs=(args.file,))
    print_problems(engine.host)
    report = sys.stderr if is_stdout(out) else sys.stdout  # standard output holds the document
    if not is_stdout(out):
        print(f"Wrote {out}", file=report)
        annex = companion(fmt_name, out)
        if annex is not None:
            print(f"Wrote {annex} (the annex: every answer, question by question)", file=report)
    if mismatch is not None:  # once written: a refused output is its one line alone
        warn(mismatch)
    if assessment.missing:
        print(
            f"Note: the assessment is not complete ({len(assessment.missing)} item(s) to do; listed in the document).",
            file=report,
        )
    return 0
