"""``hiap check FILE...``: validate answers files, checklist files and Word documents.

Prints one line per problem (``file:line: field: what is wrong; what to do``) and exits 2 if
any file has a problem. Files are only read, never changed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from hiap import yamlio
from hiap.commands import engine_from
from hiap.console import console, error, plain_mode, warn
from hiap.errors import InputError, InputErrors
from hiap.textsafe import for_terminal, shown_path

#: More files than this get a progress bar (on a terminal).
PROGRESS_ABOVE = 20


def _problems(exc: InputError) -> list[str]:
    return [e.format() for e in exc.errors] if isinstance(exc, InputErrors) else [exc.format()]


#: answers files that are valid but still drafts: path -> required answers not yet given
_DRAFTS: dict[Path, int] = {}
#: valid answers files with dates already past (a draft's meeting, an action, the review): path -> warnings
_WARNINGS: dict[Path, list[str]] = {}
#: the date past dates are judged against (``--today``; None is today)
_TODAY: list[Any] = [None]


def _still_to_answer(answers: Any, engine: Any) -> int:
    from hiap.assessment.build import required_gaps

    return len(required_gaps(answers, engine.catalogue)[0])


def check_yaml(path: Path, engine: Any) -> list[str]:
    from hiap.answers import answers_file
    from hiap.checklist import catalogue as catalogue_mod
    from hiap.checklist.loader import load_checklist

    what = "answers file" if path.name.endswith(answers_file.SUFFIX) else "checklist or answers file"
    try:
        located = yamlio.load(path, what=what)
    except InputError as exc:
        return _problems(exc)
    data = located.data
    try:
        if "format" in data or "answers" in data or "decision" in data:
            answers = answers_file.parse(located)
            stored = len(answers.kept)
            problems = answers_file.validate(answers, engine.catalogue, path=str(path), located=located)
            if not problems:
                from hiap.answers.upgrade import newer_than_installed
                from hiap.living.dates import date_warnings

                _DRAFTS[path] = _still_to_answer(answers, engine)
                _WARNINGS[path] = [
                    *newer_than_installed(answers, engine.catalogue),
                    *_set_aside(answers.kept[stored:]),
                    *date_warnings(answers, engine.catalogue, _TODAY[0]),
                ]
            return [p.format() for p in problems]
        if "sections" in data or "groups" in data or ("id" in data and "version" in data):
            cid = data.get("id") if isinstance(data.get("id"), str) else ""
            installed = engine.catalogue.checklists
            # an installed checklist's plugin is its namespace (the Wales plugin's 'wales_gate' asks
            # 'wales.*'); a new one is taken to be a plugin named as its id
            same = next((c for c in installed if c.id == cid), None)
            if same is not None:
                origin = same.origin
            elif cid in ("core", "groups") or not re.match(r"^[a-z][a-z0-9_]*$", cid or ""):
                origin = "core"
            else:
                origin = cid
            checklist = load_checklist(located, origin=origin)
            # check it in its place among the installed checklists, replacing the installed copy
            if any(c.id == checklist.id for c in installed):
                merged = [checklist if c.id == checklist.id else c for c in installed]
            else:
                merged = [*installed, checklist]
            catalogue_mod.build(merged)
            return []
    except InputError as exc:
        return _problems(exc)
    return [
        InputError(
            "not an answers file or a checklist (no 'format', 'answers' or 'sections' key)",
            file=path,
            line=1,
            hint="answers files start with 'format: 1'",
        ).format()
    ]


def _set_aside(kept: list[Any]) -> list[str]:
    """Answers that carrying the file to newer checklists sets aside (a withdrawn option, or a
    mistyped one in an answer given under the older checklist): valid history, but no longer an
    answer, so the officer hears it from check rather than from a gap in the document."""
    from hiap.answers.values import plain_value

    return [
        f"{k.id}: '{plain_value(k.value)}' no longer counts: {k.why}"
        + (f" (given under {k.under})" if k.under else "")
        + "; correct it, or run 'hiap upgrade' on the file to record it as set aside"
        for k in kept
    ]


def check_docx(path: Path) -> list[str]:
    from hiap.render.a11y import check_docx as run

    try:
        return [for_terminal(f"{path}: {finding}") for finding in run(path)]
    except InputError as exc:
        return _problems(exc)


def _progress(count: int) -> Any:
    """A bar on stderr for long runs, cleared when done; only on a terminal, never in plain mode."""
    if count <= PROGRESS_ABOVE or not sys.stderr.isatty() or plain_mode():
        return contextlib.nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("Checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
        # lines for a terminal pass above the bar; stdout sent to a file or a pipe is left alone
        redirect_stdout=sys.stdout.isatty(),
    )


def _record(path: Path, problems: list[str]) -> dict[str, Any]:
    """One file's result for ``--json``: each problem with its line (when it has one) and the
    message after the file name, besides the whole line as text mode prints it."""
    parsed = []
    prefix = f"{path}:"
    for text in problems:
        line, message = None, text
        if text.startswith(prefix):
            message = text[len(prefix) :].lstrip()
            number = re.match(r"^(\d+): ", message)
            if number:
                line, message = int(number.group(1)), message[number.end() :]
        parsed.append({"line": line, "message": message, "text": text})
    missing = 0 if problems else _DRAFTS.get(path, 0)
    warnings = [] if problems else _WARNINGS.get(path, [])
    return {
        "file": str(path),
        "ok": not problems,
        "required_answers_to_give": missing,
        "problems": parsed,
        "warnings": warnings,
    }


def cmd_check(args: argparse.Namespace) -> int:
    from hiap.commands.monitor import parse_date

    _TODAY[0] = parse_date(args.today, "--today") if getattr(args, "today", None) else None
    engine = engine_from(args)  # once per run: building it is most of the cost of checking one file
    bad = 0
    records: list[dict[str, Any]] = []
    with _progress(len(args.files)) as progress:
        task = progress.add_task("check", total=len(args.files)) if progress else None
        for path in args.files:
            if path.suffix.lower() in (".docx", ".dotx", ".docm", ".dotm"):
                problems = check_docx(path)
            else:
                problems = check_yaml(path, engine)
            if problems:
                bad += 1
            if args.json:
                records.append(_record(path, problems))
            elif problems:
                for line in problems:
                    error(line)
            else:
                missing = _DRAFTS.get(path, 0)
                # valid is not the same as finished: say so, without making a draft an error
                print(
                    f"{shown_path(path)}: OK"
                    + (f" (a draft: {missing} required answer{'s' if missing != 1 else ''} to give)" if missing else "")
                )
                for line in _WARNINGS.get(path, []):  # past dates: a warning, never a failure (exit 0)
                    warn(for_terminal(f"{shown_path(path)}: {line}"))
            if progress:
                progress.advance(task)
    if args.json:
        print(json.dumps({"files": records, "with_problems": bad}, indent=2, ensure_ascii=False))
        return 2 if bad else 0
    if bad:
        print(f"{bad} of {len(args.files)} file(s) have problems.")
        return 2
    return 0
