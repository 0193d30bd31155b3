"""``hiap render FILE``: answers file to document, non-interactively."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hiap.answers import answers_file
from hiap.cli import engine_from
from hiap.errors import InputError, did_you_mean


def output_path(answers_path: Path, suffix: str) -> Path:
    name = answers_path.name
    stem = name[: -len(answers_file.SUFFIX)] if name.endswith(answers_file.SUFFIX) else answers_path.stem
    return answers_path.with_name(stem + suffix)


def render_to(
    engine: Any,
    assessment: Any,
    fmt_name: str,
    out: Path,
    template: Path | None = None,
    appendix: str | None = None,
    inputs: tuple[Path, ...] = (),
) -> Path:
    from hiap.pipeline import output_formats
    from hiap.render.formats import write_format

    formats = output_formats(engine)
    fmt = formats.get(fmt_name)
    if fmt is None:
        hint = did_you_mean(fmt_name, formats) or f"use one of: {', '.join(formats)}"
        raise InputError(f"unknown format '{fmt_name}'", field="--format", hint=hint)
    if template is None and engine.config.council.get("template"):
        template = engine.config.resolve(engine.config.council["template"])
    options: dict[str, Any] = {
        "template": template,
        "appendix": appendix or engine.config.council.get("appendix_letter"),
        "council": dict(engine.config.council),
    }
    if out.exists() and out.is_dir():
        raise InputError("the output is a folder", file=out, hint="give a file name with -o")
    check_output(out, inputs, template, engine.config.path)
    try:
        write_format(fmt, assessment, out, options)
    except PermissionError as exc:
        raise InputError(
            f"cannot write the document ({exc.strerror})",
            file=out,
            hint="close it in Word if it is open, or choose another name with -o",
        ) from None
    except OSError as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(
            f"cannot write the document ({exc.strerror or exc})",
            file=out,
            hint="check there is space and you can write to the folder",
        ) from None
    return out


def check_output(out: Path, answers: tuple[Path, ...], template: Path | None, config: Path | None) -> None:
    """Before any work: the output is a writable regular file (through links) and none of the inputs."""
    from hiap import safeio

    if out.name.endswith(answers_file.SUFFIX):
        raise InputError(
            "the output would be named like an answers file",
            file=out,
            field="-o",
            hint="give the document its own name",
        )
    safeio.refuse_input_as_output(
        out,
        [*((a, "answers file") for a in answers), (template, "template"), (config, "configuration file")],
        "-o",
    )
    safeio.output_target(out, "document", "-o")


def warn_missing_plugins(assessment: Any, path: Path) -> None:
    """The file says a plugin took part, but it is not loaded: its answers silently vanishing
    from the document would be worse than this line."""
    from hiap.console import warn

    for plugin in assessment.plugins:
        if plugin.status == "missing":
            warn(
                f"{path}: this assessment used plugin '{plugin.name}' {plugin.version or ''}".rstrip()
                + ", which is not loaded now, so its answers are left out of the document; "
                f"install it (pip install hiap-{plugin.name}) or stop switching it off"
            )


def cmd_render(args: argparse.Namespace) -> int:
    engine = engine_from(args)
    answers = answers_file.load_validated(args.file, engine.catalogue)
    from hiap.pipeline import assess
    from hiap.plugins import print_problems

    assessment = assess(answers, engine)
    warn_missing_plugins(assessment, args.file)
    fmt_name = args.format or "docx"
    from hiap.pipeline import output_formats

    formats = output_formats(engine)
    suffix = formats[fmt_name].suffix if fmt_name in formats else "." + fmt_name
    out = args.output or output_path(args.file, suffix)
    render_to(engine, assessment, fmt_name, out, args.template, args.appendix, inputs=(args.file,))
    print_problems(engine.host)
    print(f"Wrote {out}")
    if assessment.missing:
        print(
            f"Note: the assessment is not complete ({len(assessment.missing)} item(s) to do; listed in the document)."
        )
    return 0
