"""``hiap portfolio PATH...``: every assessment under the paths, summarised for the board.

A file that cannot be read is named on stderr and in the report, and the run carries on: the
exit code is 0 whenever the report was written, and the closing line says how many files were
left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path
from typing import Any

from hiap import safeio
from hiap.commands import engine_from, is_stdout, write_stdout
from hiap.errors import InputError, did_you_mean
from hiap.portfolio.collect import Problem, collect, find_files, stderr_is_terminal
from hiap.portfolio.summary import Summary

#: Fewer files than this are read before a progress bar would be worth drawing.
PROGRESS_FROM = 20


#: The dates ``--today`` accepts: any a board could sit on, with room to spare. Dates far outside
#: (year 1 or 9999) only break the date arithmetic that judges what is overdue.
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2199, 12, 31)


def parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"'{value}' is not a date", field="--today", hint="write it as YYYY-MM-DD, for example 2026-03-31"
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise InputError(
            f"{day.isoformat()} is not a date a report can be judged against",
            field="--today",
            hint=f"give a date from {EARLIEST.year} to {LATEST.year}, or leave --today out for today",
        )
    return day


def choose_format(fmt: str | None, output: Path | None) -> str:
    from hiap.portfolio.writers import FORMATS

    if fmt is None:
        from hiap.commands import format_named_by

        return format_named_by(output, FORMATS) or "docx"
    name = fmt.strip().lower().lstrip(".")
    if name not in FORMATS:
        hint = did_you_mean(name, FORMATS) or f"use one of: {', '.join(FORMATS)}"
        raise InputError(f"unknown format '{fmt}'", field="--format", hint=hint)
    return name


class Progress:
    """A transient progress bar on stderr when it is a terminal, and one line per unreadable file."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if not self.show or total < PROGRESS_FROM:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from hiap.console import console

        self.bar = Progress(
            TextColumn("Reading assessments"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console(stderr=True),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("read", total=total)

    def done(self, result: Summary | Problem) -> None:
        if isinstance(result, Problem):
            line = f"hiap: skipped {result.file}: {result.reason}"
            if self.bar is not None:
                self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                print(line, file=sys.stderr)
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _check_outputs(out: Path, db: Path | None, files: list[Path], paths: list[Path]) -> None:
    """The report and the database are writable regular files, and never one of the inputs."""
    from hiap.answers.answers_file import SUFFIX

    for target, what, field in ((out, "report", "-o"), (db, "database", "--db")):
        if target is None:
            continue
        if target.name.endswith(SUFFIX):
            raise InputError(
                f"the {what} would be named like an answers file, and read as one next time",
                file=target,
                field=field,
                hint="give it its own name",
            )
        given = [(path, "file named on the command line") for path in paths if path.is_file()]
        safeio.refuse_input_as_output(target, [*((f, "answers file") for f in files), *given], field)
        safeio.output_target(target, what, field)


def template_for(args: argparse.Namespace, engine: Any) -> Path | None:
    """The council's Word template: ``--template``, else the one the configuration names."""
    template: Path | None = getattr(args, "template", None)
    if template is None and engine.config.council.get("template"):
        template = engine.config.resolve(engine.config.council["template"])
    return template


def one_version_each(collected: Any, today: dt.date, paths: list[Path], council: dict[str, Any], engine: Any) -> Any:
    """The portfolio with each decision counted once, at its latest version."""
    from hiap.portfolio.delivered import current_evidence
    from hiap.portfolio.report import Portfolio
    from hiap.portfolio.versions import latest

    current, superseded = latest(collected.summaries)
    return Portfolio(
        summaries=current,
        problems=collected.problems,
        today=today,
        sources=[str(p) for p in paths],
        council=str(council.get("name") or "").strip() or None,
        superseded=superseded,
        # the snapshotted local figures' source now, only when some decision has a snapshot
        evidence_now=current_evidence(engine) if any(s.evidence for s in current) else {},
    )


def cmd_portfolio(args: argparse.Namespace) -> int:
    from hiap.console import plain_mode
    from hiap.plugins import print_problems
    from hiap.portfolio.writers import FORMATS, write_db, write_report

    today = parse_today(args.today)
    fmt = choose_format(args.format, args.output)
    out: Path = args.output or Path(f"portfolio{FORMATS[fmt]}")
    if args.db is not None and not is_stdout(out) and safeio.same_file(args.db, out):
        raise InputError(
            "the database and the report would be the same file",
            file=args.db,
            field="--db",
            hint="give the database its own name, such as portfolio.db",
        )
    unreadable: list[Problem] = []
    files = find_files(args.paths, unreadable)
    _check_outputs(out, args.db, files, args.paths)  # said now, not after reading every file
    if not files and not unreadable:
        raise InputError(
            "no answers files (*.hiap.yaml) found",
            file=", ".join(str(p) for p in args.paths),
            hint="give the folders that hold the assessments, or the files themselves",
        )
    engine = engine_from(args)
    template = template_for(args, engine)
    for target, field in ((out, "-o"), (args.db, "--db")):
        if target is not None:
            safeio.refuse_input_as_output(
                target, [(template, "template"), (engine.config.path, "configuration file")], field
            )
    # the engine's checklists are long-lived: keep the collector from re-scanning them for every file
    gc.freeze()

    progress = Progress(stderr_is_terminal() and not plain_mode())
    for problem in unreadable:
        progress.done(problem)
    try:
        collected = collect(files, engine, reporter=progress)
    finally:
        progress.stop()
    collected.problems[:0] = unreadable
    for problem in collected.plugin_problems:
        engine.host.report(problem.plugin, problem.hook, problem.error)
    print_problems(engine.host)

    council = engine.config.council
    options: dict[str, Any] = {"council": dict(council), "template": template}
    portfolio = one_version_each(collected, today, args.paths, council, engine)
    if is_stdout(out):
        write_stdout(FORMATS[fmt], lambda path: write_report(portfolio, fmt, path, options))
    else:
        write_report(portfolio, fmt, out, options)
    written = [] if is_stdout(out) else [str(out)]
    if args.db is not None:
        write_db(portfolio, args.db)
        written.append(str(args.db))
    read = len(portfolio.summaries)
    report = sys.stderr if is_stdout(out) else sys.stdout  # standard output holds the report
    what = f"{read} decision{'s' if read != 1 else ''} summarised" + (
        f" ({len(portfolio.superseded)} earlier version{'s' if len(portfolio.superseded) != 1 else ''} not counted)"
        if portfolio.superseded
        else ""
    )
    print(f"Wrote {' and '.join(written)}: {what}." if written else f"{what[0].upper()}{what[1:]}.", file=report)
    if collected.problems:
        bad = len(collected.problems)
        print(
            f"{bad} file{'s' if bad != 1 else ''} could not be read and {'is' if bad == 1 else 'are'} listed in the "
            "report; run 'hiap check' on them.",
            file=report,
        )
    return 0
